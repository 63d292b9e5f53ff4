extension RData {
    /// RFC 1035 §3.3.9: 16-bit preference, then the exchange name (compressible).
    static func decodeMX(from reader: inout WireReader) throws(DNSWireError) -> RData {
        let preference = try reader.readUInt16()
        let exchange = try reader.readName()
        return .mx(preference: preference, exchange: exchange)
    }

    static func encodeMX(preference: UInt16, exchange: DNSName, into writer: inout WireWriter) throws(DNSWireError) {
        writer.write(preference)
        try writer.writeName(exchange, compress: true)
    }
}
