import Judge
import Observation
import ScenarioFormat

/// How one scenario ended, and everything a report needs to explain it.
public struct ScenarioResult: Sendable {
    public var path: String
    /// The scenario's name, or its path when the file did not decode.
    public var name: String
    public var tags: [String]
    public var verdict: Verdict
    /// The query comparison, when `expect.queries` was checked.
    public var queryDiff: [QueryDiffLine]?
    /// Everything the sandbox reported, up to where it stopped; nil when no sandbox ran.
    public var observation: ScenarioObservation?
    public var scenario: Scenario?
    public var durationMs: Double
    /// Which repetition this is (1-based) under `run --repeat`.
    public var iteration: Int = 1
    /// Where this scenario's capture was written (`--pcap-dir`), if it was.
    public var pcapPath: String?

    public init(path: String, name: String, tags: [String] = [], verdict: Verdict, queryDiff: [QueryDiffLine]? = nil,
                observation: ScenarioObservation? = nil, scenario: Scenario? = nil, durationMs: Double = 0) {
        self.path = path
        self.name = name
        self.tags = tags
        self.verdict = verdict
        self.queryDiff = queryDiff
        self.observation = observation
        self.scenario = scenario
        self.durationMs = durationMs
    }

    public var outcome: Outcome { verdict.outcome }

    public var errorReason: ErrorReason? {
        if case .error(let reason) = verdict { reason } else { nil }
    }

    public var mismatches: [Mismatch] {
        if case .fail(let mismatches) = verdict { mismatches } else { [] }
    }
}
