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

/// A server's records: owner name → type → data, in file order. Owner names may be `*.suffix.`
/// wildcards. Every lookup is a hash lookup, so a table of 100,000 owners costs no more per query
/// than one of ten.
public struct RecordTable: Sendable, Codable {
    /// The records of one type at one owner.
    public struct RecordSet: Sendable, Codable {
        public var type: DNSType
        public var data: [RData]

        public init(type: DNSType, data: [RData]) {
            self.type = type
            self.data = data
        }

        enum CodingKeys: String, CodingKey { case type, data }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            type = try container.decode(DNSType.self, forKey: .type)
            data = try container.decode([TypedRData].self, forKey: .data).map(\.data)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(type, forKey: .type)
            try container.encode(data.map { TypedRData(type: type, data: $0) }, forKey: .data)
        }
    }

    public struct Entry: Sendable, Codable {
        public var owner: DNSName
        public var isWildcard: Bool
        public var records: [RecordSet]
    }

    public private(set) var entries: [Entry] = []
    private var exactIndex: [DNSName: Int] = [:]
    private var wildcardIndex: [DNSName: Int] = [:]
    /// Every proper ancestor of an exact owner: the names that exist as empty non-terminals (RFC 8020).
    private var ancestorsOfOwners: Set<DNSName> = []
    /// Every wildcard's parent and that parent's ancestors: `*.a.` makes `a.` and above exist (RFC 4592 2.2.2).
    private var ancestorsOfWildcards: Set<DNSName> = []

    public init() {}

    public init(from decoder: any Decoder) throws {
        self.init()
        for entry in try decoder.singleValueContainer().decode([Entry].self) {
            for set in entry.records { add(owner: entry.owner, isWildcard: entry.isWildcard, type: set.type, data: set.data) }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(entries)
    }

    public var isEmpty: Bool { entries.isEmpty }

    public mutating func add(owner: DNSName, isWildcard: Bool, type: DNSType, data: [RData]) {
        if let index = isWildcard ? wildcardIndex[owner] : exactIndex[owner] {
            entries[index].records.append(RecordSet(type: type, data: data))
            return
        }
        entries.append(Entry(owner: owner, isWildcard: isWildcard, records: [RecordSet(type: type, data: data)]))
        if isWildcard {
            wildcardIndex[owner] = entries.count - 1
            var name = owner
            while ancestorsOfWildcards.insert(name).inserted, !name.isRoot { name.labels.removeFirst() }
        } else {
            exactIndex[owner] = entries.count - 1
            var name = owner
            while !name.isRoot {
                name.labels.removeFirst()
                if !ancestorsOfOwners.insert(name).inserted { break }
            }
        }
    }

    /// The entry for exactly `name` (no wildcard).
    public func entry(for name: DNSName) -> Entry? {
        exactIndex[name].map { entries[$0] }
    }

    /// The wildcard entry `*.name.`.
    public func wildcard(below name: DNSName) -> Entry? {
        wildcardIndex[name].map { entries[$0] }
    }

    /// True when some owner lies strictly below `name`: `name` exists as an empty non-terminal (RFC 8020).
    public func hasDescendant(of name: DNSName) -> Bool {
        ancestorsOfOwners.contains(name)
    }

    /// Whether `name` owns records or has names below it, wildcards included.
    public func exists(_ name: DNSName) -> Bool {
        exactIndex[name] != nil || ancestorsOfOwners.contains(name) || ancestorsOfWildcards.contains(name)
    }
}

extension RecordTable {
    /// The records `name` has: its own entry, else the wildcard of its closest encloser
    /// (RFC 4592 3.3.1); nil when it has none (an empty non-terminal is not synthesized).
    public func records(at name: DNSName) -> [RecordSet]? {
        if let entry = entry(for: name) { return entry.records }
        guard !exists(name) else { return nil }
        var encloser = name
        while !encloser.isRoot {
            encloser.labels.removeFirst()
            if let wildcard = wildcard(below: encloser) { return wildcard.records }
            if exists(encloser) { return nil }
        }
        return nil
    }

    /// The CNAME target at `name`, if its records (or its wildcard's) hold one.
    public func cnameTarget(at name: DNSName) -> DNSName? {
        guard let set = records(at: name)?.first(where: { $0.type == .CNAME }), case .cname(let target)? = set.data.first else {
            return nil
        }
        return target
    }

    /// How many CNAME links the responder follows, at most, within one server's records: a longer
    /// chain is refused when the scenario is decoded, so an answer is never cut short silently.
    public static let maximumCNAMEChain = 200

    /// Owners whose CNAME chain is longer than `limit` links, with the chain's length: heads in file
    /// order, then loops. Links are the CNAME records the responder puts in one answer: it follows a
    /// chain to its end or until a name repeats, so a loop counts each of its names once (a short loop
    /// is fine, a long one is cut short like a long chain). Each chain is reported at its head (an
    /// owner no CNAME points to, or a wildcard); a loop no head leads into, at its first owner in file
    /// order. Linear in the table: every name is walked once.
    public func cnameChainsLonger(than limit: Int) -> [(owner: Entry, links: Int)] {
        var lengths: [DNSName: Int] = [:]      // links from a name until its chain ends or repeats
        func length(from start: DNSName) -> Int {
            var path: [DNSName] = []
            var position: [DNSName: Int] = [:]
            var current = start
            var tail = 0
            while true {
                if let known = lengths[current] { tail = known; break }
                if let loopStart = position[current] {
                    // Every name on the loop repeats after the loop's length; names before it add theirs.
                    let loop = path.count - loopStart
                    for name in path[loopStart...] { lengths[name] = loop }
                    path.removeSubrange(loopStart...)
                    tail = loop
                    break
                }
                guard let target = cnameTarget(at: current) else { break }
                position[current] = path.count
                path.append(current)
                current = target
            }
            for name in path.reversed() {
                tail += 1
                lengths[name] = tail
            }
            return lengths[start] ?? 0
        }
        let targets = Set(entries.compactMap(ownCNAMETarget))
        var results: [(owner: Entry, links: Int)] = []
        for entry in entries {
            guard let target = ownCNAMETarget(entry) else { continue }
            let links: Int
            if entry.isWildcard {
                // Any name below the wildcard starts a chain: one link to the target, then the target's.
                links = 1 + length(from: target)
            } else if !targets.contains(entry.owner) {
                links = length(from: entry.owner)
            } else {
                continue
            }
            if links > limit { results.append((entry, links)) }
        }
        // What no head reaches is a loop of its own: checked once, at its first owner.
        for entry in entries where !entry.isWildcard && lengths[entry.owner] == nil && ownCNAMETarget(entry) != nil {
            let links = length(from: entry.owner)
            if links > limit { results.append((entry, links)) }
        }
        return results
    }

    /// The target of the CNAME `entry` itself holds (for a wildcard, what every name below it gets).
    private func ownCNAMETarget(_ entry: Entry) -> DNSName? {
        guard let set = entry.records.first(where: { $0.type == .CNAME }), case .cname(let target)? = set.data.first else { return nil }
        return target
    }
}
