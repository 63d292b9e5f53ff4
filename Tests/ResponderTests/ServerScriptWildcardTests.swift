import DNSWire
import Responder
import ScenarioFormat
import Testing

/// `*.suffix.` owners in `records` (RFC 4592).
@Suite struct ServerScriptWildcardTests {
    @Test("a wildcard answers names below it, one or more labels deep, with the queried name as owner",
          arguments: ["a.example.", "a.b.example.", "A.Example."])
    func wildcardAnswers(queried: String) throws {
        var server = ScriptedServer(records: try zone(["*.example.": ["A": ["192.0.2.9"]]]))
        let reply = try server.ask(queried, .A)
        #expect(reply.rcode == .NOERROR)
        #expect(reply.answers == [try record(queried, .a(IPv4Address(192, 0, 2, 9)))])
        #expect(reply.answers.first?.name.description == queried)
    }

    @Test("a wildcard does not answer its own parent, which exists as an empty non-terminal (RFC 4592 2.2.2)")
    func wildcardParent() throws {
        var server = ScriptedServer(records: try zone(["*.example.": ["A": ["192.0.2.9"]]]))
        let reply = try server.ask("example.", .A)
        #expect(reply.answers.isEmpty)
        #expect(reply.rcode == .NOERROR)
    }

    @Test("a wildcard does not answer names outside its suffix")
    func wildcardOutside() throws {
        var server = ScriptedServer(records: try zone(["*.example.": ["A": ["192.0.2.9"]]]))
        #expect(try server.ask("a.example.net.", .A).rcode == .NXDOMAIN)
        #expect(try server.ask("xexample.", .A).rcode == .NXDOMAIN)
    }

    @Test("an exact record wins over the wildcard")
    func exactWins() throws {
        var server = ScriptedServer(records: try zone([
            "*.example.": ["A": ["192.0.2.9"]],
            "www.example.": ["A": ["192.0.2.1"]],
        ]))
        #expect(try server.ask("www.example.", .A).answers.map(\.data) == [.a(IPv4Address(192, 0, 2, 1))])
        #expect(try server.ask("other.example.", .A).answers.map(\.data) == [.a(IPv4Address(192, 0, 2, 9))])
    }

    @Test("an existing name without the type is NODATA; the wildcard does not fill in (RFC 4592 3.3.1)")
    func existingNameNotSynthesized() throws {
        var server = ScriptedServer(records: try zone([
            "*.example.": ["A": ["192.0.2.9"]],
            "v6only.example.": ["AAAA": ["2001:db8::6"]],
        ]))
        let reply = try server.ask("v6only.example.", .A)
        #expect(reply.rcode == .NOERROR)
        #expect(reply.answers.isEmpty)
    }

    @Test("an empty non-terminal under the wildcard's parent is NODATA, not synthesized")
    func emptyNonTerminalNotSynthesized() throws {
        var server = ScriptedServer(records: try zone([
            "*.example.": ["A": ["192.0.2.9"]],
            "deep.b.example.": ["A": ["192.0.2.1"]],
        ]))
        let reply = try server.ask("b.example.", .A)
        #expect(reply.rcode == .NOERROR)
        #expect(reply.answers.isEmpty)
    }

    @Test("a name with only a wildcard below it exists: NODATA, not synthesized from a wildcard above it")
    func wildcardBelowMakesNameExist() throws {
        var server = ScriptedServer(records: try zone([
            "*.example.": ["A": ["192.0.2.9"]],
            "*.lab.example.": ["A": ["192.0.2.10"]],
        ]))
        let reply = try server.ask("lab.example.", .A)
        #expect(reply.rcode == .NOERROR)
        #expect(reply.answers.isEmpty)
    }

    @Test("a wildcard does not reach below an existing name: that name is the closest encloser (RFC 4592 3.3.1)")
    func closestEncloser() throws {
        var server = ScriptedServer(records: try zone([
            "*.example.": ["A": ["192.0.2.9"]],
            "host.example.": ["A": ["192.0.2.1"]],
        ]))
        let reply = try server.ask("sub.host.example.", .A)
        #expect(reply.rcode == .NXDOMAIN)
        #expect(reply.answers.isEmpty)
    }

