extension RData {
    /// RFC 3596 §2.2: exactly sixteen octets.
    static func decodeAAAA(from reader: inout WireReader) throws(DNSWireError) -> RData {
        let octets = try reader.readBytes(16)
        guard let address = IPv6Address(bytes: octets) else { throw .truncated(offset: reader.offset) }
        return .aaaa(address)
    }
}
