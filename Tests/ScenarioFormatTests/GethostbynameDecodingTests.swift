import DNSWire
import Testing
import ScenarioFormat

/// `gethostbyname` and `gethostbyname2` lookups, and the `addressSet` expectation.
@Suite struct GethostbynameDecodingTests {
    typealias Case = ScenarioErrorCase
    static let hostExpectKeys = "addresses, addressSet, inetAddresses, inet6Addresses, error, canonname, minMs, maxMs, clients"
    static let hostErrorNames = "HOST_NOT_FOUND, NETDB_INTERNAL, NO_DATA, NO_RECOVERY, TRY_AGAIN"

    @Test func bothFormsDecode() throws {
        let scenario = try ScenarioFixture.decode(doc(lookups: #"""
            { "gethostbyname": "www.example", "expect": { "addressSet": ["192.0.2.8", "192.0.2.7"], "canonname": "edge.example" } },
            { "gethostbyname2": "www.example", "family": "inet6", "expect": { "error": "NO_DATA" } }
            """#))
        #expect(scenario.lookups[0].call == .gethostbyname(GethostbynameCall(name: "www.example")))
        #expect(scenario.lookups[0].call.kind == .gethostbyname)
        #expect(scenario.lookups[0].label == "gethostbyname www.example")
        #expect(scenario.lookups[0].expect?.addressSet == [IPAddress("192.0.2.8"), IPAddress("192.0.2.7")].compactMap { $0 })
        #expect(scenario.lookups[0].expect?.addresses == nil)
        #expect(scenario.lookups[0].expect?.canonname == "edge.example")
        #expect(scenario.lookups[1].call == .gethostbyname(GethostbynameCall(name: "www.example", family: .inet6)))
        #expect(scenario.lookups[1].call.kind == .gethostbyname2)
        #expect(scenario.lookups[1].label == "gethostbyname2 www.example inet6")
        #expect(scenario.lookups[1].expect?.error == "NO_DATA")
    }

    @Test func addressSetIsAcceptedOnGetaddrinfo() throws {
        let scenario = try ScenarioFixture.decode(doc(lookups: #"{ "getaddrinfo": "x", "expect": { "addressSet": ["::1", "10.0.0.1"] } }"#))
        #expect(scenario.lookups[0].expect?.addressSet?.count == 2)
    }

    @Test(arguments: [
        Case("gethostbyname empty", doc(lookups: #"{ "gethostbyname": ‸"" }"#), path: "lookups[0].gethostbyname", "must not be empty"),
        Case("gethostbyname NUL", doc(lookups: #"{ "gethostbyname": ‸"a\u0000b" }"#), path: "lookups[0].gethostbyname",
             #"a name must not contain a NUL character (\u0000): gethostbyname would see it cut short"#),
        Case("gethostbyname with a family", doc(lookups: #"{ "gethostbyname": "x", ‸"family": "inet6" }"#),
             path: "lookups[0].family",
             #"unknown key "family"; expected one of gethostbyname, expect, before, withPrevious"#),
        Case("gethostbyname2 without family", doc(lookups: #"‸{ "gethostbyname2": "x" }"#), path: "lookups[0]",
             #"missing required key "family" (the address family, inet or inet6)"#),
        Case("gethostbyname2 unspec family", doc(lookups: #"{ "gethostbyname2": "x", "family": ‸"unspec" }"#),
             path: "lookups[0].family", #"expected one of inet, inet6; found "unspec""#),
        Case("an EAI name on gethostbyname", doc(lookups: #"{ "gethostbyname": "x", "expect": { "error": ‸"EAI_NONAME" } }"#),
             path: "lookups[0].expect.error",
             #"expected an h_errno name for gethostbyname, one of \#(hostErrorNames); found "EAI_NONAME""#),
        Case("an h_errno name on getaddrinfo", doc(lookups: #"{ "getaddrinfo": "x", "expect": { "error": ‸"HOST_NOT_FOUND" } }"#),
             path: "lookups[0].expect.error",
             #"expected a getaddrinfo error name, one of \#(LookupErrorTests.errorNames); found "HOST_NOT_FOUND""#),
        Case("a misspelt h_errno name", doc(lookups: #"{ "gethostbyname2": "x", "family": "inet", "expect": { "error": ‸"HOST_NOT_FOUD" } }"#),
             path: "lookups[0].expect.error",
             #"expected an h_errno name for gethostbyname2, one of \#(hostErrorNames); found "HOST_NOT_FOUD" (did you mean "HOST_NOT_FOUND"?)"#),
        Case("addresses and addressSet", doc(lookups: #"{ "gethostbyname": "x", "expect": { "addresses": ["10.0.0.1"], "addressSet": ‸["10.0.0.1"] } }"#),
             path: "lookups[0].expect.addressSet",
             "addresses already fixes the order; give either addresses (in order) or addressSet (any order)"),
        Case("addressSet and error", doc(lookups: #"{ "gethostbyname": "x", "expect": ‸{ "addressSet": ["10.0.0.1"], "error": "TRY_AGAIN" } }"#),
             path: "lookups[0].expect",
             "a lookup either returns addresses or fails; expect one of addressSet and error"),
        Case("empty addressSet", doc(lookups: #"{ "gethostbyname": "x", "expect": { "addressSet": ‸[] } }"#),
             path: "lookups[0].expect.addressSet",
             #"gethostbyname returns at least one address or fails; to expect a failure use "error""#),
        Case("addressSet not an address", doc(lookups: #"{ "gethostbyname": "x", "expect": { "addressSet": [‸"x.example"] } }"#),
             path: "lookups[0].expect.addressSet[0]", #"expected an IPv4 or IPv6 address, found "x.example""#),
        Case("an exec key on gethostbyname", doc(lookups: #"{ "gethostbyname": "x", "expect": { ‸"exitCode": 0 } }"#),
             path: "lookups[0].expect.exitCode",
             #""exitCode" only applies to exec lookups; this one accepts \#(hostExpectKeys)"#),
        Case("addressSet on exec", doc(lookups: #"{ "exec": ["true"], "expect": { ‸"addressSet": ["10.0.0.1"] } }"#),
             path: "lookups[0].expect.addressSet",
             #""addressSet" only applies to getaddrinfo, gethostbyname, gethostbyname2, res_query, res_search and res_querydomain lookups; this one accepts "#
                + LookupErrorTests.execExpectKeys),
        Case("two kinds", doc(lookups: #"‸{ "gethostbyname": "x", "getaddrinfo": "x" }"#), path: "lookups[0]",
             "a lookup has exactly one kind; found both gethostbyname and getaddrinfo"),
    ])
    func errors(_ c: Case) {
        ScenarioFixture.expectError(c.marked, path: c.path, c.message)
    }
}
