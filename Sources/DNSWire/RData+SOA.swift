extension RData {
    /// RFC 1035 §3.3.13: two names (compressible) then five 32-bit counters.
    static func decodeSOA(from reader: inout WireReader) throws(DNSWireError) -> RData {
        let mname = try reader.readName()
        let rname = try reader.readName()
        let serial = try reader.readUInt32()
        let refresh = try reader.readUInt32()
        let retry = try reader.readUInt32()
        let expire = try reader.readUInt32()
        let minimum = try reader.readUInt32()
        return .soa(
            mname: mname, rname: rname, serial: serial, refresh: refresh, retry: retry, expire: expire,
            minimum: minimum)
    }

    static func encodeSOA(
        mname: DNSName, rname: DNSName, serial: UInt32, refresh: UInt32, retry: UInt32, expire: UInt32,
        minimum: UInt32, into writer: inout WireWriter
    ) throws(DNSWireError) {
        try writer.writeName(mname, compress: true)
        try writer.writeName(rname, compress: true)
        for value in [serial, refresh, retry, expire, minimum] {
            writer.write(value)
        }
    }
}
