import DNSWire
import ScenarioFormat

/// One line of an expected-versus-observed comparison.
public enum QueryDiffLine: Sendable {
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
        /// A one-line summary of the first difference (JUnit's failure message).
        public var firstMismatch: String?
    }

    public static func match(_ expected: [QueryPattern], order: Expectation.Order, observed: [ObservedQuery]) -> Result {
        switch order {
        case .exact: exact(expected, observed)
        case .subsequence: subsequence(expected, observed)
        case .unordered: unordered(expected, observed)
        }
    }

    /// Longest common subsequence alignment: the diff shows the fewest lines as missing/unexpected,
    /// an expected line before an observed one on a tie.
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
        return Result(passed: passed, lines: lines, firstMismatch: passed ? nil : firstMismatch(lines, expected.count, observed.count))
    }

    /// Leftmost greedy matching, which finds a subsequence whenever one exists.
    static func subsequence(_ expected: [QueryPattern], _ observed: [ObservedQuery]) -> Result {
        var lines: [QueryDiffLine] = []
        var i = 0
        for query in observed {
            if i < expected.count, expected[i].matches(query) {
                lines.append(.match(expected[i], query)); i += 1
            } else {
                lines.append(.unexpected(query))
            }
        }
        let passed = i == expected.count
        for pattern in expected[i...] { lines.append(.missing(pattern)) }
        // Extra observed queries are allowed here, so only a missing one is a mismatch.
        let first = passed ? nil : "expected \(expected[i]) (query \(i + 1) of \(expected.count)) in order; it was not observed after the earlier matches"
        return Result(passed: passed, lines: lines, firstMismatch: first)
    }

    /// Maximum bipartite matching (augmenting paths): patterns with wildcards can overlap.
    static func unordered(_ expected: [QueryPattern], _ observed: [ObservedQuery]) -> Result {
        var owner = [Int?](repeating: nil, count: observed.count)   // observed index → expected index
        func augment(_ e: Int, _ seen: inout [Bool]) -> Bool {
            for o in observed.indices where !seen[o] && expected[e].matches(observed[o]) {
                seen[o] = true
                if owner[o] == nil || augment(owner[o] ?? 0, &seen) {
                    owner[o] = e
                    return true
                }
            }
            return false
        }
        for e in expected.indices {
            var seen = [Bool](repeating: false, count: observed.count)
            _ = augment(e, &seen)
        }
        var lines: [QueryDiffLine] = []
        var matched = Set<Int>()
        for (o, query) in observed.enumerated() {
            if let e = owner[o] {
                lines.append(.match(expected[e], query)); matched.insert(e)
            } else {
                lines.append(.unexpected(query))
            }
        }
        for (e, pattern) in expected.enumerated() where !matched.contains(e) { lines.append(.missing(pattern)) }
        let passed = matched.count == expected.count && expected.count == observed.count
        return Result(passed: passed, lines: lines, firstMismatch: passed ? nil : firstMismatch(lines, expected.count, observed.count))
    }

    static func firstMismatch(_ lines: [QueryDiffLine], _ expectedCount: Int, _ observedCount: Int) -> String {
        let counts = "expected \(expectedCount) queries, observed \(observedCount)"
        for line in lines {
            switch line {
            case .match: continue
            case .missing(let pattern): return "\(counts): missing \(pattern)"
            case .unexpected(let query): return "\(counts): unexpected \(query.type) \(query.name) @\(query.server) \(query.transport.rawValue)"
            }
        }
        return counts
    }
}

extension QueryPattern {
    /// True when `query` agrees with every part the pattern gives.
    public func matches(_ query: ObservedQuery) -> Bool {
        if let type, DNSType(mnemonic: query.type) != type { return false }
        if let name, (try? DNSName(query.name)) != name { return false }
        if let server, IPAddress(query.server) != server { return false }
        if let port, query.serverPort != port { return false }
        if let transport, query.transport != transport { return false }
        if let flags, Set(query.flags.compactMap(QueryFlag.init(rawValue:))) != flags { return false }
        return true
    }
}
