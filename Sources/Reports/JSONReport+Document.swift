import Capture
import DNSWire
import Judge
import Observation
import Runner
import ScenarioFormat
import SystemCalls

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
        /// `SIGINT` or `SIGTERM` when the run was interrupted.
        @Null public var interrupted: String?
        public var summary: SuiteReport.Counts
        /// In input order; under --repeat, iteration 1...N of each.
        public var scenarios: [ScenarioEntry]
    }

    /// One result: what ran, how it ended, and what was observed.
    public struct ScenarioEntry: Codable, Sendable {
        public var path: String
        public var name: String
        /// The client the built-in lookups ran under (`clients`); null for a scenario that names none.
        @Null public var client: String?
        public var tags: [String]
        public var iteration: Int
        public var outcome: String
        /// `invalid`, `namespaces`, `capture`, `sandbox`, `timeout`, `interrupted`.
        @Null public var errorKind: String?
        /// An error's or a skip's reason, in full.
        @Null public var reason: String?
        /// Every unmet expectation, as the human report says it.
        public var problems: [String]
        @Null public var firstMismatch: String?
        /// The same as data.
        public var mismatches: [MismatchEntry]
        public var durationMs: Double
        /// `exact`, `subsequence` or `unordered`; nil when the scenario has no `expect.queries` or `expect.alternatives`.
        @Null public var expectedOrder: String?
        /// Under `expect.alternatives`: which one `queryDiff` compares with (1-based), the one that matched or else
        /// the closest; nil otherwise.
        @Null public var expectedAlternative: Int?
        /// How many alternatives there are; nil without `expect.alternatives`.
        @Null public var alternativeCount: Int?
        @Null public var queryDiff: [DiffLine]?
        /// nil when no sandbox reported back; otherwise in wire order.
        @Null public var queries: [Query]?
        @Null public var unmatchedReplies: [Reply]?
        @Null public var lookups: [Lookup]?
        @Null public var lostQueries: [LostQueryEntry]?
        @Null public var capture: CaptureEntry?
        /// Where the capture was written (`--pcap-dir`).
        @Null public var pcap: String?

        init(_ result: ScenarioResult) {
            path = result.path
            name = result.name
            client = result.client?.rawValue
            tags = result.tags
            iteration = result.iteration
            outcome = result.outcome.rawValue
            errorKind = result.errorReason?.kind
            switch result.verdict {
            case .error(let reason): self.reason = VerdictText.describe(reason)
            case .skip(let reason): self.reason = VerdictText.describe(reason)
            default: self.reason = nil
            }
            problems = result.problemLines
            firstMismatch = result.mismatches.first.map(VerdictText.describe)
            mismatches = result.mismatches.map(MismatchEntry.init)
            durationMs = JSONReport.rounded(result.durationMs)
            expectedOrder = result.scenario?.expect.flatMap { $0.queries == nil && $0.alternatives == nil ? nil : $0.order.rawValue }
            expectedAlternative = result.queryAlternative.map { $0.index + 1 }
            alternativeCount = result.scenario?.expect?.alternatives?.count
            let observed = result.observation?.queriesInWireOrder ?? []
            queryDiff = result.queryDiff.map { DiffLine.lines($0, observed: observed) }
            if let observation = result.observation {
                queries = observed.map { Query($0, observation, daemons: result.scenario?.daemons ?? []) }
                unmatchedReplies = observation.unmatchedReplies.map { Reply($0, observation) }
                lookups = (result.scenario?.lookups ?? []).enumerated().map { index, lookup in
                    Lookup(index: index, label: lookup.label, record: observation.lookups.last { $0.index == index }, observation)
                }
                lostQueries = observation.lost.map(LostQueryEntry.init)
                capture = observation.started.map { CaptureEntry($0, observation) }
            } else {
                queries = nil
                unmatchedReplies = nil
                lookups = nil
                lostQueries = nil
                capture = nil
            }
            pcap = result.pcapPath
        }
    }

    /// One unmet expectation: `kind` says which, the other keys what was expected and what was seen.
    public struct MismatchEntry: Codable, Sendable {
        /// `queries` (also for `expect.alternatives`), `forbid` (a forbidden query was sent), `counts`, `afterMs`, or the lookup check: `addresses`, `addressSet`,
        /// `inetAddresses`, `inet6Addresses`, `names`, `error`, `canonname`, `rcode`, `answerCount`, `authenticData`, `exitCode`,
        /// `stdoutContains`, `stderrContains`, `stdoutLacks`, `stderrLacks`, `stdoutMatches`,
        /// `stderrMatches`, `minMs`, `maxMs`.
        public var kind: String
        @Null public var lookup: Int?
        /// What the expectation asked for, in the scenario's own text.
        @Null public var expected: String?
        /// What was observed instead.
        @Null public var observed: String?
        public var message: String

        init(_ mismatch: Mismatch) {
            message = VerdictText.describe(mismatch)
            switch mismatch {
            case .queries(let queries):
                kind = "queries"
                lookup = nil
                switch queries.difference {
                case .missing(let pattern, _): expected = pattern.description; observed = nil
                case .unexpected(let query): expected = nil; observed = QueryText.short(query)
                case .count: expected = "\(queries.expectedCount)"; observed = "\(queries.observedCount)"
                }
            case let .forbidden(pattern, query):
                kind = "forbid"
                lookup = nil
                expected = pattern.description
                observed = QueryText.short(query)
            case let .count(count, matching):
                kind = "counts"
                lookup = nil
                expected = "\(count.pattern): \(count.bounds)"
                observed = "\(matching)"
            case .timing(let timing):
                kind = "afterMs"
                lookup = nil
                expected = "\(timing.pattern): \(timing.bounds)"
                observed = timing.gapMs.map { "\(JSONReport.rounded($0))" }
            case let .lookup(index, _, check):
                lookup = index
                switch check {
                case let .addresses(want, got, error):
                    kind = "addresses"
                    expected = want.map(\.description).joined(separator: " ")
                    observed = error?.description ?? got.map { $0.map(\.description).joined(separator: " ") }
                case let .addressSet(want, got, error):
                    kind = "addressSet"
                    expected = want.map(\.description).joined(separator: " ")
                    observed = error?.description ?? got.map { $0.map(\.description).joined(separator: " ") }
                case let .familyAddresses(family, want, got, error):
                    kind = family == .inet ? "inetAddresses" : "inet6Addresses"
                    expected = want.map(\.description).joined(separator: " ")
                    observed = error?.description ?? got.map { $0.map(\.description).joined(separator: " ") }
                case let .names(want, got, error):
                    kind = "names"
                    expected = want.joined(separator: " ")
                    observed = error?.description ?? got.map { $0.joined(separator: " ") }
                case let .authenticData(want, got): kind = "authenticData"; expected = "\(want)"; observed = got.map { "\($0)" }
                case let .error(want, got, addresses):
                    kind = "error"
                    expected = want
                    observed = got?.description ?? addresses.map { $0.map(\.description).joined(separator: " ") }
                case let .canonname(want, got): kind = "canonname"; expected = want; observed = got
                case let .rcode(want, got): kind = "rcode"; expected = want.description; observed = got
                case let .answerCount(want, got): kind = "answerCount"; expected = "\(want)"; observed = got.map { "\($0)" }
                case let .exitCode(want, got, timedOut):
                    kind = "exitCode"
                    expected = "\(want)"
                    observed = timedOut ? "timed out" : got?.description
                case let .outputContains(stream, needle, _): kind = "\(stream.rawValue)Contains"; expected = needle; observed = nil
                case let .outputLacks(stream, needle): kind = "\(stream.rawValue)Lacks"; expected = needle; observed = nil
                case let .outputMatches(stream, pattern, _): kind = "\(stream.rawValue)Matches"; expected = pattern.source; observed = nil
                case let .tookLess(minimum, took): kind = "minMs"; expected = "\(minimum)"; observed = "\(JSONReport.rounded(took))"
                case let .tookMore(maximum, took): kind = "maxMs"; expected = "\(maximum)"; observed = "\(JSONReport.rounded(took))"
                }
            }
        }
    }

    /// One line of the expected-versus-observed comparison.
    public struct DiffLine: Codable, Sendable, Hashable {
        public enum Status: String, Codable, Sendable {
            case match, missing, unexpected
        }
        public var status: Status
        /// The expected query as written in the scenario's string form; nil for `unexpected`.
        @Null public var expected: String?
        /// Index into the scenario's `queries`; nil for `missing`.
        @Null public var observed: Int?

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
