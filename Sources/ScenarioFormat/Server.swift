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

    /// Port 0 cannot be listened on by number.
    public static let portRange = 1...65535
    public var records: RecordTable
    public var rules: [Rule]
    public var otherwise: Fallback

    public init(address: IPAddress, port: UInt16 = 53, mode: Mode = .serve, records: RecordTable = RecordTable(),
                rules: [Rule] = [], otherwise: Fallback = .nxdomain) {
        self.address = address
        self.port = port
        self.mode = mode
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

    public var name: NamePattern?
    public var type: DNSType?
    public var transport: Transport?
    public var reply: Reply
    public var delayMs: Int
    /// How many queries the rule applies to before it stops matching; nil is every query.
    public var times: Int?

    /// `delayMs`: at most the longest `timeoutMs`.
    public static let delayMsRange = 0...600_000
    /// `times`: a rule that applies to no query would be dead.
    public static let timesRange = 1...1_000_000

    public init(name: NamePattern? = nil, type: DNSType? = nil, transport: Transport? = nil,
                reply: Reply = .answer, delayMs: Int = 0, times: Int? = nil) {
        self.name = name
        self.type = type
        self.transport = transport
        self.reply = reply
        self.delayMs = delayMs
        self.times = times
    }
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
