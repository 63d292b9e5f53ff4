import FoundationEssentials
import Glibc
import Judge
import Runner
import SystemCalls

/// Everything a report needs about one `resolvlab run`: the results and the run around them.
public struct SuiteReport: Sendable {
    /// In input order; under `--repeat N`, each scenario's result for iteration 1...N.
    public var results: [ScenarioResult]
    public var startedAt: Date
    public var durationSeconds: Double
    /// The `--repeat` count; above 1, reports tell iterations apart (`name #2`, `-run2.pcap`).
    public var repeatCount: Int
    public var toolVersion: String
    /// The machine the scenarios ran on (JUnit's required `hostname`).
    public var hostname: String
    /// `SIGINT` or `SIGTERM` when the run was interrupted before every scenario finished.
    public var interruptedBy: String?

    public init(results: [ScenarioResult], startedAt: Date, durationSeconds: Double, repeatCount: Int = 1,
                toolVersion: String, hostname: String = SuiteReport.currentHostname(), interruptedBy: Int32? = nil) {
        self.interruptedBy = interruptedBy.map { SignalName.name($0) ?? "signal \($0)" }
        self.results = results
        self.startedAt = startedAt
        self.durationSeconds = durationSeconds
        self.repeatCount = repeatCount
        self.toolVersion = toolVersion
        self.hostname = hostname
    }

    /// How many results ended each way.
    public struct Counts: Sendable, Hashable, Codable {
        public var total: Int
        public var passed: Int
        public var failed: Int
        public var errors: Int
        public var skipped: Int

        public init(_ results: [ScenarioResult]) {
            let count = { (outcome: Outcome) in results.filter { $0.outcome == outcome }.count }
            self.init(total: results.count, passed: count(.pass), failed: count(.fail), errors: count(.error),
                      skipped: count(.skip))
        }

        public init(total: Int, passed: Int, failed: Int, errors: Int, skipped: Int) {
            self.total = total
            self.passed = passed
            self.failed = failed
            self.errors = errors
            self.skipped = skipped
        }
    }

    public var counts: Counts { Counts(results) }

    /// True when iterations must be told apart in names.
    public var isRepeated: Bool { repeatCount > 1 }

    /// The scenario's name, with ` [client]` for a client's run and ` #N` under `--repeat`, so every run
    /// has its own test name.
    public func displayName(of result: ScenarioResult) -> String {
        let name = result.client.map { "\(result.name) [\($0.rawValue)]" } ?? result.name
        return isRepeated ? "\(name) #\(result.iteration)" : name
    }

    /// This machine's host name, or `localhost` when it has none (what JUnit consumers expect then).
    /// Uses gethostname(2) rather than Foundation's, which may ask DNS.
    public static func currentHostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name
    }
}
