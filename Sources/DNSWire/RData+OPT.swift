extension RData {
    /// RFC 6891 §6.1.2: {code, length, data} triples filling RDLENGTH exactly.
    static func decodeOPT(from reader: inout WireReader) throws(DNSWireError) -> RData {
        var options: [EDNSOption] = []
        while !reader.isAtEnd {
            let code = try reader.readUInt16()
            let length = Int(try reader.readUInt16())
            options.append(EDNSOption(code: code, data: try reader.readBytes(length)))
        }
        return .opt(options)
    }

    static func encodeOPT(_ options: [EDNSOption], into writer: inout WireWriter) throws(DNSWireError) {
        for option in options {
            writer.write(option.code)
            try writer.writeLength(option.data.count)
            writer.write(option.data)
        }
    }
}
