import DNSWire
import Observation
import ObservationTestSupport
import SystemCalls
import Testing
@testable import Tracing

@Suite struct TraceLogTests {
    /// Every line the log prints for `events`, as the command prints them: live lines, then the closing ones.
    /// The lookup's end is moved to `lookupEnd` µs (the test helper ends it before its queries).
    func printed(_ events: [ProbeEvent], command: [String] = ["getent", "hosts", "x"], lookupEnd: Int64 = 2_000_000) -> [String] {
        var observation = ScenarioObservation()
        var lines: [String] = []
        for var event in events {
            if case .lookupEnded(var ended) = event {
                ended.at = lookupEnd
                event = .lookupEnded(ended)
            }
            observation.apply(event)
            lines += TraceLog.lines(for: event, in: observation)
        }
        return lines + TraceLog.closingLines(observation, summary: TraceSummary(observation), command: command)
    }

    @Test func queriesAndRepliesArePairedWithOffsetsAndLatency() {
        let queries = [answered(observed("AAAA", "x.a.example.", at: 400), .NXDOMAIN, answers: 0),
                       answered(observed("A", "x.", server: "10.53.0.2", transport: .tcp, at: 1200), .NOERROR, answers: 2)]
        let outcome = LookupOutcome(durationMs: 2.04, exit: .exited(0))
        #expect(printed(events(queries: queries, outcomes: [outcome])) == [
            ";;    +0.4 ms  query #1   AAAA x.a.example.                    @10.96.0.10:53 udp",
            ";;    +0.7 ms  reply #1   AAAA x.a.example.                    @10.96.0.10:53 udp  NXDOMAIN  in 0.3 ms",
            ";;    +1.2 ms  query #2   A x.                                 @10.53.0.2:53 tcp",
            ";;    +1.5 ms  reply #2   A x.                                 @10.53.0.2:53 tcp  NOERROR, 2 answers  in 0.3 ms",
            ";; 2 queries, 2 answered, 0 without reply; 1 query before the first answer; "
                + "0.0 ms waiting for replies that never came",
            ";; 2 search rounds: x.a.example. → x.",
            ";; getent exited 0 after 2.0 ms",
        ])
    }

    @Test func aQueryWithoutReplyGetsANoReplyLineAtTheEnd() {
        let queries = [observed("A", "x.", at: 0), answered(observed("A", "x.", server: "10.0.0.2", at: 1_000_000), .NOERROR)]
        let outcome = LookupOutcome(durationMs: 1000.5, exit: .exited(0))
        let lines = printed(events(queries: queries, outcomes: [outcome]))
        #expect(lines.filter { $0.contains("#1") } == [
            ";;    +0.0 ms  query #1   A x.                                 @10.96.0.10:53 udp",
            ";; +1000.0 ms  reply #1   A x.                                 @10.96.0.10:53 udp  no reply  waited 1.00 s",
        ])
        #expect(lines.contains(";; 2 queries, 1 answered, 1 without reply; 1 query before the first answer; "
                               + "1.00 s waiting for replies that never came"))
    }

    @Test func aReplyToNoQueryAndASecondReplySaySo() {
        let query = observed("A", "x.", at: 0)
        let reply = answered(query, .NOERROR).reply!
        var stray = reply
        stray.query = nil
        stray.message.id = 4242
        var again = reply
        again.at += 100
        let started = SandboxStarted(at: 0, namespaces: [], interface: "lo", linkType: 1, filter: "", receiveBufferBytes: 0)
        let lines = printed([.started(started), .query(query.query), .reply(reply), .reply(again), .reply(stray)])
        #expect(lines[2].hasSuffix("NOERROR, 1 answer, another reply  in 0.4 ms"))
        #expect(lines[3].hasPrefix(";;    +0.3 ms  reply ?"))
        #expect(lines[3].hasSuffix("NOERROR, 1 answer  matches no query (id 4242)"))
    }

    @Test func howTheCommandEnded() {
        func ending(_ outcome: LookupOutcome) -> String? {
            printed(events(queries: [], outcomes: [outcome]), command: ["dig", "x"]).last
        }
        #expect(ending(LookupOutcome(durationMs: 12, exit: .exited(9))) == ";; dig exited 9 after 12 ms")
        #expect(ending(LookupOutcome(durationMs: 12, exit: .signaled(9))) == ";; dig was killed by signal 9 (SIGKILL) after 12 ms")
        #expect(ending(LookupOutcome(durationMs: 10000, timedOut: true))
                == ";; dig was still running after 10.00 s and was killed (raise --timeout-ms)")
    }

    @Test func controlCharactersInNamesAreEscaped() {
        let query = observed("A", "x.", at: 0)
        var message = query.query.message
        message.question = DNSQuestion(name: try! DNSName(labels: [Array("a\u{1B}[2J".utf8)]), type: .A)
        var wire = query.query
        wire.message = message
        let line = TraceLog.lines(for: .query(wire), in: ScenarioObservation(events: [.query(wire)]))[0]
        #expect(!line.contains("\u{1B}"))
    }
}
