import DNSWire
import Responder
import ScenarioFormat
import Testing

/// Records as authoritative servers send them: TTLs, the SOA in negative answers, NXDOMAIN at the
/// end of a chain inside the zone, addresses of MX/SRV/NS targets, owners that differ from the
/// question, and what the server does with EDNS.
@Suite struct ServerScriptAuthorityTests {
    static let soa = "ns.example. host.example. 1 3600 600 86400 60"
    static let records: KeyValuePairs<String, KeyValuePairs<String, [String]>> = [
        "example.": ["SOA": [soa], "MX": ["10 mail.example."], "NS": ["ns.example."]],
        "mail.example.": ["A": ["10.0.0.25"], "AAAA": ["fd00::25"]],
        "ns.example.": ["A": ["10.0.0.53"]],
        "_sip._udp.example.": ["SRV": ["0 5 5060 sip.example."]],
        "sip.example.": ["AAAA": ["fd00::5060"]],
        "web.example.": ["A": ["10.0.0.5"]],
        "gone.example.": ["CNAME": ["missing.example."]],
        "out.example.": ["CNAME": ["elsewhere.test."]],
        "a.b.example.": ["A": ["10.0.0.9"]],
    ]

    static func server(ttl: UInt32 = Server.defaultTTL, edns: Server.EDNSBehaviour = .payloadSize(1232), rules: [Rule] = [],
                       otherwise: Server.Fallback = .nxdomain, minimal: Bool = true) throws -> ScriptedServer {
        var server = ScriptedServer(records: try zone(records), rules: rules, otherwise: otherwise)
        var configured = server.script.server
        configured.ttl = ttl
        configured.edns = edns
        configured.minimalResponses = minimal
        server.script = ServerScript(server: configured)
        return server
    }

    @Test("records carry the server's ttl, or the matching rule's")
    func ttl() throws {
        var server = try Self.server(ttl: 3600)
        #expect(try server.ask("web.example.", .A).answers.map(\.ttl) == [3600])
        var rule = Rule(name: NamePattern("web.example."))
        rule.ttl = 0
        server = try Self.server(ttl: 3600, rules: [rule])
        #expect(try server.ask("web.example.", .A).answers.map(\.ttl) == [0])
        #expect(try server.ask("mail.example.", .A).answers.map(\.ttl) == [3600], "other names keep the server's")
    }

    @Test("NXDOMAIN and NODATA carry the zone's SOA, with the lesser of its TTL and MINIMUM (RFC 2308)",
          arguments: [("nope.example.", DNSType.A, DNSRcode.NXDOMAIN), ("web.example.", .AAAA, .NOERROR),
                      ("b.example.", .A, .NOERROR)])
    func negativeAnswersCarryTheSOA(name: String, type: DNSType, rcode: DNSRcode) throws {
        var server = try Self.server(ttl: 3600)
        let reply = try server.ask(name, type)
        #expect(reply.rcode == rcode && reply.answers.isEmpty)
        #expect(reply.authorities.map(\.type) == [.SOA])
        #expect(reply.authorities.first?.name == (try DNSName("example.")))
        #expect(reply.authorities.first?.ttl == 60)
    }

    @Test("a rule's nxdomain or nodata carries the SOA too; a name outside every zone gets none")
    func ruleNegativeAndOutOfZone() throws {
        var server = try Self.server(rules: [Rule(name: NamePattern("web.example."), reply: .nxdomain)])
        #expect(try server.ask("web.example.", .A).authorities.map(\.type) == [.SOA])
        let outside = try server.ask("nope.test.", .A)
        #expect(outside.rcode == .NXDOMAIN && outside.authorities.isEmpty)
    }

    @Test("a CNAME into a name that does not exist in the zone is NXDOMAIN with the chain and the SOA (RFC 6604)")
    func danglingChainInsideTheZone() throws {
        var server = try Self.server()
        let reply = try server.ask("gone.example.", .A)
        #expect(reply.rcode == .NXDOMAIN)
        #expect(reply.answers.map(\.type) == [.CNAME])
        #expect(reply.authorities.map(\.type) == [.SOA])
        let out = try server.ask("out.example.", .A)
        #expect(out.rcode == .NOERROR && out.answers.map(\.type) == [.CNAME] && out.authorities.isEmpty,
                "a chain leaving our data ends there, NOERROR")
    }

    @Test("MX, SRV and NS answers carry the addresses of their targets in the additional section")
    func additionalAddresses() throws {
        var server = try Self.server()
        #expect(try server.ask("example.", .MX).additionals.map(\.data) == [.a(IPv4Address(10, 0, 0, 25)), .aaaa(try #require(IPv6Address("fd00::25")))])
        #expect(try server.ask("_sip._udp.example.", .SRV).additionals.map(\.type) == [.AAAA])
        #expect(try server.ask("example.", .NS).additionals.map(\.name) == [try DNSName("ns.example.")])
        #expect(try server.ask("web.example.", .A).additionals.isEmpty)
    }

    @Test("minimalResponses false: every answer carries the zone's NS in authority and their addresses; true (default) none")
    func nameserversInAuthority() throws {
        var full = try Self.server(minimal: false)
        let reply = try full.ask("web.example.", .A)
        let apex = try DNSName("example.")
        #expect(reply.authorities.map(\.type) == [.NS] && reply.authorities.first?.name == apex)
        #expect(reply.additionals.map(\.data) == [.a(IPv4Address(10, 0, 0, 53))])
        let ns = try full.ask("example.", .NS)
        #expect(ns.authorities.isEmpty, "an NS answer for the apex does not repeat them")
        #expect(try full.ask("nope.example.", .A).authorities.map(\.type) == [.SOA], "a negative answer keeps the SOA only")
        var minimal = try Self.server()
        #expect(try minimal.ask("web.example.", .A).authorities.isEmpty)
    }

    @Test("an answer echoes the name as asked, in its exact case")
    func echoesTheCase() throws {
        var server = try Self.server()
        let reply = try server.ask("WeB.ExAmPlE.", .A)
        #expect(reply.answers.first?.name.labels == [Array("WeB".utf8), Array("ExAmPlE".utf8)])
    }

    @Test("answerName: the answer's owner differs from the question")
    func answerName() throws {
        var rule = Rule()
        rule.shaping.answerName = try DNSName("other.example.")
        var server = try Self.server(rules: [rule])
        let reply = try server.ask("web.example.", .A)
        #expect(reply.questions.first?.name == (try DNSName("web.example.")))
        #expect(reply.answers.map(\.name) == [try DNSName("other.example.")])
    }

    @Test("edns: the payload size advertised, none (no OPT ever), formerr (FORMERR to a query with OPT, answers without)")
    func ednsBehaviour() throws {
        let withOPT = EDNS(udpPayloadSize: 4096, dnssecOK: false)
        var server = try Self.server(edns: .payloadSize(512))
        #expect(try server.ask("web.example.", .A, edns: withOPT).edns?.udpPayloadSize == 512)
        #expect(try server.ask("web.example.", .A).edns == nil, "no OPT to a query without one")
        server = try Self.server(edns: .none)
        let none = try server.ask("web.example.", .A, edns: withOPT)
        #expect(none.edns == nil && none.answers.count == 1)
        server = try Self.server(edns: .formerr)
        let refused = try server.ask("web.example.", .A, edns: withOPT)
        #expect(refused.rcode == .FORMERR && refused.edns == nil && refused.answers.isEmpty)
        #expect(try server.ask("web.example.", .A).answers.count == 1, "the same server answers a query without OPT")
    }
}
