/// One resource record of the answer, authority or additional section (RFC 1035 §4.1.3).
public struct ResourceRecord: Hashable, Sendable, CustomStringConvertible {
    public var name: DNSName
    public var type: DNSType
    /// Raw CLASS field: OPT reuses it as the UDP payload size, so it is not a `DNSClass` here.
    public var rclass: UInt16
    public var ttl: UInt32
    public var data: RData

    public init(name: DNSName, type: DNSType, rclass: UInt16 = DNSClass.IN.rawValue, ttl: UInt32, data: RData) {
        self.name = name
        self.type = type
        self.rclass = rclass
        self.ttl = ttl
        self.data = data
    }

    /// A record whose TYPE follows from its data (`.unknown` needs the explicit initialiser).
    public init?(name: DNSName, rclass: DNSClass = .IN, ttl: UInt32, data: RData) {
        guard let type = data.impliedType else { return nil }
        self.init(name: name, type: type, rclass: rclass.rawValue, ttl: ttl, data: data)
    }

    /// `rclass` read as a CLASS (meaningless for OPT).
    public var dnsClass: DNSClass { DNSClass(rawValue: rclass) }

    /// `name ttl class type data`, the zone-file style line used in logs.
    public var description: String {
        "\(name) \(ttl) \(dnsClass) \(type) \(data)"
    }
}

extension ResourceRecord {
    static func decode(from reader: inout WireReader) throws(DNSWireError) -> ResourceRecord {
        let name = try reader.readName()
        let type = DNSType(rawValue: try reader.readUInt16())
        let rclass = try reader.readUInt16()
        let ttl = try reader.readUInt32()
        let rdlength = Int(try reader.readUInt16())
        let data = try RData.decode(type: type, rclass: DNSClass(rawValue: rclass), length: rdlength, from: &reader)
        return ResourceRecord(name: name, type: type, rclass: rclass, ttl: ttl, data: data)
    }

    func encode(into writer: inout WireWriter) throws(DNSWireError) {
        guard data.canBeSent(as: type) else { throw .rdataTypeMismatch(type: type) }
        try writer.writeName(name, compress: true)
        writer.write(type.rawValue)
        writer.write(rclass)
        writer.write(ttl)
        let lengthPosition = writer.count
        writer.write(UInt16(0))
        try data.encode(into: &writer)
        let length = writer.count - lengthPosition - 2
        guard let rdlength = UInt16(exactly: length) else { throw .messageTooLong }
        writer.patch(rdlength, at: lengthPosition)
    }
}
