extension RData {
    /// RFC 1035 §3.4.1: exactly four octets (the bounded reader rejects any surplus).
    static func decodeA(from reader: inout WireReader) throws(DNSWireError) -> RData {
        let value = try reader.readUInt32()
        return .a(IPv4Address(value: value))
    }
}
