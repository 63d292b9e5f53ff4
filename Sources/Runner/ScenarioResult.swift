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
    /// The query comparison, when `expect.queries` or `expect.alternatives` was checked.
    public var queryDiff: [QueryDiffLine]?
    /// Under `expect.alternatives`: the one `queryDiff` compares with.
    public var queryAlternative: AlternativeChoice?
    /// Everything the sandbox reported, up to where it stopped; nil when no sandbox ran.
    public var observation: ScenarioObservation?
    public var scenario: Scenario?
    public var durationMs: Double
    /// Which repetition this is (1-based) under `run --repeat`.
    public var iteration: Int = 1
    /// Where this scenario's capture was written (`--pcap-dir`), if it was.
    public var pcapPath: String?
    /// The observation's counts and costs; kept when the observation itself is let go.
    public var figures: ScenarioFigures?
    /// The client the scenario's built-in lookups ran under, when it names clients (`clients`,
    /// `--clients`): a scenario runs once per client, and each run is a result of its own.
    public var client: ResolverClient?

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
        self.figures = observation.map(ScenarioFigures.init)
        self.client = scenario?.client
    }

    /// This result without its observation and query comparison, which for a scenario of
    /// thousands of queries are megabytes: what a suite keeps of a pass no report will detail.
    public func slimmed() -> ScenarioResult {
        var slim = self
        slim.observation = nil
        slim.queryDiff = nil
        return slim
    }

    public var outcome: Outcome { verdict.outcome }

    public var errorReason: ErrorReason? {
        if case .error(let reason) = verdict { reason } else { nil }
    }

    public var mismatches: [Mismatch] {
        if case .fail(let mismatches) = verdict { mismatches } else { [] }
    }
}

/// What a run of a scenario cost and saw, in numbers: what `--repeat` summarises and what stays
/// of a passing result once its observation is let go.
public struct ScenarioFigures: Sendable, Hashable {
    public var queries: Int
    public var lookups: Int
    /// Frames the capture read, and packets the kernel dropped before it could.
    public var frames: Int?
    public var kernelDrops: UInt64?
    public var drainMs: Double?
    /// The sandbox process's own peak resident memory (responder, capture, in-process lookups;
    /// not the programs `exec` lookups run).
    public var sandboxPeakMemoryBytes: Int?

    public init(_ observation: ScenarioObservation) {
        queries = observation.queries.count
        lookups = observation.lookups.count
        frames = observation.statistics?.frames
        kernelDrops = observation.statistics?.kernelDrops
        drainMs = observation.finished?.drainMs
        sandboxPeakMemoryBytes = observation.finished?.peakMemoryBytes
    }
}
