import DNSWire
import Observation
@testable import Recording
import ScenarioFormat
import Testing

/// `record` on gethostbyname lookups: h_errno names, addressSet kept a set, h_name kept up to date.
@Suite("ExpectationRecorder: gethostbyname")
struct HostLookupRecordingTests {
    static func hostError(_ name: String) -> LookupOutcome {
        LookupOutcome(durationMs: 2, error: LookupError(name: name, code: HostErrorName.table.first { $0.name == name }?.code ?? 0))
    }

    static func source(_ lookup: String) -> String {
        """
        {
          "name": "x",
          "lookups": [\(lookup)],
          "expect": { "queries": [] }
        }
        """
    }

    @Test func anHErrnoNameIsRecorded() throws {
        let source = Self.source(#"{ "gethostbyname": "www" }"#)
        let (text, recording) = try ExpectationRecorderTests.record(source, queries: [], lookups: [Self.hostError("HOST_NOT_FOUND")])
        #expect(text == Self.source(#"{ "gethostbyname": "www", "expect": { "error": "HOST_NOT_FOUND" } }"#))
        #expect(recording.changes == ["lookups[0].expect.error: none → HOST_NOT_FOUND"])
    }

    @Test func anAddressSetThatHoldsInAnotherOrderIsKept() throws {
        let source = Self.source(#"{ "gethostbyname": "www", "expect": { "addressSet": ["10.0.0.2", "10.0.0.1"] } }"#)
        let (text, recording) = try ExpectationRecorderTests.record(
            source, queries: [], lookups: [ExpectationRecorderTests.resolved("10.0.0.1", "10.0.0.2", canonname: "www")])
        #expect(text == source)
        #expect(recording.changes.isEmpty)
    }

    @Test func anAddressSetThatDiffersIsRewrittenAsASet() throws {
        let source = Self.source(#"{ "gethostbyname": "www", "expect": { "addressSet": ["10.0.0.1"] } }"#)
        let (text, recording) = try ExpectationRecorderTests.record(
            source, queries: [], lookups: [ExpectationRecorderTests.resolved("10.0.0.3", "10.0.0.1")])
        #expect(text == Self.source(#"{ "gethostbyname": "www", "expect": { "addressSet": ["10.0.0.3", "10.0.0.1"] } }"#))
        #expect(recording.changes == ["lookups[0].expect.addressSet: [10.0.0.1] → [10.0.0.3, 10.0.0.1]"])
    }

    @Test func anErrorTakesThePlaceOfAnAddressSet() throws {
        let source = Self.source(#"{ "gethostbyname2": "www", "family": "inet6", "expect": { "addressSet": ["::1"] } }"#)
        let (text, _) = try ExpectationRecorderTests.record(source, queries: [], lookups: [Self.hostError("NO_DATA")])
        #expect(text == Self.source(#"{ "gethostbyname2": "www", "family": "inet6", "expect": { "error": "NO_DATA" } }"#))
    }

    @Test func aWrittenCanonnameIsKeptUpToDateAndNoneIsAdded() throws {
        let withName = Self.source(#"{ "gethostbyname": "www", "expect": { "addresses": ["10.0.0.1"], "canonname": "old.example" } }"#)
        let (text, _) = try ExpectationRecorderTests.record(
            withName, queries: [], lookups: [ExpectationRecorderTests.resolved("10.0.0.1", canonname: "edge.example")])
        #expect(text == withName.replacingOccurrences(of: "old.example", with: "edge.example"))
        let without = Self.source(#"{ "gethostbyname": "www", "expect": { "addresses": ["10.0.0.1"] } }"#)
        let (same, _) = try ExpectationRecorderTests.record(
            without, queries: [], lookups: [ExpectationRecorderTests.resolved("10.0.0.1", canonname: "edge.example")])
        #expect(same == without)
    }
}

/// `record` on res_query: rcode and answerCount, and no empty addresses for a type without any.
@Suite("ExpectationRecorder: res_query")
struct ResQueryRecordingTests {
    @Test func anMXAnswerGetsRcodeAndCountButNoAddresses() throws {
        let source = HostLookupRecordingTests.source(#"{ "res_query": "mail.example", "type": "MX" }"#)
        let outcome = LookupOutcome(durationMs: 1, addresses: [], error: nil, rcode: "NOERROR", answerCount: 1)
        let (text, recording) = try ExpectationRecorderTests.record(source, queries: [], lookups: [outcome])
        // A new expect too long for the line starts a line of its own.
        #expect(text == HostLookupRecordingTests.source(#"""
            { "res_query": "mail.example", "type": "MX",
                "expect": { "rcode": "NOERROR", "answerCount": 1 } }
            """#))
        #expect(recording.changes == ["lookups[0].expect.rcode: none → NOERROR", "lookups[0].expect.answerCount: none → 1"])
    }

    @Test func aFailureGetsItsHErrnoNameAndTheReplysRcode() throws {
        let source = HostLookupRecordingTests.source(
            #"{ "res_search": "www", "type": "A", "expect": { "addresses": ["10.0.0.1"], "rcode": "NOERROR", "answerCount": 1 } }"#)
        let outcome = LookupOutcome(durationMs: 1, addresses: nil, error: LookupError(name: "HOST_NOT_FOUND", code: 1),
                                    rcode: "NXDOMAIN", answerCount: 0)
        let (text, _) = try ExpectationRecorderTests.record(source, queries: [], lookups: [outcome])
        #expect(text == HostLookupRecordingTests.source(
            #"{ "res_search": "www", "type": "A", "expect": { "error": "HOST_NOT_FOUND", "rcode": "NXDOMAIN", "answerCount": 0 } }"#))
    }
}
