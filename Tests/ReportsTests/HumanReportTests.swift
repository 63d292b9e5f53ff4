import DNSWire
import Judge
import Observation
import ObservationTestSupport
import ScenarioFormat
import SystemCalls
import Testing
@testable import Reports
@testable import Runner

/// What the terminal report shows of a result, and what it leaves out.
@Suite("Human report")
struct HumanReportTests {
    static func exec(_ words: String...) -> Lookup {
        Lookup(call: .exec(ExecCall(arguments: words)))
    }

    static func output(_ stdout: String, exit: Int32 = 0) -> LookupOutcome {
        LookupOutcome(durationMs: 2, exit: .exited(exit), standardOutput: CapturedOutput(bytes: Array(stdout.utf8)))
    }

    /// A failing scenario of `outcomes.count` exec lookups; `failing` are the indexes with a mismatch.
    static func result(_ outcomes: [LookupOutcome], failing: [Int]) -> ScenarioResult {
        let lookups = outcomes.indices.map { exec("tool", "\($0)") }
        let observed = Sample.observation([], lookups: outcomes)
        let mismatches: [Mismatch] = failing.map {
            .lookup(index: $0, label: lookups[$0].label, .exitCode(expected: 0, got: .exited(1), timedOut: false))
        }
        return ScenarioResult(path: "s.json", name: "s", verdict: .fail(mismatches), observation: observed,
                              scenario: Scenario(name: "s", lookups: lookups, expect: Expectation(queries: [])))
    }

    @Test("a failing lookup's output is shown; the output of lookups that passed is not, unless -v")
    func outputOfFailingLookupsOnly() {
        let result = Self.result([Self.output("fine\n"), Self.output("broken\n", exit: 1)], failing: [1])
        let normal = HumanReport(verbosity: .normal).details(result)
        #expect(normal.contains("      exec tool 1 stdout:"))
        #expect(normal.contains("        | broken"))
        #expect(!normal.contains("        | fine"))
        let verbose = HumanReport(verbosity: .verbose).details(result)
        #expect(verbose.contains("        | fine") && verbose.contains("        | broken"))
    }

    @Test("at most five lookups' output without -v, then how many more there are")
    func outputBlocksCapped() {
        let outcomes = (0..<8).map { Self.output("out \($0)\n", exit: 1) }
        let lines = HumanReport(verbosity: .normal).details(Self.result(outcomes, failing: Array(0..<8)))
        #expect(lines.filter { $0.hasSuffix(" stdout:") }.count == 5)
        #expect(lines.contains("        | out 4") && !lines.contains("        | out 5"))
        #expect(lines.last == "      (the output of 3 more lookups is not shown; -v shows it)")
    }

    @Test("a lookup with hundreds of addresses lists ten and counts the rest")
    func addressesCapped() {
        let addresses = (1...200).map { IPAddress.v4(IPv4Address(10, 1, UInt8($0 / 256), UInt8($0 % 256))) }
        let summary = HumanReport.lookupSummary(LookupOutcome(durationMs: 15, addresses: addresses))
        #expect(summary.hasPrefix("[10.1.0.1, 10.1.0.2, "))
        #expect(summary.contains("10.1.0.10, and 190 more], in 15 ms"))
        #expect(!summary.contains("10.1.0.11"))
    }

    @Test("a pass let go of its observation still shows its query count")
    func slimmedPassKeepsCount() {
        let slim = Sample.pass.slimmed()
        #expect(slim.observation == nil && slim.queryDiff == nil)
        #expect(slim.figures?.queries == 2)
        #expect(HumanReport(verbosity: .normal).headline(slim).contains("  2 queries  "))
    }

