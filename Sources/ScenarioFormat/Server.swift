import DNSWire

/// A scripted DNS server (`servers[]`).
public struct Server: Sendable, Codable {
    public enum Mode: String, CaseIterable, Sendable, Codable {
        /// Answers from rules, records and `otherwise`.
        case serve
        /// Listens and reads, never answers: the resolver waits for its timeout.
        case silent
        /// No listener at all: UDP gets ICMP port unreachable, TCP a reset.
        case closed
    }

    public var address: IPAddress
    public var port: UInt16
    public var mode: Mode
    /// The transports it listens on: a UDP-only server resets TCP connections, a TCP-only one
    /// bounces datagrams with ICMP port unreachable.
    public var transports: Set<Transport>

    /// Port 0 cannot be listened on by number.
    public static let portRange = 1...65535
    public var records: RecordTable
    public var rules: [Rule]
    public var otherwise: Fallback
    /// TTL of the records it answers with (a rule's `ttl` overrides it).
    public var ttl: UInt32
    /// What the server does with EDNS (RFC 6891).
    public var edns: EDNSBehaviour
    /// Answers carry only what was asked (true, the default); false adds the zone's NS records to the
    /// authority section of every answer, with their addresses, as BIND's `minimal-responses no` does.
    public var minimalResponses = true

    /// `ttl`: 0 to 2^31 - 1 (RFC 2181 8).
    public static let ttlRange = 0...2_147_483_647
    public static let defaultTTL: UInt32 = 30
    /// The payload size the server advertises by default (the DNS Flag Day 2020 value).
    public static let defaultEDNSPayloadSize: UInt16 = 1232
    /// An advertised payload size: at least 512 (RFC 6891 6.2.3), at most a message.
    public static let ednsPayloadSizeRange = 512...65535

    /// How a server treats EDNS: a query's OPT record is answered with one advertising
    /// `payloadSize`, or the server knows no EDNS (`none`: replies never carry OPT), or it is an old
    /// server that answers FORMERR to any query with an OPT record (`formerr`).
    public enum EDNSBehaviour: Sendable, Codable, Hashable {
        case payloadSize(UInt16)
        case none
        case formerr
    }

    public init(address: IPAddress, port: UInt16 = 53, mode: Mode = .serve, transports: Set<Transport> = [.udp, .tcp],
                records: RecordTable = RecordTable(), rules: [Rule] = [], otherwise: Fallback = .nxdomain,
                ttl: UInt32 = Server.defaultTTL, edns: EDNSBehaviour = .payloadSize(Server.defaultEDNSPayloadSize)) {
        self.address = address
        self.port = port
        self.mode = mode
        self.transports = transports
        self.ttl = ttl
        self.edns = edns
        self.records = records
        self.rules = rules
        self.otherwise = otherwise
    }

    /// What a server answers for a name it has no records for (`otherwise`).
    public enum Fallback: String, CaseIterable, Sendable, Codable {
        case nxdomain, nodata, servfail, refused, drop
    }
}

/// A rule checked before the records; the first rule that matches decides (`servers[].rules[]`).
public struct Rule: Sendable, Codable {
    public enum Reply: String, CaseIterable, Sendable, Codable {
        case nxdomain, nodata, servfail, refused, drop, truncate, answer
    }

    /// What a rule's queries are counted by, for `times` and for a sequence of replies.
    public enum CountBy: String, CaseIterable, Sendable, Codable {
        /// Every query the rule matches at this server.
        case server
        /// Each query name apart (in any letter case).
        case name
        /// Each client socket apart: its address, port and transport (a UDP socket or a TCP connection's
        /// client end), so "the second query from the same 5-tuple" can be singled out.
        case socket
    }

    public var name: NamePattern?
    public var type: DNSType?
    public var transport: Transport?
    /// The reply to the 1st, 2nd, ... query the rule matches (counted by `countBy`); the last one
    /// answers every later query. Never empty.
    public var replies: [Reply]
    public var delayMs: Int
    /// How many queries the rule applies to before it stops matching (counted by `countBy`); nil is every query.
    public var times: Int?
    public var countBy: CountBy
    /// Records that answer instead of the server's (`answer` replies only), for data that differs by
    /// transport or by rule.
    public var records: RecordTable?
    /// TTL of the records this rule answers with, instead of the server's `ttl`.
    public var ttl: UInt32?
    /// Hold the reply until a query matching this arrives at the same server, then send it after that
    /// query's own reply: the two replies arrive in reverse order.
    public var holdUntil: QueryMatch?
    /// How the reply is changed on its way out: header fields, then bytes.
    public var shaping: ReplyShaping

    /// `delayMs`: at most the longest `timeoutMs`.
    public static let delayMsRange = 0...600_000
    /// `times`: a rule that applies to no query would be dead.
    public static let timesRange = 1...1_000_000
    /// Steps in `reply` when it is a sequence.
    public static let sequenceLimit = 1...64

