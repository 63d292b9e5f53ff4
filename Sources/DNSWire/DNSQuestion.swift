/// One entry of the question section (RFC 1035 §4.1.2).
public struct DNSQuestion: Hashable, Sendable, CustomStringConvertible {
    public var name: DNSName
    public var type: DNSType
    public var qclass: DNSClass

    public init(name: DNSName, type: DNSType, qclass: DNSClass = .IN) {
        self.name = name
        self.type = type
        self.qclass = qclass
    }

    /// `name class type`, the dig-style one-liner used in logs.
    public var description: String { "\(name) \(qclass) \(type)" }
}

extension DNSQuestion {
    static func decode(from reader: inout WireReader) throws(DNSWireError) -> DNSQuestion {
        let name = try reader.readName()
        let type = DNSType(rawValue: try reader.readUInt16())
        let qclass = DNSClass(rawValue: try reader.readUInt16())
        return DNSQuestion(name: name, type: type, qclass: qclass)
    }

    func encode(into writer: inout WireWriter) throws(DNSWireError) {
        try writer.writeName(name, compress: true)
        writer.write(type.rawValue)
        writer.write(qclass.rawValue)
    }
}
