import DNSWire

/// The scenario-level `expect`: which queries must appear on the wire.
public struct Expectation: Sendable {
    public enum Order: String, CaseIterable, Sendable {
        /// The observed sequence is exactly the expected one.
        case exact
        /// The expected queries appear in this order, possibly with others between them.
        case subsequence
        /// The same queries in any order, nothing more.
        case unordered
    }

    /// nil when `expect` has no `queries` (only lookups are checked, or `alternatives` are).
    public var queries: [QueryStep]?
    /// `expect.alternatives`: the observed sequence must match one of these under `order` (at least two;
    /// never together with `queries`).
    public var alternatives: [[QueryStep]]?
    public var order: Order
    /// Queries that must not appear at all, whatever `queries` and `order` say.
    public var forbid: [QueryPattern]
    /// How many queries may match a pattern.
    public var counts: [QueryCount]

    public init(queries: [QueryStep]?, alternatives: [[QueryStep]]? = nil, order: Order = .exact, forbid: [QueryPattern] = [],
                counts: [QueryCount] = []) {
        self.queries = queries
        self.alternatives = alternatives
        self.order = order
        self.forbid = forbid
        self.counts = counts
    }

    /// A flat list of queries, one step each.
    public init(queries: [QueryPattern], order: Order = .exact, forbid: [QueryPattern] = [], counts: [QueryCount] = []) {
        self.init(queries: queries.map(QueryStep.query), order: order, forbid: forbid, counts: counts)
    }

    /// The query lists the observed sequence is compared with: `queries`, or every alternative.
    public var sequences: [[QueryStep]] {
        if let queries { return [queries] }
        return alternatives ?? []
    }
}

/// One element of `expect.queries` (or of an alternative): a query, or a group of queries that may appear
/// in any order among themselves while the group keeps its place among the others.
public enum QueryStep: Hashable, Sendable {
    case query(QueryPattern)
    case group([QueryPattern])

    public var patterns: [QueryPattern] {
        switch self {
        case .query(let pattern): [pattern]
        case .group(let patterns): patterns
        }
    }

    public var isGroup: Bool {
        if case .group = self { true } else { false }
    }
}

/// `afterMs`: `{ "min": N, "max": M }`, how long after the previous query on the wire (whichever it was) the
/// query that matched a pattern was sent, in milliseconds; either bound may be absent, not both.
public struct GapBounds: Hashable, Sendable, CustomStringConvertible {
    public var min: Int?
    public var max: Int?

    /// Ten minutes, as `timeoutMs` and a lookup's `maxMs`.
    public static let range = 0...600_000

    public init(min: Int? = nil, max: Int? = nil) {
        self.min = min
        self.max = max
    }

    /// Inclusive at both ends: a gap of exactly `min` or `max` milliseconds is allowed.
    public func allows(_ gapMs: Double) -> Bool {
        (min.map { gapMs >= Double($0) } ?? true) && (max.map { gapMs <= Double($0) } ?? true)
    }

    /// `at least 4950 ms`, `at most 100 ms`, `4950 to 5500 ms`.
    public var description: String {
        switch (min, max) {
        case let (low?, high?) where low == high: "exactly \(low) ms"
        case let (low?, high?): "\(low) to \(high) ms"
        case let (low?, nil): "at least \(low) ms"
        case let (nil, high?): "at most \(high) ms"
        case (nil, nil): "any time"
        }
    }
}

/// `{ "query": PATTERN, "min": N, "max": M }`: the number of queries on the wire that match `pattern`
/// lies in `min...max` (either bound may be absent, not both).
public struct QueryCount: Hashable, Sendable {
    public var pattern: QueryPattern
    public var min: Int?
    public var max: Int?

    public static let range = 0...1_000_000

    public init(_ pattern: QueryPattern, min: Int? = nil, max: Int? = nil) {
        self.pattern = pattern
        self.min = min
        self.max = max
    }

    public func allows(_ count: Int) -> Bool {
        (min.map { count >= $0 } ?? true) && (max.map { count <= $0 } ?? true)
    }

    /// `exactly 2`, `at least 1`, `at most 0`, `2 to 4`.
    public var bounds: String {
        switch (min, max) {
        case let (low?, high?) where low == high: "exactly \(low)"
        case let (low?, high?): "\(low) to \(high)"
        case let (low?, nil): "at least \(low)"
        case let (nil, high?): "at most \(high)"
        case (nil, nil): "any number"
        }
    }
}

/// One expected query: `"AAAA ycwu314.top. @10.96.0.10 udp"` or its object form. Omitted parts match anything.
public struct QueryPattern: Hashable, Sendable, CustomStringConvertible {
    public var type: DNSType?
    /// Exactly this name (ignoring case); nil for any name, or when `below` is set.
    public var name: DNSName?
    /// Written `*.suffix.`: any name strictly below `suffix` (not `suffix` itself).
    public var below: DNSName?
    public var server: IPAddress?
    public var port: UInt16?
    public var transport: Transport?
    /// Object form only: the exact set of header/EDNS flags the query carried (`rd`, `ad`, `cd`,
    /// `edns0`, `do`); nil matches any.
    public var flags: Set<QueryFlag>?
    /// Object form only: the UDP payload size and EDNS version the query's OPT record advertised
    /// (a query without one matches neither).
    public var ednsPayloadSize: UInt16?
    public var ednsVersion: UInt8?
    /// Object form only, in `queries` and `alternatives`: how long after the previous query on the wire the
    /// matching query was sent. Not part of matching: a query that matches but was sent too early or too late
    /// is a timing mismatch of its own.
    public var afterMs: GapBounds?

