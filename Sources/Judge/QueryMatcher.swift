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

/// Compares `expect.queries` (or one of `expect.alternatives`) with the observed sequence under `order`.
public enum QueryMatcher {
    public struct Result: Sendable {
        /// The sequence matched and every `afterMs` held.
        public var passed: Bool
        public var lines: [QueryDiffLine]
        /// The first difference in the sequence, when there is one.
        public var mismatch: QueryMismatch?
        /// Matched queries sent too early or too late after the query before them, in wire order.
        public var timing: [TimingMismatch]
        /// How far the observation is from this list: the diff's lines that break the order (missing ones,
        /// and unexpected ones except under `subsequence`), plus the timing mismatches. 0 when it passed.
        public var distance: Int
    }

    /// A flat list: each pattern a step of its own.
    public static func match(_ expected: [QueryPattern], order: Expectation.Order, observed: [ObservedQuery]) -> Result {
        match(expected.map(QueryStep.query), order: order, observed: observed)
    }

    /// Groups keep their place among the steps, their queries in any order among themselves; under `unordered`
    /// (where the decoder refuses groups) every pattern stands alone.
    public static func match(_ expected: [QueryStep], order: Expectation.Order, observed: [ObservedQuery]) -> Result {
        let steps = Steps(expected)
        let pairs: [Pair] = switch order {
        case .exact: exact(steps, observed)
        case .subsequence: subsequence(steps, observed)
        case .unordered: unordered(steps.patterns, observed)
        }
        return result(pairs, steps: steps, order: order, observed: observed)
    }

    /// Of several alternatives, the first that passes, or else the closest: the smallest `distance`, the
    /// first written on a tie. nil for no alternatives.
    public static func closest(_ alternatives: [[QueryStep]], order: Expectation.Order,
                               observed: [ObservedQuery]) -> (index: Int, result: Result)? {
        var best: (index: Int, result: Result)?
        for (index, alternative) in alternatives.enumerated() {
            let result = match(alternative, order: order, observed: observed)
            if result.passed { return (index, result) }
            if best.map({ result.distance < $0.result.distance }) ?? true { best = (index, result) }
        }
        return best
    }

    /// The expected list flattened: pattern `i` belongs to step `step[i]`.
    struct Steps {
        var patterns: [QueryPattern] = []
        var step: [Int] = []
        /// Each step's flat indices.
        var members: [Range<Int>] = []
        var isGroup: [Bool] = []

        init(_ steps: [QueryStep]) {
            for (index, element) in steps.enumerated() {
                let start = patterns.count
                patterns += element.patterns
                step += Array(repeating: index, count: element.patterns.count)
                members.append(start..<patterns.count)
                isGroup.append(element.isGroup)
            }
        }

        /// The group pattern `i` belongs to, as its index in the expected list; nil for a query of its own.
        func group(of i: Int) -> Int? { isGroup[step[i]] ? step[i] : nil }
    }

    /// One line of the comparison by index: both for a match, one side only for a difference.
    struct Pair {
        var expected: Int?
        var observed: Int?
        /// For an unexpected query: the group whose place it took, when it took one.
        var inGroup: Int?
    }

