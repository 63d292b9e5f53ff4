/// Parsing received messages. Total: for any bytes it returns or throws, and it allocates per record
/// actually present, never per count claimed by the header.
extension DNSMessage {
    /// Decodes a complete message.
    ///
    /// Trailing bytes after the last record are tolerated by default (padding middleboxes and
    /// sloppy servers exist, and a capture tool should still show the message); pass
    /// `allowTrailingBytes: false` to have them reported as `.trailingBytes`.
    ///
    /// The first OPT record in the additional section with the root as owner becomes `edns` and its
    /// high rcode bits join `rcode`; any further or misplaced OPT stays where it was, as `.opt` data,
    /// so that RFC 6891 §6.1.1 violations remain visible.
    public static func decode(
        _ bytes: some Collection<UInt8>, allowTrailingBytes: Bool = true
    ) throws(DNSWireError) -> DNSMessage {
        var reader = WireReader(Array(bytes))
        let header = try DNSHeader.decode(from: &reader)
        var message = DNSMessage(header: header)
        for _ in 0..<header.questionCount {
            message.questions.append(try DNSQuestion.decode(from: &reader))
        }
        message.answers = try decodeRecords(count: header.answerCount, from: &reader)
        message.authorities = try decodeRecords(count: header.authorityCount, from: &reader)
        message.additionals = try decodeRecords(count: header.additionalCount, from: &reader)
        if !allowTrailingBytes, !reader.isAtEnd {
            throw .trailingBytes(offset: reader.offset)
        }
        message.extractEDNS()
        return message
    }

    /// Decodes just the header and the first question: for captures of messages whose later sections are damaged.
    ///
    /// `question` is nil when QDCOUNT is zero; a damaged first question throws.
    public static func decodeQuestion(
        _ bytes: some Collection<UInt8>
    ) throws(DNSWireError) -> (id: UInt16, isResponse: Bool, question: DNSQuestion?) {
        var reader = WireReader(Array(bytes))
        let header = try DNSHeader.decode(from: &reader)
        let question = header.questionCount > 0 ? try DNSQuestion.decode(from: &reader) : nil
        return (header.id, header.isResponse, question)
    }

    private static func decodeRecords(count: Int, from reader: inout WireReader) throws(DNSWireError) -> [ResourceRecord] {
        var records: [ResourceRecord] = []
        for _ in 0..<count {
            records.append(try ResourceRecord.decode(from: &reader))
        }
        return records
    }

    /// Moves the first root-owned OPT from `additionals` into `edns` (RFC 6891 §6.1.1).
    private mutating func extractEDNS() {
        for (index, record) in additionals.enumerated() where record.type == .OPT && record.name.isRoot {
            guard case .opt(let options) = record.data else { continue }
            let edns = EDNS(optRecord: record, options: options)
            rcode = DNSRcode(rawValue: UInt16(edns.extendedRcodeHigh) << 4 | rcode.rawValue & 0x0F)
            self.edns = edns
            additionals.remove(at: index)
            return
        }
    }
}
