import Testing
import DNSWire
import ScenarioFormat

/// `daemons[]`: programs started before the lookups, and how a scenario says when each is ready.
@Suite struct DaemonDecodingTests {
    typealias Case = ScenarioErrorCase

    static func daemons(_ inner: String, servers: String = #"{ "address": "10.96.0.20" }"#) -> String {
        doc(top: #""daemons": [\#(inner)]"#, servers: servers)
    }

    @Test(arguments: [
        Case("daemons not a list", doc(top: #""daemons": ‸{}"#), path: "daemons", "expected an array, found an object"),
        Case("no name", daemons(#"‸{ "exec": ["dnsmasq"], "address": "10.96.0.10" }"#), path: "daemons[0]",
             #"missing required key "name" (how reports name it)"#),
        Case("no exec", daemons(#"‸{ "name": "d", "address": "10.96.0.10" }"#), path: "daemons[0]",
             #"missing required key "exec" (the command and its arguments)"#),
        Case("empty command", daemons(#"{ "name": "d", "exec": ‸[""], "address": "10.96.0.10" }"#), path: "daemons[0].exec",
             #"expected the command and its arguments, like ["dnsmasq", "--keep-in-foreground", ...]"#),
        Case("bad address", daemons(#"{ "name": "d", "exec": ["x"], "address": ‸"10.96.0" }"#), path: "daemons[0].address",
             #"expected a unicast IPv4 or IPv6 address, found "10.96.0""#),
        Case("a scripted server's address", daemons(#"{ "name": "d", "exec": ["x"], "address": ‸"10.96.0.20" }"#),
             path: "daemons[0].address", "servers[0] already listens on 10.96.0.20 port 53; give the daemon an address of its own"),
        Case("no address and no ready", daemons(#"‸{ "name": "d", "exec": ["x"] }"#), path: "daemons[0]",
             #"a daemon without an address needs "ready" ("udp ADDRESS:PORT", "tcp ADDRESS:PORT" or "path /PATH") to say when it is ready"#),
        Case("ready of an unknown kind", daemons(#"{ "name": "d", "exec": ["x"], "ready": ‸"unix /run/x" }"#), path: "daemons[0].ready",
             #"expected "udp ADDRESS[:PORT]", "tcp ADDRESS[:PORT]" or "path /ABSOLUTE/PATH", found "unix /run/x""#),
        Case("ready path relative", daemons(#"{ "name": "d", "exec": ["x"], "ready": ‸"path run/x" }"#), path: "daemons[0].ready",
             #"expected "udp ADDRESS[:PORT]", "tcp ADDRESS[:PORT]" or "path /ABSOLUTE/PATH", found "path run/x""#),
        Case("ready address wrong", daemons(#"{ "name": "d", "exec": ["x"], "ready": ‸"udp 10.0.0:53" }"#), path: "daemons[0].ready",
             #"expected "udp ADDRESS[:PORT]", "tcp ADDRESS[:PORT]" or "path /ABSOLUTE/PATH", found "udp 10.0.0:53""#),
        Case("timeout too short", daemons(#"{ "name": "d", "exec": ["x"], "address": "10.96.0.10", "readyTimeoutMs": ‸1 }"#),
             path: "daemons[0].readyTimeoutMs", "expected an integer from 10 to 60000, found 1"),
        Case("two daemons of one name", daemons(#"{ "name": "d", "exec": ["x"], "address": "10.96.0.10" }, { "name": ‸"d", "exec": ["y"], "address": "10.96.0.11" }"#),
             path: "daemons[1].name", #"daemons[0] is already named "d"; give each its own name"#),
        Case("unknown key", daemons(#"{ "name": "d", "exec": ["x"], "address": "10.96.0.10", ‸"listen": "10.96.0.10" }"#),
             path: "daemons[0].listen", #"unknown key "listen"; expected one of name, exec, address, ready, readyTimeoutMs"#),
    ])
    func daemonErrors(_ c: Case) {
        ScenarioFixture.expectError(c.marked, path: c.path, c.message)
    }

    @Test func everyPartReadsBack() throws {
        let scenario = try ScenarioFixture.decode(Self.daemons(
            #"{ "name": "dnsmasq", "exec": ["dnsmasq", "-k"], "address": "10.96.0.10" }, "#
                + #"{ "name": "nscd", "exec": ["nscd", "-F"], "ready": "path /run/nscd/socket", "readyTimeoutMs": 20000 }, "#
                + #"{ "name": "unbound", "exec": ["unbound", "-d"], "address": "fd00::53", "ready": "tcp [fd00::53]:5353" }"#))
        let daemons = scenario.daemons
        #expect(daemons.map(\.name) == ["dnsmasq", "nscd", "unbound"])
        #expect(daemons[0].command == ["dnsmasq", "-k"])
        #expect(daemons[0].ready == .udp(SocketAddress(address: try #require(IPAddress("10.96.0.10")), port: 53)), "udp on its address by default")
        #expect(daemons[1].ready == .path("/run/nscd/socket") && daemons[1].readyTimeoutMs == 20000 && daemons[1].address == nil)
        #expect(daemons[2].ready == .tcp(SocketAddress(address: try #require(IPAddress("fd00::53")), port: 5353)))
    }

    @Test("queries to a daemon are the client's hop, queries from its address the daemon's; others have none")
    func hops() throws {
        let dnsmasq = Daemon(name: "dnsmasq", command: ["dnsmasq"], address: IPAddress("10.96.0.10"),
                             ready: .path("/x"))
        func endpoint(_ text: String) throws -> SocketAddress { SocketAddress(address: try #require(IPAddress(text)), port: 53) }
        #expect(Daemon.hop(client: try endpoint("10.96.0.10"), server: try endpoint("10.96.0.10"), daemons: [dnsmasq]) == "client → dnsmasq")
        #expect(Daemon.hop(client: try endpoint("10.96.0.10"), server: try endpoint("10.96.0.20"), daemons: [dnsmasq])
                == "dnsmasq → 10.96.0.20")
        #expect(Daemon.hop(client: try endpoint("10.96.0.20"), server: try endpoint("10.96.0.20"), daemons: [dnsmasq]) == nil)
        #expect(Daemon.hop(client: try endpoint("10.96.0.10"), server: try endpoint("10.96.0.10"), daemons: []) == nil)
    }
}
