import DNSWire
import Foundation
import Judge
import Observation
import ObservationTestSupport
@testable import Recording
import Runner
import ScenarioFormat
import SystemCalls
import Testing

/// Golden recording: the observed run is written into the scenario file, and only there.
@Suite("ExpectationRecorder")
struct ExpectationRecorderTests {
    // MARK: helpers

    /// A lookup that returned `addresses`.
    static func resolved(_ addresses: String..., canonname: String? = nil) -> LookupOutcome {
        LookupOutcome(durationMs: 2, addresses: addresses.compactMap(IPAddress.init), canonname: canonname)
    }

    /// A getaddrinfo that failed with `error`, and what the system said for EAI_SYSTEM.
    static func failed(_ error: String, detail: String? = nil) -> LookupOutcome {
        LookupOutcome(durationMs: 2, error: LookupError(name: error, code: GetaddrinfoErrorName.table.first { $0.name == error }?.code ?? -1,
                                                        detail: detail))
    }

    /// A command that exited with `code`.
    static func exited(_ code: Int32, durationMs: Double = 2) -> LookupOutcome {
        LookupOutcome(durationMs: durationMs, exit: .exited(code), standardOutput: CapturedOutput(bytes: Array("10.0.0.1 db\n".utf8)))
    }

    /// Decodes `text` as `record` does, runs the recorder on a fail result carrying the observation.
    static func record(_ text: String, queries: [ObservedQuery], lookups: [LookupOutcome],
                       sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> (text: String, recording: Recording) {
        let source = Array(text.utf8)
        let scenario = try ScenarioDecoder.decode(source, file: "test.json", options: .init(allowNoAssertions: true))
        let observation = ScenarioObservation(events: events(queries: queries, outcomes: lookups))
        let result = ScenarioResult(path: "test.json", name: scenario.name, verdict: .fail([]), observation: observation,
                                    scenario: scenario)
        let recording = try ExpectationRecorder.record(source: source, scenario: scenario, result: result)
        #expect(recording.changed == (recording.source != source), sourceLocation: sourceLocation)
        return (String(decoding: recording.source, as: UTF8.self), recording)
    }

    /// The `expect.queries` entries of a file as written (strings only).
    static func writtenQueries(_ text: String) throws -> [String] {
        let root = try JSONParser.parse(text)
        let elements = try #require(root["expect"]?["queries"]?.elements)
        return elements.map { $0.value.stringValue ?? "<object>" }
    }

    static let seed = """
        // The Kubernetes case.
        {
          "name": "ndots:5 walks the search list", // the canonical case
          "resolvConf": [
            "search prophet.svc.cluster.local svc.cluster.local cluster.local",
            "nameserver 10.96.0.10",
            "options ndots:5"
          ],
          "servers": [
            { "address": "10.96.0.10", "records": { "ycwu314.top.": { "A": ["104.24.99.9"] } } }
          ],
          "lookups": [
            { "getaddrinfo": "ycwu314.top", "family": "inet",
              "expect": { "addresses": ["104.24.99.9"] } }
          ],
          "expect": {
            /* every search domain first */
            "queries": [
              "A ycwu314.top.prophet.svc.cluster.local.",
              "A ycwu314.top.svc.cluster.local.",
              "A ycwu314.top.cluster.local.",
              "A ycwu314.top."
            ],
            "order": "exact" // the default, spelled out
          }
        }

        """

    static let seedQueries = [
        observed("A", "ycwu314.top.prophet.svc.cluster.local.", id: 1),
        observed("A", "ycwu314.top.svc.cluster.local.", id: 2),
        observed("A", "ycwu314.top.cluster.local.", id: 3),
        observed("A", "ycwu314.top.", id: 4),
    ]

    // MARK: queries

    @Test func damagedQueriesAreRewrittenToTheOriginalBytes() throws {
        let damaged = Self.seed.replacingOccurrences(of: "\"A ycwu314.top.\"\n", with: "\"A ycwu314.top.example.\"\n")
        #expect(damaged != Self.seed)
        let (text, recording) = try Self.record(damaged, queries: Self.seedQueries, lookups: [Self.resolved("104.24.99.9")])
        #expect(text == Self.seed)
        #expect(recording.changed)
        #expect(recording.changes == ["expect.queries:", "  - A ycwu314.top.example.", "  + A ycwu314.top."])
        #expect(recording.stillFailing.isEmpty)
    }

    @Test func onlyTheQueriesArrayChangesAroundComments() throws {
        let (text, recording) = try Self.record(Self.seed, queries: Array(Self.seedQueries.suffix(1)),
                                                lookups: [Self.resolved("104.24.99.9")])
        let expected = Self.seed.replacingOccurrences(of: """
                "queries": [
                  "A ycwu314.top.prophet.svc.cluster.local.",
                  "A ycwu314.top.svc.cluster.local.",
                  "A ycwu314.top.cluster.local.",
                  "A ycwu314.top."
                ],
            """, with: """
                "queries": ["A ycwu314.top."],
            """)
        #expect(expected != Self.seed)
        #expect(text == expected)
        #expect(text.contains("// The Kubernetes case.\n{\n  \"name\": \"ndots:5 walks the search list\", // the canonical case\n"))
        #expect(text.contains("/* every search domain first */"))
        #expect(text.contains("\"order\": \"exact\" // the default, spelled out"))
        #expect(recording.changes == ["expect.queries:", "  - A ycwu314.top.prophet.svc.cluster.local.",
                                      "  - A ycwu314.top.svc.cluster.local.", "  - A ycwu314.top.cluster.local."])
    }

    @Test func anUpToDateFileIsNotTouched() throws {
        let (text, recording) = try Self.record(Self.seed, queries: Self.seedQueries, lookups: [Self.resolved("104.24.99.9")])
        #expect(text == Self.seed)
        #expect(!recording.changed)
        #expect(recording.changes.isEmpty)
    }

    @Test func expectationsThatHoldAreKeptAsWritten() throws {
        // Wildcards, a partial pattern and `unordered` that the run meets: rewriting them would lose intent.
        let source = """
            {
              "name": "rotate",
              "resolvConf": ["nameserver 10.96.0.10", "nameserver 10.96.0.11", "options rotate"],
              "servers": [{ "address": "10.96.0.10" }, { "address": "10.96.0.11" }],
              "lookups": [{ "getaddrinfo": "a.example", "family": "inet", "expect": { "error": "EAI_NONAME" } }],
              "expect": { "queries": ["A * @10.96.0.10", "A a.example. udp"], "order": "unordered" }
            }
            """
        let queries = [observed("A", "a.example.", server: "10.96.0.11"), observed("A", "a.example.", server: "10.96.0.10")]
        let (text, recording) = try Self.record(source, queries: queries, lookups: [Self.failed("EAI_NONAME")])
        #expect(text == source)
        #expect(!recording.changed)
    }

    // MARK: groups, afterMs and alternatives

    /// Two search rounds as groups, the second timed; A and B at the lookup's address.
    static let grouped = """
        {
          "name": "rounds",
          "servers": [{ "address": "10.96.0.10" }],
          "lookups": [{ "getaddrinfo": "web", "expect": { "addresses": ["10.0.0.9"] } }],
          "expect": { "queries": [["A web.a.", "AAAA web.a."], ["A web.", { "type": "AAAA", "name": "web.", "afterMs": { "max": 100 } }]] }
        }
        """

    static let rounds = [observed("AAAA", "web.a.", id: 1, at: 0), observed("A", "web.a.", id: 2, at: 100),
                         observed("A", "web.", id: 3, at: 200), observed("AAAA", "web.", id: 4, at: 300)]

    @Test("groups and afterMs that the run meets are kept as written; the lookups are still recorded")
    func groupsThatHoldAreKept() throws {
        let (text, recording) = try Self.record(Self.grouped, queries: Self.rounds, lookups: [Self.resolved("10.0.0.5")])
        #expect(text == Self.grouped.replacingOccurrences(of: #""addresses": ["10.0.0.9"]"#, with: #""addresses": ["10.0.0.5"]"#))
        #expect(recording.changes == ["lookups[0].expect.addresses: [10.0.0.9] → [10.0.0.5]"])
    }

    @Test("queries with groups or afterMs the run does not meet are refused, not flattened into what one run did",
          arguments: ["order", "timing"])
    func groupsThatFailAreRefused(broken: String) throws {
        var queries = Self.rounds
        if broken == "order" {
            queries.swapAt(1, 2)   // A web. before A web.a.: the rounds interleave
        } else {
            queries[3] = observed("AAAA", "web.", id: 4, at: 200_300)   // 200.1 ms after the A, not within 100
        }
        let error = #expect(throws: RecordingError.self) {
            try Self.record(Self.grouped, queries: queries, lookups: [Self.resolved("10.0.0.9")])
        }
        #expect(error?.message == "the run does not meet expect.queries, whose groups and afterMs bounds one run cannot "
            + "write back: edit it by hand (run -v shows the observed queries)")
    }

    static let alternatives = """
        {
          "name": "rotate",
          "servers": [{ "address": "10.96.0.10" }, { "address": "10.96.0.11" }],
          "lookups": [{ "getaddrinfo": "a", "expect": { "error": "EAI_NONAME" } }],
          "expect": { "alternatives": [["A a. @10.96.0.10"], ["A a. @10.96.0.11"]] }
        }
        """

    @Test("alternatives one of which the run meets are kept; the lookups are still recorded")
    func alternativesThatHoldAreKept() throws {
        let (text, recording) = try Self.record(Self.alternatives, queries: [observed("A", "a.", server: "10.96.0.11")],
                                                lookups: [Self.resolved("10.0.0.1")])
        #expect(!text.contains("EAI_NONAME") && text.contains(#""alternatives": [["A a. @10.96.0.10"], ["A a. @10.96.0.11"]]"#))
        #expect(recording.changes == ["lookups[0].expect.error: EAI_NONAME → none", "lookups[0].expect.addresses: none → [10.0.0.1]"]
            || recording.changes == ["lookups[0].expect.addresses: none → [10.0.0.1]", "lookups[0].expect.error: EAI_NONAME → none"])
    }

    @Test("alternatives none of which the run meets are refused, naming the closest; the file is not rewritten")
    func alternativesThatFailAreRefused() throws {
        let error = #expect(throws: RecordingError.self) {
            try Self.record(Self.alternatives, queries: [observed("A", "a.", server: "10.96.0.12")], lookups: [Self.failed("EAI_NONAME")])
        }
        #expect(error?.message == "the run matches none of expect.alternatives (the closest is alternative 1 of 2), and record "
            + "cannot tell from one run which of them to rewrite: edit them by hand (run -v shows the observed queries)")
    }

    @Test func expectIsAppendedAsTheLastTopLevelMember() throws {
        let source = """
            {
              "name": "new", // no expectations yet
              "resolvConf": "nameserver 10.96.0.10\\n",
              "servers": [{ "address": "10.96.0.10" }],
              "lookups": [{ "getaddrinfo": "a.example", "family": "inet", "expect": { "error": "EAI_NONAME" } }]
              // end
            }

            """
        let (text, recording) = try Self.record(source, queries: [observed("A", "a.example.")], lookups: [Self.failed("EAI_NONAME")])
        let expected = source.replacingOccurrences(
            of: "\"error\": \"EAI_NONAME\" } }]\n  // end\n}",
            with: "\"error\": \"EAI_NONAME\" } }],\n  // end\n  \"expect\": { \"queries\": [\"A a.example.\"] }\n}")
        #expect(expected != source)
        #expect(text == expected)
        #expect(recording.changes == ["expect.queries:", "  + A a.example."])
    }

    @Test func noQueriesAtAllIsRecordedAsAnEmptyList() throws {
        let source = "{\n  \"name\": \"hosts\",\n  \"lookups\": [{ \"getaddrinfo\": \"localhost\" }]\n}\n"
        let (text, recording) = try Self.record(source, queries: [], lookups: [Self.resolved("127.0.0.1")])
        #expect(text == "{\n  \"name\": \"hosts\",\n  \"lookups\": [{ \"getaddrinfo\": \"localhost\", \"expect\": { \"addresses\": [\"127.0.0.1\"] } }],\n"
            + "  \"expect\": { \"queries\": [] }\n}\n")
        #expect(recording.changes == ["expect.queries: none → [] (no query was sent)",
                                      "lookups[0].expect.addresses: none → [127.0.0.1]"])
    }

    @Test func trailingCommasAreKept() throws {
        let source = """
            {
              "name": "commas",
              "resolvConf": "nameserver 10.96.0.10\\n",
              "servers": [{ "address": "10.96.0.10" },],
              "lookups": [
                { "exec": ["getent", "hosts", "db"], "expect": { "exitCode": 2, }, },
              ],
              "expect": {
                "queries": ["A db.",],
              },
            }
            """
        let (text, _) = try Self.record(source, queries: [observed("A", "db."), observed("AAAA", "db.")], lookups: [Self.exited(0)])
        let expected = source
            .replacingOccurrences(of: "\"exitCode\": 2,", with: "\"exitCode\": 0,")
            .replacingOccurrences(of: "\"queries\": [\"A db.\",],", with: "\"queries\": [\"A db.\", \"AAAA db.\"],")
        #expect(text == expected)
    }

    @Test func trailingCommaAfterTheLastTopLevelMemberIsRepeated() throws {
        let source = "{\n  \"name\": \"x\",\n  \"servers\": [{ \"address\": \"10.96.0.10\" }],\n"
            + "  \"lookups\": [{ \"getaddrinfo\": \"db\", \"expect\": { \"addresses\": [\"10.0.0.1\"] } }],\n}\n"
        let (text, _) = try Self.record(source, queries: [observed("A", "db.")], lookups: [Self.resolved("10.0.0.1")])
        #expect(text == "{\n  \"name\": \"x\",\n  \"servers\": [{ \"address\": \"10.96.0.10\" }],\n  \"lookups\": [{ \"getaddrinfo\": \"db\", \"expect\": { \"addresses\": [\"10.0.0.1\"] } }],\n"
            + "  \"expect\": { \"queries\": [\"A db.\"] },\n}\n")
    }

    @Test func aFourSpaceFileGetsFourSpaceIndentation() throws {
        let source = """
            {
                "name": "four spaces",
                "resolvConf": ["search a.corp.example b.corp.example c.corp.example", "nameserver 10.96.0.10", "options ndots:5"],
                "servers": [{ "address": "10.96.0.10" }],
                "lookups": [
                    { "getaddrinfo": "host", "family": "inet" }
                ]
            }
            """
        let names = ["host.a.corp.example.", "host.b.corp.example.", "host.c.corp.example.", "host."]
        let (text, _) = try Self.record(source, queries: names.map { observed("A", $0) }, lookups: [Self.failed("EAI_NONAME")])
        let expected = """
            {
                "name": "four spaces",
                "resolvConf": ["search a.corp.example b.corp.example c.corp.example", "nameserver 10.96.0.10", "options ndots:5"],
                "servers": [{ "address": "10.96.0.10" }],
                "lookups": [
                    { "getaddrinfo": "host", "family": "inet", "expect": { "error": "EAI_NONAME" } }
                ],
                "expect": {
                    "queries": [
                        "A host.a.corp.example.",
                        "A host.b.corp.example.",
                        "A host.c.corp.example.",
                        "A host."
                    ]
                }
            }
            """
        #expect(text == expected)
    }

    @Test func crlfLineBreaksAreKept() throws {
        let source = "{\r\n  \"name\": \"crlf\",\r\n  \"servers\": [{ \"address\": \"10.96.0.10\" }],\r\n  \"lookups\": [{ \"getaddrinfo\": \"db\", \"expect\": { \"addresses\": [\"10.0.0.1\"] } }]\r\n}\r\n"
        let many = (1...8).map { observed("A", "a-rather-long-name-\($0).example.") }
        let (text, _) = try Self.record(source, queries: many, lookups: [Self.resolved("10.0.0.1")])
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(text.contains("\"expect\": {\r\n    \"queries\": [\r\n      \"A a-rather-long-name-1.example.\",\r\n"))
    }

    // MARK: @SERVER and transport

    static let oneServer = """
        {
          "name": "one server",
          "resolvConf": ["nameserver 10.96.0.10", "nameserver 10.96.0.99"],
          "servers": [{ "address": "10.96.0.10" }],
          "lookups": [{ "getaddrinfo": "a.example", "family": "inet" }]
        }
        """

    @Test func oneServerAndOnlyUDPGiveBareTypeAndName() throws {
        let (text, _) = try Self.record(Self.oneServer, queries: [observed("A", "a.example.")], lookups: [Self.failed("EAI_NONAME")])
        #expect(try Self.writtenQueries(text) == ["A a.example."])
    }

    @Test func aQueryToAnotherAddressPutsTheServerOnEveryEntry() throws {
        let queries = [observed("A", "a.example."), observed("A", "a.example.", server: "10.96.0.99")]
        let (text, _) = try Self.record(Self.oneServer, queries: queries, lookups: [Self.failed("EAI_AGAIN")])
        #expect(try Self.writtenQueries(text) == ["A a.example. @10.96.0.10", "A a.example. @10.96.0.99"])
    }

    @Test func severalServersPutTheServerOnEveryEntry() throws {
        let source = Self.oneServer.replacingOccurrences(of: "[{ \"address\": \"10.96.0.10\" }]",
                                                         with: "[{ \"address\": \"10.96.0.10\" }, { \"address\": \"fd00::53\", \"port\": 5353 }]")
        let queries = [observed("A", "a.example."), observed("A", "a.example.", server: "fd00::53", port: 5353)]
        let (text, _) = try Self.record(source, queries: queries, lookups: [Self.failed("EAI_NONAME")])
        #expect(try Self.writtenQueries(text) == ["A a.example. @10.96.0.10", "A a.example. @[fd00::53]:5353"])
    }

    @Test func anyTCPQueryPutsTheTransportOnEveryEntry() throws {
        let queries = [observed("A", "a.example."), observed("A", "a.example.", transport: .tcp)]
        let (text, _) = try Self.record(Self.oneServer, queries: queries, lookups: [Self.resolved("10.0.0.5")])
        #expect(try Self.writtenQueries(text) == ["A a.example. udp", "A a.example. tcp"])
    }

    // MARK: object form

    static let flagged = """
        {
          "name": "flags",
          "resolvConf": ["nameserver 10.96.0.10", "options edns0 trust-ad"],
          "servers": [{ "address": "10.96.0.10" }],
          "lookups": [{ "getaddrinfo": "web.example", "family": "inet", "expect": { "addresses": ["10.0.0.5"] } }],
          "expect": {
            "queries": ["A other.", { "type": "A", "name": "web.example.", "flags": ["rd", "ad", "edns0"] }]
          }
        }
        """

    @Test func objectEntriesWithFlagsMakeEveryEntryAnObjectWithFlags() throws {
        let queries = [observed("A", "web.example.", flags: ["rd", "edns0"]),
                       observed("AAAA", "web.example.", transport: .tcp, flags: ["edns0", "do", "rd"])]
        let (text, recording) = try Self.record(Self.flagged, queries: queries, lookups: [Self.resolved("10.0.0.5")])
        let expected = Self.flagged.replacingOccurrences(of: """
                "queries": ["A other.", { "type": "A", "name": "web.example.", "flags": ["rd", "ad", "edns0"] }]
            """, with: """
                "queries": [
                  { "type": "A", "name": "web.example.", "transport": "udp", "flags": ["rd", "edns0"] },
                  { "type": "AAAA", "name": "web.example.", "transport": "tcp", "flags": ["rd", "edns0", "do"] }
                ]
            """)
        #expect(expected != Self.flagged)
        #expect(text == expected)
        #expect(recording.changes == ["expect.queries:", "  - A other.", "  - A web.example. [ad edns0 rd]",
                                      "  + A web.example. udp [edns0 rd]", "  + AAAA web.example. tcp [do edns0 rd]"])
    }

    @Test func objectEntriesWithoutFlagsDoNotForceTheObjectForm() throws {
        let source = Self.flagged.replacingOccurrences(of: ", \"flags\": [\"rd\", \"ad\", \"edns0\"]", with: "")
        let (text, _) = try Self.record(source, queries: [observed("A", "web.example.", flags: ["rd"])],
                                        lookups: [Self.resolved("10.0.0.5")])
        #expect(try Self.writtenQueries(text) == ["A web.example."])
    }

    // MARK: lookups

    @Test func addressesAreReplacedAndOtherKeysKept() throws {
        let source = """
            {
              "name": "lookups",
              "resolvConf": "nameserver 10.96.0.10\\n",
              "lookups": [
                { "getaddrinfo": "db", "expect": { "maxMs": 900, "addresses": ["10.0.0.1", "10.0.0.2"], "minMs": 0 } }
              ],
              "expect": { "queries": ["A db."] }
            }
            """
        let (text, recording) = try Self.record(source, queries: [observed("A", "db.")], lookups: [Self.resolved("10.0.0.3")])
        #expect(text == source.replacingOccurrences(of: "[\"10.0.0.1\", \"10.0.0.2\"]", with: "[\"10.0.0.3\"]"))
        #expect(recording.changes == ["lookups[0].expect.addresses: [10.0.0.1, 10.0.0.2] → [10.0.0.3]"])
    }

    @Test func anErrorTakesThePlaceOfAddressesAndDropsCanonname() throws {
        let source = """
            {
              "name": "lookups",
              "resolvConf": "nameserver 10.96.0.10\\n",
              "lookups": [
                { "getaddrinfo": "www", "flags": ["canonname"],
                  "expect": {
                    "addresses": ["10.0.0.1"], // was there
                    "canonname": "www.example",
                    "maxMs": 900
                  } }
              ],
              "expect": { "queries": ["A www."] }
            }
            """
        let (text, recording) = try Self.record(source, queries: [observed("A", "www.")], lookups: [Self.failed("EAI_NONAME")])
        let expected = source.replacingOccurrences(of: """
                    "addresses": ["10.0.0.1"], // was there
                    "canonname": "www.example",

            """, with: """
                    "error": "EAI_NONAME", // was there

            """)
        #expect(expected != source)
        #expect(text == expected)
        #expect(recording.changes == ["lookups[0].expect.error: none → EAI_NONAME",
                                      "lookups[0].expect.addresses: [10.0.0.1] → none",
                                      "lookups[0].expect.canonname: \"www.example\" → none"])
    }

    @Test func addressesTakeThePlaceOfAnErrorAndCanonnameIsAdded() throws {
        let source = """
            {
              "name": "x",
              "lookups": [{ "getaddrinfo": "www", "flags": ["canonname"], "expect": { "error": "EAI_SYSTEM" } }]
            }
            """
        let (text, recording) = try Self.record(source, queries: [],
                                                lookups: [Self.resolved("192.0.2.7", canonname: "edge.cdn.example")])
        #expect(text == """
            {
              "name": "x",
              "lookups": [{ "getaddrinfo": "www", "flags": ["canonname"], "expect": { "addresses": ["192.0.2.7"],
                "canonname": "edge.cdn.example" } }],
              "expect": { "queries": [] }
            }
            """)
        #expect(recording.changes.contains("lookups[0].expect.addresses: none → [192.0.2.7]"))
        #expect(recording.changes.contains("lookups[0].expect.error: EAI_SYSTEM → none"))
        #expect(recording.changes.contains("lookups[0].expect.canonname: none → \"edge.cdn.example\""))
    }

    @Test func anErrorWithDetailIsRecordedByItsName() throws {
        let source = "{ \"name\": \"x\", \"lookups\": [{ \"getaddrinfo\": \"www\" }], \"expect\": { \"queries\": [] } }"
        let (text, _) = try Self.record(source, queries: [], lookups: [Self.failed("EAI_SYSTEM", detail: "Connection refused")])
        #expect(text.contains("{ \"getaddrinfo\": \"www\", \"expect\": { \"error\": \"EAI_SYSTEM\" } }"))
    }

    @Test func execExitCodeIsReplacedOrAddedAndStdoutContainsKept() throws {
        let source = """
            {
              "name": "exec",
              "resolvConf": "nameserver 10.96.0.10\\n",
              "lookups": [
                { "exec": ["getent", "hosts", "db"], "expect": { "exitCode": 2, "stdoutContains": "10.0.0.1" } },
                { "exec": ["getent", "hosts", "db"], "expect": { "stdoutContains": ["db"] } },
                { "exec": ["getent", "hosts", "db"] }
              ],
              "expect": { "queries": [] }
            }
            """
        let (text, recording) = try Self.record(source, queries: [], lookups: [Self.exited(0), Self.exited(0), Self.exited(1)])
        let expected = source
            .replacingOccurrences(of: "\"exitCode\": 2, \"stdoutContains\": \"10.0.0.1\"", with: "\"exitCode\": 0, \"stdoutContains\": \"10.0.0.1\"")
            .replacingOccurrences(of: "\"stdoutContains\": [\"db\"] }", with: "\"stdoutContains\": [\"db\"], \"exitCode\": 0 }")
            .replacingOccurrences(of: "\"hosts\", \"db\"] }\n", with: "\"hosts\", \"db\"], \"expect\": { \"exitCode\": 1 } }\n")
        #expect(text == expected)
        #expect(recording.changes == ["lookups[0].expect.exitCode: 2 → 0", "lookups[1].expect.exitCode: none → 0",
                                      "lookups[2].expect.exitCode: none → 1"])
    }

    @Test func aLongNewExpectStartsALineOfItsOwn() throws {
        let source = """
            {
              "name": "x",
              "lookups": [
                { "getaddrinfo": "ycwu314.top", "family": "unspec", "flags": ["addrconfig"] }
              ]
            }
            """
        let (text, _) = try Self.record(source, queries: [],
                                        lookups: [Self.resolved("2606:4700:3033::6818:6309", "104.24.99.9")])
        #expect(text.contains("""
                { "getaddrinfo": "ycwu314.top", "family": "unspec", "flags": ["addrconfig"],
                  "expect": { "addresses": ["2606:4700:3033::6818:6309", "104.24.99.9"] } }
            """))
    }

    @Test func aKilledCommandIsNotRecordedAndSaysWhy() throws {
        let source = "{ \"name\": \"x\", \"lookups\": [{ \"exec\": [\"sleep\", \"9\"], \"expect\": { \"exitCode\": 0 } }], \"expect\": { \"queries\": [] } }"
        let killed = LookupOutcome(durationMs: 5, exit: .signaled(9))
        let (text, recording) = try Self.record(source, queries: [], lookups: [killed])
        #expect(text == source)
        #expect(recording.notes.contains { $0.contains("exit code not recorded: it was killed by signal 9") })
        #expect(recording.stillFailing == [.lookup(index: 0, label: "exec sleep 9", .exitCode(expected: 0, got: .signaled(9), timedOut: false))])
    }

    @Test func expectationsRecordDoesNotOwnAreReportedWhenTheyStillFail() throws {
        let source = """
            { "name": "x", "lookups": [{ "getaddrinfo": "db", "expect": { "addresses": ["10.0.0.1"], "maxMs": 1 } }] }
            """
        var slow = Self.resolved("10.0.0.2")
        slow.durationMs = 5000
        let (text, recording) = try Self.record(source, queries: [], lookups: [slow])
        #expect(text.contains("{ \"addresses\": [\"10.0.0.2\"], \"maxMs\": 1 }"))
        #expect(recording.stillFailing == [.lookup(index: 0, label: "getaddrinfo db", .tookMore(maximumMs: 1, tookMs: 5000))])
    }

    // MARK: idempotence and refusal

    static let fixtures: [(String, [ObservedQuery], [LookupOutcome])] = [
        (seed, [observed("A", "ycwu314.top.")], [resolved("104.24.99.9")]),
        (oneServer, [observed("A", "a.example."), observed("A", "a.example.", server: "10.96.0.99", transport: .tcp)],
         [failed("EAI_AGAIN")]),
        (flagged, [observed("A", "web.example.", flags: ["rd", "edns0"])], [resolved("10.0.0.5")]),
        ("{ \"name\": \"x\", \"lookups\": [{ \"getaddrinfo\": \"www\", \"flags\": [\"canonname\"] }, { \"exec\": [\"true\"] }] }",
         [observed("A", "www."), observed("AAAA", "www.")], [resolved("10.0.0.1", canonname: "www"), exited(0)]),
    ]

    @Test(arguments: fixtures.indices)
    func recordingTwiceChangesNothingTheSecondTime(index: Int) throws {
        let (source, queries, lookups) = Self.fixtures[index]
        let first = try Self.record(source, queries: queries, lookups: lookups)
        #expect(first.recording.changed)
        #expect(first.recording.stillFailing.isEmpty)
        let second = try Self.record(first.text, queries: queries, lookups: lookups)
        #expect(second.text == first.text)
        #expect(!second.recording.changed)
        #expect(second.recording.changes.isEmpty)
    }

    @Test func anErrorOrSkipIsNotRecorded() throws {
        let source = Array(Self.seed.utf8)
        let scenario = try ScenarioDecoder.decode(source, file: "seed.json")
        for verdict in [Verdict.error(.captureLoss([])), .skip(.missingRequirement("dig"))] {
            let result = ScenarioResult(path: "seed.json", name: "seed", verdict: verdict,
                                        observation: ScenarioObservation(), scenario: scenario)
            #expect(throws: RecordingError.self) {
                try ExpectationRecorder.record(source: source, scenario: scenario, result: result)
            }
        }
        let noObservation = ScenarioResult(path: "seed.json", name: "seed", verdict: .fail([]), scenario: scenario)
        #expect(throws: RecordingError.self) {
            try ExpectationRecorder.record(source: source, scenario: scenario, result: noObservation)
        }
    }

    @Test func missingLookupResultsAreRefused() throws {
        let source = Array(Self.seed.utf8)
        let scenario = try ScenarioDecoder.decode(source, file: "seed.json")
        let observation = ScenarioObservation(events: events(queries: Self.seedQueries, outcomes: []))
        let result = ScenarioResult(path: "seed.json", name: "seed", verdict: .fail([]), observation: observation, scenario: scenario)
        let error = #expect(throws: RecordingError.self) {
            try ExpectationRecorder.record(source: source, scenario: scenario, result: result)
        }
        #expect(error?.message.contains("lookups[0] getaddrinfo ycwu314.top reported no result") == true, "\(String(describing: error))")
    }

    // MARK: JSONEdit.removingMember (added for record)

    @Test(arguments: [
        (#"{ "a": 1, "b": 2, "c": 3 }"#, "b", #"{ "a": 1, "c": 3 }"#),
        (#"{ "a": 1, "b": 2 }"#, "a", #"{ "b": 2 }"#),
        (#"{ "a": 1, "b": 2 }"#, "b", #"{ "a": 1 }"#),
        (#"{ "a": 1, "b": 2, }"#, "b", #"{ "a": 1, }"#),
        (#"{ "a": 1 }"#, "a", "{}"),
        ("{\n  \"a\": 1,\n  \"b\": 2 // two\n}", "b", "{\n  \"a\": 1\n}"),
        ("{\n  \"a\": 1, // one\n  \"b\": 2,\n}", "b", "{\n  \"a\": 1, // one\n}"),
        ("{\n  \"a\": 1,\n  \"b\": 2,\n  \"c\": 3\n}", "b", "{\n  \"a\": 1,\n  \"c\": 3\n}"),
        ("{\n  // keep\n  \"a\": 1,\n  \"b\": 2\n}", "a", "{\n  // keep\n  \"b\": 2\n}"),
        (#"{ "a": 1 }"#, "z", #"{ "a": 1 }"#),
    ])
    func removingAMember(source: String, key: String, expected: String) throws {
        let bytes = Array(source.utf8)
        let edited = JSONEdit.removingMember(key: key, from: try JSONParser.parse(bytes), in: bytes)
        #expect(String(decoding: edited, as: UTF8.self) == expected)
        #expect(throws: Never.self) { try JSONParser.parse(edited) }
    }
}
