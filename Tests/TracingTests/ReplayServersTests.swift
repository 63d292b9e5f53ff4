import DNSWire
import Observation
import ObservationTestSupport
import ScenarioFormat
import Testing
@testable import Tracing

/// `query` answered with `records` (`OWNER TYPE DATA`), `latencyMs` after it was sent.
func answering(_ query: ObservedQuery, _ records: [String], latencyMs: Int64 = 0) -> ObservedQuery {
    var result = answered(query, .NOERROR, answers: records.count)
    result.reply?.at = query.query.at + latencyMs * 1000
    result.reply?.answers = records.map { text in
        let parts = text.split(separator: " ", maxSplits: 2).map(String.init)
        return AnswerRecord(name: try! DNSName(parts[0]), type: DNSType(mnemonic: parts[1])!, data: parts[2])
    }
    return result
}

/// `value` on one line: `{ "name": "x.", "type": "A", "reply": "drop" }`.
func oneLine(_ value: JSONValue) -> String {
    JSONRenderer().render(value).split(separator: "\n").map { String($0.trimmingPrefix(while: \.isWhitespace)) }
        .joined(separator: " ")
}

/// The servers' JSON as the scenario file shows it.
func rendered(_ replay: ReplayServers) -> String {
    JSONRenderer().render(.array(replay.scripts.map(\.json)))
}

@Suite struct ReplayServersTests {
    static let server = SocketAddress(address: IPAddress("10.96.0.10")!, port: 53)