    @Test("a forbidden query is named with the pattern it matched, in the text and in the JSON report")
    func forbiddenQuery() throws {
        let mismatch = Mismatch.forbidden(pattern("* *.cluster.local."), observed("A", "api.svc.cluster.local.", id: 7))
        #expect(VerdictText.describe(mismatch)
            == "forbid: A api.svc.cluster.local. @10.96.0.10:53 udp was sent, and * *.cluster.local. is forbidden")
        let entry = JSONReport.MismatchEntry(mismatch)
        #expect(entry.kind == "forbid")
        #expect(entry.expected == "* *.cluster.local.")
        #expect(entry.observed == "A api.svc.cluster.local. @10.96.0.10:53 udp")
        #expect(entry.lookup == nil)
    }

    @Test("a count out of bounds says how many matched and what was allowed, in the text and in the JSON report")
    func countOutOfBounds() {
        let mismatch = Mismatch.count(QueryCount(pattern("A web.a.example."), min: 3, max: 3), observed: 1)
        #expect(VerdictText.describe(mismatch) == "counts: 1 query matched A web.a.example., expected exactly 3")
        let entry = JSONReport.MismatchEntry(mismatch)
        #expect(entry.kind == "counts")
        #expect(entry.expected == "A web.a.example.: exactly 3")
        #expect(entry.observed == "1")
    }

    @Test("a timing mismatch names the pattern, the query, the gap to the query before it and the bound; JSON kind afterMs")
    func timingMismatch() {
        var late = pattern("A api.example. @10.96.0.11")
        late.afterMs = GapBounds(min: 4950, max: 5500)
        let timing = TimingMismatch(pattern: late, query: observed("A", "api.example.", server: "10.96.0.11"),
                                    previous: observed("AAAA", "api.example."), gapMs: 12.345)
        #expect(VerdictText.describe(Mismatch.timing(timing))
            == "afterMs: A api.example. @10.96.0.11 matched A api.example. @10.96.0.11:53 udp, sent 12.3 ms after the previous "
            + "query (AAAA api.example. @10.96.0.10:53 udp); expected 4950 to 5500 ms")
        let entry = JSONReport.MismatchEntry(.timing(timing))
        #expect(entry.kind == "afterMs")
        #expect(entry.expected == "A api.example. @10.96.0.11: 4950 to 5500 ms")
        #expect(entry.observed == "12.345")
        #expect(entry.lookup == nil)

        var first = timing
        first.previous = nil
        first.gapMs = nil
        first.alternative = AlternativeChoice(index: 0, count: 3)
        #expect(VerdictText.describe(Mismatch.timing(first))
            == "afterMs (alternative 1 of 3): A api.example. @10.96.0.11 matched A api.example. @10.96.0.11:53 udp, the first "
            + "query on the wire, so nothing came before it; expected 4950 to 5500 ms after the previous query")
        #expect(JSONReport.MismatchEntry(.timing(first)).observed == nil)
    }

    @Test("a difference in a group names the group by its place in queries or in the alternative")
    func groupMismatches() {
        let missing = QueryMismatch(order: .exact, expectedCount: 4, observedCount: 3,
                                    difference: .missing(pattern("AAAA x.a."), position: 1), group: 0)
        #expect(VerdictText.describe(missing) == "queries (exact): expected 4 queries, observed 3: missing AAAA x.a. of the group queries[0] (any order)")
        let extra = QueryMismatch(order: .exact, expectedCount: 4, observedCount: 5,
                                  difference: .unexpected(observed("A", "y.")), group: 1)
        #expect(VerdictText.describe(extra)
            == "queries (exact): expected 4 queries, observed 5: unexpected A y. @10.96.0.10:53 udp in the place of the group queries[1] (any order)")
        let later = QueryMismatch(order: .subsequence, expectedCount: 4, observedCount: 9,
                                  difference: .missing(pattern("A x."), position: 2), group: 1)
        #expect(VerdictText.describe(later) == "queries (subsequence): expected A x. (query 3 of 4, in the group queries[1] (any order)) "
            + "in order; it was not observed after the earlier matches")
        let alternative = QueryMismatch(order: .exact, expectedCount: 2, observedCount: 2, difference: .missing(pattern("A x."), position: 0),
                                        group: 0, alternative: AlternativeChoice(index: 1, count: 3))
        #expect(VerdictText.describe(alternative) == "alternatives (exact): none of 3 matched; the closest is alternative 2: "
            + "expected 2 queries, observed 2: missing A x. of the group alternatives[1][0] (any order)")
        #expect(JSONReport.MismatchEntry(.queries(alternative)).kind == "queries")
    }

    @Test("under alternatives the diff says which alternative it compares with, and the problem says why")
    func alternativesDiff() {
        let lines = HumanReport(verbosity: .normal).details(Sample.alternatives)
        #expect(lines.contains("      --- expected: alternative 2 of 2"))
        #expect(lines.contains { $0.hasPrefix("        A a.") && $0.contains("@10.96.0.10:53 udp  NXDOMAIN") })
        #expect(lines.contains("      afterMs (alternative 2 of 2): A b. @10.96.0.11 matched A b. @10.96.0.11:53 udp, sent 0.3 ms "
            + "after the previous query (A a. @10.96.0.10:53 udp); expected at least 1000 ms"))
        #expect(!lines.contains("      --- expected"))
    }

    @Test("counts agree with their nouns: 1 query, 2 queries, 1 error")
    func plurals() {
        let one = QueryMismatch(order: .exact, expectedCount: 1, observedCount: 0, difference: .count)
        #expect(VerdictText.describe(one) == "queries (exact): expected 1 query, observed 0")
        let two = QueryMismatch(order: .exact, expectedCount: 2, observedCount: 1, difference: .count)
        #expect(VerdictText.describe(two) == "queries (exact): expected 2 queries, observed 1")
        var single = Sample.pass
        single.figures?.queries = 1
        #expect(HumanReport(verbosity: .normal).headline(single).contains("  1 query  "))
        let errors = [Sample.captureLoss]
        #expect(HumanReport.summary(errors, seconds: 1).hasPrefix("0 passed, 0 failed, 1 error, 0 skipped"))
        #expect(HumanReport.summary(errors + errors, seconds: 1).hasPrefix("0 passed, 0 failed, 2 errors, 0 skipped"))
    }

    @Test("-v says when frame times are read times rather than arrival times")
    func readTimes() {
        var observation = Sample.observation(Sample.passQueries, lookups: [Sample.getaddrinfo(addresses: ["192.0.2.1"])])
        #expect(!HumanReport(verbosity: .verbose).captureLines(observation, indent: "").contains { $0.contains("not yet stamping") })
        var started = observation.started!
        started.timestampsAtArrival = false
        observation = ScenarioObservation(events: [.started(started)])
        let lines = HumanReport(verbosity: .verbose).captureLines(observation, indent: "")
        #expect(lines.last == "the kernel was not yet stamping frames on arrival: times are when frames were read")
    }
}
