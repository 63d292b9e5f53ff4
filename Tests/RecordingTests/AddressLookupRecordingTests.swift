import DNSWire
import Observation
@testable import Recording
import ScenarioFormat
import Testing

/// `record` on reverse lookups, per-family address lists and res_query's AD bit.
@Suite("ExpectationRecorder: names, per-family addresses, authenticData")
struct AddressLookupRecordingTests {
    static func named(_ names: String...) -> LookupOutcome {
        var outcome = LookupOutcome(durationMs: 1, canonname: names.first)
        outcome.names = names
        return outcome
    }

    @Test func namesAreRecordedAndReplaceAnError() throws {
        let source = HostLookupRecordingTests.source(#"{ "gethostbyaddr": "10.0.0.5", "expect": { "error": "HOST_NOT_FOUND" } }"#)
        let (text, recording) = try ExpectationRecorderTests.record(source, queries: [], lookups: [Self.named("web.example")])
        #expect(text == HostLookupRecordingTests.source(#"{ "gethostbyaddr": "10.0.0.5", "expect": { "names": ["web.example"] } }"#))
        #expect(recording.changes == ["lookups[0].expect.names: none → [web.example]", "lookups[0].expect.error: HOST_NOT_FOUND → none"])
    }

    @Test func getnameinfoRecordsItsEAIName() throws {
        let source = HostLookupRecordingTests.source(#"{ "getnameinfo": "10.0.0.6" }"#)
        let failed = LookupOutcome(durationMs: 1, error: LookupError(name: "EAI_NONAME", code: -2))
        let (text, _) = try ExpectationRecorderTests.record(source, queries: [], lookups: [failed])
        #expect(text == HostLookupRecordingTests.source(#"{ "getnameinfo": "10.0.0.6", "expect": { "error": "EAI_NONAME" } }"#))
    }

    @Test func perFamilyListsStayPerFamily() throws {
        let source = HostLookupRecordingTests.source(#"{ "getaddrinfo": "www", "expect": { "inetAddresses": ["10.0.0.1"] } }"#)
        let (text, recording) = try ExpectationRecorderTests.record(
            source, queries: [], lookups: [ExpectationRecorderTests.resolved("fd00::1", "10.0.0.2", "10.0.0.1")])
        // No overall order is added, and only the family that was asked about is written.
        #expect(text == HostLookupRecordingTests.source(#"{ "getaddrinfo": "www", "expect": { "inetAddresses": ["10.0.0.2", "10.0.0.1"] } }"#))
        #expect(recording.changes == ["lookups[0].expect.inetAddresses: [10.0.0.1] → [10.0.0.2, 10.0.0.1]"])
    }

    @Test func anADBitIsWrittenWhenSetOrAlreadyExpected() throws {
        func outcome(_ bit: Bool) -> LookupOutcome {
            LookupOutcome(durationMs: 1, addresses: [], error: nil, rcode: "NOERROR", answerCount: 1, authenticData: bit)
        }
        let plain = HostLookupRecordingTests.source(#"{ "res_query": "x", "type": "TXT", "expect": { "rcode": "NOERROR", "answerCount": 1 } }"#)
        // A clear bit is what glibc returns without trust-ad: not written unless asked for.
        #expect(try ExpectationRecorderTests.record(plain, queries: [], lookups: [outcome(false)]).0 == plain)
        // (The editor wraps the long line: the changes and the member are what is checked.)
        let (set, added) = try ExpectationRecorderTests.record(plain, queries: [], lookups: [outcome(true)])
        #expect(added.changes == ["lookups[0].expect.authenticData: none → true"])
        #expect(set.contains(#""authenticData": true"#))
        let (cleared, changed) = try ExpectationRecorderTests.record(set, queries: [], lookups: [outcome(false)])
        #expect(changed.changes == ["lookups[0].expect.authenticData: true → false"])
        #expect(cleared.contains(#""authenticData": false"#) && !cleared.contains(#""authenticData": true"#))
    }
}
