import Runner

extension JSONReport {
    /// The whole document.
    public struct Document: Codable, Sendable {
        public var formatVersion: Int
        public var toolVersion: String
        public var hostname: String
        /// ISO 8601, UTC, milliseconds: `2025-03-01T12:34:56.789Z`.
        public var startedAt: String
        public var durationSeconds: Double
        public var repeatCount: Int
        public var summary: SuiteReport.Counts
        /// In input order; under --repeat, iteration 1...N of each.
        public var scenarios: [ScenarioEntry]
    }

    /// One result: what ran, how it ended, and what was observed.
    public struct ScenarioEntry: Codable, Sendable {
        public var path: String
        public var name: String
        public var tags: [String]
        public var iteration: Int
        public var outcome: ScenarioResult.Outcome
        public var errorKind: ScenarioResult.ErrorKind?
        public var reason: String?
        public var problems: [String]
        public var firstMismatch: String?
        public var durationMs: Double
        /// `exact`, `subsequence` or `unordered`; nil when the scenario has no `expect.queries` (or did not load).
        public var expectedOrder: String?
        /// Expected versus observed, in the human report's order; nil when queries were not compared.
        public var queryDiff: [DiffLine]?
        /// nil when no sandbox reported back (invalid file, skip, timeout, ...); otherwise in wire order.
        public var queries: [Query]?
        public var lookups: [Lookup]?
        /// Queries the responder received that the capture lacks (a capture-loss error).
        public var lostQueries: [LostQuery]?
        public var capture: Capture?

        init(_ result: ScenarioResult) {
            path = result.path
            name = result.name
            tags = result.tags
            iteration = result.iteration
            outcome = result.outcome
            errorKind = result.errorKind
            reason = result.reason
            problems = result.problems
            firstMismatch = result.firstMismatch
            durationMs = JSONReport.rounded(result.durationMs)
            expectedOrder = result.scenario?.expect.flatMap { $0.queries == nil ? nil : $0.order.rawValue }
            let observed = result.observation?.queries ?? []
            queryDiff = result.queryDiff.map { DiffLine.lines($0, observed: observed) }
            queries = result.observation.map { $0.queries.map(Query.init) }
            lookups = result.observation.map { $0.lookups.map(Lookup.init) }
            lostQueries = result.observation.map { $0.lost.map(LostQuery.init) }
            capture = result.observation?.capture.map(Capture.init)
        }

        public func encode(to encoder: any Encoder) throws {
            // Written out so absent values appear as null: every scenario object has the same keys.
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(path, forKey: .path)
            try c.encode(name, forKey: .name)
            try c.encode(tags, forKey: .tags)
            try c.encode(iteration, forKey: .iteration)
            try c.encode(outcome, forKey: .outcome)
            try c.encode(errorKind, forKey: .errorKind)
            try c.encode(reason, forKey: .reason)
            try c.encode(problems, forKey: .problems)
            try c.encode(firstMismatch, forKey: .firstMismatch)
            try c.encode(durationMs, forKey: .durationMs)
            try c.encode(expectedOrder, forKey: .expectedOrder)
            try c.encode(queryDiff, forKey: .queryDiff)
            try c.encode(queries, forKey: .queries)
            try c.encode(lookups, forKey: .lookups)
            try c.encode(lostQueries, forKey: .lostQueries)
            try c.encode(capture, forKey: .capture)
        }
    }

    /// One line of the expected-versus-observed comparison.
    public struct DiffLine: Codable, Sendable, Hashable {
        public enum Status: String, Codable, Sendable {
            case match, missing, unexpected
        }
        public var status: Status
        /// The expected query as written in the scenario's string form (`AAAA x. @10.96.0.10 tcp`); nil for `unexpected`.
        public var expected: String?
        /// Index into the scenario's `queries`; nil for `missing`.
        public var observed: Int?

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(status, forKey: .status)
            try c.encode(expected, forKey: .expected)
            try c.encode(observed, forKey: .observed)
        }

        /// Each observed query appears once in a diff, in wire order: a forward cursor finds its index
        /// even when two queries are identical.
        static func lines(_ diff: [QueryDiffLine], observed: [ObservedQuery]) -> [DiffLine] {
            var cursor = 0
            func index(of query: ObservedQuery) -> Int? {
                let found = observed[cursor...].firstIndex(of: query) ?? observed.firstIndex(of: query)
                if let found { cursor = min(found + 1, observed.count) }
                return found
            }
            return diff.map { line in
                switch line {
                case .match(let pattern, let query): DiffLine(status: .match, expected: pattern.description, observed: index(of: query))
                case .missing(let pattern): DiffLine(status: .missing, expected: pattern.description, observed: nil)
                case .unexpected(let query): DiffLine(status: .unexpected, expected: nil, observed: index(of: query))
                }
            }
        }
    }
}
