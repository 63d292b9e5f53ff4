import DNSWire
@testable import Judge
import Observation
import ScenarioFormat
import ObservationTestSupport
import Testing

/// From an observation to pass, fail or error (design.md, "Outcome and exit codes").
@Suite("ScenarioJudge")
struct ScenarioJudgeTests {
    static let lookup = Lookup(call: .getaddrinfo(GetaddrinfoCall(host: "a.example", family: .inet)),
                               expect: LookupExpectation(addresses: [.v4(IPv4Address(192, 0, 2, 1))]))

    /// One lookup of `a.example` expecting 192.0.2.1, and the queries `A a.example.`, `AAAA a.example.`.
    static let scenario = Scenario(name: "judge", tags: ["unit"], resolvConf: "nameserver 10.96.0.10\n",
                                   lookups: [lookup],
                                   expect: Expectation(queries: patterns("A a.example.", "AAAA a.example."), order: .exact))

    static let server = SocketAddress(address: .v4(IPv4Address(10, 96, 0, 10)), port: 53)

    /// Everything as expected, as the sandbox reports it: both queries, the lookup got 192.0.2.1, drained.
    static func goodEvents(queries: [ObservedQuery]? = nil, outcome: LookupOutcome? = nil) -> [ProbeEvent] {
        let observed = queries ?? [observed("A", "a.example.", id: 1, sequence: 0), observed("AAAA", "a.example.", id: 2, sequence: 1)]
        var events: [ProbeEvent] = [.started(SandboxStarted(at: 0, namespaces: [.net], interface: "lo", linkType: 1,
                                                            filter: "udp", receiveBufferBytes: 1 << 20))]
        events.append(.lookupStarted(LookupStarted(index: 0, at: 1)))
        for (index, query) in observed.enumerated() {
            var numbered = query.query
            numbered.sequence = index
            events.append(.query(numbered))
        }
        events.append(.lookupEnded(LookupEnded(index: 0, at: 3000, outcome: outcome
            ?? LookupOutcome(durationMs: 3, addresses: [.v4(IPv4Address(192, 0, 2, 1))]))))
        events.append(.statistics(CaptureStatistics(frames: 4, kernelPackets: 4, kernelDrops: 0, truncatedFrames: 0)))
        events.append(.finished(Finished(at: 4000, drainMs: 0.3, sentinelsSent: 1, peakMemoryBytes: 1 << 20)))
        return events
    }

    static func judge(_ events: [ProbeEvent], scenario: Scenario = scenario) -> ScenarioJudge.Judgement {
        ScenarioJudge.judge(scenario, observation: ScenarioObservation(events: events))
    }

    static func reason(_ judgement: ScenarioJudge.Judgement) -> ErrorReason? {
        if case .error(let reason) = judgement.verdict { reason } else { nil }
    }

    @Test func allGoodPasses() {
        let judgement = Self.judge(Self.goodEvents())
        #expect(judgement.verdict == .pass)
        #expect(judgement.queryDiff.map(render) == ["  A a.example.", "  AAAA a.example."])
    }

    @Test(arguments: [SetupFailure.Kind.namespaces, .sandbox, .responder, .capture, .drain, .request])
    func aSetupFailureIsAnError(_ kind: SetupFailure.Kind) {
        // Even with an otherwise perfect observation: nothing was judged.
        let judgement = Self.judge(Self.goodEvents() + [.setupFailed(SetupFailure(kind: kind, message: "it broke"))])
        if kind == .namespaces {
            #expect(Self.reason(judgement) == .namespaces("it broke"))
        } else {
            #expect(Self.reason(judgement) == .setup(kind, "it broke"))
        }
    }

    @Test func lostQueriesAreACaptureError() {
        let lost = LostQuery(server: Self.server, client: client(40000), transport: .udp, size: 30,
                             message: observed("AAAA", "a.example.", id: 2).query.message)
        let judgement = Self.judge(Self.goodEvents() + [.lost(lost)])
        #expect(Self.reason(judgement) == .captureLoss([lost]))
        #expect(Self.reason(judgement)?.kind == "capture")
    }

    @Test("any packet the kernel dropped is a capture error, even when the servers' log is complete")
    func kernelDropsAreACaptureError() {
        var events = Self.goodEvents()
        events.insert(.statistics(CaptureStatistics(frames: 3, kernelPackets: 4, kernelDrops: 1, truncatedFrames: 0)),
                      at: events.count - 1)
        #expect(Self.reason(Self.judge(events)) == .kernelDrops(count: 1, receiveBufferBytes: 1 << 20))
    }

    @Test func aTruncatedFrameIsACaptureError() {
        var events = Self.goodEvents()
        events.insert(.statistics(CaptureStatistics(frames: 4, kernelPackets: 4, kernelDrops: 0, truncatedFrames: 2)),
                      at: events.count - 1)
        #expect(Self.reason(Self.judge(events)) == .truncatedFrames(2))
    }

