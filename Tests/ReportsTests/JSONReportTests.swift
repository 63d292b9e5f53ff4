import Foundation
@testable import Reports
import Testing

/// The JSON document read back with JSONSerialization (shape) and JSONDecoder (types).
@Suite("JSON report")
struct JSONReportTests {
    static func object(_ suite: SuiteReport = Sample.suite()) throws -> [String: Any] {
        let bytes = try JSONReport.render(suite)
        return try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    static func scenarios(_ document: [String: Any]) -> [[String: Any]] {
        document["scenarios"] as? [[String: Any]] ?? []
    }

    static let scenarioKeys: Set<String> = [
        "path", "name", "client", "tags", "iteration", "outcome", "errorKind", "reason", "problems", "firstMismatch", "mismatches",
        "durationMs", "expectedOrder", "expectedAlternative", "alternativeCount", "queryDiff", "queries", "unmatchedReplies", "lookups", "lostQueries", "capture", "pcap",
    ]
    static let queryKeys: Set<String> = [
        "sequence", "type", "name", "server", "serverPort", "client", "clientPort", "transport", "id", "size", "flags",
        "ednsPayloadSize", "malformed", "rcode", "replyFlags", "answerCount", "replySize", "offsetMs", "responseOffsetMs", "truncated",
        "extraReplies", "unreachable", "ednsVersion", "hop",
    ]
    static let lookupKeys: Set<String> = [
        "index", "label", "startOffsetMs", "durationMs", "addresses", "error", "errorDetail", "canonname", "rcode", "answerCount",
        "authenticData", "names", "exitCode", "signal",
        "timedOut", "stdout", "stderr", "stdoutOmittedBytes", "stderrOmittedBytes", "failure",
    ]

    @Test("the run: format version, tool version, UTC start, duration, repeat count, summary counts")
    func header() throws {
        let document = try Self.object()
        #expect(Set(document.keys) == ["formatVersion", "toolVersion", "hostname", "startedAt", "durationSeconds",
                                       "repeatCount", "interrupted", "summary", "scenarios"])
        #expect(document["formatVersion"] as? Int == 2)
        #expect(document["interrupted"] is NSNull)
        #expect(document["toolVersion"] as? String == "1.2.3-test")
        #expect(document["startedAt"] as? String == "2023-11-14T22:13:20.000Z")
        #expect(document["durationSeconds"] as? Double == 12.5)
        #expect(document["repeatCount"] as? Int == 1)
        let summary = try #require(document["summary"] as? [String: Int])
        #expect(summary == ["total": 6, "passed": 1, "failed": 2, "errors": 2, "skipped": 1])
    }

    @Test("every scenario object has the same keys, null where a value does not apply")
    func stableKeys() throws {
        let scenarios = Self.scenarios(try Self.object())
        #expect(scenarios.count == 6)
        for scenario in scenarios { #expect(Set(scenario.keys) == Self.scenarioKeys) }
        // The invalid file never ran: nothing observed, not "no queries".
        let invalid = scenarios[3]
        #expect(invalid["outcome"] as? String == "error")
        #expect(invalid["errorKind"] as? String == "invalid")
        for key in ["queries", "lookups", "lostQueries", "capture", "queryDiff", "expectedOrder", "firstMismatch", "pcap"] {
            #expect(invalid[key] is NSNull, "\(key)")
        }
        #expect(scenarios[0]["errorKind"] is NSNull)
        #expect(scenarios[4]["outcome"] as? String == "skip")
        #expect(scenarios[4]["reason"] as? String == "requires dig, which is not on PATH")
        #expect(scenarios[4]["tags"] as? [String] == ["dig"])
    }

    @Test("a fail: problems, first mismatch, every observed query field, the diff by index, lookups")
    func failure() throws {
        let fail = Self.scenarios(try Self.object())[1]
        #expect(fail["path"] as? String == "scenarios/glibc/ndots.json")
        #expect(fail["iteration"] as? Int == 1)
        #expect(fail["durationMs"] as? Double == 250)
        #expect(fail["firstMismatch"] as? String == "queries (exact): expected 2 queries, observed 2: missing AAAA a.example.")
        #expect((fail["problems"] as? [String])?.count == 2)
        let mismatches = try #require(fail["mismatches"] as? [[String: Any]])
        #expect(mismatches.map { $0["kind"] as? String } == ["queries", "exitCode"])
        #expect(mismatches[0]["expected"] as? String == "AAAA a.example.")
        #expect(mismatches[1]["lookup"] as? Int == 1)
        #expect(mismatches[1]["expected"] as? String == "0")
        #expect(mismatches[1]["observed"] as? String == "exit code 2")
        #expect(fail["expectedOrder"] as? String == "exact")
        let queries = try #require(fail["queries"] as? [[String: Any]])
        #expect(queries.count == 2)
        for query in queries { #expect(Set(query.keys) == Self.queryKeys) }
        let second = queries[1]
        #expect(second["type"] as? String == "A")
        #expect(second["name"] as? String == "b.example.")
        #expect(second["server"] as? String == "10.96.0.10")
        #expect(second["serverPort"] as? Int == 53)
        #expect(second["transport"] as? String == "udp")
        #expect(second["clientPort"] as? Int == 40000)
        #expect(second["client"] as? String == "10.0.0.2")
        #expect(second["sequence"] as? Int == 1)
        #expect(second["id"] as? Int == 2)
        #expect(second["flags"] as? [String] == ["rd"])
        #expect(second["rcode"] as? String == "NXDOMAIN")
        #expect(second["truncated"] as? Bool == false)
        #expect(second["answerCount"] as? Int == 0)
        #expect(second["offsetMs"] as? Double == 2.75)
        #expect(second["responseOffsetMs"] as? Double == 3)
        #expect(second["unreachable"] as? Bool == false)
        // Expected A and AAAA; observed A a.example. (a match) and A b.example. (unexpected).
        let diff = try #require(fail["queryDiff"] as? [[String: Any]])
        #expect(diff.map { $0["status"] as? String ?? "?" } == ["match", "missing", "unexpected"])
        #expect(diff.map { $0["expected"] as? String ?? "null" } == ["A a.example.", "AAAA a.example.", "null"])
        #expect(diff.map { ($0["observed"] as? Int).map(String.init) ?? "null" } == ["0", "null", "1"])
        let lookups = try #require(fail["lookups"] as? [[String: Any]])
        for lookup in lookups { #expect(Set(lookup.keys) == Self.lookupKeys) }
        #expect(lookups[0]["error"] as? String == "EAI_NONAME")
        #expect(lookups[0]["addresses"] is NSNull)
        #expect(lookups[1]["exitCode"] as? Int == 2)
        #expect(lookups[1]["index"] as? Int == 1)
        #expect(lookups[1]["stdoutOmittedBytes"] as? Int == 0)
        #expect(lookups[1]["stdout"] as? String == "line one\nline <two> & more\n")
        #expect(lookups[1]["stderr"] as? String == "getent: oops\n")
        #expect(lookups[1]["timedOut"] as? Bool == false)
    }

    @Test("alternatives: which one the diff compares with and how many there are; the timing mismatch as data")
    func alternatives() throws {
        let scenarios = Self.scenarios(try Self.object(Sample.suite([Sample.pass, Sample.alternatives])))
        #expect(scenarios[0]["expectedAlternative"] is NSNull && scenarios[0]["alternativeCount"] is NSNull)
        let rotate = scenarios[1]
        #expect(Set(rotate.keys) == Self.scenarioKeys)
        #expect(rotate["outcome"] as? String == "fail")
        #expect(rotate["expectedOrder"] as? String == "exact")
        #expect(rotate["expectedAlternative"] as? Int == 2)
        #expect(rotate["alternativeCount"] as? Int == 2)
        let mismatches = try #require(rotate["mismatches"] as? [[String: Any]])
        #expect(mismatches.map { $0["kind"] as? String } == ["afterMs"])
        #expect(mismatches[0]["expected"] as? String == "A b. @10.96.0.11: at least 1000 ms")
        #expect(mismatches[0]["observed"] as? String == "0.25")
        let diff = try #require(rotate["queryDiff"] as? [[String: Any]])
        #expect(diff.map { $0["status"] as? String } == ["match", "match"])
        #expect(diff.map { $0["expected"] as? String } == ["A a. @10.96.0.10", "A b. @10.96.0.11"])
    }

    @Test("a capture loss: the lost query by endpoint, and the capture's figures")
    func captureLoss() throws {
        let loss = Self.scenarios(try Self.object())[2]
        #expect(loss["errorKind"] as? String == "capture")
        let lost = try #require(loss["lostQueries"] as? [[String: Any]])
        #expect(lost.count == 1)
        #expect(lost.first?["name"] as? String == "lost.example.")
        #expect(lost.first?["type"] as? String == "AAAA")
        #expect(lost.first?["id"] as? Int == 7)
        #expect(lost.first?["client"] as? String == "10.244.154.23")
        #expect(lost.first?["clientPort"] as? Int == 40001)
        let capture = try #require(loss["capture"] as? [String: Any])
        #expect(Set(capture.keys) == ["interface", "linkType", "filter", "receiveBufferBytes", "timestampsAtArrival", "frames", "kernelPackets",
                                      "kernelDrops", "truncatedFrames", "drainMilliseconds", "sentinelsSent",
                                      "sandboxPeakMemoryBytes"])
        #expect(capture["interface"] as? String == "lo")
        #expect(capture["linkType"] as? String == "EN10MB")
        #expect(capture["drainMilliseconds"] as? Double == 5.25)
        #expect(capture["sentinelsSent"] as? Int == 3)
        #expect(capture["frames"] as? Int == 4)
        #expect(capture["kernelDrops"] as? Int == 0)
        #expect(capture["sandboxPeakMemoryBytes"] as? Int == 12 << 20)
    }

    @Test("stable bytes: pretty-printed, keys sorted, same input same output, ends with a newline")
    func stableOutput() throws {
        let first = try JSONReport.render(Sample.suite())
        #expect(first == (try JSONReport.render(Sample.suite())))
        #expect(first.last == 0x0A)
        let text = String(decoding: first, as: UTF8.self)
        let topKeys = ["\"durationSeconds\"", "\"formatVersion\"", "\"hostname\"", "\"repeatCount\"", "\"scenarios\""]
        let positions = topKeys.compactMap { text.range(of: $0)?.lowerBound }
        #expect(positions.count == topKeys.count && positions == positions.sorted())
        #expect(text.hasPrefix("{\n  \""), "pretty-printed")
        #expect(text.contains("\"path\" : \"scenarios/glibc/ndots.json\""), "slashes are not escaped")
    }

    @Test("decodes back into the report types; hostile text survives JSON exactly")
    func roundTrip() throws {
        let document = try JSONDecoder().decode(JSONReport.Document.self, from: Data(try JSONReport.render(Sample.suite())))
        #expect(document.scenarios.map(\.outcome) == ["pass", "fail", "error", "error", "skip", "fail"])
        #expect(document.scenarios[5].name == Sample.hostileText)
        #expect(document.scenarios[5].lookups?.first?.stdout == Sample.hostileText)
        #expect(document.summary == SuiteReport.Counts(total: 6, passed: 1, failed: 2, errors: 2, skipped: 1))
    }

    @Test("repeats carry their iteration; NaN and infinite durations become 0 instead of failing to encode")
    func repeatsAndNonFinite() throws {
        var odd = Sample.pass
        odd.durationMs = .nan
        var suite = Sample.repeated([odd], 3)
        suite.durationSeconds = .infinity
        let document = try Self.object(suite)
        #expect(document["repeatCount"] as? Int == 3)
        #expect(document["durationSeconds"] as? Double == 0)
        #expect(Self.scenarios(document).map { $0["iteration"] as? Int ?? 0 } == [1, 2, 3])
        #expect(Self.scenarios(document).allSatisfy { $0["durationMs"] as? Double == 0 })
    }

    @Test("times round to microseconds (three decimals of a millisecond)")
    func rounding() {
        #expect(JSONReport.rounded(1.23456) == 1.235)
        #expect(JSONReport.rounded(0.0004) == 0)
        #expect(ReportTimestamp.iso8601(Date(timeIntervalSince1970: 1_700_000_000.9996)) == "2023-11-14T22:13:20.999Z")
        #expect(ReportTimestamp.junit(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00")
    }
}

@Suite("Report formats by flag name")
struct ReportFormatTests {
    @Test("junit, json, tap and html render the same bytes as their writers")
    func formats() throws {
        let suite = Sample.suite()
        #expect(ReportFormat.allCases.map(\.rawValue) == ["junit", "json", "tap", "html"])
        #expect(ReportFormat(rawValue: "xml") == nil)
        #expect(try ReportFormat.junit.render(suite) == Array(JUnitReport.render(suite).utf8))
        #expect(try ReportFormat.json.render(suite) == JSONReport.render(suite))
        #expect(try ReportFormat.tap.render(suite) == Array(TAPReport.render(suite).utf8))
        #expect(try ReportFormat.html.render(suite) == Array(HTMLReport.render(suite).utf8))
    }
}
