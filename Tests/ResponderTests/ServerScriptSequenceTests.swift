import DNSWire
import Responder
import ScenarioFormat
import Testing

/// A rule's reply sequence, counted per server, per name or per client socket, and `times` counted
/// the same way; held replies and a rule's own records.
@Suite struct ServerScriptSequenceTests {
    static let records: KeyValuePairs<String, KeyValuePairs<String, [String]>> = [
        "web.example.": ["A": ["10.0.0.5"], "AAAA": ["fd00::5"]],
        "api.example.": ["A": ["10.0.0.6"]],
    ]

    static func client(_ port: UInt16, transport: Transport = .udp) -> SocketAddress {
        SocketAddress(address: .v4(IPv4Address(10, 0, 0, 2)), port: port)
    }

    /// The rcodes (or "drop") the server gives to `asked`, in order.
    static func replies(_ rule: Rule, _ asked: [(String, DNSType, UInt16)], over transport: Transport = .udp) throws -> [String] {
        var script = ServerScript(server: Server(address: .v4(IPv4Address(192, 0, 2, 53)), records: try zone(records), rules: [rule]))
        return try asked.map { name, type, port in
            let plan = script.respond(to: try query(name, type).encode(), transport: transport, client: client(port))
            return plan.summary
        }
    }

    @Test("a sequence gives the 1st, 2nd, ... matching query its reply, and the last one to every later query")
    func sequenceByServer() throws {
        var rule = Rule(name: NamePattern("web.example."))
        rule.replies = [.servfail, .refused, .answer]
        let asked = Array(repeating: ("web.example.", DNSType.A, UInt16(4000)), count: 5)
        #expect(try Self.replies(rule, asked) == ["SERVFAIL", "REFUSED", "NOERROR", "NOERROR", "NOERROR"])
        #expect(try Self.replies(rule, [("api.example.", .A, 4000), ("web.example.", .A, 4000)]) == ["NOERROR", "SERVFAIL"],
                "a query the rule does not match is not counted")
    }

    @Test("countBy name: every name has its own count, in any letter case")
    func sequenceByName() throws {
        var rule = Rule()
        rule.replies = [.servfail, .answer]
        rule.countBy = .name
        let asked: [(String, DNSType, UInt16)] = [("web.example.", .A, 1), ("api.example.", .A, 1), ("WEB.example.", .AAAA, 1),
                                                  ("api.example.", .A, 1)]
        #expect(try Self.replies(rule, asked) == ["SERVFAIL", "SERVFAIL", "NOERROR", "NOERROR"])
    }

    @Test("countBy socket: the second query from one client socket is dropped, a new socket starts again (the conntrack race)")
    func sequenceBySocket() throws {
        var rule = Rule()
        rule.replies = [.answer, .drop]
        rule.countBy = .socket
        rule.times = 2
        let asked: [(String, DNSType, UInt16)] = [("web.example.", .A, 5000), ("web.example.", .AAAA, 5000),
                                                  ("web.example.", .AAAA, 5001), ("web.example.", .AAAA, 5000)]
        #expect(try Self.replies(rule, asked) == ["NOERROR", "dropped", "NOERROR", "NOERROR"],
                "times 2 per socket: the third query from port 5000 is past the rule")
    }

    @Test("countBy socket tells the transports apart: a TCP connection from the same port is another socket")
    func socketsOfTwoTransports() throws {
        var rule = Rule()
        rule.replies = [.answer, .servfail]
        rule.countBy = .socket
        var script = ServerScript(server: Server(address: .v4(IPv4Address(192, 0, 2, 53)), records: try zone(Self.records), rules: [rule]))
        let bytes = try query("web.example.", .A).encode()
        let udp = script.respond(to: bytes, transport: .udp, client: Self.client(6000))
        let tcp = script.respond(to: bytes, transport: .tcp, client: Self.client(6000))
        let again = script.respond(to: bytes, transport: .udp, client: Self.client(6000))
        #expect([udp.summary, tcp.summary, again.summary] == ["NOERROR", "NOERROR", "SERVFAIL"])
    }

    @Test("a truncate step never applies over TCP: the query goes on to the records, and is not counted")
    func truncateStepOverTCP() throws {
        var rule = Rule()
        rule.replies = [.truncate, .servfail]
        var script = ServerScript(server: Server(address: .v4(IPv4Address(192, 0, 2, 53)), records: try zone(Self.records), rules: [rule]))
        let bytes = try query("web.example.", .A).encode()
        #expect(script.respond(to: bytes, transport: .tcp).ruleIndex == nil)
        #expect(script.respond(to: bytes, transport: .udp).summary == "truncated")
        #expect(script.respond(to: bytes, transport: .tcp).summary == "SERVFAIL")
    }

    @Test("a rule's own records answer instead of the server's")
    func ruleRecords() throws {
        var rule = Rule(transport: .tcp)
        rule.records = try zone(["web.example.": ["A": ["10.9.9.9"]]])
        var server = ScriptedServer(records: try zone(Self.records), rules: [rule])
        let overTCP = try server.ask("web.example.", .A, over: .tcp)
        #expect(overTCP.answers.map(\.data) == [.a(IPv4Address(10, 9, 9, 9))])
        let overUDP = try server.ask("web.example.", .A, over: .udp)
        #expect(overUDP.answers.map(\.data) == [.a(IPv4Address(10, 0, 0, 5))])
        let missing = try server.ask("api.example.", .A, over: .tcp)
        #expect(missing.rcode == .NXDOMAIN, "a name outside the rule's records gets the server's otherwise")
    }

    @Test("holdUntil is carried in the plan with the question, for the responder to hold the reply")
    func held() throws {
        var rule = Rule(type: .A)
        rule.holdUntil = QueryMatch(type: .AAAA)
        var server = ScriptedServer(records: try zone(Self.records), rules: [rule])
        let plan = try server.plan(for: try query("web.example.", .A))
        #expect(plan.holdUntil == QueryMatch(type: .AAAA))
        #expect(plan.question?.type == .A)
        #expect(try QueryMatch(type: .AAAA).matches(DNSQuestion(name: try DNSName("x."), type: .AAAA)))
        #expect(try !QueryMatch(type: .AAAA, name: NamePattern("y.")).matches(DNSQuestion(name: try DNSName("x."), type: .AAAA)))
    }
}
