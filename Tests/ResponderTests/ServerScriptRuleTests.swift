import DNSWire
import Responder
import ScenarioFormat
import Testing

/// `rules`: checked in order before the records, first match wins, `times` counted down.
@Suite struct ServerScriptRuleTests {
    static let records: KeyValuePairs<String, KeyValuePairs<String, [String]>> = [
        "www.example.": ["A": ["192.0.2.1"], "AAAA": ["2001:db8::1"]],
        "a.cluster.local.": ["A": ["10.0.0.1"]],
    ]

    func server(_ rules: [Rule], otherwise: Server.Fallback = .nxdomain) throws -> ScriptedServer {
        ScriptedServer(records: try zone(Self.records), rules: rules, otherwise: otherwise)
    }

    func pattern(_ text: String) throws -> NamePattern {
        try #require(NamePattern(text))
    }

    @Test("the first matching rule decides, and the plan says which one")
    func firstMatchWins() throws {
        var server = try server([
            Rule(name: try pattern("www.example."), reply: .servfail),
            Rule(name: try pattern("www.example."), reply: .refused),
        ])
        let plan = try server.plan(for: try query("www.example.", .A))
        #expect(plan.ruleIndex == 0)
        #expect(try ScriptedServer.wire(plan)?.rcode == .SERVFAIL)
    }

    @Test("a later rule decides when earlier ones do not match")
    func laterRule() throws {
        var server = try server([
            Rule(name: try pattern("other.example."), reply: .servfail),
            Rule(name: try pattern("www.example."), reply: .refused),
        ])
        let plan = try server.plan(for: try query("www.example.", .A))
        #expect(plan.ruleIndex == 1)
        #expect(try ScriptedServer.wire(plan)?.rcode == .REFUSED)
    }

    @Test("without a matching rule the records answer and no rule is named")
    func noRuleMatches() throws {
        var server = try server([Rule(name: try pattern("other.example."), reply: .servfail)])
        let plan = try server.plan(for: try query("www.example.", .A))
        #expect(plan.ruleIndex == nil)
        #expect(plan.delayMs == 0)
        #expect(try ScriptedServer.wire(plan)?.answers.count == 1)
    }

    @Test("an exact name rule matches that name in any case, and nothing below or beside it",
          arguments: [("www.example.", true), ("WWW.Example.", true), ("a.www.example.", false), ("example.", false)])
    func exactName(queried: String, matches: Bool) throws {
        var server = try server([Rule(name: try pattern("www.example."), reply: .refused)])
        let reply = try server.ask(queried, .A)
        #expect((reply.rcode == .REFUSED) == matches)
    }

    @Test("a *.suffix. rule matches every name strictly below the suffix",
          arguments: [("a.cluster.local.", true), ("a.b.cluster.local.", true), ("A.Cluster.Local.", true),
                      ("cluster.local.", false), ("xcluster.local.", false), ("www.example.", false)])
    func suffixName(queried: String, matches: Bool) throws {
        var server = try server([Rule(name: try pattern("*.cluster.local."), reply: .servfail)])
        let reply = try server.ask(queried, .A)
        #expect((reply.rcode == .SERVFAIL) == matches)
    }

    @Test("a type rule matches only queries of that type")
    func typeRule() throws {
        var server = try server([Rule(type: .AAAA, reply: .servfail)])
        #expect(try server.ask("www.example.", .AAAA).rcode == .SERVFAIL)
        #expect(try server.ask("www.example.", .A).answers.count == 1)
    }

    @Test("a transport rule matches only queries over that transport", arguments: Transport.allCases)
    func transportRule(transport: Transport) throws {
        var server = try server([Rule(transport: transport, reply: .refused)])
        let other: Transport = transport == .udp ? .tcp : .udp
        #expect(try server.ask("www.example.", .A, over: transport).rcode == .REFUSED)
        #expect(try server.ask("www.example.", .A, over: other).rcode == .NOERROR)
    }

