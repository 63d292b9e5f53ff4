import DNSWire

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
    private var exactIndex: [NameKey: Int] = [:]
    private var wildcardIndex: [NameKey: Int] = [:]
    /// Every proper ancestor of an exact owner: the names that exist as empty non-terminals (RFC 8020).
    private var ancestorsOfOwners: Set<NameKey> = []
    /// Every wildcard's parent and that parent's ancestors: `*.a.` makes `a.` and above exist (RFC 4592 2.2.2).
    private var ancestorsOfWildcards: Set<NameKey> = []

    public init() {}

    /// Only the entries travel; the indexes are rebuilt from them.
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
        let key = NameKey(owner)
        if let index = isWildcard ? wildcardIndex[key] : exactIndex[key] {
            entries[index].records.append(RecordSet(type: type, data: data))
            return
        }
        entries.append(Entry(owner: owner, isWildcard: isWildcard, records: [RecordSet(type: type, data: data)]))
        if isWildcard {
            wildcardIndex[key] = entries.count - 1
            var name: NameKey? = key
            while let current = name, ancestorsOfWildcards.insert(current).inserted { name = current.parent }
        } else {
            exactIndex[key] = entries.count - 1
            var name = key.parent
            while let current = name, ancestorsOfOwners.insert(current).inserted { name = current.parent }
        }
    }

    /// The entry for exactly `name` (no wildcard).
    public func entry(for name: DNSName) -> Entry? {
        exactIndex[NameKey(name)].map { entries[$0] }
    }

    /// The wildcard entry `*.name.`.
    public func wildcard(below name: DNSName) -> Entry? {
        wildcardIndex[NameKey(name)].map { entries[$0] }
    }

    /// True when some owner lies strictly below `name`: `name` exists as an empty non-terminal (RFC 8020).
    public func hasDescendant(of name: DNSName) -> Bool {
        ancestorsOfOwners.contains(NameKey(name))
    }

    /// Whether `name` owns records or has names below it, wildcards included.
    public func exists(_ name: DNSName) -> Bool {
        exists(NameKey(name))
    }

    func exists(_ key: NameKey) -> Bool {
        exactIndex[key] != nil || ancestorsOfOwners.contains(key) || ancestorsOfWildcards.contains(key)
    }

    /// The records `name` has: its own entry, else the wildcard of its closest encloser
    /// (RFC 4592 3.3.1); nil when it has none (an empty non-terminal is not synthesized).
    public func records(at name: DNSName) -> [RecordSet]? {
        records(at: NameKey(name))
    }

    func records(at key: NameKey) -> [RecordSet]? {
        if let index = exactIndex[key] { return entries[index].records }
        guard !exists(key) else { return nil }
        var encloser = key
        while let parent = encloser.parent {
            encloser = parent
            if let index = wildcardIndex[encloser] { return entries[index].records }
            if exists(encloser) { return nil }
        }
        return nil
    }

    /// The CNAME target at `name`, if its records (or its wildcard's) hold one.
    public func cnameTarget(at name: DNSName) -> DNSName? {
        cnameTarget(at: NameKey(name))
    }

    func cnameTarget(at key: NameKey) -> DNSName? {
        guard let set = records(at: key)?.first(where: { $0.type == .CNAME }), case .cname(let target)? = set.data.first else {
            return nil
        }
        return target
    }
}

/// A name as the table's indexes key it: its wire form with ASCII letters lower-cased (RFC 4343), so
/// hashing and comparing are the standard library's work on one byte array, not a walk over labels.
struct NameKey: Hashable, Sendable {
    /// Length-prefixed labels, without the root's empty label: the root is `[]`.
    private(set) var bytes: [UInt8]

    init(_ name: DNSName) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(name.wireLength)
        for label in name.labels {
            bytes.append(UInt8(truncatingIfNeeded: label.count))
            for byte in label { bytes.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) }
        }
        self.bytes = bytes
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    /// The key of the name one label up; nil for the root.
    var parent: NameKey? {
        guard let length = bytes.first else { return nil }
        let next = min(bytes.count, 1 + Int(length))
        return NameKey(bytes: Array(bytes[next...]))
    }
}
