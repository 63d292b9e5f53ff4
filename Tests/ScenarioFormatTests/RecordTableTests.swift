import Foundation
import Testing
import DNSWire
import ScenarioFormat

/// A server's record table: exact owners, wildcards by closest encloser (RFC 4592), empty non-terminals
/// (RFC 8020), ASCII case-insensitive names, and a cost per lookup that does not grow with the table.
@Suite struct RecordTableTests {
    static func name(_ text: String) throws -> DNSName { try DNSName(text) }
    static func a(_ last: UInt8) -> RData { .a(IPv4Address(192, 0, 2, last)) }

    /// Owners: `a.example.` (A .1), `*.example.` (A .2), `x.b.example.` (A .3, so b.example. is an empty
    /// non-terminal), `*.w.example.` (A .4, so w.example. exists only through its wildcard), `c.example.` (CNAME).
    static func table() throws -> RecordTable {
        var table = RecordTable()
        table.add(owner: try name("a.example."), isWildcard: false, type: .A, data: [a(1)])
        table.add(owner: try name("example."), isWildcard: true, type: .A, data: [a(2)])
        table.add(owner: try name("x.b.example."), isWildcard: false, type: .A, data: [a(3)])
        table.add(owner: try name("w.example."), isWildcard: true, type: .A, data: [a(4)])
        table.add(owner: try name("c.example."), isWildcard: false, type: .CNAME, data: [.cname(try name("a.example."))])
        return table
    }

    static func addresses(_ table: RecordTable, _ text: String) throws -> [RData]? {
        try table.records(at: name(text))?.flatMap(\.data)
    }

    @Test func exactOwnersAreFoundInAnyCase() throws {
        let table = try Self.table()
        #expect(try table.entry(for: Self.name("a.example."))?.records.map(\.data) == [[Self.a(1)]])
        #expect(try table.entry(for: Self.name("A.EXAMPLE"))?.owner == Self.name("a.example."))
        #expect(try table.entry(for: Self.name("X.b.Example.")) != nil)
        // A wildcard is not the exact entry of its parent, nor of its own spelling.
        #expect(try table.entry(for: Self.name("w.example.")) == nil)
        #expect(try table.entry(for: Self.name("nope.example.")) == nil)
        #expect(table.entries.count == 5)
    }

    @Test func wildcardsAreFoundByTheirParent() throws {
        let table = try Self.table()
        #expect(try table.wildcard(below: Self.name("W.EXAMPLE."))?.records.map(\.data) == [[Self.a(4)]])
        #expect(try table.wildcard(below: Self.name("example."))?.isWildcard == true)
        #expect(try table.wildcard(below: Self.name("b.example.")) == nil)
        #expect(try table.wildcard(below: Self.name("a.example.")) == nil)
    }

    @Test(arguments: [
        ("a.example.", [a(1)]),                 // its own records, not the wildcard's
        ("A.Example", [a(1)]),
        ("zzz.example.", [a(2)]),               // closest encloser example., which has a wildcard
        ("deep.zzz.example.", [a(2)]),          // closest encloser still example.
        ("q.w.example.", [a(4)]),               // the nearer wildcard wins
        ("Q.W.EXAMPLE.", [a(4)]),
        ("r.q.w.example.", [a(4)]),
        ("x.b.example.", [a(3)]),
    ])
    func recordsAtAName(query: String, expected: [RData]) throws {
        #expect(try Self.addresses(Self.table(), query) == expected)
    }

    @Test(arguments: [
        "b.example.",        // an empty non-terminal owns nothing, and is not synthesized from *.example.
        "y.b.example.",      // closest encloser b.example. exists and has no wildcard: no answer from *.example.
        "w.example.",        // exists through its wildcard, owns nothing
        "example.",          // the wildcard's parent owns nothing itself
        "other.",            // outside every owner
        ".",
    ])
    func namesWithoutRecords(query: String) throws {
        #expect(try Self.addresses(Self.table(), query) == nil)
    }