    /// Shortest edit script in which a query may take the place of any pattern of its step's group; then each
    /// group's queries are given to its patterns by a maximum matching, and whatever stays unpaired is a
    /// difference at the group's place. Without groups this is the plain shortest edit script: the diff shows
    /// the fewest lines as missing/unexpected, an expected line before an observed one on a tie.
    static func exact(_ steps: Steps, _ observed: [ObservedQuery]) -> [Pair] {
        let expected = steps.patterns
        let alignment = SequenceAlignment.align(expected.count, observed.count) { i, j in
            steps.isGroup[steps.step[i]]
                ? steps.members[steps.step[i]].contains { expected[$0].matches(observed[j]) }
                : expected[i].matches(observed[j])
        }
        // Each group's queries, in wire order, and which of its patterns each one gets.
        var groupQueries: [Int: [Int]] = [:]
        for case let .both(i, j) in alignment.steps where steps.isGroup[steps.step[i]] { groupQueries[steps.step[i], default: []].append(j) }
        var patternOf: [Int: Int] = [:]   // observed index → flat pattern index
        var assigned = Set<Int>()
        for (group, queries) in groupQueries {
            let members = Array(steps.members[group])
            let matching = maximumMatching(patterns: members.map { expected[$0] }, queries: queries.map { observed[$0] })
            for (position, query) in queries.enumerated() {
                if let member = matching[position] {
                    patternOf[query] = members[member]
                    assigned.insert(members[member])
                }
            }
        }
        var pairs: [Pair] = []
        for step in alignment.steps {
            let flat: Int?
            switch step {
            case let .both(i, j):
                flat = i
                if !steps.isGroup[steps.step[i]] {
                    pairs.append(Pair(expected: i, observed: j))
                } else if let pattern = patternOf[j] {
                    pairs.append(Pair(expected: pattern, observed: j))
                } else {
                    pairs.append(Pair(expected: nil, observed: j, inGroup: steps.step[i]))
                }
            case .onlyFirst(let i):
                flat = i
                if !steps.isGroup[steps.step[i]] { pairs.append(Pair(expected: i, observed: nil)) }
            case .onlySecond(let j):
                flat = nil
                pairs.append(Pair(expected: nil, observed: j))
            }
            // After a group's last place: its patterns no query was given to.
            if let i = flat, steps.isGroup[steps.step[i]], i == steps.members[steps.step[i]].upperBound - 1 {
                for member in steps.members[steps.step[i]] where !assigned.contains(member) {
                    pairs.append(Pair(expected: member, observed: nil))
                }
            }
        }
        return pairs
    }

    /// Leftmost greedy matching, step by step: a query takes the first matching query after the previous
    /// step's; a group is complete at the earliest query by which all its patterns can be given one (a
    /// matching grown one query at a time). This finds a subsequence whenever one exists.
    static func subsequence(_ steps: Steps, _ observed: [ObservedQuery]) -> [Pair] {
        let expected = steps.patterns
        var patternOf = [Int?](repeating: nil, count: observed.count)
        var cursor = 0
        var failed: (step: Int, assigned: Set<Int>)?
        for (index, members) in steps.members.enumerated() {
            var matching = GrowingMatching(patterns: Array(members), expected: expected)
            var j = cursor
            while j < observed.count, !matching.complete {
                matching.add(j, observed[j])
                j += 1
            }
            for (query, member) in matching.patternOf { patternOf[query] = member }
            guard matching.complete else {
                failed = (index, Set(matching.patternOf.values))
                break
            }
            cursor = j
        }
        var pairs = observed.indices.map { Pair(expected: patternOf[$0], observed: $0) }
        if let failed {
            for member in steps.members[failed.step] where !failed.assigned.contains(member) {
                pairs.append(Pair(expected: member, observed: nil))
            }
            for member in steps.members.dropFirst(failed.step + 1).joined() { pairs.append(Pair(expected: member, observed: nil)) }
        }
        return pairs
    }

    /// Maximum bipartite matching: patterns with wildcards can overlap, so a greedy pass is
    /// followed by augmenting paths for whatever it left unmatched.
    static func unordered(_ expected: [QueryPattern], _ observed: [ObservedQuery]) -> [Pair] {
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
        var pairs = observed.indices.map { Pair(expected: owner[$0], observed: $0) }
        for e in expected.indices where assigned[e] == nil { pairs.append(Pair(expected: e, observed: nil)) }
        return pairs
    }

    /// For each query (in order), the index of the pattern it is given in a maximum matching, or nil.
    static func maximumMatching(patterns: [QueryPattern], queries: [ObservedQuery]) -> [Int?] {
        var matching = GrowingMatching(patterns: Array(patterns.indices), expected: patterns)
        for (index, query) in queries.enumerated() { matching.add(index, query) }
        return queries.indices.map { matching.patternOf[$0] }
    }

