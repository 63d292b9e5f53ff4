import DNSWire
import Observation
import ScenarioFormat

/// One line of an expected-versus-observed comparison.
public enum QueryDiffLine: Sendable, Hashable {
    case match(QueryPattern, ObservedQuery)
    /// Expected, not observed.
    case missing(QueryPattern)
    /// Observed, not expected (or not at this position).
    case unexpected(ObservedQuery)
}

/// Compares `expect.queries` with the observed sequence under `order`.
public enum QueryMatcher {
    public struct Result: Sendable {
        public var passed: Bool
        public var lines: [QueryDiffLine]
        /// The first difference, when it did not pass.
        public var mismatch: QueryMismatch?
    }

    public static func match(_ expected: [QueryPattern], order: Expectation.Order, observed: [ObservedQuery]) -> Result {
        switch order {
        case .exact: exact(expected, observed)
        case .subsequence: subsequence(expected, observed)
        case .unordered: unordered(expected, observed)
        }
    }

    /// Shortest edit script: the diff shows the fewest lines as missing/unexpected, an expected line
    /// before an observed one on a tie.
    static func exact(_ expected: [QueryPattern], _ observed: [ObservedQuery]) -> Result {
        let alignment = SequenceAlignment.align(expected.count, observed.count) { expected[$0].matches(observed[$1]) }
        let lines: [QueryDiffLine] = alignment.steps.map { step in
            switch step {
            case let .both(i, j): .match(expected[i], observed[j])
            case .onlyFirst(let i): .missing(expected[i])
            case .onlySecond(let j): .unexpected(observed[j])
            }
        }
        let passed = expected.count == observed.count && alignment.common == expected.count
        return Result(passed: passed, lines: lines,
                      mismatch: passed ? nil : firstDifference(lines, order: .exact, expected.count, observed.count))
    }

    /// Leftmost greedy matching, which finds a subsequence whenever one exists.
    static func subsequence(_ expected: [QueryPattern], _ observed: [ObservedQuery]) -> Result {
        var lines: [QueryDiffLine] = []
        var i = 0
        for query in observed {
            if i < expected.count, expected[i].matches(query) {
                lines.append(.match(expected[i], query))
                i += 1
            } else {
                lines.append(.unexpected(query))
            }
        }
        let passed = i == expected.count
        for pattern in expected[i...] { lines.append(.missing(pattern)) }
        // Extra observed queries are allowed here, so only a missing one is a mismatch.
        let mismatch = passed ? nil : QueryMismatch(order: .subsequence, expectedCount: expected.count,
                                                   observedCount: observed.count, difference: .missing(expected[i], position: i))
        return Result(passed: passed, lines: lines, mismatch: mismatch)
    }

    /// Maximum bipartite matching: patterns with wildcards can overlap, so a greedy pass is
    /// followed by augmenting paths for whatever it left unmatched.
    static func unordered(_ expected: [QueryPattern], _ observed: [ObservedQuery]) -> Result {
        var owner = [Int?](repeating: nil, count: observed.count)   // observed index → expected index
        var assigned = [Int?](repeating: nil, count: expected.count)
        // Greedy: concrete patterns find their candidates through an index by type and name.
        var byKey: [QueryKey: [Int]] = [:]
        for (index, query) in observed.enumerated() { byKey[QueryKey(query), default: []].append(index) }
        for (e, pattern) in expected.enumerated() {
            let candidates = pattern.type != nil && pattern.name != nil
                ? byKey[QueryKey(type: pattern.type, name: pattern.name)] ?? [] : Array(observed.indices)
            if let o = candidates.first(where: { owner[$0] == nil && pattern.matches(observed[$0]) }) {
                owner[o] = e
                assigned[e] = o
            }
        }
        func augment(_ e: Int, _ seen: inout [Bool]) -> Bool {
            for o in observed.indices where !seen[o] && expected[e].matches(observed[o]) {
                seen[o] = true
                if let current = owner[o] {
                    guard augment(current, &seen) else { continue }
                }
                owner[o] = e
                assigned[e] = o
                return true
            }
            return false
        }
        for e in expected.indices where assigned[e] == nil {
            var seen = [Bool](repeating: false, count: observed.count)
            _ = augment(e, &seen)
        }
        var lines: [QueryDiffLine] = []
        var matched = Set<Int>()
        for (o, query) in observed.enumerated() {
            if let e = owner[o] {
                lines.append(.match(expected[e], query))
                matched.insert(e)
            } else {
                lines.append(.unexpected(query))
            }
        }
        for (e, pattern) in expected.enumerated() where !matched.contains(e) { lines.append(.missing(pattern)) }
        let passed = matched.count == expected.count && expected.count == observed.count
        return Result(passed: passed, lines: lines,
                      mismatch: passed ? nil : firstDifference(lines, order: .unordered, expected.count, observed.count))
    }

    static func firstDifference(_ lines: [QueryDiffLine], order: Expectation.Order, _ expectedCount: Int,
                                _ observedCount: Int) -> QueryMismatch {
        var position = 0
        for line in lines {
            switch line {
            case .match:
                position += 1
            case .missing(let pattern):
                return QueryMismatch(order: order, expectedCount: expectedCount, observedCount: observedCount,
                                     difference: .missing(pattern, position: position))
            case .unexpected(let query):
                return QueryMismatch(order: order, expectedCount: expectedCount, observedCount: observedCount,
                                     difference: .unexpected(query))
            }
        }
        return QueryMismatch(order: order, expectedCount: expectedCount, observedCount: observedCount, difference: .count)
    }

    struct QueryKey: Hashable {
        var type: DNSType?
        var name: DNSName?

        init(type: DNSType?, name: DNSName?) {
            self.type = type
            self.name = name
        }

        init(_ query: ObservedQuery) {
            self.init(type: query.type, name: query.name)
        }
    }
}

extension QueryPattern {
    /// True when `query` agrees with every part the pattern gives.
    public func matches(_ query: ObservedQuery) -> Bool {
        if let type, query.type != type { return false }
        if let name, query.name != name { return false }
        if let below {
            guard let asked = query.name, NamePattern.below(below).matches(asked) else { return false }
        }
        if let server, query.query.server.address != server { return false }
        if let port, query.query.server.port != port { return false }
        if let transport, query.query.transport != transport { return false }
        if let flags, query.queryFlags != flags { return false }
        return true
    }
}

extension ObservedQuery {
    /// The header and EDNS flags a query carried, as `expect.queries` names them.
    public var queryFlags: Set<QueryFlag> {
        var flags = Set<QueryFlag>()
        let header = query.message.flags
        if header.contains(.rd) { flags.insert(.rd) }
        if header.contains(.ad) { flags.insert(.ad) }
        if header.contains(.cd) { flags.insert(.cd) }
        if let edns = query.message.edns {
            flags.insert(.edns0)
            if edns.dnssecOK { flags.insert(.do) }
        }
        return flags
    }
}
