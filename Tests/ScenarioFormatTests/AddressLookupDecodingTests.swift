import DNSWire
import Testing
import ScenarioFormat

/// `gethostbyaddr`, `getnameinfo` and `res_querydomain` lookups, and the `names`, `inetAddresses`,
/// `inet6Addresses` and `authenticData` expectations.
@Suite struct AddressLookupDecodingTests {
    typealias Case = ScenarioErrorCase
    static let addressExpectKeys = "names, error, canonname, minMs, maxMs, clients"
    static let nameinfoExpectKeys = "names, error, minMs, maxMs, clients"

    @Test func reverseLookupsDecode() throws {
        let scenario = try ScenarioFixture.decode(doc(lookups: #"""
            { "gethostbyaddr": "10.0.0.5", "expect": { "names": ["web.example"], "canonname": "web.example" } },
            { "gethostbyaddr": "fd00::5", "expect": { "error": "HOST_NOT_FOUND" } },
            { "getnameinfo": "10.0.0.5", "expect": { "names": ["web.example"] } },
            { "getnameinfo": "10.0.0.6", "flags": [], "expect": { "names": ["10.0.0.6"] } },
            { "getnameinfo": "10.0.0.5", "flags": ["nofqdn", "namereqd"], "expect": { "error": "EAI_NONAME" } }
            """#))
        let v4 = try #require(IPAddress("10.0.0.5"))
        #expect(scenario.lookups[0].call == .gethostbyaddr(GethostbyaddrCall(address: v4)))
        #expect(scenario.lookups[0].label == "gethostbyaddr 10.0.0.5")
        #expect(scenario.lookups[0].expect?.names == ["web.example"])
        #expect(scenario.lookups[0].expect?.canonname == "web.example")
        #expect(scenario.lookups[1].call == .gethostbyaddr(GethostbyaddrCall(address: try #require(IPAddress("fd00::5")))))
        #expect(scenario.lookups[1].call.kind == .gethostbyaddr)
        #expect(scenario.lookups[1].expect?.error == "HOST_NOT_FOUND")
        // Without flags: NI_NAMEREQD; an empty list is no flags at all.
        #expect(scenario.lookups[2].call == .getnameinfo(GetnameinfoCall(address: v4, flags: [.namereqd])))
        #expect(scenario.lookups[3].call == .getnameinfo(GetnameinfoCall(address: try #require(IPAddress("10.0.0.6")), flags: [])))
        #expect(scenario.lookups[4].call == .getnameinfo(GetnameinfoCall(address: v4, flags: [.nofqdn, .namereqd])))
        #expect(scenario.lookups[4].call.kind == .getnameinfo)
        #expect(scenario.lookups[4].expect?.error == "EAI_NONAME")
    }

    @Test func resQuerydomainDecodes() throws {
        let scenario = try ScenarioFixture.decode(doc(lookups: #"""
            { "res_querydomain": "www", "domain": "corp.example", "type": "AAAA", "expect": { "rcode": "NOERROR", "authenticData": false } }
            """#))
        #expect(scenario.lookups[0].call == .resQuery(ResQueryCall(name: "www", type: .AAAA, domain: "corp.example")))
        #expect(scenario.lookups[0].call.kind == .resQuerydomain)
        #expect(scenario.lookups[0].label == "res_querydomain www corp.example AAAA")
        #expect(scenario.lookups[0].expect?.authenticData == false)
        #expect(LookupKind.resQuerydomain.failsWithHostError)
        #expect(LookupKind.gethostbyaddr.failsWithHostError)
        #expect(!LookupKind.getnameinfo.failsWithHostError)
    }

    @Test func perFamilyAddressesDecode() throws {
        let scenario = try ScenarioFixture.decode(doc(lookups: #"""
            { "getaddrinfo": "x", "expect": { "inetAddresses": ["192.0.2.20", "192.0.2.3"], "inet6Addresses": [] } },
            { "res_query": "x", "type": "AAAA", "expect": { "addressSet": ["2001:db8::1", "2001:db8::2"], "inet6Addresses": ["2001:db8::2", "2001:db8::1"] } }
            """#))
        #expect(scenario.lookups[0].expect?.inetAddresses?.map(\.description) == ["192.0.2.20", "192.0.2.3"])
        #expect(scenario.lookups[0].expect?.inet6Addresses == [])
        #expect(scenario.lookups[1].expect?.inet6Addresses?.map(\.description) == ["2001:db8::2", "2001:db8::1"])
    }

    @Test(arguments: [
        Case("an invalid address", doc(lookups: #"{ "gethostbyaddr": ‸"10.0.0.256" }"#), path: "lookups[0].gethostbyaddr",
             #"gethostbyaddr looks up an address: expected an IPv4 or IPv6 address like 10.0.0.5 or fd00::5, found "10.0.0.256""#),
        Case("a name for getnameinfo", doc(lookups: #"{ "getnameinfo": ‸"web.example" }"#), path: "lookups[0].getnameinfo",
             #"getnameinfo looks up an address: expected an IPv4 or IPv6 address like 10.0.0.5 or fd00::5, found "web.example""#),
        Case("an address that is a number", doc(lookups: #"{ "gethostbyaddr": ‸5 }"#), path: "lookups[0].gethostbyaddr",
             "expected a string, found a number 5"),
        Case("an unknown flag", doc(lookups: #"{ "getnameinfo": "10.0.0.5", "flags": ["namereqd", ‸"nofqd"] }"#),
             path: "lookups[0].flags[1]", #"expected one of namereqd, nofqdn, numerichost; found "nofqd" (did you mean "nofqdn"?)"#),
        Case("flags as a string", doc(lookups: #"{ "getnameinfo": "10.0.0.5", "flags": ‸"namereqd" }"#), path: "lookups[0].flags",
             #"expected an array, found a string "namereqd""#),
        Case("a flag twice", doc(lookups: #"{ "getnameinfo": "10.0.0.5", "flags": ["nofqdn", ‸"nofqdn"] }"#),
             path: "lookups[0].flags[1]", #""nofqdn" is listed twice"#),
        Case("flags on gethostbyaddr", doc(lookups: #"{ "gethostbyaddr": "10.0.0.5", ‸"flags": [] }"#), path: "lookups[0].flags",
             #"unknown key "flags"; expected one of gethostbyaddr, expect, before, withPrevious"#),
        Case("res_querydomain without domain", doc(lookups: #"‸{ "res_querydomain": "www", "type": "A" }"#), path: "lookups[0]",
             #"missing required key "domain" (the domain to join to the name)"#),
        Case("res_querydomain empty domain", doc(lookups: #"{ "res_querydomain": "www", "domain": ‸"", "type": "A" }"#),
             path: "lookups[0].domain", "must not be empty"),
        Case("an h_errno name for getnameinfo", doc(lookups: #"{ "getnameinfo": "10.0.0.5", "expect": { "error": ‸"HOST_NOT_FOUND" } }"#),
             path: "lookups[0].expect.error",
             #"expected a getnameinfo error name, one of EAI_ADDRFAMILY, EAI_AGAIN, EAI_BADFLAGS, EAI_FAIL, EAI_FAMILY, EAI_MEMORY, EAI_NODATA, EAI_NONAME, EAI_OVERFLOW, EAI_SERVICE, EAI_SOCKTYPE, EAI_SYSTEM; found "HOST_NOT_FOUND""#),
        Case("an EAI name for gethostbyaddr", doc(lookups: #"{ "gethostbyaddr": "10.0.0.5", "expect": { "error": ‸"EAI_NONAME" } }"#),
             path: "lookups[0].expect.error",
             #"expected an h_errno name for gethostbyaddr, one of HOST_NOT_FOUND, NETDB_INTERNAL, NO_DATA, NO_RECOVERY, TRY_AGAIN; found "EAI_NONAME""#),
        Case("empty names", doc(lookups: #"{ "gethostbyaddr": "10.0.0.5", "expect": { "names": ‸[] } }"#), path: "lookups[0].expect.names",
             #"gethostbyaddr returns at least one name or fails; to expect a failure use "error""#),
        Case("names as a string", doc(lookups: #"{ "getnameinfo": "10.0.0.5", "expect": { "names": ‸"web" } }"#),
             path: "lookups[0].expect.names", #"expected an array of strings, found a string "web""#),
        Case("names and error", doc(lookups: #"{ "gethostbyaddr": "10.0.0.5", "expect": ‸{ "names": ["a"], "error": "HOST_NOT_FOUND" } }"#),
             path: "lookups[0].expect", "a lookup either returns names or fails; expect one of names and error"),
        Case("names on getaddrinfo", doc(lookups: #"{ "getaddrinfo": "x", "expect": { ‸"names": ["a"] } }"#), path: "lookups[0].expect.names",
             #""names" only applies to gethostbyaddr and getnameinfo lookups; this one accepts \#(LookupErrorTests.gaiExpectKeys)"#),
        Case("addresses on gethostbyaddr", doc(lookups: #"{ "gethostbyaddr": "10.0.0.5", "expect": { ‸"addresses": ["10.0.0.5"] } }"#),
             path: "lookups[0].expect.addresses",
             #""addresses" only applies to getaddrinfo, gethostbyname, gethostbyname2, res_query, res_search and res_querydomain lookups; this one accepts \#(addressExpectKeys)"#),
        Case("canonname on getnameinfo", doc(lookups: #"{ "getnameinfo": "10.0.0.5", "expect": { ‸"canonname": "x" } }"#),
             path: "lookups[0].expect.canonname",
             #""canonname" only applies to getaddrinfo, gethostbyname, gethostbyname2 and gethostbyaddr lookups; this one accepts \#(nameinfoExpectKeys)"#),
        Case("an IPv6 address in inetAddresses", doc(lookups: #"{ "getaddrinfo": "x", "expect": { "inetAddresses": [‸"fd00::1"] } }"#),
             path: "lookups[0].expect.inetAddresses[0]", #"expected an IPv4 address, found "fd00::1" (list it in inet6Addresses)"#),
        Case("an IPv4 address in inet6Addresses", doc(lookups: #"{ "getaddrinfo": "x", "expect": { "inet6Addresses": [‸"10.0.0.1"] } }"#),
             path: "lookups[0].expect.inet6Addresses[0]", #"expected an IPv6 address, found "10.0.0.1" (list it in inetAddresses)"#),
        Case("not an address in inet6Addresses", doc(lookups: #"{ "getaddrinfo": "x", "expect": { "inet6Addresses": [‸"nope"] } }"#),
             path: "lookups[0].expect.inet6Addresses[0]", #"expected an IPv6 address, found "nope""#),
        Case("inetAddresses as a string", doc(lookups: #"{ "getaddrinfo": "x", "expect": { "inetAddresses": ‸"10.0.0.1" } }"#),
             path: "lookups[0].expect.inetAddresses", #"expected an array, found a string "10.0.0.1""#),
        Case("addresses and inetAddresses", doc(lookups: #"{ "getaddrinfo": "x", "expect": { "addresses": ["10.0.0.1"], "inetAddresses": ‸["10.0.0.1"] } }"#),
             path: "lookups[0].expect.inetAddresses",
             "addresses already fixes the order of every address; give either addresses or inetAddresses"),
        Case("inet6Addresses and error", doc(lookups: #"{ "getaddrinfo": "x", "expect": ‸{ "inet6Addresses": [], "error": "EAI_NONAME" } }"#),
             path: "lookups[0].expect", "a lookup either returns addresses or fails; expect one of inet6Addresses and error"),
        Case("authenticData as a string", doc(lookups: #"{ "res_query": "x", "type": "A", "expect": { "authenticData": ‸"yes" } }"#),
             path: "lookups[0].expect.authenticData", #"expected true or false, found a string "yes""#),
        Case("authenticData on getaddrinfo", doc(lookups: #"{ "getaddrinfo": "x", "expect": { ‸"authenticData": true } }"#),
             path: "lookups[0].expect.authenticData",
             #""authenticData" only applies to res_query, res_search and res_querydomain lookups; this one accepts \#(LookupErrorTests.gaiExpectKeys)"#),
    ])
    func errors(_ c: Case) {
        ScenarioFixture.expectError(c.marked, path: c.path, c.message)
    }
}
