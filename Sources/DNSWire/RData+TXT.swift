extension RData {
    /// RFC 1035 §3.3.14: character-strings (length octet + data) until RDLENGTH is used up.
    ///
    /// Empty RDATA is accepted as `.txt([])` although the RFC asks for at least one string,
    /// so captures of such answers stay inspectable.
    static func decodeTXT(from reader: inout WireReader) throws(DNSWireError) -> RData {
        var strings: [[UInt8]] = []
        while !reader.isAtEnd {
            let length = Int(try reader.readUInt8())
            strings.append(try reader.readBytes(length))
        }
        return .txt(strings)
    }

    static func encodeTXT(_ strings: [[UInt8]], into writer: inout WireWriter) throws(DNSWireError) {
        for string in strings {
            guard let length = UInt8(exactly: string.count) else { throw .characterStringTooLong }
            writer.write(length)
            writer.write(string)
        }
    }
}