    @Test("name, type and transport must all match")
    func allConditions() throws {
        var server = try server([Rule(name: try pattern("www.example."), type: .AAAA, transport: .udp, reply: .refused)])
        #expect(try server.ask("www.example.", .AAAA, over: .udp).rcode == .REFUSED)
        #expect(try server.ask("www.example.", .AAAA, over: .tcp).rcode == .NOERROR)
        #expect(try server.ask("www.example.", .A, over: .udp).rcode == .NOERROR)
        #expect(try server.ask("a.cluster.local.", .AAAA, over: .udp).rcode == .NOERROR)
    }

    // MARK: Reply kinds

    @Test("nxdomain, servfail and refused replace the answer with that rcode, even for a name with records",
          arguments: [(Rule.Reply.nxdomain, DNSRcode.NXDOMAIN), (.servfail, .SERVFAIL), (.refused, .REFUSED)])
    func errorReplies(kind: Rule.Reply, rcode: DNSRcode) throws {
        var server = try server([Rule(name: try pattern("www.example."), reply: kind)])
        let reply = try server.ask("www.example.", .A)
        #expect(reply.rcode == rcode)
        #expect(reply.answers.isEmpty)
        #expect(reply.isResponse)
        #expect(reply.questions.first?.name == (try name("www.example.")))
    }

    @Test("nodata answers NOERROR without records, even for a name with records")
    func nodataReply() throws {
        var server = try server([Rule(name: try pattern("www.example."), reply: .nodata)])
        let reply = try server.ask("www.example.", .A)
        #expect(reply.rcode == .NOERROR)
        #expect(reply.answers.isEmpty)
    }

    @Test("nodata for an unknown name still says NOERROR")
    func nodataForUnknownName() throws {
        var server = try server([Rule(name: try pattern("nope.example."), reply: .nodata)])
        let reply = try server.ask("nope.example.", .A)
        #expect(reply.rcode == .NOERROR)
        #expect(reply.answers.isEmpty)
    }

    @Test("drop sends nothing")
    func dropReply() throws {
        var server = try server([Rule(name: try pattern("www.example."), reply: .drop)])
        let plan = try server.plan(for: try query("www.example.", .A))
        #expect(plan.action == .drop)
        #expect(plan.ruleIndex == 0)
        #expect(plan.summary == "dropped")
    }

    @Test("truncate over UDP sets TC and sends no answers")
    func truncateReply() throws {
        var server = try server([Rule(name: try pattern("www.example."), reply: .truncate)])
        let plan = try server.plan(for: try query("www.example.", .A), over: .udp)
        let reply = try #require(try ScriptedServer.wire(plan))
        #expect(reply.truncated)
        #expect(reply.rcode == .NOERROR)
        #expect(reply.answers.isEmpty)
        #expect(reply.questions.first?.name == (try name("www.example.")))
        #expect(plan.summary == "truncated")
    }

    @Test("a truncate rule does not match TCP: the retry over TCP gets the full answer")
    func truncateIgnoredOverTCP() throws {
        var server = try server([Rule(name: try pattern("www.example."), reply: .truncate)])
        #expect(try server.ask("www.example.", .A, over: .udp).truncated)
        let plan = try server.plan(for: try query("www.example.", .A), over: .tcp)
        let reply = try #require(try ScriptedServer.wire(plan))
        #expect(plan.ruleIndex == nil)
        #expect(!reply.truncated)
        #expect(reply.answers.map(\.data) == [.a(IPv4Address(192, 0, 2, 1))])
    }

    @Test("answer lets the records answer")
    func answerReply() throws {
        var server = try server([Rule(name: try pattern("www.example."), reply: .answer)])
        let plan = try server.plan(for: try query("www.example.", .A))
        #expect(plan.ruleIndex == 0)
        #expect(try ScriptedServer.wire(plan)?.answers.map(\.data) == [.a(IPv4Address(192, 0, 2, 1))])
    }

    @Test("answer for an unknown name falls back to `otherwise`")
    func answerReplyUsesOtherwise() throws {
        var server = try server([Rule(name: try pattern("nope.example."), reply: .answer)], otherwise: .servfail)
        #expect(try server.ask("nope.example.", .A).rcode == .SERVFAIL)
    }

