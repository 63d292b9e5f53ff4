@testable import Capture
import Foundation
import Reports
@testable import Responder
@testable import Runner
import ScenarioFormat

/// Hand-built results covering every outcome, the way the runner produces them.
enum Sample {
    /// 2023-11-14T22:13:20Z.
    static let startedAt = Date(timeIntervalSince1970: 1_700_000_000)

    /// Every kind of character XML, YAML or TAP treat specially, and the ones XML 1.0 forbids.
    static let hostileText = "evil <name> & \"double\" 'single' ]]> # \\ NUL\u{0} SOH\u{1} BS\u{8} VT\u{B} FF\u{C} "
        + "ESC\u{1B}[31m DEL\u{7F} C1\u{85} LS\u{2028} BOM\u{FEFF} nonchars\u{FFFE}\u{FFFF} tab\t CR\r LF\n end 💥 ü"

    static func query(_ type: String, _ name: String, rcode: String? = "NOERROR", id: UInt16, offsetMs: Double,
                      transport: Transport = .udp, server: String = "10.96.0.10") -> ObservedQuery {
        ObservedQuery(offsetMs: offsetMs, type: type, name: name, server: server, serverPort: 53, transport: transport,
                      clientPort: 40000, id: id, flags: ["rd"], rcode: rcode, truncated: false,
                      answerCount: rcode == "NOERROR" ? 1 : 0, responseOffsetMs: rcode == nil ? nil : offsetMs + 0.25,
                      unreachable: false)
    }

    static func patterns(_ texts: String...) -> [QueryPattern] {
        texts.map { text in
            guard case .success(let pattern) = QueryPattern.parse(text) else { preconditionFailure("bad pattern \(text)") }
            return pattern
        }
    }

    /// The two real query frames of DNSFrames, base64 as the child sends them.
    static func capture(frames: [(timestampMicroseconds: Int64, bytes: [UInt8])] = DNSFrames.observed,
                        linkType: LinkType = .EN10MB) -> Observation.CaptureSummary {
        Observation.CaptureSummary(
            interface: "lo", linkType: linkType.rawValue, filter: "udp port 53 or tcp port 53 or icmp",
            statistics: CaptureStatistics(received: 4, dropped: 0, interfaceDropped: 0), drainMilliseconds: 5.25,
            sentinelsSent: 3, warnings: [],
            frames: frames.map {
                Observation.Frame(timestampMicroseconds: $0.timestampMicroseconds, originalLength: $0.bytes.count,
                                  data: Data($0.bytes).base64EncodedString())
            })
    }

    static func observation(_ queries: [ObservedQuery], lookups: [LookupResult],
                            capture: Observation.CaptureSummary? = Sample.capture()) -> Observation {
        var observation = Observation()
        observation.startedAtMicroseconds = 1_700_000_000_000_000
        observation.queries = queries
        observation.lookups = lookups
        observation.capture = capture
        return observation
    }

    static func getaddrinfo(_ name: String, addresses: [String]? = nil, error: String? = nil) -> LookupResult {
        var lookup = LookupResult(label: "getaddrinfo \(name)", startOffsetMs: 0.5, durationMs: 3.25)
        lookup.addresses = addresses
        lookup.error = error
        return lookup
    }

    static let passQueries = [query("A", "a.example.", id: 1, offsetMs: 0.5), query("AAAA", "a.example.", id: 2, offsetMs: 0.75)]

    static let pass: ScenarioResult = {
        let expected = patterns("A a.example.", "AAAA a.example.")
        var result = ScenarioResult(path: "scenarios/glibc/pass.json", name: "a trailing dot means absolute",
                                    tags: ["glibc"], outcome: .pass,
                                    queryDiff: QueryMatcher.match(expected, order: .exact, observed: passQueries).lines,
                                    observation: observation(passQueries, lookups: [getaddrinfo("a.example.", addresses: ["192.0.2.1"])]),
                                    scenario: Scenario(name: "a trailing dot means absolute", expect: Expectation(queries: expected)),
                                    durationMs: 120.4)
        result.iteration = 1
        return result
    }()