    public init(name: NamePattern? = nil, type: DNSType? = nil, transport: Transport? = nil,
                reply: Reply = .answer, delayMs: Int = 0, times: Int? = nil) {
        self.name = name
        self.type = type
        self.transport = transport
        self.replies = [reply]
        self.delayMs = delayMs
        self.times = times
        self.countBy = .server
        self.records = nil
        self.ttl = nil
        self.holdUntil = nil
        self.shaping = ReplyShaping()
    }

    /// The reply for the query counted `count` (0 for the first).
    public func reply(forCount count: Int) -> Reply {
        replies[min(count, replies.count - 1)]
    }

    /// Every reply the rule can give sends nothing.
    public var neverReplies: Bool { replies.allSatisfy { $0 == .drop } }
}

/// A query a held reply waits for (`holdUntil`): a type and a name pattern, either may be any.
public struct QueryMatch: Sendable, Codable, Hashable, CustomStringConvertible {
    public var type: DNSType?
    public var name: NamePattern?

    public init(type: DNSType? = nil, name: NamePattern? = nil) {
        self.type = type
        self.name = name
    }

    public func matches(_ question: DNSQuestion) -> Bool {
        (type.map { $0 == question.type } ?? true) && (name.map { $0.matches(question.name) } ?? true)
    }

    public var description: String { "\(type?.description ?? "*") \(name?.description ?? "*")" }
}

/// A rule's changes to its reply (`rcode`, `flags`, `faults`), for servers that misbehave like real ones.
public struct ReplyShaping: Sendable, Codable, Hashable {
    /// Header bits a rule may set or clear.
    public enum Bit: String, CaseIterable, Sendable, Codable {
        case aa, tc, rd, ra, ad, cd
    }

    /// The ID a reply carries instead of the query's.
    public enum ID: Sendable, Codable, Hashable {
        /// The query's ID plus one.
        case wrong
        case fixed(UInt16)
    }

    /// How a reply's question name is respelled.
    public enum QuestionCase: String, CaseIterable, Sendable, Codable {
        case upper, lower
        /// Every letter's case inverted, as a resolver's 0x20 check would notice.
        case flip
    }

    /// How a TCP connection is closed instead of carrying the whole reply.
    public enum TCPClose: String, CaseIterable, Sendable, Codable {
        /// Close after reading the query, with nothing sent.
        case beforeReply = "before-reply"
        /// Send the two-byte length prefix, then close.
        case afterLength = "after-length"
        /// Send the length prefix and half the message, then close.
        case midMessage = "mid-message"
    }

    public var rcode: DNSRcode?
    public var flags: [Bit: Bool] = [:]
    public var id: ID?
    public var questionName: DNSName?
    public var questionCase: QuestionCase?
    /// Answer records owned by the question's name are sent owned by this name instead.
    public var answerName: DNSName?
    public var noQuestion = false
    public var headerOnly = false
    /// Send only the first this many bytes.
    public var cutTo: Int?
    public var trailing: [UInt8] = []
    /// Send these bytes instead of the encoded reply (its first two replaced by the reply's ID).
    public var raw: [UInt8]?
    /// UDP: send the reply from this port of the server's address (or of `sourceAddress`).
    public var sourcePort: UInt16?
    /// UDP: send the reply from this address (added to the sandbox's lo like a server's).
    public var sourceAddress: IPAddress?
    public var copies = 1
    /// Send an answer larger than the client's UDP size whole, without TC.
    public var ignoreSize = false
    public var tcpClose: TCPClose?

    public static let copiesRange = 1...16
    public static let bytesLimit = 65_535

    public init() {}

    /// Changes nothing.
    public var isEmpty: Bool { self == ReplyShaping() }

    /// Changes that happen to the encoded bytes rather than the message.
    public var changesBytes: Bool { headerOnly || cutTo != nil || !trailing.isEmpty || raw != nil }
}

/// An exact name, or `*.suffix.`: every name strictly below `suffix`.
public enum NamePattern: Hashable, Sendable, Codable, CustomStringConvertible {
    case exact(DNSName)
    case below(DNSName)

    public init?(_ text: String) {
        // Scalars, not Characters: a combining mark after "*" or "." must not hide them.
        let scalars = text.unicodeScalars
        if scalars.starts(with: "*.".unicodeScalars) {
            let rest = String(Substring(scalars.dropFirst(2)))
            // Only a leading "*." is a wildcard; another "*" would silently match nothing.
            guard !rest.unicodeScalars.contains("*"), let suffix = try? DNSName(rest) else { return nil }
            self = .below(suffix)
        } else {
            guard !scalars.contains("*"), let name = try? DNSName(text) else { return nil }
            self = .exact(name)
        }
    }

    public func matches(_ name: DNSName) -> Bool {
        switch self {
        case .exact(let exact): name == exact
        case .below(let suffix): name != suffix && name.isSubdomain(of: suffix)
        }
    }

    public var description: String {
        switch self {
        case .exact(let name): name.description
        case .below(let suffix): suffix.isRoot ? "*." : "*.\(suffix)"
        }
    }
}