    // MARK: delayMs and times

    @Test("delayMs is carried in the plan, with the records' answer when the rule gives no reply")
    func delay() throws {
        var server = try server([Rule(name: try pattern("www.example."), delayMs: 300)])
        let plan = try server.plan(for: try query("www.example.", .A))
        #expect(plan.delayMs == 300)
        #expect(try ScriptedServer.wire(plan)?.answers.count == 1)
        #expect(try server.plan(for: try query("a.cluster.local.", .A)).delayMs == 0)
    }

    @Test("delayMs is carried with every reply kind", arguments: Rule.Reply.allCases)
    func delayWithReply(kind: Rule.Reply) throws {
        var server = try server([Rule(name: try pattern("www.example."), reply: kind, delayMs: 250)])
        #expect(try server.plan(for: try query("www.example.", .A), over: .udp).delayMs == 250)
    }

    @Test("times: the rule applies that many times, then the query falls through to the records", arguments: [1, 2, 5])
    func timesCountsDown(times: Int) throws {
        var server = try server([Rule(type: .AAAA, reply: .servfail, times: times)])
        for attempt in 1...times {
            #expect(try server.ask("www.example.", .AAAA).rcode == .SERVFAIL, "attempt \(attempt)")
        }
        let after = try server.plan(for: try query("www.example.", .AAAA))
        #expect(after.ruleIndex == nil)
        #expect(try ScriptedServer.wire(after)?.answers.count == 1)
        #expect(try server.ask("www.example.", .AAAA).rcode == .NOERROR)
    }

    @Test("an exhausted rule hands the next query to the next matching rule")
    func timesFallsToNextRule() throws {
        var server = try server([
            Rule(name: try pattern("www.example."), reply: .servfail, times: 1),
            Rule(name: try pattern("www.example."), reply: .refused, times: 1),
        ])
        #expect(try server.ask("www.example.", .A).rcode == .SERVFAIL)
        #expect(try server.ask("www.example.", .A).rcode == .REFUSED)
        #expect(try server.ask("www.example.", .A).rcode == .NOERROR)
    }

    @Test("a rule without times applies to every query")
    func withoutTimes() throws {
        var server = try server([Rule(name: try pattern("www.example."), reply: .servfail)])
        for _ in 0..<20 {
            #expect(try server.ask("www.example.", .A).rcode == .SERVFAIL)
        }
    }

    @Test("a query the rule does not match leaves its count untouched")
    func nonMatchingKeepsCount() throws {
        var server = try server([Rule(name: try pattern("www.example."), type: .AAAA, transport: .udp, reply: .servfail, times: 1)])
        #expect(try server.ask("a.cluster.local.", .AAAA).rcode == .NOERROR)   // other name
        #expect(try server.ask("www.example.", .A).rcode == .NOERROR)          // other type
        #expect(try server.ask("www.example.", .AAAA, over: .tcp).rcode == .NOERROR)   // other transport
        #expect(try server.ask("www.example.", .AAAA).rcode == .SERVFAIL)
        #expect(try server.ask("www.example.", .AAAA).rcode == .NOERROR)
    }

    @Test("a TCP query does not use up a truncate rule")
    func tcpKeepsTruncateCount() throws {
        var server = try server([Rule(reply: .truncate, times: 1)])
        #expect(!(try server.ask("www.example.", .A, over: .tcp).truncated))
        #expect(try server.ask("www.example.", .A, over: .udp).truncated)
        #expect(!(try server.ask("www.example.", .A, over: .udp).truncated))
    }

    @Test("counters belong to one script: a fresh script starts with full counts")
    func freshScript() throws {
        let rules = [Rule(reply: .servfail, times: 1)]
        var first = try server(rules)
        #expect(try first.ask("www.example.", .A).rcode == .SERVFAIL)
        #expect(try first.ask("www.example.", .A).rcode == .NOERROR)
        var second = try server(rules)
        #expect(try second.ask("www.example.", .A).rcode == .SERVFAIL)
    }
}