    /// Expected A and AAAA of a.example.; observed A a.example., then A b.example. (NXDOMAIN).
    static let failQueries = [query("A", "a.example.", id: 1, offsetMs: 1.5),
                              query("A", "b.example.", rcode: "NXDOMAIN", id: 2, offsetMs: 2.75)]
    static let failMatch = QueryMatcher.match(patterns("A a.example.", "AAAA a.example."), order: .exact, observed: failQueries)

    static let fail: ScenarioResult = {
        var exec = LookupResult(label: "getent ahosts a.example", startOffsetMs: 4, durationMs: 6.5)
        exec.exitCode = 2
        exec.standardOutput = "line one\nline <two> & more\n"
        exec.standardError = "getent: oops\n"
        let problems = ["queries (exact): \(failMatch.firstMismatch ?? "")",
                        "lookups[1] getent ahosts a.example: expected exit code 0, got 2"]
        return ScenarioResult(path: "scenarios/glibc/ndots.json", name: "ndots:5 walks the search list",
                              tags: ["glibc", "search"], outcome: .fail, problems: problems, queryDiff: failMatch.lines,
                              firstMismatch: failMatch.firstMismatch,
                              observation: observation(failQueries, lookups: [getaddrinfo("a.example", error: "EAI_NONAME"), exec]),
                              scenario: Scenario(name: "ndots:5 walks the search list",
                                                 expect: Expectation(queries: patterns("A a.example.", "AAAA a.example."))),
                              durationMs: 250)
    }()

    static let lostQuery = ReceivedQuery(timestampMicroseconds: 1_700_000_000_002_000, server: "10.96.0.10", serverPort: 53,
                                         transport: .udp, client: "10.244.154.23", clientPort: 40001, id: 7,
                                         name: "lost.example.", type: "AAAA", outcome: "NOERROR", ruleIndex: nil, delayMs: 0)

    /// An error that still has an observation and a capture: the capture lost a query.
    static let captureLoss: ScenarioResult = {
        var observed = observation([query("A", "lost.example.", id: 6, offsetMs: 1)], lookups: [getaddrinfo("lost.example", addresses: [])])
        observed.lost = [lostQuery]
        return ScenarioResult(path: "scenarios/loss.json", name: "capture loss", outcome: .error, errorKind: .capture,
                              reason: "capture loss: the responder received 1 query the capture lacks: AAAA lost.example. @10.96.0.10 udp (id 7)",
                              observation: observed, durationMs: 80)
    }()

    /// An invalid file: no scenario, no observation, a reason of several lines; the runner names it by its path.
    static let invalid = ScenarioResult(path: "scenarios/bad.json", name: "scenarios/bad.json", outcome: .error, errorKind: .invalid,
                                        reason: "scenarios/bad.json:4:65: servers[0].rules[0].reply: found \"nxdomian\"\n  (did you mean \"nxdomain\"?)",
                                        durationMs: 1.5)

    static let skip = ScenarioResult(path: "scenarios/dig.json", name: "dig asks once", tags: ["dig"], outcome: .skip,
                                     reason: "requires dig, which is not on PATH", durationMs: 0.5)

    /// A failure whose every text field is hostile, at a path that tries to climb out of any directory.
    static let hostile: ScenarioResult = {
        let queries = [query("A", "x\u{1B}.example.", id: 9, offsetMs: 1)]
        let match = QueryMatcher.match(patterns("AAAA y.example."), order: .exact, observed: queries)
        var lookup = getaddrinfo("x.example", error: "EAI_AGAIN")
        lookup.standardOutput = hostileText
        return ScenarioResult(path: "../../etc/" + hostileText + ".json", name: hostileText, tags: [hostileText],
                              outcome: .fail, problems: [hostileText], queryDiff: match.lines, firstMismatch: hostileText,
                              observation: observation(queries, lookups: [lookup]), durationMs: 3)
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
