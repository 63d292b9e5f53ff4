import DNSWire
import Observation
import ObservationTestSupport
import SystemCalls
import Testing
@testable import Tracing

/// An observation of one exec lookup that sent `queries` (replies as given) and ended at `endedAt`.
func observation(_ queries: [ObservedQuery], endedAt: Int64 = 10_000_000) -> ScenarioObservation {
    var events = events(queries: queries, outcomes: [LookupOutcome(durationMs: 1, exit: .exited(0))])
    for (index, event) in events.enumerated() {
        if case .lookupEnded(var ended) = event {
            ended.at = endedAt
            events[index] = .lookupEnded(ended)
        }
    }
    return ScenarioObservation(events: events)
}

/// `TYPE NAME` asked at `at` µs; numbered in the order given by `events`.
func asked(_ type: String, _ name: String, at: Int64, server: String = "10.53.0.1") -> ObservedQuery {
    observed(type, name, server: server, at: at)
}

@Suite struct TraceSummaryTests {
    @Test func ndotsWalkCountsRoundsAndQueriesBeforeTheAnswer() {
        let names = ["api.a.example.", "api.b.example.", "api."]
        var queries: [ObservedQuery] = []
        for (round, name) in names.enumerated() {
            let last = round == names.count - 1
            for (offset, type) in ["A", "AAAA"].enumerated() {
                let query = asked(type, name, at: Int64(round * 1000 + offset * 10))
                queries.append(last ? answered(query, .NOERROR, answers: 1) : answered(query, .NXDOMAIN, answers: 0))
            }
        }
        let summary = TraceSummary(observation(queries))
        #expect(summary.queries == 6)
        #expect(summary.answered == 6)
        #expect(summary.unanswered == 0)
        #expect(summary.searchRounds.map(\.description) == names)
        #expect(summary.firstAnswer == 4)
        #expect(summary.queriesBeforeFirstAnswer == 4)
        #expect(summary.waitingMs == 0)
        #expect(summary.waits.isEmpty)
    }

    @Test func nodataIsNoAnswerAndTheWalkGoesOn() {
        // NOERROR without records (NODATA) does not end a search: the next name counts as a round.
        let queries = [answered(asked("A", "x.corp.", at: 0), .NOERROR, answers: 0),
                       answered(asked("A", "x.", at: 1000), .NOERROR, answers: 2),
                       answered(asked("A", "later.", at: 2000), .NOERROR, answers: 1)]
        let summary = TraceSummary(observation(queries))
        #expect(summary.searchRounds.map(\.description) == ["x.corp.", "x."])
        #expect(summary.queriesBeforeFirstAnswer == 1)
        #expect(summary.firstAnswer == 1)
    }

    @Test func withoutAnAnswerEveryNameIsARoundAndEveryQueryCounts() {
        let queries = [answered(asked("A", "x.corp.", at: 0), .NXDOMAIN, answers: 0),
                       answered(asked("A", "x.", at: 1000), .SERVFAIL, answers: 0)]
        let summary = TraceSummary(observation(queries))
        #expect(summary.firstAnswer == nil)
        #expect(summary.queriesBeforeFirstAnswer == 2)
        #expect(summary.searchRounds.count == 2)
    }

    @Test func aRetryOfTheSameQuestionEndsTheWait() {
        // timeout:1 attempts:1 with two servers: the second server is asked after a second.
        let queries = [asked("A", "x.", at: 0, server: "10.0.0.1"),
                       answered(asked("A", "x.", at: 1_000_000, server: "10.0.0.2"), .NOERROR, answers: 1)]
        let summary = TraceSummary(observation(queries))
        #expect(summary.waits == [0: 1000])
        #expect(summary.waitingMs == 1000)
        #expect(summary.unanswered == 1)
        #expect(summary.searchRounds.count == 1)
    }

    @Test func parallelAAndAAAAWaitsCountOnce() {
        // Both unanswered, sent together; glibc asks the next name after its five-second timeout.
        let queries = [asked("A", "x.corp.", at: 0), asked("AAAA", "x.corp.", at: 50),
                       answered(asked("A", "x.", at: 5_000_000), .NOERROR, answers: 1)]
        let summary = TraceSummary(observation(queries))
        #expect(summary.waits == [0: 5000, 1: 4999.95])
        #expect(summary.waitingMs == 5000)
    }

    @Test func anAnsweredSiblingDoesNotEndTheWaitButAReplyFromElsewhereDoes() {
        // A is dropped, AAAA answered at once: glibc still waits for A (the AAAA is not A's answer).
        let dropped = [asked("A", "x.", at: 0), answered(asked("AAAA", "x.", at: 10), .NOERROR, answers: 1),
                       answered(asked("A", "x.", at: 5_000_000), .NOERROR, answers: 1)]
        #expect(TraceSummary(observation(dropped)).waits == [0: 5000])
        // musl asks two servers at once: one answers after 0.3 ms, so nothing was waited for.
        let both = [asked("A", "x.", at: 0, server: "10.0.0.1"),
                    answered(asked("A", "x.", at: 10, server: "10.0.0.2"), .NOERROR, answers: 1)]
        #expect(TraceSummary(observation(both)).waits == [0: 0.01])
    }

    @Test func theNextLookupFromAnotherSocketEndsTheWait() {
        // getent hosts: the AAAA lookup times out on both servers, then the A lookup starts on a new socket.
        let queries = [observed("AAAA", "x.", server: "10.0.0.1", clientPort: 1001, at: 0),
                       observed("AAAA", "x.", server: "10.0.0.2", clientPort: 1002, at: 1_000_000),
                       observed("A", "x.", server: "10.0.0.1", clientPort: 1003, at: 2_000_000)]
        #expect(TraceSummary(observation(queries, endedAt: 3_000_000)).waits == [0: 1000, 1: 1000, 2: 1000])
    }

    @Test func aQueryNothingFollowedIsWaitedOnUntilTheCommandEnds() {
        let summary = TraceSummary(observation([asked("A", "x.", at: 1000)], endedAt: 3_001_000))
        #expect(summary.waits == [0: 3000])
        #expect(summary.searchRounds.map(\.description) == ["x."])
        #expect(summary.firstAnswer == nil)
    }

    @Test func overlappingIntervalsAreJoined() {
        #expect(TraceSummary.union([(0, 1000), (500, 1500), (3000, 4000), (3500, 3600)]) == 2.5)
        #expect(TraceSummary.union([]) == 0)
    }

    @Test func summaryLineIsJSONInTheEventsForm() {
        let queries = [answered(asked("A", "x.", at: 0), .NOERROR, answers: 1)]
        let line = String(decoding: TraceSummary(observation(queries)).jsonLine(), as: UTF8.self)
        #expect(line == #"{"summary":{"queries":1,"answered":1,"unanswered":0,"searchRounds":["x."],"queriesBeforeFirstAnswer":0,"firstAnswer":0,"waitingMs":0}}"# + "\n")
    }
}