    @Test(arguments: [
        ("a.example.", true), ("x.b.example.", true),
        ("b.example.", true),          // empty non-terminal
        ("example.", true), (".", true),
        ("w.example.", true),          // the parent of *.w.example.
        ("B.EXAMPLE", true),
        ("zzz.example.", false),       // only matched by a wildcard
        ("q.w.example.", false),
        ("y.b.example.", false),
        ("other.", false),
    ])
    func existence(query: String, exists: Bool) throws {
        #expect(try Self.table().exists(Self.name(query)) == exists)
    }

    @Test(arguments: [
        ("b.example.", true), ("example.", true), (".", true), ("B.Example", true),
        ("x.b.example.", false),       // an owner with nothing below it
        ("a.example.", false),
        ("w.example.", false),         // only a wildcard below: not an exact descendant
    ])
    func descendants(query: String, has: Bool) throws {
        #expect(try Self.table().hasDescendant(of: Self.name(query)) == has)
    }

    @Test func cnameTargetsComeFromExactOwnersAndWildcards() throws {
        var table = try Self.table()
        table.add(owner: try Self.name("v.example."), isWildcard: true, type: .CNAME, data: [.cname(try Self.name("a.example."))])
        #expect(try table.cnameTarget(at: Self.name("C.example.")) == Self.name("a.example."))
        #expect(try table.cnameTarget(at: Self.name("any.v.example.")) == Self.name("a.example."))
        #expect(try table.cnameTarget(at: Self.name("a.example.")) == nil)
        #expect(try table.cnameTarget(at: Self.name("zzz.example.")) == nil)
    }

    @Test func addingToAnOwnerSpelledDifferentlyExtendsItsEntry() throws {
        var table = RecordTable()
        table.add(owner: try Self.name("x.example."), isWildcard: false, type: .A, data: [Self.a(1)])
        table.add(owner: try Self.name("X.EXAMPLE"), isWildcard: false, type: .TXT, data: [.txt([Array("t".utf8)])])
        table.add(owner: try Self.name("x.example."), isWildcard: true, type: .A, data: [Self.a(2)])
        #expect(table.entries.count == 2)
        #expect(try table.entry(for: Self.name("x.example."))?.records.map(\.type) == [.A, .TXT])
        #expect(try table.records(at: Self.name("y.x.example."))?.flatMap(\.data) == [Self.a(2)])
    }

    /// Decoding a server with 100,000 owners is linear: it used to take 140 s, quadratic in the owners.
    @Test func decodingAHundredThousandOwnersIsFast() throws {
        var owners: [String] = []
        owners.reserveCapacity(100_000)
        for index in 0..<50_000 {
            owners.append(#""h\#(index).zone\#(index % 100).example.": { "A": "10.\#(index / 65536).\#(index / 256 % 256).\#(index % 256)" }"#)
            owners.append(#""c\#(index).example.": { "CNAME": "h\#(index).zone\#(index % 100).example." }"#)
        }
        let text = doc(servers: #"{ "address": "10.0.0.1", "records": { \#(owners.joined(separator: ",\n")) } }"#)
        let clock = ContinuousClock()
        var decoded: Scenario?
        let elapsed = try clock.measure { decoded = try ScenarioFixture.decode(text) }
        let table = try #require(decoded?.servers.first?.records)
        #expect(table.entries.count == 100_000)
        #expect(try table.cnameTarget(at: Self.name("c49999.example.")) == Self.name("h49999.zone99.example."))
        #expect(try table.records(at: Self.name("H12345.ZONE45.example."))?.flatMap(\.data) == [.a(IPv4Address(10, 0, 48, 57))])
        #expect(try table.exists(Self.name("zone7.example.")))
        #expect(elapsed < .seconds(20), "decoding 100,000 owners took \(elapsed)")
    }
}