    @Test("the deepest wildcard covering the name answers")
    func deepestWildcard() throws {
        var server = ScriptedServer(records: try zone([
            "*.example.": ["A": ["192.0.2.9"]],
            "*.lab.example.": ["A": ["192.0.2.10"]],
        ]))
        #expect(try server.ask("x.lab.example.", .A).answers.map(\.data) == [.a(IPv4Address(192, 0, 2, 10))])
        #expect(try server.ask("x.example.", .A).answers.map(\.data) == [.a(IPv4Address(192, 0, 2, 9))])
    }

    @Test("a wildcard CNAME is synthesized at the queried name and followed")
    func wildcardCNAME() throws {
        var server = ScriptedServer(records: try zone([
            "*.example.": ["CNAME": ["www.example."]],
            "www.example.": ["A": ["192.0.2.1"]],
        ]))
        let reply = try server.ask("a.example.", .A)
        #expect(reply.answers == [
            try record("a.example.", .cname(try name("www.example."))),
            try record("www.example.", .a(IPv4Address(192, 0, 2, 1))),
        ])
    }
}

/// Record types other than addresses, answered as written in `records`.
@Suite struct ServerScriptRecordTypeTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var owner: String
        var mnemonic: String
        var text: String
        var expected: RData
        var testDescription: String { "\(mnemonic) \(owner)" }
    }

    static let cases: [Case] = {
        func name(_ text: String) -> DNSName { (try? DNSName(text)) ?? .root }
        return [
            Case(owner: "1.2.0.192.in-addr.arpa.", mnemonic: "PTR", text: "www.example.", expected: .ptr(name("www.example."))),
            Case(owner: "example.", mnemonic: "TXT", text: "v=spf1 -all", expected: .txt([Array("v=spf1 -all".utf8)])),
            Case(owner: "_https._tcp.example.", mnemonic: "SRV", text: "0 5 443 web.example.",
                 expected: .srv(priority: 0, weight: 5, port: 443, target: name("web.example."))),
            Case(owner: "example.", mnemonic: "MX", text: "10 mail.example.",
                 expected: .mx(preference: 10, exchange: name("mail.example."))),
            Case(owner: "example.", mnemonic: "SOA", text: "ns1.example. hostmaster.example. 2024010101 3600 600 86400 30",
                 expected: .soa(mname: name("ns1.example."), rname: name("hostmaster.example."), serial: 2_024_010_101,
                                refresh: 3600, retry: 600, expire: 86400, minimum: 30)),
            Case(owner: "example.", mnemonic: "NS", text: "ns1.example.", expected: .ns(name("ns1.example."))),
        ]
    }()

    @Test("the record is answered with its data", arguments: cases)
    func answered(_ item: Case) throws {
        var server = ScriptedServer(records: try zone([item.owner: [item.mnemonic: [item.text]]]))
        let type = try #require(DNSType(mnemonic: item.mnemonic))
        let reply = try server.ask(item.owner, type)
        #expect(reply.rcode == .NOERROR)
        #expect(reply.answers == [try record(item.owner, item.expected)])
    }

    @Test("a TXT value longer than 255 octets arrives as consecutive character-strings")
    func longTXT() throws {
        let text = String(repeating: "x", count: 300)
        var server = ScriptedServer(records: try zone(["example.": ["TXT": [text]]]))
        let reply = try server.ask("example.", .TXT)
        #expect(reply.answers.map(\.data) == [.txt([Array(repeating: 0x78, count: 255), Array(repeating: 0x78, count: 45)])])
    }

    @Test("a name with several types answers each type with its own records only")
    func typesKeptApart() throws {
        var server = ScriptedServer(records: try zone([
            "example.": ["MX": ["10 mail.example."], "TXT": ["hello"], "NS": ["ns1.example."]],
        ]))
        #expect(try server.ask("example.", .MX).answers.map(\.type) == [.MX])
        #expect(try server.ask("example.", .TXT).answers.map(\.type) == [.TXT])
        #expect(try server.ask("example.", .NS).answers.map(\.type) == [.NS])
        #expect(try server.ask("example.", .SRV).answers.isEmpty)
    }
}
