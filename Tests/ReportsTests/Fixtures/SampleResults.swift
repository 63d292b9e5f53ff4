import DNSWire
import Foundation
import Judge
import Observation
import ObservationTestSupport
import Reports
import Runner
import ScenarioFormat
import SystemCalls
import Testing

/// Hand-built results covering every outcome, the way the runner produces them.
enum Sample {
    /// 2023-11-14T22:13:20Z.
    static let startedAt = Date(timeIntervalSince1970: 1_700_000_000)
    /// The sandbox's start, in microseconds: offsets count from here.
    static let epoch: Int64 = 1_700_000_000_000_000

    /// Every kind of character XML, YAML or TAP treat specially, and the ones XML 1.0 forbids.
    static let hostileText = "evil <name> & \"double\" 'single' ]]> # \\ NUL\u{0} SOH\u{1} BS\u{8} VT\u{B} FF\u{C} "
        + "ESC\u{1B}[31m DEL\u{7F} C1\u{85} LS\u{2028} BOM\u{FEFF} nonchars\u{FFFE}\u{FFFF} tab\t CR\r LF\n end 💥 ü"

    /// A query at `offsetMs` with a reply of `rcode` 0.25 ms later (none when nil).
    static func query(_ type: String, _ name: String, rcode: DNSRcode? = .NOERROR, id: UInt16, offsetMs: Double,
                      transport: Transport = .udp, server: String = "10.96.0.10") -> ObservedQuery {
        let at = epoch + Int64(offsetMs * 1000)
        let plain = observed(type, name, server: server, transport: transport, id: id, at: at)
        guard let rcode else { return plain }
        var withReply = answered(plain, rcode, answers: rcode == .NOERROR ? 1 : 0)
        withReply.reply?.at = at + 250
        return withReply
    }

    static func observation(_ queries: [ObservedQuery], lookups: [LookupOutcome], lost: [LostQuery] = []) -> ScenarioObservation {
        var stream: [ProbeEvent] = [.started(SandboxStarted(at: epoch, namespaces: [.net, .mount, .uts, .ipc, .pid],
                                                            interface: "lo", linkType: 1, filter: "udp port 53 or tcp port 53 or icmp",
                                                            receiveBufferBytes: 4 << 20))]
        for (index, outcome) in lookups.enumerated() {
            stream.append(.lookupStarted(LookupStarted(index: index, at: epoch + 500)))
            if index == lookups.count - 1 {
                for (number, query) in queries.enumerated() {
                    var wire = query.query
                    wire.sequence = number
                    stream.append(.query(wire))
                    if var reply = query.reply {
                        reply.query = number
                        stream.append(.reply(reply))
                    }
                }
            }
            stream.append(.lookupEnded(LookupEnded(index: index, at: epoch + 3750, outcome: outcome)))
        }
        stream.append(.statistics(CaptureStatistics(frames: 4, kernelPackets: 4, kernelDrops: 0, truncatedFrames: 0)))
        stream += lost.map(ProbeEvent.lost)
        stream.append(.finished(Finished(at: epoch + 9000, drainMs: 5.25, sentinelsSent: 3, peakMemoryBytes: 12 << 20)))
        return ScenarioObservation(events: stream)
    }

    static func getaddrinfo(addresses: [String]? = nil, error: String? = nil) -> LookupOutcome {
        LookupOutcome(durationMs: 3.25, addresses: addresses?.compactMap(IPAddress.init),
                      error: error.map { LookupError(name: $0, code: -2) })
    }

    static func lookup(_ name: String) -> Lookup {
        Lookup(call: .getaddrinfo(GetaddrinfoCall(host: name)))
    }

    static let passQueries = [query("A", "a.example.", id: 1, offsetMs: 0.5), query("AAAA", "a.example.", id: 2, offsetMs: 0.75)]

    static let pass: ScenarioResult = {
        let expected = patterns("A a.example.", "AAAA a.example.")
        let observed = observation(passQueries, lookups: [getaddrinfo(addresses: ["192.0.2.1"])])
        return ScenarioResult(path: "scenarios/glibc/pass.json", name: "a trailing dot means absolute", tags: ["glibc"],
                              verdict: .pass,
                              queryDiff: QueryMatcher.match(expected, order: .exact, observed: observed.queries).lines,
                              observation: observed,
                              scenario: Scenario(name: "a trailing dot means absolute", lookups: [lookup("a.example.")],
                                                 expect: Expectation(queries: expected)),
                              durationMs: 120.4)
    }()

    /// Expected A and AAAA of a.example.; observed A a.example., then A b.example. (NXDOMAIN).
    static let failQueries = [query("A", "a.example.", id: 1, offsetMs: 1.5),
                              query("A", "b.example.", rcode: .NXDOMAIN, id: 2, offsetMs: 2.75)]

    static let failLookups = [lookup("a.example"), Lookup(call: .exec(ExecCall(arguments: ["getent", "ahosts", "a.example"])))]