    @Test("an answer becomes records, a CNAME chain one record per link; NXDOMAIN below nothing needs no rule")
    func answersBecomeRecords() {
        let replay = ReplayServers(observed: [
            answered(observed("A", "www.example.svc."), .NXDOMAIN, answers: 0),
            answering(observed("A", "www.example."), ["www.example. CNAME web.example.", "web.example. A 10.0.0.7"]),
            answering(observed("A", "www.example."), ["www.example. CNAME web.example.", "web.example. A 10.0.0.8"]),
        ], servers: [Self.server], keepDelays: false)
        #expect(replay.notes.isEmpty)
        #expect(rendered(replay) == """
            [
              {
                "address": "10.96.0.10",
                "records": {
                  "www.example.": {
                    "CNAME": "web.example."
                  },
                  "web.example.": {
                    "A": ["10.0.0.7", "10.0.0.8"]
                  }
                }
              }
            ]
            """)
    }

    @Test("NODATA, SERVFAIL, REFUSED, TC and silence are rules; NXDOMAIN only where the records would say otherwise")
    func otherRepliesBecomeRules() {
        let replay = ReplayServers(observed: [
            answering(observed("A", "api.example."), ["api.example. A 10.0.0.5"]),
            answered(observed("AAAA", "api.example."), .NOERROR, answers: 0),      // NODATA by the records already
            answered(observed("A", "empty.example."), .NOERROR, answers: 0),       // NODATA with no records: a rule
            answered(observed("A", "example."), .NXDOMAIN, answers: 0),            // records below it: a rule
            answered(observed("A", "fail.example."), .SERVFAIL, answers: 0),
            answered(observed("A", "no.example."), .REFUSED, answers: 0),
            answered(observed("A", "big.example."), .NOERROR, truncated: true, answers: 0),
            observed("A", "drop.example."),
        ], servers: [Self.server], keepDelays: false)
        let rules = replay.scripts[0].rules.map { oneLine($0) }
        #expect(rules == [
            #"{ "name": "empty.example.", "type": "A", "reply": "nodata" }"#,
            #"{ "name": "example.", "type": "A", "reply": "nxdomain" }"#,
            #"{ "name": "fail.example.", "type": "A", "reply": "servfail" }"#,
            #"{ "name": "no.example.", "type": "A", "reply": "refused" }"#,
            #"{ "name": "big.example.", "type": "A", "reply": "truncate" }"#,
            #"{ "name": "drop.example.", "type": "A", "reply": "drop" }"#,
        ], "\(rules)")
    }

    @Test("a reply that changed between queries is a sequence, per transport when both were used")
    func sequencesAndTransports() {
        let replay = ReplayServers(observed: [
            observed("A", "flaky.example.", at: 0),
            answering(observed("A", "flaky.example.", at: 5_000_000), ["flaky.example. A 10.0.0.1"]),
            answering(observed("A", "flaky.example.", at: 6_000_000), ["flaky.example. A 10.0.0.1"]),
            answered(observed("A", "big.example."), .NOERROR, truncated: true, answers: 0),
            answering(observed("A", "big.example.", transport: .tcp), ["big.example. A 10.0.0.2"]),
        ], servers: [Self.server], keepDelays: false)
        let rules = replay.scripts[0].rules.map { oneLine($0) }
        #expect(rules == [
            #"{ "name": "flaky.example.", "type": "A", "reply": ["drop", "answer"] }"#,
            #"{ "name": "big.example.", "type": "A", "transport": "udp", "reply": "truncate" }"#,
        ], "\(rules)")
    }

    @Test("--keep-delays keeps the slowest reply of a name and type as delayMs, from 10 ms on")
    func delays() {
        let queries = [
            answering(observed("A", "slow.example."), ["slow.example. A 10.0.0.8"], latencyMs: 300),
            answering(observed("A", "slow.example."), ["slow.example. A 10.0.0.8"], latencyMs: 250),
            answering(observed("A", "fast.example."), ["fast.example. A 10.0.0.9"], latencyMs: 2),
        ]
        let kept = ReplayServers(observed: queries, servers: [Self.server], keepDelays: true)
        #expect(kept.scripts[0].rules.map { oneLine($0) }
                == [#"{ "name": "slow.example.", "type": "A", "reply": "answer", "delayMs": 300 }"#])
        #expect(ReplayServers(observed: queries, servers: [Self.server], keepDelays: false).scripts[0].rules.isEmpty)
    }

    @Test("a server that bounced every query is closed; one no nameserver names but a query went to is added")
    func closedAndExtraServers() {
        var bounced = observed("A", "api.example.", server: "10.0.0.53")
        bounced.unreachable = PortUnreachable(at: 10, server: bounced.query.server, clientPort: 40000, query: 0)
        let replay = ReplayServers(observed: [bounced, answering(observed("A", "api.example.", port: 5353), ["api.example. A 10.0.0.5"])],
                                   servers: [SocketAddress(address: IPAddress("10.0.0.53")!, port: 53)], keepDelays: false)
        #expect(rendered(replay) == """
            [
              {
                "address": "10.0.0.53",
                "mode": "closed"
              },
              {
                "address": "10.96.0.10",
                "port": 5353,
                "records": {
                  "api.example.": {
                    "A": "10.0.0.5"
                  }
                }
              }
            ]
            """)
    }

    @Test("records a scenario cannot hold are left out with a note, and the file still decodes")
    func unreplayableRecords() throws {
        let replay = ReplayServers(observed: [
            answering(observed("A", "api.example."), ["api.example. A 10.0.0.5", "api.example. RRSIG \\# 2 0001"]),
            answering(observed("AAAA", "odd.example."), ["odd.example. CNAME api.example.", "odd.example. AAAA fd00::1"]),
        ], servers: [Self.server], keepDelays: false)
        #expect(replay.notes.count == 2, "\(replay.notes)")
        #expect(replay.notes.contains { $0.contains("RRSIG record of api.example. is not replayed") })
        #expect(replay.notes.contains { $0.contains("odd.example. has a CNAME beside other records") })
        let snapshot = TargetSnapshot(hostname: "pod-7", resolvConf: "nameserver 10.96.0.10\n", interfaces: [])
        let source = TargetScenario(snapshot: snapshot, target: .process(1)).source(
            name: "n", description: "d", tags: [], servers: replay.scripts.map(\.json),
            lookups: [.object([("exec", .array([JSONValue("true")]))])])
        _ = try ScenarioDecoder.decode(source, file: "replay.json", options: .init(allowNoAssertions: true))
    }
}

@Suite struct TargetScenarioTests {
    @Test("the skeleton keeps the target's files, hostname and addresses but loopback's, and a server per nameserver")
    func skeleton() throws {
        let snapshot = TargetSnapshot(
            hostname: "pod-7", resolvConf: "search svc.cluster.local\nnameserver 10.96.0.10\nnameserver fd00::10\noptions ndots:5\n",
            hosts: "127.0.0.1 localhost\n", nsswitchConf: "hosts: files dns\n", gaiConf: "# only comments\n\n",
            interfaces: [.init(name: "lo", addresses: [AddressPrefix("127.0.0.1/8")!, AddressPrefix("::1/128")!]),
                         .init(name: "eth0", addresses: [AddressPrefix("10.244.0.5/24")!, AddressPrefix("fe80::1/64")!])])
        let source = TargetScenario(snapshot: snapshot, target: .process(42)).source(
            name: "snapshot", description: "d", tags: ["snapshot"],
            lookups: [.object([("exec", .array([JSONValue("true")])), ("expect", .object([("exitCode", JSONValue(0))]))])])
        let scenario = try ScenarioDecoder.decode(source, file: "s.json")
        #expect(scenario.hostname == "pod-7")
        #expect(scenario.addresses.map(\.description) == ["10.244.0.5/24", "fe80::1/64"])
        #expect(scenario.resolvConf == snapshot.resolvConf)
        #expect(scenario.hosts == "127.0.0.1 localhost\n")
        #expect(scenario.files.map(\.path) == ["/etc/nsswitch.conf"], "a gai.conf of comments alone is left out")
        #expect(scenario.servers.map(\.address.description) == ["10.96.0.10", "fd00::10"])
    }

    @Test("no nameserver line: the resolver asks 127.0.0.1, so that is where the server is; a bad hostname is left out")
    func implicitNameserver() throws {
        let made = TargetScenario(snapshot: TargetSnapshot(hostname: "bad name", resolvConf: "options ndots:1\n"), target: .process(7))
        #expect(made.nameservers.map(\.description) == ["127.0.0.1:53"])
        #expect(made.notes == ["hostname bad name is not one a scenario can set; left out"])
        let scenario = try ScenarioDecoder.decode(made.source(name: "n", description: "d", tags: [],
                                                              lookups: [.object([("exec", .array([JSONValue("true")]))])]),
                                                  file: "s.json", options: .init(allowNoAssertions: true))
        #expect(scenario.hostname == nil)
    }
}
