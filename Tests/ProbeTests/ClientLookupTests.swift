import DNSWire
@testable import Lookups
import Observation
import ScenarioFormat
import Testing

/// A client helper's result line read into the outcome every expectation is checked against.
@Suite struct ClientLookupTests {
    @Test func addressesCanonnameAndTheCallsOwnDuration() {
        let outcome = ClientLookup.decode(#"{"addresses":["10.0.0.5","2001:db8::5"],"canonname":"web.example","durationMs":1.5}"# + "\n",
                                          kind: .getaddrinfo, client: .musl, processMs: 9)
        #expect(outcome.addresses?.map(\.description) == ["10.0.0.5", "2001:db8::5"])
        #expect(outcome.canonname == "web.example")
        #expect(outcome.durationMs == 1.5)
        #expect(outcome.failure == nil)
    }

    @Test func errorNamesTakeThisLibcsCodesAndKeepTheClientsWords() {
        let gai = ClientLookup.decode(#"{"error":{"name":"EAI_NONAME","detail":"ARES_ENOTFOUND: Domain name not found"}}"#,
                                      kind: .getaddrinfo, client: .cAres, processMs: 3)
        #expect(gai.error?.name == "EAI_NONAME")
        #expect(gai.error?.code == GetaddrinfoErrorName.table.first { $0.name == "EAI_NONAME" }?.code)
        #expect(gai.error?.detail == "ARES_ENOTFOUND: Domain name not found")
        #expect(gai.durationMs == 3)
        let host = ClientLookup.decode(#"{"error":{"name":"TRY_AGAIN"},"rcode":"SERVFAIL","answerCount":0}"#,
                                       kind: .resQuery, client: .dnspython, processMs: 3)
        #expect(host.error?.name == "TRY_AGAIN")
        #expect(host.rcode == "SERVFAIL")
        #expect(host.answerCount == 0)
    }

    @Test(arguments: [
        ("", "expected one JSON object line, found nothing"),
        ("10.0.0.5\n", #"expected one JSON object line, found "10.0.0.5""#),
        (#"{"addresses":["10.0.0.300"]}"#, #"musl returned an address that is none: "10.0.0.300""#),
        (#"{"durationMs":1}"#, #"musl's result has no addresses, names, rcode or error: {"durationMs":1}"#),
        (#"{"unsupported":"no such call"}"#, "no such call"),
    ])
    func anythingElseIsAFailureThatSaysWhat(line: String, failure: String) {
        let outcome = ClientLookup.decode(line, kind: .getaddrinfo, client: .musl, processMs: 1)
        #expect(outcome.failure == failure)
    }

    @Test func requestsFollowTheHelpersProtocol() {
        #expect(ResolverClient.helperArguments(for: .getaddrinfo(GetaddrinfoCall(host: "x", family: .inet6, flags: [.addrconfig, .canonname])))
                == ["getaddrinfo", "x", "family=inet6", "flags=addrconfig,canonname"])
        #expect(ResolverClient.helperArguments(for: .gethostbyname(GethostbynameCall(name: "x"))) == ["gethostbyname", "x"])
        #expect(ResolverClient.helperArguments(for: .gethostbyname(GethostbynameCall(name: "x", family: .inet)))
                == ["gethostbyname2", "x", "family=inet"])
        #expect(ResolverClient.helperArguments(for: .resQuery(ResQueryCall(name: "x", type: .MX, search: true)))
                == ["res_search", "x", "type=MX"])
    }
}
