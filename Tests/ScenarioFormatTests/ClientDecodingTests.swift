import DNSWire
import Testing
import ScenarioFormat

/// `clients` and the per-client overrides in `expect.clients` (scenario and lookup level).
@Suite struct ClientDecodingTests {
    typealias Case = ScenarioErrorCase

    @Test func clientsAndOverridesDecode() throws {
        let scenario = try ScenarioFixture.decode(doc(
            top: #""clients": ["glibc", "musl", "go-cgo"]"#,
            lookups: #"""
                { "getaddrinfo": "x.example", "expect": { "addresses": ["10.0.0.5"],
                  "clients": { "musl": { "addresses": null, "error": "EAI_NONAME" }, "go-cgo": { "maxMs": 50 } } } }
                """#,
            expect: #"{ "queries": ["A x.example.", "AAAA x.example."], "order": "unordered", "clients": { "musl": { "queries": ["A x.example."] } } }"#))
        #expect(scenario.clients == [.glibc, .musl, .goCgo])
        let musl = scenario.under(.musl)
        #expect(musl.client == .musl)
        #expect(musl.lookups[0].client == .musl)
        #expect(musl.lookups[0].step.client == .musl)
        #expect(musl.lookups[0].expect?.addresses == nil)
        #expect(musl.lookups[0].expect?.error == "EAI_NONAME")
        // Replaced keys only: the shared order stays.
        #expect(musl.expect?.queries?.count == 1)
        #expect(musl.expect?.order == .unordered)
        let go = scenario.under(.goCgo)
        #expect(go.lookups[0].expect?.addresses?.map(\.description) == ["10.0.0.5"])
        #expect(go.lookups[0].expect?.maxMs == 50)
        #expect(go.expect?.queries?.count == 2)
        let glibc = scenario.under(.glibc)
        #expect(glibc.lookups[0].expect?.error == nil)
        #expect(glibc.lookups[0].expect?.maxMs == nil)
        #expect(glibc.expect?.queries?.count == 2)
    }

    @Test func clientRunsFollowTheRequestThenTheFile() throws {
        let listed = try ScenarioFixture.decode(doc(top: #""clients": ["musl", "c-ares"]"#))
        #expect(listed.clientRuns(requested: nil) == [.musl, .cAres])
        #expect(listed.clientRuns(requested: [.go]) == [.go])
        let plain = try ScenarioFixture.decode(doc())
        #expect(plain.clientRuns(requested: nil) == [])
        #expect(plain.clientRuns(requested: [.dnspython, .glibc]) == [.dnspython, .glibc])
        // Commands resolve with what they are linked against: no client runs them.
        let commands = try ScenarioFixture.decode(doc(lookups: #"{ "exec": ["getent", "hosts", "x"] }"#))
        #expect(commands.clientRuns(requested: [.musl]) == [])
    }

    @Test func droppingEveryKeyLeavesNothingToCheckForThatClient() throws {
        let scenario = try ScenarioFixture.decode(doc(
            lookups: #"{ "getaddrinfo": "x.example", "expect": { "addresses": ["10.0.0.5"], "clients": { "go": { "addresses": null } } } }"#))
        #expect(scenario.under(.go).lookups[0].expect == nil)
        #expect(scenario.under(.musl).lookups[0].expect?.addresses != nil)
    }

    @Test(arguments: [
        Case("unknown client", doc(top: #""clients": [‸"muls"]"#), path: "clients[0]",
             #"expected one of glibc, musl, go, go-cgo, c-ares, dnspython; found "muls" (did you mean "musl"?)"#),
        Case("client twice", doc(top: #""clients": ["musl", ‸"musl"]"#), path: "clients[1]", #""musl" is listed twice"#),
        Case("no clients", doc(top: #""clients": ‸[]"#), path: "clients", "must not be empty"),
        Case("clients with commands only", doc(top: #""clients": ‸["musl"]"#, lookups: #"{ "exec": ["true"] }"#, expect: #"{ "queries": [] }"#),
             path: "clients",
             "clients make the built-in lookups (getaddrinfo, gethostbyname, res_query, ...); this scenario only runs commands, "
                + "which resolve with whatever they are linked against"),
        Case("unknown client in an override", doc(expect: #"{ "queries": [], "clients": { ‸"c_ares": { "queries": [] } } }"#),
             path: "expect.clients.c_ares",
             #"unknown client "c_ares"; expected one of glibc, musl, go, go-cgo, c-ares, dnspython (did you mean "c-ares"?)"#),
        Case("override not an object", doc(expect: #"{ "queries": [], "clients": { "musl": ‸["A x."] } }"#),
             path: "expect.clients.musl", "expected an object of the keys that differ for musl (null drops a shared key), found an array"),
        Case("empty override", doc(expect: #"{ "queries": [], "clients": { "musl": ‸{} } }"#), path: "expect.clients.musl",
             "an empty override changes nothing; remove it or give the keys that differ for musl"),
        Case("bad query in an override", doc(expect: #"{ "queries": [], "clients": { "musl": { "queries": [‸"A"] } } }"#),
             path: "expect.clients.musl.queries[0]",
             #"expected "TYPE NAME [@SERVER] [udp|tcp]", like "A example.com." in "A""#),
        Case("unknown key in a lookup override",
             doc(lookups: #"{ "getaddrinfo": "x", "expect": { "error": "EAI_NONAME", "clients": { "go": { ‸"eror": "EAI_AGAIN" } } } }"#),
             path: "lookups[0].expect.clients.go.eror",
             #"unknown key "eror"; expected one of addresses, addressSet, inetAddresses, inet6Addresses, error, canonname, minMs, maxMs, clients (did you mean "error"?)"#),
        Case("override contradicting a shared key",
             doc(lookups: #"{ "getaddrinfo": "x", "expect": { "error": "EAI_NONAME", "clients": { "go": ‸{ "addresses": ["10.0.0.1"] } } } }"#),
             path: "lookups[0].expect.clients.go", "a lookup either returns addresses or fails; expect one of addresses and error"),
        Case("bad error name in an override",
             doc(lookups: #"{ "getaddrinfo": "x", "expect": { "error": "EAI_NONAME", "clients": { "go": { "error": ‸"NXDOMAIN" } } } }"#),
             path: "lookups[0].expect.clients.go.error",
             "expected a getaddrinfo error name, one of " + GetaddrinfoErrorName.names.joined(separator: ", ") + #"; found "NXDOMAIN""#),
        Case("nested clients", doc(expect: #"{ "queries": [], "clients": { "musl": { ‸"clients": {} } } }"#),
             path: "expect.clients.musl.clients", "clients cannot be nested: give musl's keys here directly"),
        Case("clients on an exec expect",
             doc(lookups: #"{ "exec": ["true"], "expect": { "exitCode": 0, ‸"clients": {} } }"#),
             path: "lookups[0].expect.clients",
             #""clients" only applies to getaddrinfo, gethostbyname, gethostbyname2, res_query, res_search, res_querydomain, gethostbyaddr and getnameinfo lookups; this one accepts exitCode, stdoutContains, stderrContains, stdoutLacks, stderrLacks, stdoutMatches, stderrMatches, minMs, maxMs"#),
    ])
    func errors(_ c: Case) {
        ScenarioFixture.expectError(c.marked, path: c.path, c.message)
    }

    @Test func aSharedProblemIsReportedOnceWhereItIsWritten() {
        let errors = ScenarioFixture.errors(doc(
            lookups: #"{ "getaddrinfo": "x", "expect": { "error": "EAI_NOPE", "clients": { "go": { "maxMs": 5 }, "musl": { "minMs": 1 } } } }"#))
        #expect(errors.map(\.path) == ["lookups[0].expect.error"])
    }
}
