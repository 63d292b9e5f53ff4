import DNSWire
import Testing

@Suite("DNSName")
struct DNSNameTests {
    @Test func relativeAndAbsoluteTextAreTheSameName() throws {
        let relative = try DNSName("a.b.c")
        let absolute = try DNSName("a.b.c.")
        #expect(relative == absolute)
        #expect(relative.labels == [[0x61], [0x62], [0x63]])
        #expect(relative.description == "a.b.c.")
    }

    @Test func root() throws {
        let root = try DNSName(".")
        #expect(root.isRoot)
        #expect(root.labels.isEmpty)
        #expect(root.description == ".")
        #expect(root.wireLength == 1)
        #expect(root == DNSName.root)
    }

    @Test func escapes() throws {
        #expect(try DNSName("a\\.b.c").labels == [Array("a.b".utf8), [0x63]])
        #expect(try DNSName("\\065bc").labels == [Array("Abc".utf8)])
        #expect(try DNSName("a\\\\b").labels == [Array("a\\b".utf8)])
        #expect(try DNSName("\\000.\\255").labels == [[0x00], [0xFF]])
        #expect(try DNSName("\\x").labels == [[0x78]], "a non-digit after a backslash stands for itself")
    }

    @Test func descriptionEscapes() throws {
        let name = try DNSName(labels: [Array("a.b".utf8), Array("c\\d".utf8), [0x00, 0x20, 0x7F, 0xC3, 0x41]])
        #expect(name.description == "a\\.b.c\\\\d.\\000\\032\\127\\195A.")
        #expect(try DNSName(name.description).labels == name.labels)
    }

    @Test(arguments: ["", "a..b", ".a", "..", "a.b..", "a.b.c.."])
    func rejectsEmptyLabels(_ text: String) {
        #expect(throws: DNSWireError.self) { try DNSName(text) }
    }

    @Test(arguments: ["\\", "a\\", "\\25", "\\2x5", "\\256", "\\999"])
    func rejectsBadEscapes(_ text: String) {
        #expect(throws: DNSWireError.self) { try DNSName(text) }
    }

    @Test func labelLimits() throws {
        let label63 = String(repeating: "a", count: 63)
        #expect(try DNSName(label63).wireLength == 65)
        #expect(throws: DNSWireError.labelTooLong) { try DNSName(label63 + "a") }
        #expect(throws: DNSWireError.labelTooLong) { try DNSName(labels: [Array(repeating: 0x61, count: 64)]) }
        #expect(throws: DNSWireError.emptyLabel) { try DNSName(labels: [[0x61], []]) }
    }

    @Test func nameLengthLimit() throws {
        // 3 x 63 + 61: wire length 4 x 1 + 250 + 1 = 255.
        let longest = [String](repeating: String(repeating: "a", count: 63), count: 3) + [String(repeating: "b", count: 61)]
        #expect(try DNSName(longest.joined(separator: ".")).wireLength == 255)
        #expect(throws: DNSWireError.nameTooLong) { try DNSName(longest.joined(separator: ".") + "b") }
    }

    @Test func equalityAndHashingIgnoreASCIICase() throws {
        let upper = try DNSName("WWW.Example.COM")
        let lower = try DNSName("www.example.com")
        #expect(upper == lower)
        #expect(Set([upper, lower]).count == 1)
        #expect(upper.description == "WWW.Example.COM.", "case is preserved")
        #expect(upper.lowercased().labels == lower.labels)
        #expect(try DNSName("\\195") != DNSName("\\227"), "only ASCII letters fold")
    }

    @Test func subdomains() throws {
        let zone = try DNSName("Example.com")
        #expect(try DNSName("www.example.COM").isSubdomain(of: zone))
        #expect(zone.isSubdomain(of: zone))
        #expect(zone.isSubdomain(of: .root))
        #expect(try !DNSName("example.net").isSubdomain(of: zone))
        #expect(try !DNSName("badexample.com").isSubdomain(of: zone))
        #expect(try !DNSName("com").isSubdomain(of: zone))
    }

    @Test func appending() throws {
        let joined = try DNSName("www").appending(DNSName("example.com"))
        #expect(joined.description == "www.example.com.")
        #expect(try DNSName.root.appending(.root).isRoot)
        let long = try DNSName([String](repeating: String(repeating: "a", count: 63), count: 3).joined(separator: "."))
        #expect(throws: DNSWireError.nameTooLong) { try long.appending(long) }
    }

    @Test func canonicalOrderingFromRFC4034() throws {
        // RFC 4034 §6.1 example, in canonical order.
        let ordered = try [
            "example", "a.example", "yljkjljk.a.example", "Z.a.example", "zABC.a.EXAMPLE", "z.example",
            "\\001.z.example", "*.z.example", "\\200.z.example",
        ].map { text throws(DNSWireError) in try DNSName(text) }
        #expect(ordered.shuffled().sorted() == ordered)
        #expect(ordered.sorted().map(\.description) == ordered.map(\.description))
    }
}