    public init(type: DNSType? = nil, name: DNSName? = nil, below: DNSName? = nil, server: IPAddress? = nil,
                port: UInt16? = nil, transport: Transport? = nil, flags: Set<QueryFlag>? = nil, afterMs: GapBounds? = nil) {
        self.type = type
        self.name = name
        self.below = below
        self.server = server
        self.port = port
        self.transport = transport
        self.flags = flags
        self.afterMs = afterMs
    }

    /// Parses the string form: `TYPE NAME` (NAME a domain name, `*.suffix.` for any name below
    /// suffix, or `*`), then optionally `@SERVER` (`@10.0.0.1`, `@10.0.0.1:5353`,
    /// `@fd00::1`, `@[fd00::1]:5353`) and/or `udp`/`tcp`, in either order. `*` stands for any type or name.
    /// Returns a message saying what is wrong instead of a pattern.
    public static func parse(_ text: String) -> Result<QueryPattern, PatternError> {
        // Scalars, not Characters: a combining mark after a blank would glue two words into one.
        let words = text.unicodeScalars.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { String(Substring($0)) }
        guard words.count >= 2 else {
            return .failure(PatternError("expected \"TYPE NAME [@SERVER] [udp|tcp]\", like \"A example.com.\""))
        }
        var pattern = QueryPattern()
        if words[0] != "*" {
            guard let type = DNSType(scenarioText: words[0]) else {
                return .failure(PatternError("unknown record type \(words[0].quotedForMessage)"))
            }
            pattern.type = type
        }
        if let problem = pattern.setName(words[1]) { return .failure(PatternError(problem)) }
        for word in words.dropFirst(2) {
            if word.hasPrefix("@") {
                guard pattern.server == nil else { return .failure(PatternError("more than one @SERVER")) }
                guard let (address, port) = parseServer(String(word.dropFirst())) else {
                    return .failure(PatternError("\(word.quotedForMessage) is not @ADDRESS or @ADDRESS:PORT"))
                }
                pattern.server = address
                pattern.port = port
            } else if let transport = Transport(rawValue: word.lowercased()) {
                guard pattern.transport == nil else { return .failure(PatternError("more than one transport")) }
                pattern.transport = transport
            } else {
                return .failure(PatternError("unexpected \(word.quotedForMessage): after TYPE NAME only @SERVER and udp/tcp may follow"))
            }
        }
        return .success(pattern)
    }

    /// `10.0.0.1`, `10.0.0.1:53`, `fd00::1`, `[fd00::1]:53`.
    public static func parseServer(_ text: String) -> (IPAddress, UInt16?)? {
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"),
                  let address = IPAddress(String(text[text.index(after: text.startIndex)..<close])) else { return nil }
            let rest = text[text.index(after: close)...]
            if rest.isEmpty { return (address, nil) }
            guard rest.hasPrefix(":"), let port = UInt16(rest.dropFirst()), port > 0 else { return nil }
            return (address, port)
        }
        if let address = IPAddress(text) { return (address, nil) }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPAddress(String(parts[0])), case .v4 = address,
              let port = UInt16(parts[1]), port > 0 else { return nil }
        return (address, port)
    }

    /// `10.0.0.1`, `10.0.0.1:5353`, `fd00::1`, `[fd00::1]:5353`: a server as both forms write it.
    public static func serverText(_ address: IPAddress, port: UInt16?) -> String {
        switch (address, port) {
        case (_, nil): "\(address)"
        case (.v4, let port?): "\(address):\(port)"
        case (.v6, let port?): "[\(address)]:\(port)"
        }
    }

    /// The string form, as `record` writes it and reports print it.
    public var description: String {
        var text = "\(type?.description ?? "*") \(nameText)"
        if let server { text += " @" + Self.serverText(server, port: port) }
        if let transport { text += " \(transport.rawValue)" }
        if let flags { text += " [" + flags.map(\.rawValue).sorted().joined(separator: " ") + "]" }
        if let ednsPayloadSize { text += " ednsPayloadSize=\(ednsPayloadSize)" }
        if let ednsVersion { text += " ednsVersion=\(ednsVersion)" }
        return text
    }

    /// Sets `name` or `below` from the NAME part as both forms write it (`*`, a domain name or
    /// `*.suffix.`); returns why `text` is none of them instead.
    public mutating func setName(_ text: String) -> String? {
        guard text != "*" else { return nil }
        switch NamePattern(text) {
        case .exact(let exact)?: name = exact
        case .below(let suffix)?: below = suffix
        case nil:
            return text.unicodeScalars.contains("*")
                ? "\(text.quotedForMessage) is not a name pattern (a name, *.suffix. or *)"
                : "\(text.quotedForMessage) is not a valid domain name"
        }
        return nil
    }

    /// The name part as written: the name, `*.suffix.` or `*`.
    public var nameText: String {
        if let name { return name.description }
        if let below { return NamePattern.below(below).description }
        return "*"
    }

    public struct PatternError: Error, Sendable {
        public var message: String
        init(_ message: String) { self.message = message }
    }
}

/// What a query asked for in its header and OPT record.
public enum QueryFlag: String, CaseIterable, Sendable, Hashable {
    /// Recursion desired.
    case rd
    /// Authentic data: set by glibc with `options trust-ad` (RFC 6840 5.7).
    case ad
    /// Checking disabled.
    case cd
    /// An OPT record is present (`options edns0`).
    case edns0
    /// DNSSEC OK in the OPT record.
    case `do`
}