    static let fail: ScenarioResult = {
        let exec = LookupOutcome(durationMs: 6.5, exit: .exited(2),
                                 standardOutput: CapturedOutput(bytes: Array("line one\nline <two> & more\n".utf8)),
                                 standardError: CapturedOutput(bytes: Array("getent: oops\n".utf8)))
        let observed = observation(failQueries, lookups: [getaddrinfo(error: "EAI_NONAME"), exec])
        let match = QueryMatcher.match(patterns("A a.example.", "AAAA a.example."), order: .exact, observed: observed.queries)
        let mismatches: [Mismatch] = [.queries(match.mismatch!),
                                      .lookup(index: 1, label: failLookups[1].label, .exitCode(expected: 0, got: .exited(2), timedOut: false))]
        return ScenarioResult(path: "scenarios/glibc/ndots.json", name: "ndots:5 walks the search list",
                              tags: ["glibc", "search"], verdict: .fail(mismatches), queryDiff: match.lines, observation: observed,
                              scenario: Scenario(name: "ndots:5 walks the search list", lookups: failLookups,
                                                 expect: Expectation(queries: patterns("A a.example.", "AAAA a.example."))),
                              durationMs: 250)
    }()

    static let lostQuery = LostQuery(
        server: SocketAddress(address: .v4(IPv4Address(10, 96, 0, 10)), port: 53),
        client: SocketAddress(address: .v4(IPv4Address(10, 244, 154, 23)), port: 40001), transport: .udp, size: 31,
        message: observed("AAAA", "lost.example.", id: 7).query.message)

    /// An error that still has an observation: the capture lost a query.
    static let captureLoss: ScenarioResult = {
        let observed = observation([query("A", "lost.example.", id: 6, offsetMs: 1)], lookups: [getaddrinfo(addresses: [])],
                                   lost: [lostQuery])
        return ScenarioResult(path: "scenarios/loss.json", name: "capture loss", verdict: .error(.captureLoss([lostQuery])),
                              observation: observed, scenario: Scenario(name: "capture loss", lookups: [lookup("lost.example")]),
                              durationMs: 80)
    }()

    /// An invalid file: no scenario, no observation, a reason of several lines; the runner names it by its path.
    static let invalid = ScenarioResult(
        path: "scenarios/bad.json", name: "scenarios/bad.json",
        verdict: .error(.invalid("scenarios/bad.json:4:65: servers[0].rules[0].reply: found \"nxdomian\"\n  (did you mean \"nxdomain\"?)")),
        durationMs: 1.5)

    static let skip = ScenarioResult(path: "scenarios/dig.json", name: "dig asks once", tags: ["dig"],
                                     verdict: .skip(.missingRequirement("dig")), durationMs: 0.5)

    /// A failure whose every text field is hostile, at a path that tries to climb out of any directory.
    static let hostile: ScenarioResult = {
        let queries = [query("A", "x.example.", id: 9, offsetMs: 1)]
        let observed = observation(queries, lookups: [LookupOutcome(durationMs: 3, error: LookupError(name: "EAI_AGAIN", code: -3),
                                                                    standardOutput: CapturedOutput(bytes: Array(hostileText.utf8)))])
        let match = QueryMatcher.match(patterns("AAAA y.example."), order: .exact, observed: observed.queries)
        let hostileLookup = Lookup(call: .exec(ExecCall(arguments: ["echo", hostileText])))
        return ScenarioResult(path: "../../etc/" + hostileText + ".json", name: hostileText, tags: [hostileText],
                              verdict: .fail([.lookup(index: 0, label: hostileLookup.label, .outputContains(.stdout, hostileText, truncated: false))]),
                              queryDiff: match.lines, observation: observed,
                              scenario: Scenario(name: hostileText, lookups: [hostileLookup]), durationMs: 3)
    }()

    /// `expect.alternatives` for `options rotate`: the second alternative is the order on the wire, but its
    /// b. was sent 0.25 ms after a., not the 1000 ms its afterMs asks for; the first alternative is further off.
    static let alternatives: ScenarioResult = {
        var timed = pattern("A b. @10.96.0.11")
        timed.afterMs = GapBounds(min: 1000)
        let expected: [[QueryStep]] = [[.query(pattern("A a. @10.96.0.11")), .query(pattern("A b. @10.96.0.10"))],
                                       [.query(pattern("A a. @10.96.0.10")), .query(timed)]]
        let observed = observation([query("A", "a.", rcode: .NXDOMAIN, id: 1, offsetMs: 0.5),
                                    query("A", "b.", rcode: .NXDOMAIN, id: 2, offsetMs: 0.75, server: "10.96.0.11")],
                                   lookups: [getaddrinfo(error: "EAI_NONAME")])
        let scenario = Scenario(name: "rotate picks a first server at random", lookups: [lookup("a.example")],
                                expect: Expectation(queries: nil, alternatives: expected))
        let judgement = ScenarioJudge.judge(scenario, observation: observed)
        var result = ScenarioResult(path: "scenarios/glibc/rotate.json", name: scenario.name, verdict: judgement.verdict,
                                    queryDiff: judgement.queryDiff, observation: observed, scenario: scenario, durationMs: 20)
        result.queryAlternative = judgement.queryAlternative
        return result
    }()

    static let all = [pass, fail, captureLoss, invalid, skip, hostile]

    static func suite(_ results: [ScenarioResult] = all, repeatCount: Int = 1) -> SuiteReport {
        SuiteReport(results: results, startedAt: startedAt, durationSeconds: 12.5, repeatCount: repeatCount,
                    toolVersion: "1.2.3-test", hostname: "ci-runner-7")
    }

    /// The same scenarios under `--repeat n`: each result n times, iterations 1...n, as SuiteRunner orders them.
    static func repeated(_ results: [ScenarioResult], _ n: Int) -> SuiteReport {
        let all = (1...n).flatMap { iteration in
            results.map { result -> ScenarioResult in
                var copy = result
                copy.iteration = iteration
                return copy
            }
        }
        return suite(all, repeatCount: n)
    }
}
