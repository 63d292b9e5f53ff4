/// A whole DNS message (RFC 1035 §4.1) with EDNS lifted out of the additional section.
public struct DNSMessage: Hashable, Sendable {
    public var id: UInt16
    /// QR bit.
    public var isResponse: Bool
    public var opcode: DNSOpcode
    /// AA bit.
    public var authoritativeAnswer: Bool
    /// TC bit.
    public var truncated: Bool
    /// RD bit.
    public var recursionDesired: Bool
    /// RA bit.
    public var recursionAvailable: Bool
    /// AD bit (RFC 4035 §3.2.3; also what glibc's `trust-ad` sets in queries, RFC 6840 §5.7).
    public var authenticData: Bool
    /// CD bit (RFC 4035 §3.2.2).
    public var checkingDisabled: Bool
    /// The reserved Z bit, which must be zero; kept to observe and imitate senders that set it.
    public var zBit: Bool
    /// Full 12-bit rcode when `edns` is present (header 4 bits + OPT high 8 bits), else 4 bits.
    public var rcode: DNSRcode
    public var questions: [DNSQuestion]
    public var answers: [ResourceRecord]
    public var authorities: [ResourceRecord]
    /// Additional records; after `decode` the OPT that became `edns` is not in here.
    public var additionals: [ResourceRecord]
    /// EDNS(0) parameters; `encode` appends them as an OPT record after `additionals`.
    public var edns: EDNS?

    public init(
        id: UInt16 = 0,
        isResponse: Bool = false,
        opcode: DNSOpcode = .QUERY,
        authoritativeAnswer: Bool = false,
        truncated: Bool = false,
        recursionDesired: Bool = false,
        recursionAvailable: Bool = false,
        authenticData: Bool = false,
        checkingDisabled: Bool = false,
        zBit: Bool = false,
        rcode: DNSRcode = .NOERROR,
        questions: [DNSQuestion] = [],
        answers: [ResourceRecord] = [],
        authorities: [ResourceRecord] = [],
        additionals: [ResourceRecord] = [],
        edns: EDNS? = nil
    ) {
        self.id = id
        self.isResponse = isResponse
        self.opcode = opcode
        self.authoritativeAnswer = authoritativeAnswer
        self.truncated = truncated
        self.recursionDesired = recursionDesired
        self.recursionAvailable = recursionAvailable
        self.authenticData = authenticData
        self.checkingDisabled = checkingDisabled
        self.zBit = zBit
        self.rcode = rcode
        self.questions = questions
        self.answers = answers
        self.authorities = authorities
        self.additionals = additionals
        self.edns = edns
    }

    /// A stub-resolver style query: one question, RD set by default.
    public static func query(
        id: UInt16, name: DNSName, type: DNSType, qclass: DNSClass = .IN, recursionDesired: Bool = true,
        edns: EDNS? = nil
    ) -> DNSMessage {
        DNSMessage(
            id: id, recursionDesired: recursionDesired,
            questions: [DNSQuestion(name: name, type: type, qclass: qclass)], edns: edns)
    }

    /// Response skeleton for a query: same id, opcode, RD, CD copied, QR set, question echoed.
    ///
    /// If the query carried EDNS the response does too (RFC 6891 §7), advertising 1232 octets
    /// and echoing the DO bit (RFC 3225 §3), without options.
    /// Octets in the fixed header (RFC 1035 4.1.1).
    public static let headerLength = 12

    public func makeResponse(rcode: DNSRcode = .NOERROR) -> DNSMessage {
        DNSMessage(
            id: id,
            isResponse: true,
            opcode: opcode,
            recursionDesired: recursionDesired,
            checkingDisabled: checkingDisabled,
            rcode: rcode,
            questions: questions,
            edns: edns.map { EDNS(udpPayloadSize: 1232, dnssecOK: $0.dnssecOK) }
        )
    }
}
