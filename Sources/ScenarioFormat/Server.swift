import DNSWire

/// A scripted DNS server (`servers[]`).
public struct Server: Sendable {
    public enum Mode: String, CaseIterable, Sendable {
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
    public enum Fallback: String, CaseIterable, Sendable {
        case nxdomain, nodata, servfail, refused, drop
    }
}

/// A rule checked before the records; the first rule that matches decides (`servers[].rules[]`).
public struct Rule: Sendable {
    public enum Reply: String, CaseIterable, Sendable {
        case nxdomain, nodata, servfail, refused, drop, truncate, answer
    }

    public var name: NamePattern?
    public var type: DNSType?
    public var transport: Transport?
    public var reply: Reply
    public var delayMs: Int
    /// How many queries the rule applies to before it stops matching; nil is every query.
    public var times: Int?

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
public enum NamePattern: Hashable, Sendable, CustomStringConvertible {
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

/// A server's records: owner name → type → data, in file order. Owner names may be `*.suffix.` wildcards.
public struct RecordTable: Sendable {
    public struct Entry: Sendable {
        public var owner: DNSName
        public var isWildcard: Bool
        public var records: [(type: DNSType, data: [RData])]
    }

    public private(set) var entries: [Entry] = []

    public init() {}

    public var isEmpty: Bool { entries.isEmpty }

    public mutating func add(owner: DNSName, isWildcard: Bool, type: DNSType, data: [RData]) {
        if let index = entries.firstIndex(where: { $0.owner == owner && $0.isWildcard == isWildcard }) {
            entries[index].records.append((type, data))
        } else {
            entries.append(Entry(owner: owner, isWildcard: isWildcard, records: [(type, data)]))
        }
    }

    /// The entry for exactly `name` (no wildcard).
    public func entry(for name: DNSName) -> Entry? {
        entries.first { !$0.isWildcard && $0.owner == name }
    }

    /// True when some owner lies strictly below `name`: `name` exists as an empty non-terminal (RFC 8020).
    public func hasDescendant(of name: DNSName) -> Bool {
        entries.contains { !$0.isWildcard && $0.owner != name && $0.owner.isSubdomain(of: name) }
    }
}
