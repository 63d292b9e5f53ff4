/// The fixed 12-octet header (RFC 1035 §4.1.1) with its flag word unpacked.
struct DNSHeader {
    static let length = DNSMessage.headerLength

    var id: UInt16
    var flags: UInt16
    var questionCount: Int
    var answerCount: Int
    var authorityCount: Int
    var additionalCount: Int

    static func decode(from reader: inout WireReader) throws(DNSWireError) -> DNSHeader {
        DNSHeader(
            id: try reader.readUInt16(),
            flags: try reader.readUInt16(),
            questionCount: Int(try reader.readUInt16()),
            answerCount: Int(try reader.readUInt16()),
            authorityCount: Int(try reader.readUInt16()),
            additionalCount: Int(try reader.readUInt16())
        )
    }

    func bit(_ position: UInt16) -> Bool { flags & (1 << position) != 0 }

    var isResponse: Bool { bit(15) }
    var opcode: DNSOpcode { DNSOpcode(rawValue: UInt8(truncatingIfNeeded: flags >> 11) & 0x0F) }
    var rcodeLow: UInt16 { flags & 0x000F }

    /// Packs the message's flags; throws when opcode or rcode do not fit the header (and OPT).
    static func flags(of message: DNSMessage) throws(DNSWireError) -> UInt16 {
        guard message.opcode.rawValue <= 0x0F else { throw .fieldOutOfRange("opcode \(message.opcode.rawValue) > 15") }
        guard message.rcode.rawValue <= DNSRcode.maxExtended else {
            throw .fieldOutOfRange("rcode \(message.rcode.rawValue) > 4095")
        }
        guard message.rcode.rawValue <= 0x0F || message.edns != nil else {
            throw .fieldOutOfRange("rcode \(message.rcode) needs EDNS")
        }
        var flags = UInt16(message.opcode.rawValue) << 11 | message.rcode.rawValue & 0x0F
        let bits: [(Bool, UInt16)] = [
            (message.isResponse, 15), (message.authoritativeAnswer, 10), (message.truncated, 9),
            (message.recursionDesired, 8), (message.recursionAvailable, 7), (message.zBit, 6),
            (message.authenticData, 5), (message.checkingDisabled, 4),
        ]
        for (isSet, position) in bits where isSet {
            flags |= 1 << position
        }
        return flags
    }
}

extension DNSMessage {
    /// Copies the header's flag bits into a message (rcode's upper bits come later from OPT).
    init(header: DNSHeader) {
        self.init(
            id: header.id,
            isResponse: header.isResponse,
            opcode: header.opcode,
            authoritativeAnswer: header.bit(10),
            truncated: header.bit(9),
            recursionDesired: header.bit(8),
            recursionAvailable: header.bit(7),
            authenticData: header.bit(5),
            checkingDisabled: header.bit(4),
            zBit: header.bit(6),
            rcode: DNSRcode(rawValue: header.rcodeLow)
        )
    }
}
