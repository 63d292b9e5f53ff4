import DNSWire
import Judge
import Observation
import ObservationTestSupport
@testable import Recording
import Runner
import ScenarioFormat
import Testing

/// Recording a scenario under several clients: the first client's run is the shared expectation, the
/// others' differences are `expect.clients.NAME` overrides.
@Suite("ExpectationRecorder, clients")
struct ClientRecordingTests {
    // MARK: the override computation

    static func node(_ text: String) throws -> JSONNode { try JSONParser.parse(text) }

    static func texts(_ members: [(key: String, value: JSONValue)]) -> [String] {
        members.map { "\($0.key)=\(ClientOverride.canonical($0.value))" }
    }

    @Test func onlyDifferingKeysWithNullForDroppedOnes() throws {
        let shared = try Self.node(#"{ "addresses": ["10.0.0.5"], "canonname": "web.", "maxMs": 100, "clients": { "musl": { "maxMs": 1 } } }"#)
        let client = try Self.node(#"{ "canonname": "web.", "maxMs": 200, "error": "EAI_AGAIN" }"#)
        let members = ClientOverride.members(shared: shared, client: client)
        #expect(Self.texts(members) == ["addresses=null", "maxMs=200", "error=\"EAI_AGAIN\""])
    }

    @Test func equalValuesInAnotherLayoutAreNotAnOverride() throws {
        let shared = try Self.node(#"{ "queries": ["A web.", "AAAA web."], "order": "unordered" }"#)
        let client = try Self.node("""
            {
              // the same, laid out differently
              "queries": [
                "A web.",
                "AAAA web."
              ],
              "order": "unordered"
            }
            """)
        #expect(ClientOverride.members(shared: shared, client: client).isEmpty)
    }

    @Test func aClientWithoutSharedKeysOverridesWithAllOfItsOwn() throws {
        let client = try Self.node(#"{ "queries": ["A web."] }"#)
        #expect(Self.texts(ClientOverride.members(shared: nil, client: client)) == [#"queries=["A web."]"#])
        let shared = try Self.node(#"{ "queries": ["A web."] }"#)
        #expect(Self.texts(ClientOverride.members(shared: shared, client: nil)) == ["queries=null"])
    }

    @Test func changeLinesAreNamedWhereTheOverrideIsWritten() {
        #expect(ExpectationRecorder.relocate("expect.queries:", to: .musl) == "expect.clients.musl.queries:")
        #expect(ExpectationRecorder.relocate("lookups[12].expect.error: none → EAI_AGAIN", to: .cAres)
                == "lookups[12].expect.clients.c-ares.error: none → EAI_AGAIN")
        #expect(ExpectationRecorder.relocate("  - A web.", to: .musl) == "  - A web.")
    }

    // MARK: recording

    static let scenario = """
        {
          "name": "servfail on the first search domain",
          "clients": ["glibc", "musl"],
          "resolvConf": ["search a.example b.example", "nameserver 10.96.0.10", "options ndots:5"],
          "servers": [{ "address": "10.96.0.10", "records": { "web.": { "A": ["10.0.0.5"] } } }],
          "lookups": [{ "getaddrinfo": "web", "family": "inet" }]
        }

        """

    /// glibc walks on after the SERVFAIL and finds web.
    static let glibcRun = (queries: [observed("A", "web.a.example.", id: 1), observed("A", "web.a.example.", id: 2),
                                     observed("A", "web.b.example.", id: 3), observed("A", "web.", id: 4)],
                           lookups: [LookupOutcome(durationMs: 2, addresses: [IPAddress("10.0.0.5")!])])
    /// musl stops at the SERVFAIL.
    static let muslRun = (queries: [observed("A", "web.a.example.", id: 1), observed("A", "web.a.example.", id: 2)],
                          lookups: [LookupOutcome(durationMs: 2, error: LookupError(name: "EAI_AGAIN", code: -3))])

    /// Records `text` from one run per client, each a fail carrying its observation, as `record` does.
    static func record(_ text: String, _ runs: [(ResolverClient, (queries: [ObservedQuery], lookups: [LookupOutcome]))])
        throws -> (text: String, recording: Recording) {
        let source = Array(text.utf8)
        let scenario = try ScenarioDecoder.decode(source, file: "test.json", options: .init(allowNoAssertions: true))
        let results = runs.map { client, run in
            ScenarioResult(path: "test.json", name: scenario.name, verdict: .fail([]),
                           observation: ScenarioObservation(events: events(queries: run.queries, outcomes: run.lookups)),
                           scenario: scenario.under(client))
        }
        let recording = try ExpectationRecorder.record(source: source, scenario: scenario, results: results)
        #expect(recording.changed == (recording.source != source))
        return (String(decoding: recording.source, as: UTF8.self), recording)
    }

    static let recorded = """
        {
          "name": "servfail on the first search domain",
          "clients": ["glibc", "musl"],
          "resolvConf": ["search a.example b.example", "nameserver 10.96.0.10", "options ndots:5"],
          "servers": [{ "address": "10.96.0.10", "records": { "web.": { "A": ["10.0.0.5"] } } }],
          "lookups": [{ "getaddrinfo": "web", "family": "inet", "expect": {
            "addresses": ["10.0.0.5"],
            "clients": { "musl": { "addresses": null, "error": "EAI_AGAIN" } }
          } }],
          "expect": {
            "queries": ["A web.a.example.", "A web.a.example.", "A web.b.example.", "A web."],
            "clients": { "musl": { "queries": ["A web.a.example.", "A web.a.example."] } }
          }
        }

        """

    @Test func theFirstClientIsSharedAndADifferingOneGetsOverrides() throws {
        let (text, recording) = try Self.record(Self.scenario, [(.glibc, Self.glibcRun), (.musl, Self.muslRun)])
        #expect(text == Self.recorded)
        #expect(recording.stillFailing.isEmpty && recording.unjudgeable == nil)
        #expect(recording.clientChecks.map(\.client) == [.musl])
        #expect(recording.clientChecks.allSatisfy { $0.stillFailing.isEmpty && $0.unjudgeable == nil })
        #expect(recording.changes.contains("expect.clients.musl.queries:"), "\(recording.changes)")
        #expect(recording.changes.contains("lookups[0].expect.clients.musl.error: none → EAI_AGAIN"), "\(recording.changes)")

        let (again, second) = try Self.record(text, [(.glibc, Self.glibcRun), (.musl, Self.muslRun)])
        #expect(!second.changed, "\(second.changes)")
        #expect(again == text)
    }

    @Test func aClientThatBehavesAsTheSharedOneHasNoOverride() throws {
        let (text, recording) = try Self.record(Self.scenario, [(.glibc, Self.glibcRun), (.musl, Self.glibcRun)])
        #expect(!text.contains("clients\": {"), "\(text)")
        #expect(recording.clientChecks.map(\.client) == [.musl])
    }

    @Test func aStaleOverrideGoesAndTheLayoutClosesAgain() throws {
        let (text, recording) = try Self.record(Self.recorded, [(.glibc, Self.glibcRun), (.musl, Self.glibcRun)])
        #expect(text == """
            {
              "name": "servfail on the first search domain",
              "clients": ["glibc", "musl"],
              "resolvConf": ["search a.example b.example", "nameserver 10.96.0.10", "options ndots:5"],
              "servers": [{ "address": "10.96.0.10", "records": { "web.": { "A": ["10.0.0.5"] } } }],
              "lookups": [{ "getaddrinfo": "web", "family": "inet", "expect": { "addresses": ["10.0.0.5"] } }],
              "expect": { "queries": ["A web.a.example.", "A web.a.example.", "A web.b.example.", "A web."] }
            }

            """)
        #expect(recording.changes.contains("expect.clients.musl: removed, musl now does what the shared expectation says"))
    }

    @Test func aClientThatWasNotRunKeepsItsOverrideAsWritten() throws {
        // Only glibc ran (musl skipped): musl's overrides stay byte for byte.
        let (text, recording) = try Self.record(Self.recorded, [(.glibc, Self.glibcRun)])
        #expect(text == Self.recorded)
        #expect(!recording.changed)
    }

    @Test func anOverrideTheClientMeetsIsKeptAsWrittenAndOnlyItsStaleKeysGo() throws {
        // musl's override says order unordered and a maxMs that equals the shared one: the order stays (musl's
        // run meets it), the maxMs goes (it is the shared key's value).
        let text = """
            {
              "name": "n",
              "clients": ["glibc", "musl"],
              "resolvConf": ["search a.example b.example", "nameserver 10.96.0.10", "options ndots:5"],
              "servers": [{ "address": "10.96.0.10", "records": { "web.": { "A": ["10.0.0.5"] } } }],
              "lookups": [{ "getaddrinfo": "web", "family": "inet", "expect": {
                "addresses": ["10.0.0.5"], "maxMs": 500,
                "clients": { "musl": { "addresses": null, "error": "EAI_AGAIN", "maxMs": 500 } }
              } }],
              "expect": {
                "queries": ["A web.a.example.", "A web.a.example.", "A web.b.example.", "A web."],
                "clients": {
                  // musl asks twice, in any order
                  "musl": { "queries": ["A web.a.example.", "A web.a.example."], "order": "unordered" }
                }
              }
            }

            """
        let (recorded, recording) = try Self.record(text, [(.glibc, Self.glibcRun), (.musl, Self.muslRun)])
        #expect(recorded == text.replacingOccurrences(of: #", "error": "EAI_AGAIN", "maxMs": 500 }"#,
                                                      with: #", "error": "EAI_AGAIN" }"#), "\(recorded)")
        #expect(recording.changes == ["lookups[0].expect.clients.musl.maxMs: removed, the same as the shared expectation"])
    }

    @Test func theFirstClientListedWritesTheSharedExpectation() throws {
        let (text, _) = try Self.record(Self.recorded, [(.musl, Self.muslRun), (.glibc, Self.glibcRun)])
        let scenario = try ScenarioDecoder.decode(Array(text.utf8), file: "test.json")
        #expect(scenario.expect?.queries?.count == 2, "\(text)")
        #expect(scenario.lookups[0].expect?.error == "EAI_AGAIN")
        #expect(scenario.clientExpect.keys.sorted() == [.glibc], "musl's own overrides went: \(text)")
        #expect(scenario.under(.glibc).expect?.queries?.count == 4)
        #expect(scenario.under(.glibc).lookups[0].expect?.addresses?.map(\.description) == ["10.0.0.5"])
    }
}
