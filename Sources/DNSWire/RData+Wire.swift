/// Dispatch between RDATA cases and their per-type codecs, holding every type to its RDLENGTH.
extension RData {
    /// Decodes exactly `length` octets as `type`'s RDATA.
    ///
    /// The RDATA gets its own bounded reader, so content that stops short of RDLENGTH or would run
    /// past it throws `badRData`; a length that runs past the message throws `truncated`.
    /// Names inside may still point anywhere earlier in the message.
    static func decode(
        type: DNSType, rclass: DNSClass, length: Int, from reader: inout WireReader
    ) throws(DNSWireError) -> RData {
        let start = reader.offset
        var body = try reader.bounded(to: length)
        try reader.skip(length)
        if length == 0, rclass == .ANY || rclass == .NONE {
            // RFC 2136 §2.4/§2.5: UPDATE prerequisites and deletions carry empty RDATA for any type.
            return .unknown([])
        }
        do throws(DNSWireError) {
            let data = try decodeBody(type: type, from: &body)
            guard body.isAtEnd else { throw DNSWireError.badRData(type: type, offset: start) }
            return data
        } catch .truncated {
            throw .badRData(type: type, offset: start)
        }
    }

    private static func decodeBody(type: DNSType, from reader: inout WireReader) throws(DNSWireError) -> RData {
        switch type {
        case .A: try decodeA(from: &reader)
        case .AAAA: try decodeAAAA(from: &reader)
        case .CNAME: .cname(try reader.readName())
        case .NS: .ns(try reader.readName())
        case .PTR: .ptr(try reader.readName())
        case .MX: try decodeMX(from: &reader)
        case .TXT: try decodeTXT(from: &reader)
        case .SRV: try decodeSRV(from: &reader)
        case .SOA: try decodeSOA(from: &reader)
        case .OPT: try decodeOPT(from: &reader)
        default: .unknown(try reader.readBytes(reader.remaining))
        }
    }

    /// Writes the RDATA only (the caller writes RDLENGTH). Only RFC 1035 types compress (RFC 3597 §4).
    func encode(into writer: inout WireWriter) throws(DNSWireError) {
        switch self {
        case .a(let address): writer.write(address.bytes)
        case .aaaa(let address): writer.write(address.bytes)
        case .cname(let name), .ns(let name), .ptr(let name): try writer.writeName(name, compress: true)
        case .mx(let preference, let exchange): try Self.encodeMX(preference: preference, exchange: exchange, into: &writer)
        case .txt(let strings): try Self.encodeTXT(strings, into: &writer)
        case .srv(let priority, let weight, let port, let target):
            try Self.encodeSRV(priority: priority, weight: weight, port: port, target: target, into: &writer)
        case .soa(let mname, let rname, let serial, let refresh, let retry, let expire, let minimum):
            try Self.encodeSOA(
                mname: mname, rname: rname, serial: serial, refresh: refresh, retry: retry, expire: expire,
                minimum: minimum, into: &writer)
        case .opt(let options): try Self.encodeOPT(options, into: &writer)
        case .unknown(let bytes): writer.write(bytes)
        }
    }
}
