import DNSWire
import Responder
import ScenarioFormat
import Testing

/// Answers from `records`: header, address records, CNAME chains, negative answers (RFC 1034/1035, RFC 2308, RFC 8020).
@Suite struct ServerScriptAnswerTests {
    static let basic: KeyValuePairs<String, KeyValuePairs<String, [String]>> = [
        "www.example.": ["A": ["192.0.2.1", "192.0.2.2"], "AAAA": ["2001:db8::1"]],
    ]

    @Test("the reply echoes ID, opcode, RD and the question, and sets QR and RA", arguments: [true, false])
    func replyHeader(recursionDesired: Bool) throws {
        var server = ScriptedServer(records: try zone(Self.basic))
        let question = DNSMessage.query(id: 0xBEEF, name: try name("www.example."), type: .A,
                                        recursionDesired: recursionDesired)
        let reply = try #require(try server.reply(to: question))
        #expect(reply.id == 0xBEEF)
        #expect(reply.isResponse)
        #expect(reply.opcode == .QUERY)
        #expect(reply.recursionDesired == recursionDesired)
        #expect(reply.recursionAvailable)
        #expect(!reply.truncated)
        #expect(reply.questions == question.questions)
    }

    @Test("A is answered with every A record of the name, in order")
    func aRecords() throws {
        var server = ScriptedServer(records: try zone(Self.basic))
        let reply = try server.ask("www.example.", .A)
        #expect(reply.rcode == .NOERROR)
        #expect(reply.answers == [
            try record("www.example.", .a(IPv4Address(192, 0, 2, 1))),
            try record("www.example.", .a(IPv4Address(192, 0, 2, 2))),
        ])
        #expect(reply.authorities.isEmpty)
    }

    @Test("AAAA is answered with the AAAA records only")
    func aaaaRecords() throws {
        var server = ScriptedServer(records: try zone(Self.basic))
        let reply = try server.ask("www.example.", .AAAA)
        #expect(reply.rcode == .NOERROR)
        #expect(reply.answers == [try record("www.example.", .aaaa(try #require(IPv6Address("2001:db8::1"))))])
    }

    @Test("every answer carries the script's TTL, which is short but not zero")
    func ttl() throws {
        var server = ScriptedServer(records: try zone(Self.basic))
        let reply = try server.ask("www.example.", .A)
        #expect(ServerScript.ttl > 0)
        #expect(!reply.answers.isEmpty)
        #expect(reply.answers.allSatisfy { $0.ttl == ServerScript.ttl })
    }

    @Test("names match case-insensitively and the question keeps the client's case (RFC 4343)",
          arguments: ["WWW.EXAMPLE.", "wWw.ExAmPlE."])
    func caseInsensitive(spelling: String) throws {
        var server = ScriptedServer(records: try zone(Self.basic))
        let reply = try server.ask(spelling, .A)
        #expect(reply.rcode == .NOERROR)
        #expect(reply.answers.count == 2)
        #expect(reply.questions.first?.name.description == spelling)
    }

    @Test("an owner written in upper case answers a lower-case query")
    func upperCaseOwner() throws {
        var server = ScriptedServer(records: try zone(["WWW.Example.": ["A": ["192.0.2.7"]]]))
        let reply = try server.ask("www.example.", .A)
        #expect(reply.answers.map(\.data) == [.a(IPv4Address(192, 0, 2, 7))])
    }

    // MARK: CNAME

    @Test("a CNAME chain is followed within the records; every link and the final records appear in order")
    func cnameChain() throws {
        var server = ScriptedServer(records: try zone([
            "alias.example.": ["CNAME": ["middle.example."]],
            "middle.example.": ["CNAME": ["www.example."]],
            "www.example.": ["A": ["192.0.2.1"]],
        ]))
        let reply = try server.ask("alias.example.", .A)
        #expect(reply.rcode == .NOERROR)
        #expect(reply.answers == [
            try record("alias.example.", .cname(try name("middle.example."))),
            try record("middle.example.", .cname(try name("www.example."))),
            try record("www.example.", .a(IPv4Address(192, 0, 2, 1))),
        ])
    }

    @Test("a chain of the longest length a scenario may have is answered whole: every link and the address")
    func longestChain() throws {
        let links = RecordTable.maximumCNAMEChain
        var table = RecordTable()
        for index in 0..<links {
            table.add(owner: try name("c\(index).example."), isWildcard: false, type: .CNAME,
                      data: [.cname(try name("c\(index + 1).example."))])
        }
        table.add(owner: try name("c\(links).example."), isWildcard: false, type: .A, data: [.a(IPv4Address(192, 0, 2, 9))])
        #expect(table.cnameChainsLonger(than: links).isEmpty)
        var server = ScriptedServer(records: table)
        let reply = try server.ask("c0.example.", .A, over: .tcp)
        #expect(reply.rcode == .NOERROR)
        #expect(reply.answers.count == links + 1)
        #expect(reply.answers.filter { $0.type == .CNAME }.count == links)
        #expect(reply.answers.last == (try record("c\(links).example.", .a(IPv4Address(192, 0, 2, 9)))))
        // Over UDP the same answer does not fit 512 bytes: truncated, so the client asks again over TCP.
        #expect(try server.ask("c0.example.", .A).truncated)
    }

    @Test("a CNAME to a name outside the records ends the chain: NOERROR with just the CNAME")
    func cnameOutside() throws {
        var server = ScriptedServer(records: try zone(["alias.example.": ["CNAME": ["elsewhere.test."]]]))
        let reply = try server.ask("alias.example.", .A)
        #expect(reply.rcode == .NOERROR)
        #expect(reply.answers == [try record("alias.example.", .cname(try name("elsewhere.test.")))])
    }

    @Test("a CNAME to a name without the queried type answers just the CNAME (NODATA at the target)")
    func cnameToNodata() throws {
        var server = ScriptedServer(records: try zone([
            "alias.example.": ["CNAME": ["www.example."]],
            "www.example.": ["A": ["192.0.2.1"]],
        ]))
        let reply = try server.ask("alias.example.", .AAAA)
        #expect(reply.rcode == .NOERROR)
        #expect(reply.answers == [try record("alias.example.", .cname(try name("www.example.")))])
    }

    @Test("a CNAME loop terminates and lists each CNAME once (RFC 2181 5: no duplicate records)")
    func cnameLoop() throws {
        var server = ScriptedServer(records: try zone([
            "a.example.": ["CNAME": ["b.example."]],
            "b.example.": ["CNAME": ["a.example."]],
        ]))
        let reply = try server.ask("a.example.", .A)
        #expect(reply.answers == [
            try record("a.example.", .cname(try name("b.example."))),
            try record("b.example.", .cname(try name("a.example."))),
        ])
    }

    @Test("a CNAME pointing at itself terminates")
    func cnameSelfLoop() throws {
        var server = ScriptedServer(records: try zone(["a.example.": ["CNAME": ["a.example."]]]))
        let reply = try server.ask("a.example.", .A)
        #expect(reply.answers == [try record("a.example.", .cname(try name("a.example.")))])
    }

    @Test("a CNAME query returns the CNAME itself without following it")
    func cnameQuery() throws {
        var server = ScriptedServer(records: try zone([
            "alias.example.": ["CNAME": ["www.example."]],
            "www.example.": ["A": ["192.0.2.1"]],
        ]))
        let reply = try server.ask("alias.example.", .CNAME)
        #expect(reply.rcode == .NOERROR)
        #expect(reply.answers == [try record("alias.example.", .cname(try name("www.example.")))])
    }

    // MARK: Negative answers

    @Test("an existing name without the queried type is NODATA: NOERROR, no answers (RFC 2308 2.2)")
    func nodata() throws {
        var server = ScriptedServer(records: try zone(["v4only.example.": ["A": ["192.0.2.1"]]]))
        let reply = try server.ask("v4only.example.", .AAAA)
        #expect(reply.rcode == .NOERROR)
        #expect(reply.answers.isEmpty)
    }

    @Test("`otherwise` applies to unknown names only: an existing name stays NODATA", arguments: Server.Fallback.allCases)
    func nodataIgnoresOtherwise(otherwise: Server.Fallback) throws {
        var server = ScriptedServer(records: try zone(["v4only.example.": ["A": ["192.0.2.1"]]]), otherwise: otherwise)
        let reply = try server.ask("v4only.example.", .AAAA)
        #expect(reply.rcode == .NOERROR)
        #expect(reply.answers.isEmpty)
    }

    @Test("a name with records only below it is an empty non-terminal: NODATA, not NXDOMAIN (RFC 8020)",
          arguments: ["b.example.", "example."])
    func emptyNonTerminal(owner: String) throws {
        var server = ScriptedServer(records: try zone(["a.b.example.": ["A": ["192.0.2.1"]]]))
        let reply = try server.ask(owner, .A)
        #expect(reply.rcode == .NOERROR)
        #expect(reply.answers.isEmpty)
    }

    @Test("an unknown name is NXDOMAIN by default")
    func unknownNameIsNXDOMAIN() throws {
        var server = ScriptedServer(records: try zone(Self.basic))
        let reply = try server.ask("nope.example.", .A)
        #expect(reply.rcode == .NXDOMAIN)
        #expect(reply.answers.isEmpty)
    }

    @Test("a name that only shares a suffix with a record is unknown")
    func siblingIsUnknown() throws {
        var server = ScriptedServer(records: try zone(Self.basic))
        #expect(try server.ask("xwww.example.", .A).rcode == .NXDOMAIN)
        #expect(try server.ask("a.www.example.", .A).rcode == .NXDOMAIN)
    }

    @Test("`otherwise` decides the reply for unknown names", arguments: [
        (Server.Fallback.nxdomain, DNSRcode.NXDOMAIN),
        (.nodata, .NOERROR),
        (.servfail, .SERVFAIL),
        (.refused, .REFUSED),
    ])
    func otherwise(fallback: Server.Fallback, rcode: DNSRcode) throws {
        var server = ScriptedServer(records: try zone(Self.basic), otherwise: fallback)
        let reply = try server.ask("nope.example.", .A)
        #expect(reply.rcode == rcode)
        #expect(reply.answers.isEmpty)
        #expect(reply.id == 0x5A17)
    }

    @Test("`otherwise: drop` sends nothing for unknown names but still answers known ones")
    func otherwiseDrop() throws {
        var server = ScriptedServer(records: try zone(Self.basic), otherwise: .drop)
        let plan = try server.plan(for: try query("nope.example.", .A))
        #expect(plan.action == .drop)
        #expect(plan.summary == "dropped")
        #expect(try server.ask("www.example.", .A).answers.count == 2)
    }

    @Test("a server without records answers every name with its `otherwise`")
    func noRecords() throws {
        var server = ScriptedServer(otherwise: .refused)
        #expect(try server.ask("anything.example.", .A).rcode == .REFUSED)
        #expect(try server.ask(".", .NS).rcode == .REFUSED)
    }

    @Test("the plan summary names the rcode of the reply")
    func summary() throws {
        var server = ScriptedServer(records: try zone(Self.basic))
        #expect(try server.plan(for: try query("www.example.", .A)).summary == "NOERROR")
        #expect(try server.plan(for: try query("nope.example.", .A)).summary == "NXDOMAIN")
    }
}
