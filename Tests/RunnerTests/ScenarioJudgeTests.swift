import DNSWire
@testable import Responder
@testable import Runner
import ScenarioFormat
import Testing

/// From an observation to pass, fail or error (design.md, "Outcome and exit codes").
@Suite("ScenarioJudge")
struct ScenarioJudgeTests {
    static let lookup = Lookup(kind: .getaddrinfo(host: "a.example", family: .inet, flags: [], service: nil),
                               expect: LookupExpectation(addresses: [.v4(IPv4Address(192, 0, 2, 1))]))

    /// One lookup of `a.example` expecting 192.0.2.1, and the queries `A a.example.`, `AAAA a.example.`.
    static let scenario = Scenario(name: "judge", tags: ["unit"], resolvConf: "nameserver 10.96.0.10\n",
                                   lookups: [lookup],
                                   expect: Expectation(queries: patterns("A a.example.", "AAAA a.example."), order: .exact))

    static let base = ScenarioResult(path: "judge.json", name: "judge", tags: ["unit"], outcome: .error, scenario: scenario)

    /// Everything as expected: both queries, and the lookup got 192.0.2.1.
    static func goodObservation() -> Observation {
        var observation = Observation()
        observation.queries = [observed("A", "a.example.", id: 1), observed("AAAA", "a.example.", id: 2)]
        observation.received = [received("A", "a.example.", id: 1), received("AAAA", "a.example.", id: 2)]
        var result = LookupResult(label: lookup.label, startOffsetMs: 0, durationMs: 3)
        result.addresses = ["192.0.2.1"]
        observation.lookups = [result]
        return observation
    }

    static func judge(_ observation: Observation, scenario: Scenario = scenario) -> ScenarioResult {
        ScenarioJudge.judge(scenario, observation: observation, into: base)
    }

    @Test func allGoodPasses() {
        let result = Self.judge(Self.goodObservation())
        #expect(result.outcome == .pass)
        #expect(result.errorKind == nil)
        #expect(result.reason == nil)
        #expect(result.problems.isEmpty)
        #expect(result.firstMismatch == nil)
        #expect(result.queryDiff.map(render) == ["  A a.example.", "  AAAA a.example."])
        #expect(result.observation != nil)
        #expect(result.name == "judge")
    }

    @Test(arguments: [
        (Observation.SetupFailure.Kind.namespaces, ScenarioResult.ErrorKind.namespaces),
        (.sandbox, .sandbox),
        (.responder, .sandbox),
        (.capture, .capture),
        (.drain, .capture),
    ])
    func aSetupFailureIsAnError(_ kind: Observation.SetupFailure.Kind, _ errorKind: ScenarioResult.ErrorKind) {
        // Even with an otherwise perfect observation: nothing was judged.
        var observation = Self.goodObservation()
        observation.setupFailure = Observation.SetupFailure(kind: kind, message: "it broke: \(kind.rawValue)")
        let result = Self.judge(observation)
        #expect(result.outcome == .error)
        #expect(result.errorKind == errorKind)
        #expect(result.reason == "it broke: \(kind.rawValue)")
    }

    @Test func lostQueriesAreACaptureError() throws {
        var observation = Self.goodObservation()
        observation.queries.removeLast()
        observation.lost = [received("AAAA", "a.example.", id: 2)]
        let result = Self.judge(observation)
        #expect(result.outcome == .error)
        #expect(result.errorKind == .capture)
        let reason = try #require(result.reason)
        #expect(reason.contains("AAAA a.example. @10.96.0.10 udp"), "\(reason)")
        #expect(reason.contains("id 2"), "\(reason)")
    }

    @Test func anIncompleteTCPStreamIsACaptureError() throws {
        var observation = Self.goodObservation()
        observation.incompleteStreams = ["10.0.0.2:40001 → 10.96.0.10:53"]
        let result = Self.judge(observation)
        #expect(result.outcome == .error)
        #expect(result.errorKind == .capture)
        let reason = try #require(result.reason)
        #expect(reason.contains("10.0.0.2:40001 → 10.96.0.10:53"), "\(reason)")
    }

    @Test func aLookupThatCouldNotRunIsAnError() throws {
        var observation = Self.goodObservation()
        observation.lookups[0].failure = "cannot start getent: No such file or directory"
        let result = Self.judge(observation)
        #expect(result.outcome == .error)
        #expect(result.errorKind == .sandbox)
        let reason = try #require(result.reason)
        #expect(reason.contains("lookups[0]"), "\(reason)")
        #expect(reason.contains("cannot start getent"), "\(reason)")
    }

    @Test func aLookupWithoutAResultIsAnErrorNotAPass() {
        // Its expectation could not be checked, so the scenario cannot be judged.
        var observation = Self.goodObservation()
        observation.lookups = []
        let result = Self.judge(observation)
        #expect(result.outcome == .error)
        #expect(result.errorKind == .sandbox)
        #expect(result.reason?.contains("lookups[0]") == true)
    }

    @Test func mismatchedQueriesFail() throws {
        var observation = Self.goodObservation()
        observation.queries = [observed("A", "a.example.", id: 1)]
        observation.received = [received("A", "a.example.", id: 1)]
        let result = Self.judge(observation)
        #expect(result.outcome == .fail)
        #expect(result.errorKind == nil)
        try #require(result.problems.count == 1)
        #expect(result.problems[0].contains("missing AAAA a.example."), "\(result.problems[0])")
        #expect(result.firstMismatch?.contains("missing AAAA a.example.") == true)
        #expect(result.queryDiff.map(render) == ["  A a.example.", "- AAAA a.example."])
    }

    @Test func theScenarioOrderIsUsed() {
        var observation = Self.goodObservation()
        observation.queries.reverse()
        #expect(Self.judge(observation).outcome == .fail)
        var unordered = Self.scenario
        unordered.expect?.order = .unordered
        #expect(Self.judge(observation, scenario: unordered).outcome == .pass)
    }

    @Test func anUnmetLookupExpectationFails() throws {
        var observation = Self.goodObservation()
        observation.lookups[0].addresses = nil
        observation.lookups[0].error = "EAI_NONAME"
        let result = Self.judge(observation)
        #expect(result.outcome == .fail)
        try #require(result.problems.count == 1)
        #expect(result.problems[0].hasPrefix("lookups[0] getaddrinfo a.example: "), "\(result.problems[0])")
        #expect(result.firstMismatch == result.problems[0])
    }

    @Test func queryAndLookupProblemsAreAllReported() {
        var observation = Self.goodObservation()
        observation.queries = []
        observation.lookups[0].addresses = ["192.0.2.2"]
        let result = Self.judge(observation)
        #expect(result.outcome == .fail)
        #expect(result.problems.count == 2)
    }

    @Test func withoutExpectedQueriesOnlyLookupsAreChecked() {
        var scenario = Self.scenario
        scenario.expect = nil
        var observation = Self.goodObservation()
        observation.queries.append(observed("TXT", "anything.example."))
        let result = Self.judge(observation, scenario: scenario)
        #expect(result.outcome == .pass)
        #expect(result.queryDiff == nil)
    }
}
