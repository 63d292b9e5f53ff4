import DNSWire
import Foundation
import Judge
import Observation
@testable import Reports
import Runner
import ScenarioFormat
import Testing

extension JSONReportTests {
    @Test("reverse lookups' names and res_query's AD bit, in each lookup and in their mismatches")
    func namesAndAuthenticData() throws {
        var reverse = LookupOutcome(durationMs: 2, canonname: "web.example")
        reverse.names = ["web.example"]
        let query = LookupOutcome(durationMs: 1, addresses: [], error: nil, rcode: "NOERROR", answerCount: 1, authenticData: false)
        let lookups = [Lookup(call: .gethostbyaddr(GethostbyaddrCall(address: .v4(IPv4Address(10, 0, 0, 5))))),
                       Lookup(call: .resQuery(ResQueryCall(name: "signed.example", type: .A)))]
        let mismatches: [Mismatch] = [
            .lookup(index: 0, label: lookups[0].label, .names(expected: ["www.example"], got: ["web.example"], error: nil)),
            .lookup(index: 1, label: lookups[1].label, .authenticData(expected: true, got: false)),
        ]
        let result = ScenarioResult(path: "scenarios/glibc/reverse.json", name: "reverse", tags: ["glibc"], verdict: .fail(mismatches),
                                    queryDiff: [], observation: Sample.observation([], lookups: [reverse, query]),
                                    scenario: Scenario(name: "reverse", lookups: lookups), durationMs: 10)
        let scenario = Self.scenarios(try Self.object(Sample.suite([result])))[0]
        let entries = try #require(scenario["lookups"] as? [[String: Any]])
        for entry in entries { #expect(Set(entry.keys) == Self.lookupKeys) }
        #expect(entries[0]["names"] as? [String] == ["web.example"])
        #expect(entries[0]["canonname"] as? String == "web.example")
        #expect(entries[0]["authenticData"] is NSNull)
        #expect(entries[1]["authenticData"] as? Bool == false)
        #expect(entries[1]["names"] is NSNull)
        let found = try #require(scenario["mismatches"] as? [[String: Any]])
        #expect(found.map { $0["kind"] as? String } == ["names", "authenticData"])
        #expect(found[0]["expected"] as? String == "www.example")
        #expect(found[0]["observed"] as? String == "web.example")
        #expect(found[1]["expected"] as? String == "true")
        #expect(found[1]["observed"] as? String == "false")
        #expect(found[1]["message"] as? String == "lookups[1] res_query signed.example A: expected the AD bit set, got it clear")
    }
}
