import DNSWire
import Testing
import ScenarioFormat

/// `res_query` and `res_search` lookups and their `rcode` and `answerCount` expectations.
@Suite struct ResQueryDecodingTests {
    typealias Case = ScenarioErrorCase
    static let resExpectKeys = "addresses, addressSet, inetAddresses, inet6Addresses, error, rcode, answerCount, authenticData, minMs, maxMs, clients"

    @Test func bothFormsDecode() throws {
        let scenario = try ScenarioFixture.decode(doc(lookups: #"""
            { "res_query": "mail.example", "type": "mx", "expect": { "rcode": "NOERROR", "answerCount": 1 } },
            { "res_search": "www", "type": "A", "expect": { "error": "HOST_NOT_FOUND", "rcode": 3 } }
            """#))
        #expect(scenario.lookups[0].call == .resQuery(ResQueryCall(name: "mail.example", type: .MX)))
        #expect(scenario.lookups[0].label == "res_query mail.example MX")
        #expect(scenario.lookups[0].expect?.rcode == .NOERROR)
        #expect(scenario.lookups[0].expect?.answerCount == 1)
        #expect(scenario.lookups[1].call == .resQuery(ResQueryCall(name: "www", type: .A, search: true)))
        #expect(scenario.lookups[1].call.kind == .resSearch)
        #expect(scenario.lookups[1].expect?.error == "HOST_NOT_FOUND")
        #expect(scenario.lookups[1].expect?.rcode == .NXDOMAIN)
    }

    @Test(arguments: [
        Case("res_query without type", doc(lookups: #"‸{ "res_query": "x" }"#), path: "lookups[0]",
             #"missing required key "type" (the record type, like A)"#),
        Case("res_search unknown type", doc(lookups: #"{ "res_search": "x", "type": ‸"AAA" }"#), path: "lookups[0].type",
             #"unknown record type "AAA" (use a mnemonic like A or AAAA, or TYPEnnn)"#),
        Case("res_query empty name", doc(lookups: #"{ "res_query": ‸"", "type": "A" }"#), path: "lookups[0].res_query",
             "must not be empty"),
        Case("unknown rcode", doc(lookups: #"{ "res_query": "x", "type": "A", "expect": { "rcode": ‸"NXDOMIAN" } }"#),
             path: "lookups[0].expect.rcode",
             #"unknown rcode "NXDOMIAN"; expected a name like NOERROR, FORMERR, SERVFAIL, NXDOMAIN, NOTIMP, REFUSED or BADVERS, RCODEnnn, or a number from 0 to 4095"#),
        Case("negative answerCount", doc(lookups: #"{ "res_query": "x", "type": "A", "expect": { "answerCount": ‸-1 } }"#),
             path: "lookups[0].expect.answerCount", "expected an integer from 0 to 65535, found -1"),
        Case("an EAI name on res_search", doc(lookups: #"{ "res_search": "x", "type": "A", "expect": { "error": ‸"EAI_NONAME" } }"#),
             path: "lookups[0].expect.error",
             #"expected an h_errno name for res_search, one of HOST_NOT_FOUND, NETDB_INTERNAL, NO_DATA, NO_RECOVERY, TRY_AGAIN; found "EAI_NONAME""#),
        Case("canonname on res_query", doc(lookups: #"{ "res_query": "x", "type": "A", "expect": { ‸"canonname": "x" } }"#),
             path: "lookups[0].expect.canonname",
             #""canonname" only applies to getaddrinfo, gethostbyname, gethostbyname2 and gethostbyaddr lookups; this one accepts \#(resExpectKeys)"#),
        Case("rcode on gethostbyname", doc(lookups: #"{ "gethostbyname": "x", "expect": { ‸"rcode": "NOERROR" } }"#),
             path: "lookups[0].expect.rcode",
             #""rcode" only applies to res_query, res_search and res_querydomain lookups; this one accepts \#(GethostbynameDecodingTests.hostExpectKeys)"#),
    ])
    func errors(_ c: Case) {
        ScenarioFixture.expectError(c.marked, path: c.path, c.message)
    }
}
