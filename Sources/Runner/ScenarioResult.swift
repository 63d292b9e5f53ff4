import ScenarioFormat

/// How one scenario ended, and everything a report needs to explain it.
public struct ScenarioResult: Sendable {
    public enum Outcome: String, Sendable, Codable {
        case pass, fail, error, skip
    }

    /// Why a scenario is an `error`; decides the exit code (design.md, "Outcome and exit codes").
    public enum ErrorKind: String, Sendable, Codable {
        /// The file is not a valid scenario (exit 2).
        case invalid
        /// This machine cannot create the namespaces (exit 3).
        case namespaces
        /// The capture lost packets, or could not be drained.
        case capture
        case timeout
        /// The sandbox, the responder or a lookup could not be set up or run.
        case sandbox
    }

    public var path: String
    public var name: String
    public var tags: [String]
    public var outcome: Outcome
    public var errorKind: ErrorKind?
    /// For error and skip: the reason, in one or more lines.
    public var reason: String?
    /// For fail: every unmet expectation, one line each.
    public var problems: [String]
    /// The query comparison, when `expect.queries` was checked.
    public var queryDiff: [QueryDiffLine]?
    public var firstMismatch: String?
    public var observation: Observation?
    public var scenario: Scenario?
    public var durationMs: Double
    /// Which repetition this is (1-based) under `run --repeat`.
    public var iteration: Int = 1

    public init(path: String, name: String, tags: [String] = [], outcome: Outcome, errorKind: ErrorKind? = nil,
                reason: String? = nil, problems: [String] = [], queryDiff: [QueryDiffLine]? = nil,
                firstMismatch: String? = nil, observation: Observation? = nil, scenario: Scenario? = nil,
                durationMs: Double = 0) {
        self.path = path
        self.name = name
        self.tags = tags
        self.outcome = outcome
        self.errorKind = errorKind
        self.reason = reason
        self.problems = problems
        self.queryDiff = queryDiff
        self.firstMismatch = firstMismatch
        self.observation = observation
        self.scenario = scenario
        self.durationMs = durationMs
    }
}
