/// Serialising messages for the scripted servers and for round-trip tests.
extension DNSMessage {
    /// Encodes the message; `edns` becomes an OPT record appended after `additionals`.
    ///
    /// With `compress`, names and the names inside CNAME/NS/PTR/MX/SOA RDATA point at an earlier
    /// identical suffix (exact octets, so case survives). Throws `messageTooLong` beyond 65535 octets.
    public func encode(compress: Bool = true) throws(DNSWireError) -> [UInt8] {
        var writer = WireWriter(compress: compress)
        var additionals = self.additionals
        if let edns {
            additionals.append(edns.optRecord(rcode: rcode))
        }
        writer.write(id)
        writer.write(try DNSHeader.flags(of: self))
        for count in [questions.count, answers.count, authorities.count, additionals.count] {
            try writer.writeLength(count)
        }
        for question in questions {
            try question.encode(into: &writer)
        }
        for record in answers + authorities + additionals {
            try record.encode(into: &writer)
            guard writer.count <= Int(UInt16.max) else { throw .messageTooLong }
        }
        guard writer.count <= Int(UInt16.max) else { throw .messageTooLong }
        return writer.bytes
    }
}