    @Test func anIncompleteTCPStreamIsACaptureError() {
        let stream = IncompleteStream(from: client(40001), to: Self.server)
        #expect(Self.reason(Self.judge(Self.goodEvents() + [.incompleteStream(stream)])) == .incompleteStreams([stream]))
    }

    @Test func aLookupThatCouldNotRunIsAnError() {
        let failed = LookupOutcome(durationMs: 0, failure: "command not found: getent")
        let judgement = Self.judge(Self.goodEvents(outcome: failed))
        #expect(Self.reason(judgement) == .lookupFailed(index: 0, label: "getaddrinfo a.example", message: "command not found: getent"))
    }

    @Test func aLookupWithoutAResultIsAnErrorNotAPass() {
        // Its expectation could not be checked, so the scenario cannot be judged.
        let events = Self.goodEvents().filter { if case .lookupEnded = $0 { false } else { true } }
        #expect(Self.reason(Self.judge(events)) == .noResult(index: 0, label: "getaddrinfo a.example"))
    }

    @Test func aLineThatIsNotAnEventIsAnError() {
        var observation = ScenarioObservation(events: Self.goodEvents())
        observation.noteUndecodable(UndecodableLine(text: "garbage", reason: "not JSON"))
        guard case .error(.protocolError(let lines)) = ScenarioJudge.judge(Self.scenario, observation: observation).verdict else {
            Issue.record("a corrupt event stream was judged")
            return
        }
        #expect(lines.map(\.text) == ["garbage"])
    }

    @Test func mismatchedQueriesFail() {
        let judgement = Self.judge(Self.goodEvents(queries: [observed("A", "a.example.", id: 1)]))
        guard case .fail(let mismatches) = judgement.verdict, case .queries(let mismatch)? = mismatches.first else {
            Issue.record("\(judgement.verdict)")
            return
        }
        #expect(mismatches.count == 1)
        #expect(mismatch.difference == .missing(pattern("AAAA a.example."), position: 1))
        #expect(judgement.queryDiff.map(render) == ["  A a.example.", "- AAAA a.example."])
    }

    @Test("each query that matches a forbid pattern fails the scenario, beside the queries comparison")
    func forbiddenQueriesFail() {
        var scenario = Self.scenario
        scenario.expect?.queries = nil
        scenario.expect?.forbid = patterns("* *.svc.cluster.local.", "MX *")
        let queries = [observed("A", "a.example.svc.cluster.local.", id: 1), observed("AAAA", "a.example.", id: 2),
                       observed("A", "svc.cluster.local.", id: 3), observed("AAAA", "b.SVC.Cluster.Local.", id: 4)]
        let judgement = Self.judge(Self.goodEvents(queries: queries), scenario: scenario)
        guard case .fail(let mismatches) = judgement.verdict else {
            Issue.record("\(judgement.verdict)")
            return
        }
        // The suffix itself is not below itself; letter case does not matter.
        let offending = mismatches.compactMap { mismatch -> String? in
            if case let .forbidden(pattern, query) = mismatch { "\(pattern) \(query.name?.description ?? "")" } else { nil }
        }
        #expect(offending == ["* *.svc.cluster.local. a.example.svc.cluster.local.", "* *.svc.cluster.local. b.SVC.Cluster.Local."])
        #expect(mismatches.count == 2)
    }

    @Test("a count out of its bounds is one mismatch with the number observed; counts within them pass")
    func countsOfMatchingQueries() {
        var scenario = Self.scenario
        scenario.expect?.queries = nil
        let retried = [observed("A", "a.example.", id: 1), observed("A", "a.example.", id: 2), observed("AAAA", "a.example.", id: 3)]
        scenario.expect?.counts = [QueryCount(pattern("A a.example."), min: 3, max: 3), QueryCount(pattern("AAAA *"), max: 1),
                                   QueryCount(pattern("MX *"), max: 0), QueryCount(pattern("* *.example."), min: 1)]
        let judgement = Self.judge(Self.goodEvents(queries: retried), scenario: scenario)
        guard case .fail(let mismatches) = judgement.verdict else {
            Issue.record("\(judgement.verdict)")
            return
        }
        #expect(mismatches == [.count(QueryCount(pattern("A a.example."), min: 3, max: 3), observed: 2)])
        scenario.expect?.counts[0].min = 2
        scenario.expect?.counts[0].max = 2
        #expect(Self.judge(Self.goodEvents(queries: retried), scenario: scenario).verdict == .pass)
    }

