import DNSWire
import Foundation
import Observation
import ObservationTestSupport
import ScenarioFormat
import SystemCalls
import Testing

/// The typed protocol between the sandbox and the parent: every event survives the pipe as it
/// was, lines split anywhere are put back together, and what is not an event is reported.
@Suite("Event stream")
struct EventStreamTests {
    static let server = SocketAddress(address: .v6(IPv6Address("fd00::10") ?? .loopback), port: 53)

    static var everyKind: [ProbeEvent] {
        let query = answered(observed("AAAA", "Mixed.Example.", server: "fd00::10", transport: .tcp, id: 0xFFFF,
                                      flags: ["rd", "ad", "edns0", "do"], at: 1_733_000_000_123_456))
        var malformed = query.query
        malformed.message = MessageSummary(id: 7, malformed: "truncated at offset 12")
        return [
            .started(SandboxStarted(at: 1_733_000_000_000_000, namespaces: ScenarioNamespace.allCases, interface: "lo",
                                    linkType: 1, filter: "udp and port 53", receiveBufferBytes: 134_217_728,
                                    timestampsAtArrival: false)),
            .lookupStarted(LookupStarted(index: 0, at: 5)),
            .query(query.query),
            .query(malformed),
            .reply(try! #require(query.reply)),
            // With its answers, as an attached trace asks for them (TXT as text, quotes and all).
            .reply(WireReply(query: 0, at: 8, client: client(3), server: Self.server, transport: .udp, size: 90,
                             message: MessageSummary(id: 1, rcode: .NOERROR, answerCount: 3),
                             answers: [AnswerRecord(name: try! DNSName("www.Example."), type: .CNAME, data: "web.example."),
                                       AnswerRecord(name: try! DNSName("web.example."), type: .A, data: "10.0.0.7"),
                                       AnswerRecord(name: try! DNSName("web.example."), type: .TXT, data: "say \"hi\"")])),
            .unreachable(PortUnreachable(at: 9, server: Self.server, clientPort: 40000, query: nil)),
            .lookupEnded(LookupEnded(index: 0, at: 10, outcome: LookupOutcome(
                durationMs: 1.25, addresses: [.v4(IPv4Address(192, 0, 2, 1)), Self.server.address],
                error: LookupError(name: "EAI_SYSTEM", code: -11, detail: "Connection refused \"quoted\" \\ \n"),
                canonname: "c.example", exit: .signaled(9), timedOut: true,
                standardOutput: CapturedOutput(bytes: Array("line\tone\n\u{1B}[31mred\u{1B}[0m é\n".utf8), totalBytes: 4_000_000),
                standardError: CapturedOutput(bytes: [0xFF, 0xFE, 0x00]), failure: nil))),
            // A reverse lookup's names and a res_query reply's AD bit.
            .lookupEnded(LookupEnded(index: 1, at: 10, outcome: {
                var outcome = LookupOutcome(durationMs: 0.5, addresses: [], error: nil, rcode: "NXDOMAIN", answerCount: 0,
                                            authenticData: true)
                outcome.names = ["web.example", "alias \"quoted\""]
                return outcome
            }())),
            .statistics(CaptureStatistics(frames: 10, kernelPackets: UInt64.max, kernelDrops: 1, truncatedFrames: 0)),
            .lost(LostQuery(server: Self.server, client: client(1), transport: .udp, size: 3, message: MessageSummary())),
            .incompleteStream(IncompleteStream(from: client(2), to: Self.server)),
            .activity(Activity(at: 11, idle: true)),
            .setupFailed(SetupFailure(kind: .namespaces, message: "unshare: Operation not permitted")),
            .finished(Finished(at: 12, drainMs: 0.000_001, sentinelsSent: 3, peakMemoryBytes: 20 << 20)),
        ]
    }

    @Test("every kind of event crosses the pipe unchanged, one line each")
    func roundTrip() {
        var buffer: [UInt8] = []
        for event in Self.everyKind {
            let line = EventLines.encode(event)
            #expect(line.last == 0x0A)
            #expect(line.dropLast().contains(0x0A) == false, "an event must be one line")
            buffer += line
        }
        let decoded = EventLines.take(from: &buffer)
        #expect(buffer.isEmpty)
        #expect(decoded.count == Self.everyKind.count)
        for (result, original) in zip(decoded, Self.everyKind) {
            #expect((try? result.get()) == original)
        }
    }

    @Test("a stream read in pieces of any size gives the same events")
    func splitAnywhere() {
        let stream = Self.everyKind.flatMap(EventLines.encode)
        for chunk in [1, 2, 3, 7, 64, 1000] {
            var buffer: [UInt8] = []
            var events: [ProbeEvent] = []
            var offset = 0
            while offset < stream.count {
                buffer += stream[offset..<min(offset + chunk, stream.count)]
                offset += chunk
                events += EventLines.take(from: &buffer).compactMap { try? $0.get() }
            }
            #expect(events == Self.everyKind, "chunks of \(chunk) bytes")
        }
    }

    @Test("a line that is not an event is reported with its text, and the stream goes on")
    func garbage() {
        var buffer = Array("{\"nonsense\":1}\nnot json\n".utf8) + EventLines.encode(.activity(Activity(at: 1, idle: false)))
        let results = EventLines.take(from: &buffer)
        #expect(results.count == 3)
        guard case .failure(let first) = results[0], case .failure(let second) = results[1] else {
            Issue.record("garbage decoded as events: \(results)")
            return
        }
        #expect(first.text == "{\"nonsense\":1}")
        #expect(second.text == "not json")
        #expect((try? results[2].get()) == .activity(Activity(at: 1, idle: false)))
    }

    @Test("events decode with Foundation's decoder too: the pipe is ordinary JSON")
    func ordinaryJSON() throws {
        for event in Self.everyKind {
            let line = EventLines.encode(event)
            #expect(try JSONDecoder().decode(ProbeEvent.self, from: Data(line.dropLast())) == event)
        }
    }

    /// The lines are written and read by hand, for speed; the types' Codable conformances are the
    /// same form for any other decoder. Both directions, with Foundation's key order too.
    @Test("lines written through Codable (WireJSON, Foundation) are read by hand as the same events")
    func codableLinesDecode() throws {
        for event in Self.everyKind {
            for line in [try WireJSON.encode(event), Array(try JSONEncoder().encode(event))] {
                var buffer = line + [0x0A]
                let decoded = EventLines.take(from: &buffer)
                #expect(decoded.count == 1)
                #expect((try? decoded.first?.get()) == event, "\(String(decoding: line, as: UTF8.self))")
            }
        }
    }

    @Test("a line with a member missing, of the wrong type or of an unknown kind fails with the reason, not a crash",
          arguments: [
              ("{\"activity\":{\"at\":1}}", "missing event.activity.idle"),
              ("{\"activity\":{\"at\":\"1\",\"idle\":true}}", "event.activity.at is not a whole number"),
              ("{\"query\":{\"sequence\":0,\"at\":1,\"client\":{\"address\":\"nowhere\",\"port\":1}}}", "not an IP address"),
              ("{\"statistics\":{\"frames\":-1,\"kernelPackets\":-1,\"kernelDrops\":0,\"truncatedFrames\":0}}",
               "kernelPackets is not a whole number that fits"),
              ("{\"teleported\":{}}", "unknown event kind teleported"),
              ("{\"activity\":{\"at\":1,\"idle\":true},\"finished\":{}}", "exactly one kind"),
              ("[1,2]", "is not an object"),
          ])
    func badLines(line: String, reason: String) {
        var buffer = Array((line + "\n").utf8)
        let results = EventLines.take(from: &buffer)
        guard results.count == 1, case .failure(let failure) = results[0] else {
            Issue.record("\(line) decoded: \(results)")
            return
        }
        #expect(failure.text == line)
        #expect(failure.reason.contains(reason), "\(failure.reason)")
    }

    /// Appending to an array or an object was once a copy of everything before it: 4,000
    /// addresses under 2,000 owners took seconds. Linear now; the limit only catches a relapse.
    @Test("large arrays and objects encode and decode in linear time", .timeLimit(.minutes(1)))
    func largeValuesAreLinear() throws {
        let count = 100_000
        let numbers = Array(0..<count)
        let encoded = try WireJSON.encode(numbers)
        #expect(try WireJSON.decode([Int].self, from: encoded) == numbers)
        let object = Dictionary(uniqueKeysWithValues: (0..<count).map { ("owner\($0).example.", $0) })
        #expect(try WireJSON.decode([String: Int].self, from: try WireJSON.encode(object)) == object)
    }

    @Test("the request, with its servers' records and rules, crosses the pipe unchanged")
    func requestRoundTrip() throws {
        let text = """
            {
              "name": "request",
              "hostname": "pod-1.prophet",
              "addresses": ["10.244.154.23/32", "fd00::17/128"],
              "resolvConf": ["nameserver 10.96.0.10", "options ndots:5"],
              "files": { "/etc/gai.conf": "label ::1/128 0\\n" },
              "servers": [
                { "address": "10.96.0.10",
                  "records": { "a.example.": { "A": ["192.0.2.1"], "TXT": "hello" }, "*.w.example.": { "CNAME": "a.example." },
                               "m.example.": { "MX": "10 mail.example.", "SRV": "0 5 443 web.example." } },
                  "rules": [ { "name": "*.cluster.local.", "type": "AAAA", "reply": "servfail", "times": 1 },
                             { "name": "slow.example.", "delayMs": 300, "transport": "tcp" } ],
                  "otherwise": "refused" },
                { "address": "fd00::11", "port": 5353, "mode": "silent" }
              ],
              "lookups": [
                { "getaddrinfo": "a.example", "family": "inet6", "flags": ["addrconfig", "canonname"], "service": "443" },
                { "exec": ["dig", "+short", "a.example"] }
              ],
              "expect": { "queries": [] }
            }
            """
        let scenario = try ScenarioDecoder.decode(Array(text.utf8), file: "request.json")
        let filter = CaptureFilter(expression: "udp", linkType: 1, instructions: [.init(code: 6, jt: 0, jf: 0, k: 262_144)])
        let request = ProbeRequest(scenario: scenario, path: "request.json", namespaces: [.net, .mount, .pid],
                                   capture: CaptureRequest(filter: filter, dnsPorts: [53, 5353],
                                                           sentinel: SocketAddress(address: .v4(IPv4Address(127, 254, 254, 254)), port: 9),
                                                           pcapDescriptor: 3))
        let decoded = try WireJSON.decode(ProbeRequest.self, from: try WireJSON.encode(request))
        #expect(decoded.addresses.map(\.description) == ["10.96.0.10/32", "fd00::11/128", "10.244.154.23/32", "fd00::17/128"])
        #expect(decoded.lookups == request.lookups)
        #expect(decoded.files == request.files)
        #expect(decoded.capture.filter == filter)
        #expect(decoded.capture.pcapDescriptor == 3)
        #expect(decoded.servers.count == 2)
        let records = decoded.servers[0].records
        #expect(records.entries.count == 3)
        #expect(records.records(at: try DNSName("x.w.example."))?.first?.type == .CNAME)
        #expect(records.entry(for: try DNSName("m.example."))?.records.map(\.type) == [.MX, .SRV])
        #expect(decoded.servers[0].rules.map(\.replies) == [[.servfail], [.answer]])
        #expect(decoded.servers[0].rules.first?.name == NamePattern("*.cluster.local."))
        #expect(decoded.servers[0].otherwise == .refused)
        #expect(decoded.servers[1].mode == .silent && decoded.servers[1].port == 5353)
    }
}

@Suite("ScenarioObservation")
struct ScenarioObservationTests {
    @Test("replies, bounces and lookup ends land on what they belong to, as the events arrive")
    func folding() {
        let first = observed("A", "a.example.", id: 1)
        let second = observed("AAAA", "a.example.", id: 2, sequence: 1)
        let stray = WireReply(query: nil, at: 700, client: client(40000), server: second.query.server, transport: .udp, size: 12,
                              message: MessageSummary(id: 99))
        let observation = ScenarioObservation(events: events(queries: [answered(first, .NXDOMAIN), second],
                                                             outcomes: [LookupOutcome(durationMs: 2)], replies: [stray]))
        #expect(observation.queries.count == 2)
        #expect(observation.queries[0].reply?.message.rcode == .NXDOMAIN)
        #expect(observation.queries[1].reply == nil)
        #expect(observation.unmatchedReplies == [stray])
        #expect(observation.outcome(ofLookup: 0)?.durationMs == 2)
        #expect(observation.finished != nil)
    }

    @Test("a sandbox that dies half-way leaves everything it sent")
    func partial() {
        let all = events(queries: [observed("A", "a.example.")], outcomes: [LookupOutcome(durationMs: 2)])
        let cut = Array(all.prefix(3))   // started, lookupStarted, query
        let observation = ScenarioObservation(events: cut)
        #expect(observation.queries.count == 1)
        #expect(observation.lookups.count == 1 && observation.lookups[0].outcome == nil)
        #expect(observation.finished == nil)
    }

    @Test("offsets count from when the sandbox started its first lookup")
    func offsets() {
        var observation = ScenarioObservation()
        observation.apply(.started(SandboxStarted(at: 1_000_000, namespaces: [], interface: "lo", linkType: 1, filter: "",
                                                  receiveBufferBytes: 0)))
        #expect(observation.offsetMs(1_001_500) == 1.5)
    }
}
