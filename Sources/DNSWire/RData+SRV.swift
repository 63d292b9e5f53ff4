extension RData {
    /// RFC 2782: priority, weight, port, then the target. Compressed targets are accepted on input.
    static func decodeSRV(from reader: inout WireReader) throws(DNSWireError) -> RData {
        let priority = try reader.readUInt16()
        let weight = try reader.readUInt16()
        let port = try reader.readUInt16()
        let target = try reader.readName()
        return .srv(priority: priority, weight: weight, port: port, target: target)
    }

    /// RFC 2782: "name compression is not to be used for this field".
    static func encodeSRV(
        priority: UInt16, weight: UInt16, port: UInt16, target: DNSName, into writer: inout WireWriter
    ) throws(DNSWireError) {
        writer.write(priority)
        writer.write(weight)
        writer.write(port)
        try writer.writeName(target, compress: false)
    }
}