    @Test("a query outside its afterMs is a timing mismatch of its own, beside a sequence that matches")
    func afterMsMismatch() {
        var scenario = Self.scenario
        var late = pattern("AAAA a.example.")
        late.afterMs = GapBounds(min: 4950)
        scenario.expect?.queries = [.query(pattern("A a.example.")), .query(late)]
        let queries = [observed("A", "a.example.", id: 1, at: 1000), observed("AAAA", "a.example.", id: 2, at: 1300)]
        let judgement = Self.judge(Self.goodEvents(queries: queries), scenario: scenario)
        #expect(judgement.verdict == .fail([.timing(TimingMismatch(pattern: late, query: ObservedQuery(query: Self.numbered(queries[1], 1)),
                                                                   previous: ObservedQuery(query: Self.numbered(queries[0], 0)),
                                                                   gapMs: 0.3))]))
        #expect(judgement.queryDiff.map(render) == ["  A a.example.", "  AAAA a.example."])
        #expect(judgement.queryAlternative == nil)
    }

    static func numbered(_ query: ObservedQuery, _ sequence: Int) -> WireQuery {
        var numbered = query.query
        numbered.sequence = sequence
        return numbered
    }

    @Test("alternatives: the one that matches passes and is named; none matching fails with the closest of them")
    func alternatives() throws {
        var scenario = Self.scenario
        scenario.expect?.queries = nil
        scenario.expect?.alternatives = [[.query(pattern("A a.example. @10.96.0.11")), .query(pattern("AAAA a.example. @10.96.0.11"))],
                                         [.group([pattern("A a.example. @10.96.0.10"), pattern("AAAA a.example. @10.96.0.10")])]]
        let passing = Self.judge(Self.goodEvents(), scenario: scenario)
        #expect(passing.verdict == .pass)
        #expect(passing.queryAlternative == AlternativeChoice(index: 1, count: 2))

        let extra = Self.goodEvents(queries: [observed("A", "a.example.", id: 1), observed("AAAA", "a.example.", id: 2),
                                              observed("TXT", "a.example.", id: 3)])
        let failing = Self.judge(extra, scenario: scenario)
        guard case .fail(let mismatches) = failing.verdict, case .queries(let mismatch)? = mismatches.first else {
            Issue.record("\(failing.verdict)")
            return
        }
        #expect(mismatches.count == 1)
        #expect(mismatch.alternative == AlternativeChoice(index: 1, count: 2))
        #expect(mismatch.difference == .unexpected(ObservedQuery(query: Self.numbered(observed("TXT", "a.example.", id: 3), 2))))
        #expect(failing.queryAlternative == AlternativeChoice(index: 1, count: 2))
        #expect(failing.queryDiff.map(render) == ["  A a.example.", "  AAAA a.example.", "+ TXT a.example."])
    }

    @Test func forbidPatternsNoQueryMatchesPass() {
        var scenario = Self.scenario
        scenario.expect?.forbid = patterns("* *.cluster.local.", "AAAA a.example. tcp", "A a.example. @10.96.0.11")
        #expect(Self.judge(Self.goodEvents(), scenario: scenario).verdict == .pass)
    }

    @Test("queries are judged in capture order, not by their timestamps")
    func captureOrderDecides() {
        // The first query was stamped later (a timestamp taken when read): the order on the wire is still A, AAAA.
        let late = observed("A", "a.example.", id: 1, at: 900)
        let early = observed("AAAA", "a.example.", id: 2, at: 100)
        #expect(Self.judge(Self.goodEvents(queries: [late, early])).verdict == .pass)
    }

    @Test func theScenarioOrderIsUsed() {
        let reversed = [observed("AAAA", "a.example.", id: 2), observed("A", "a.example.", id: 1)]
        #expect(Self.judge(Self.goodEvents(queries: reversed)).verdict.outcome == .fail)
        var unordered = Self.scenario
        unordered.expect?.order = .unordered
        #expect(Self.judge(Self.goodEvents(queries: reversed), scenario: unordered).verdict == .pass)
    }

    @Test func anUnmetLookupExpectationFails() {
        let judgement = Self.judge(Self.goodEvents(outcome: LookupOutcome(durationMs: 3, error: LookupError(name: "EAI_NONAME", code: -2))))
        guard case .fail(let mismatches) = judgement.verdict else {
            Issue.record("\(judgement.verdict)")
            return
        }
        #expect(mismatches.count == 1)
        guard case .lookup(0, "getaddrinfo a.example", .addresses)? = mismatches.first else {
            Issue.record("\(mismatches)")
            return
        }
    }

    @Test func queryAndLookupProblemsAreAllReported() {
        let judgement = Self.judge(Self.goodEvents(queries: [], outcome: LookupOutcome(durationMs: 3, addresses: [.v4(IPv4Address(192, 0, 2, 2))])))
        guard case .fail(let mismatches) = judgement.verdict else {
            Issue.record("\(judgement.verdict)")
            return
        }
        #expect(mismatches.count == 2)
    }

    @Test func withoutExpectedQueriesOnlyLookupsAreChecked() {
        var scenario = Self.scenario
        scenario.expect = nil
        let events = Self.goodEvents(queries: [observed("A", "a.example."), observed("AAAA", "a.example."),
                                               observed("TXT", "anything.example.")])
        let judgement = Self.judge(events, scenario: scenario)
        #expect(judgement.verdict == .pass)
        #expect(judgement.queryDiff == nil)
    }
}
