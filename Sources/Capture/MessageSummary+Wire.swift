import DNSWire
import Observation

extension MessageSummary {
    /// What `bytes` say as a DNS message; as much as parses when the message is damaged.
    public init(bytes: [UInt8], cutShort: Bool = false) {
        self.init()
        do {
            let message = try DNSMessage.decode(bytes)
            self.init(message)
            if cutShort { malformed = "the connection ended inside this message" }
            return
        } catch {
            malformed = cutShort ? "the connection ended inside this message" : "\(error)"
        }
        guard bytes.count >= 2 else { return }
        id = UInt16(bytes[0]) << 8 | UInt16(bytes[1])
        guard bytes.count >= 12 else { return }
        let flagWord = UInt16(bytes[2]) << 8 | UInt16(bytes[3])
        opcode = UInt8((flagWord >> 11) & 0x0F)
        flags = Self.flags(of: flagWord)
        rcode = DNSRcode(rawValue: flagWord & 0x000F)
        questionCount = Int(UInt16(bytes[4]) << 8 | UInt16(bytes[5]))
        answerCount = Int(UInt16(bytes[6]) << 8 | UInt16(bytes[7]))
        authorityCount = Int(UInt16(bytes[8]) << 8 | UInt16(bytes[9]))
        additionalCount = Int(UInt16(bytes[10]) << 8 | UInt16(bytes[11]))
        question = (try? DNSMessage.decodeQuestion(bytes))?.question
    }

    /// A message that parsed.
    public init(_ message: DNSMessage) {
        var flags: [HeaderFlag] = []
        if message.authoritativeAnswer { flags.append(.aa) }
        if message.truncated { flags.append(.tc) }
        if message.recursionDesired { flags.append(.rd) }
        if message.recursionAvailable { flags.append(.ra) }
        if message.zBit { flags.append(.z) }
        if message.authenticData { flags.append(.ad) }
        if message.checkingDisabled { flags.append(.cd) }
        self.init(id: message.id, opcode: message.opcode.rawValue, flags: flags, rcode: message.rcode,
                  question: message.questions.first, questionCount: message.questions.count,
                  answerCount: message.answers.count, authorityCount: message.authorities.count,
                  additionalCount: message.additionals.count + (message.edns == nil ? 0 : 1),
                  edns: message.edns.map { EDNSInfo(payloadSize: $0.udpPayloadSize, version: $0.version,
                                                    dnssecOK: $0.dnssecOK, optionCodes: $0.options.map(\.code)) })
    }

    static func flags(of word: UInt16) -> [HeaderFlag] {
        let bits: [(HeaderFlag, UInt16)] = [(.aa, 10), (.tc, 9), (.rd, 8), (.ra, 7), (.z, 6), (.ad, 5), (.cd, 4)]
        return bits.filter { word & (1 << $0.1) != 0 }.map(\.0)
    }

    /// The QR bit, when the header got that far.
    static func isResponse(_ bytes: [UInt8]) -> Bool? {
        bytes.count >= 3 ? bytes[2] & 0x80 != 0 : nil
    }
}
