import Testing
import DNSWire
import ScenarioFormat

/// The string form of an expected query: parsing, printing, and what is refused.
@Suite struct QueryPatternTests {
    static func parse(_ text: String) throws -> QueryPattern {
        switch QueryPattern.parse(text) {
        case .success(let pattern): return pattern
        case .failure(let error):
            Issue.record("\"\(text)\" should parse, got: \(error.message)")
            throw error
        }
    }

    static func problem(_ text: String) -> String? {
        if case .failure(let error) = QueryPattern.parse(text) { return error.message }
        return nil
    }

    @Test(arguments: [
        "A x.", "AAAA x. @10.0.0.1", "A x. tcp", "A x. @[fd00::1]:5353 udp", "* *", "A x. @10.0.0.1:5353", "AAAA x. @fd00::1",
        "* x.", "MX * tcp", "HTTPS svc.example.", "TYPE65534 x.", "A . udp", "SRV _sip._udp.example. @[::1]:53 tcp",
        "* *.cluster.local.", "AAAA *.svc.cluster.local. @10.96.0.10 udp",
    ])
    func canonicalFormsPrintBackUnchanged(text: String) throws {
        #expect(try Self.parse(text).description == text)
    }

    @Test(arguments: [
        ("A x. udp @10.0.0.1", "A x. @10.0.0.1 udp"),
        ("A x. tcp @[fd00::1]:53", "A x. @[fd00::1]:53 tcp"),
        ("a x", "A x."),
        ("aaaa X.Example", "AAAA X.Example."),
        ("  A\tx.   TCP ", "A x. tcp"),
        ("TYPE28 x.", "AAAA x."),
        ("A x. @[10.0.0.1]:53", "A x. @10.0.0.1:53"),
        ("A x. @[fd00::1]", "A x. @fd00::1"),
    ])
    func otherSpellingsPrintCanonically(text: String, canonical: String) throws {
        let pattern = try Self.parse(text)
        #expect(pattern.description == canonical)
        #expect(try Self.parse(canonical) == pattern)
    }

    @Test func partsAreParsedIntoTheirFields() throws {
        let full = try Self.parse("AAAA Host.Example. @[fd00::1]:5353 udp")
        #expect(full.type == .AAAA)
        #expect(full.name == (try DNSName("host.example.")))
        #expect(full.server == IPAddress("fd00::1"))
        #expect(full.port == 5353)
        #expect(full.transport == .udp)
        #expect(full.flags == nil)

        let any = try Self.parse("* *")
        #expect(any == QueryPattern())

        let v4 = try Self.parse("A x. @192.0.2.53")
        #expect(v4.server == IPAddress("192.0.2.53"))
        #expect(v4.port == nil)
        #expect(v4.transport == nil)
    }

    @Test func namesWithAndWithoutTheFinalDotAreOnePattern() throws {
        #expect(try Self.parse("A x.example") == (try Self.parse("A X.EXAMPLE.")))
    }

    @Test(arguments: [
        ("", #"expected "TYPE NAME [@SERVER] [udp|tcp]", like "A example.com.""#),
        ("A", #"expected "TYPE NAME [@SERVER] [udp|tcp]", like "A example.com.""#),
        ("x.example.", #"expected "TYPE NAME [@SERVER] [udp|tcp]", like "A example.com.""#),
        ("x.example. A", #"unknown record type "x.example.""#),
        ("AAA x.", #"unknown record type "AAA""#),
        ("TYPE65536 x.", #"unknown record type "TYPE65536""#),
        ("A a..b.", #""a..b." is not a valid domain name"#),
        ("A .x", #"".x" is not a valid domain name"#),
        ("A x. @", #""@" is not @ADDRESS or @ADDRESS:PORT"#),
        ("A x. @10.0.0", #""@10.0.0" is not @ADDRESS or @ADDRESS:PORT"#),
        ("A x. @10.0.0.1:0", #""@10.0.0.1:0" is not @ADDRESS or @ADDRESS:PORT"#),
        ("A x. @10.0.0.1:65536", #""@10.0.0.1:65536" is not @ADDRESS or @ADDRESS:PORT"#),
        ("A x. @10.0.0.1:", #""@10.0.0.1:" is not @ADDRESS or @ADDRESS:PORT"#),
        ("A x. @[fd00::1]53", #""@[fd00::1]53" is not @ADDRESS or @ADDRESS:PORT"#),
        ("A x. @[fd00::1", #""@[fd00::1" is not @ADDRESS or @ADDRESS:PORT"#),
        ("A x. @[fd00::1]:", #""@[fd00::1]:" is not @ADDRESS or @ADDRESS:PORT"#),
        ("A x. @dns.example", #""@dns.example" is not @ADDRESS or @ADDRESS:PORT"#),
        ("A x. quic", #"unexpected "quic": after TYPE NAME only @SERVER and udp/tcp may follow"#),
        ("A x. tcp extra", #"unexpected "extra": after TYPE NAME only @SERVER and udp/tcp may follow"#),
        ("A x. y.", #"unexpected "y.": after TYPE NAME only @SERVER and udp/tcp may follow"#),
        ("A x. tcp udp", "more than one transport"),
        ("A x. udp udp", "more than one transport"),
        ("A x. @10.0.0.1 @10.0.0.2", "more than one @SERVER"),
        ("A a*b.", #""a*b." is not a name pattern (a name, *.suffix. or *)"#),
        ("A *.*.x.", #""*.*.x." is not a name pattern (a name, *.suffix. or *)"#),
        ("A x.*", #""x.*" is not a name pattern (a name, *.suffix. or *)"#),
    ])
    func rejected(text: String, message: String) {
        #expect(Self.problem(text) == message)
    }

    @Test(arguments: [
        ("10.0.0.1", "10.0.0.1", nil),
        ("10.0.0.1:53", "10.0.0.1", 53),
        ("fd00::1", "fd00::1", nil),
        ("[fd00::1]:5353", "fd00::1", 5353),
        ("[fd00::1]", "fd00::1", nil),
    ] as [(String, String, UInt16?)])
    func serverForms(text: String, address: String, port: UInt16?) throws {
        let parsed = try #require(QueryPattern.parseServer(text))
        #expect(parsed.0 == IPAddress(address))
        #expect(parsed.1 == port)
    }

    @Test(arguments: ["", "10.0.0.1:0", "10.0.0.1:x", "10.0.0.1:53:53", "[fd00::1]:0", "[]:53", "[fd00::1]x", "fd00::1]", "host:53"])
    func serverRejected(text: String) {
        #expect(QueryPattern.parseServer(text) == nil)
    }

    @Test("*.suffix. stands for the names strictly below suffix, as record owners do")
    func namesBelowASuffix() throws {
        let pattern = try Self.parse("* *.Cluster.Local")
        #expect(pattern.name == nil)
        #expect(pattern.below == (try DNSName("cluster.local.")))
        #expect(pattern.description == "* *.Cluster.Local.")
    }

    @Test func flagsArePrintedSortedAfterTheRest() throws {
        let pattern = QueryPattern(type: .A, name: try DNSName("x."), transport: .udp, flags: [.rd, .edns0, .do])
        #expect(pattern.description == "A x. udp [do edns0 rd]")
        #expect(QueryPattern(flags: []).description == "* * []")
    }
}
