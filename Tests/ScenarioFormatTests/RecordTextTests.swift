import Testing
import DNSWire
import ScenarioFormat

/// Record values in presentation format, one parser per type the records table supports.
@Suite struct RecordTextTests {
    static func name(_ text: String) throws -> DNSName { try DNSName(text) }

    @Test func addresses() throws {
        #expect(RecordText.parse("192.0.2.1", type: .A) == .a(IPv4Address(192, 0, 2, 1)))
        #expect(RecordText.parse("2606:4700:3033::6818:6309", type: .AAAA)
                == .aaaa(try #require(IPv6Address("2606:4700:3033::6818:6309"))))
        #expect(RecordText.parse("::ffff:192.0.2.1", type: .AAAA) == .aaaa(IPv6Address(v4Mapped: IPv4Address(192, 0, 2, 1))))
    }

    @Test func names() throws {
        #expect(RecordText.parse("target.example.", type: .CNAME) == .cname(try Self.name("target.example.")))
        #expect(RecordText.parse("target.example", type: .CNAME) == .cname(try Self.name("target.example.")))
        #expect(RecordText.parse("host.example.", type: .PTR) == .ptr(try Self.name("host.example.")))
        #expect(RecordText.parse("ns1.example.", type: .NS) == .ns(try Self.name("ns1.example.")))
        #expect(RecordText.parse(".", type: .NS) == .ns(.root))
    }

    @Test func mailExchangerServiceAndAuthority() throws {
        #expect(RecordText.parse("10 mail.example.", type: .MX) == .mx(preference: 10, exchange: try Self.name("mail.example.")))
        #expect(RecordText.parse(" 0\tmail.example ", type: .MX) == .mx(preference: 0, exchange: try Self.name("mail.example.")))
        #expect(RecordText.parse("65535 .", type: .MX) == .mx(preference: 65535, exchange: .root))
        #expect(RecordText.parse("0 5 443 web.example.", type: .SRV)
                == .srv(priority: 0, weight: 5, port: 443, target: try Self.name("web.example.")))
        #expect(RecordText.parse("ns.example. host.example. 2024010101 3600 600 4294967295 0", type: .SOA)
                == .soa(mname: try Self.name("ns.example."), rname: try Self.name("host.example."), serial: 2_024_010_101,
                        refresh: 3600, retry: 600, expire: 4_294_967_295, minimum: 0))
    }

    @Test(arguments: [
        ("", [0]),
        ("v=spf1 -all", [11]),
        (String(repeating: "a", count: 255), [255]),
        (String(repeating: "a", count: 256), [255, 1]),
        (String(repeating: "b", count: 600), [255, 255, 90]),
        (String(repeating: "é", count: 200), [255, 145]),
    ])
    func textIsSplitIntoCharacterStringsOfAtMost255Bytes(text: String, sizes: [Int]) throws {
        guard case .txt(let chunks) = RecordText.parse(text, type: .TXT) else {
            Issue.record("TXT always parses")
            return
        }
        #expect(chunks.map(\.count) == sizes)
        #expect(chunks.flatMap { $0 } == Array(text.utf8))
    }

    @Test(arguments: [
        ("192.0.2", DNSType.A), ("192.0.2.256", .A), (" 192.0.2.1", .A), ("fd00::1", .A), ("", .A),
        ("192.0.2.1", .AAAA), ("fd00::1::2", .AAAA), ("fd00::1%lo", .AAAA), ("", .AAAA),
        ("a..b.", .CNAME), ("", .CNAME), ("target.example. 300", .CNAME), ("a b", .PTR), (".x", .NS),
        ("mail.example.", .MX), ("10", .MX), ("-1 mail.example.", .MX), ("65536 mail.example.", .MX),
        ("10 mail.example. extra", .MX), ("10 a..b", .MX), ("ten mail.example.", .MX),
        ("0 5 web.example.", .SRV), ("0 5 70000 web.example.", .SRV), ("a b c d", .SRV), ("0 5 443 web.example. x", .SRV),
        ("ns. host. 1 2 3 4", .SOA), ("ns. host. 1 2 3 4 x", .SOA), ("ns. host. 1 2 3 4 4294967296", .SOA),
        ("ns. host. 1 2 3 4 5 6", .SOA), ("a..b host. 1 2 3 4 5", .SOA),
        ("0 issue \"ca.example\"", .CAA), ("x", .HTTPS),
    ])
    func rejected(text: String, type: DNSType) {
        #expect(RecordText.parse(text, type: type) == nil)
    }
}