    /// A bipartite matching of queries to patterns grown one query at a time along augmenting paths, so that
    /// after each query it is maximum for the queries so far (Kuhn's algorithm, query side first).
    struct GrowingMatching {
        /// The patterns' indices into `expected`.
        let patterns: [Int]
        let expected: [QueryPattern]
        /// Query index → index into `expected`.
        private(set) var patternOf: [Int: Int] = [:]
        private var queryOf: [Int: Int] = [:]
        private var queries: [Int: ObservedQuery] = [:]

        init(patterns: [Int], expected: [QueryPattern]) {
            self.patterns = patterns
            self.expected = expected
        }

        var complete: Bool { queryOf.count == patterns.count }

        mutating func add(_ index: Int, _ query: ObservedQuery) {
            queries[index] = query
            var seen = Set<Int>()
            _ = augment(index, &seen)
        }

        private mutating func augment(_ query: Int, _ seen: inout Set<Int>) -> Bool {
            guard let observed = queries[query] else { return false }
            for pattern in patterns where !seen.contains(pattern) && expected[pattern].matches(observed) {
                seen.insert(pattern)
                if let holder = queryOf[pattern] {
                    guard augment(holder, &seen) else { continue }
                }
                queryOf[pattern] = query
                patternOf[query] = pattern
                return true
            }
            return false
        }
    }

    /// Lines, the first difference, the timing checks and the distance from the pairs.
    static func result(_ pairs: [Pair], steps: Steps, order: Expectation.Order, observed: [ObservedQuery]) -> Result {
        let expected = steps.patterns
        var lines: [QueryDiffLine] = []
        var mismatch: QueryMismatch?
        var matches = 0
        var differences = 0
        var timing: [TimingMismatch] = []
        for pair in pairs {
            switch (pair.expected, pair.observed) {
            case let (e?, o?):
                lines.append(.match(expected[e], observed[o]))
                matches += 1
                if let bounds = expected[e].afterMs {
                    let gap = o == 0 ? nil : Double(observed[o].query.at - observed[o - 1].query.at) / 1000
                    if gap.map({ !bounds.allows($0) }) ?? true {
                        timing.append(TimingMismatch(pattern: expected[e], query: observed[o],
                                                     previous: o == 0 ? nil : observed[o - 1], gapMs: gap))
                    }
                }
            case let (e?, nil):
                lines.append(.missing(expected[e]))
                differences += 1
                if mismatch == nil {
                    // Under subsequence the position is the pattern's place in the list ("query 3 of 5").
                    let position = order == .subsequence ? e : matches
                    mismatch = QueryMismatch(order: order, expectedCount: expected.count, observedCount: observed.count,
                                             difference: .missing(expected[e], position: position), group: steps.group(of: e))
                }
            case let (nil, o?):
                lines.append(.unexpected(observed[o]))
                // Extra observed queries are allowed under subsequence: no difference.
                if order != .subsequence {
                    differences += 1
                    if mismatch == nil {
                        mismatch = QueryMismatch(order: order, expectedCount: expected.count, observedCount: observed.count,
                                                 difference: .unexpected(observed[o]), group: pair.inGroup)
                    }
                }
            case (nil, nil):
                break
            }
        }
        if mismatch == nil, order != .subsequence, expected.count != observed.count {
            mismatch = QueryMismatch(order: order, expectedCount: expected.count, observedCount: observed.count, difference: .count)
        }
        return Result(passed: mismatch == nil && timing.isEmpty, lines: lines, mismatch: mismatch, timing: timing,
                      distance: differences + timing.count)
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
        if let ednsPayloadSize, query.query.message.edns?.payloadSize != ednsPayloadSize { return false }
        if let ednsVersion, query.query.message.edns?.version != ednsVersion { return false }
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
