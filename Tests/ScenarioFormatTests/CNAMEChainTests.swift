import Testing
import DNSWire
import ScenarioFormat

/// A CNAME chain within one server's records is returned whole in one answer, so one longer than the
/// responder follows (200 links: CNAME records in the answer) is refused, once, at the chain's head.
@Suite struct CNAMEChainTests {
    static let limit = RecordTable.maximumCNAMEChain

    /// `links` owners `PREFIX0.example.` ... each a CNAME to the next; the last points to `end`. The head's
    /// value is marked when `mark` is set.
    static func chain(_ prefix: String, links: Int, to end: String, mark: Bool = false) -> [String] {
        (0..<links).map { index in
            let target = index + 1 < links ? "\(prefix)\(index + 1).example." : end
            return #""\#(prefix)\#(index).example.": \#(index == 0 && mark ? "‸" : ""){ "CNAME": "\#(target)" }"#
        }
    }

    static let address = #""end.example.": { "A": "192.0.2.1" }"#

    static func records(_ owners: [String]) -> String {
        doc(servers: #"{ "address": "10.0.0.1", "records": { \#(owners.joined(separator: ", ")) } }"#)
    }

    static func message(_ head: String, _ links: Int) -> String {
        "the CNAME chain from \"\(head)\" has \(links) links; the responder follows at most \(limit) in one answer, "
            + "so the answer would be cut short. Shorten the chain"
    }

    static func table(_ owners: [String]) throws -> RecordTable {
        try #require(try ScenarioFixture.decode(records(owners)).servers.first?.records)
    }

    @Test func theLimitIsTwoHundred() {
        #expect(Self.limit == 200)
    }

    @Test func aChainOfExactlyTheLimitIsAccepted() throws {
        let table = try Self.table(Self.chain("c", links: Self.limit, to: "end.example.") + [Self.address])
        // Counted as links, the CNAME records: 200 of them, one fewer than the names on the chain.
        let longer = table.cnameChainsLonger(than: Self.limit - 1)
        #expect(longer.map(\.owner.owner) == [try DNSName("c0.example.")])
        #expect(longer.map(\.links) == [Self.limit])
        #expect(table.cnameChainsLonger(than: Self.limit).isEmpty)
    }

    @Test func oneLinkMoreIsRefusedAtTheHead() {
        ScenarioFixture.expectError(Self.records(Self.chain("c", links: Self.limit + 1, to: "end.example.", mark: true) + [Self.address]),
                                    path: #"servers[0].records["c0.example."]"#, Self.message("c0.example.", Self.limit + 1))
    }

    /// The chain's last target need not exist: the links are still in the answer.
    @Test func aDanglingEndCountsTheSame() throws {
        ScenarioFixture.expectError(Self.records(Self.chain("c", links: Self.limit + 1, to: "nowhere.example.", mark: true)),
                                    path: #"servers[0].records["c0.example."]"#, Self.message("c0.example.", Self.limit + 1))
        _ = try ScenarioFixture.decode(Self.records(Self.chain("c", links: Self.limit, to: "nowhere.example.")))
    }

    @Test func aLongChainIsReportedOnceWhereverTheHeadIsWritten() {
        // Written backwards: the head is the last owner in the file.
        let owners = Array(Self.chain("c", links: 300, to: "end.example.", mark: true).reversed()) + [Self.address]
        ScenarioFixture.expectError(Self.records(owners), path: #"servers[0].records["c0.example."]"#, Self.message("c0.example.", 300))
    }

    @Test func twoHeadsSharingATailAreEachReportedWithTheirOwnLength() {
        let owners = [#""h.example.": ‸{ "CNAME": "m0.example." }"#, #""g.example.": { "CNAME": "g2.example." }"#,
                      #""g2.example.": { "CNAME": "m0.example." }"#]
        var marked = Self.chain("m", links: Self.limit, to: "end.example.")
        marked.insert(#""k.example.": ‸{ "CNAME": "g.example." }"#, at: 0)
        ScenarioFixture.expectErrors(Self.records(owners + marked + [Self.address]), [
            (#"servers[0].records["h.example."]"#, Self.message("h.example.", Self.limit + 1)),
            (#"servers[0].records["k.example."]"#, Self.message("k.example.", Self.limit + 3)),
        ])
    }

    /// Names compare case-insensitively, so differently spelled links are one chain.
    @Test func linksSpelledInOtherCasesAreOneChain() {
        let owners = (0...Self.limit).map { index in
            #""C\#(index).Example.": \#(index == 0 ? "‸" : ""){ "CNAME": "c\#(index + 1).EXAMPLE" }"#
        }
        ScenarioFixture.expectError(Self.records(owners), path: #"servers[0].records["C0.Example."]"#,
                                    Self.message("C0.Example.", Self.limit + 1))
    }

    // MARK: - Loops: the responder stops where a name repeats

    @Test(arguments: [1, 2, 3, 200])
    func aLoopWithinTheLimitIsAccepted(length: Int) throws {
        let table = try Self.table(Self.chain("l", links: length, to: "l0.example."))
        #expect(table.cnameChainsLonger(than: Self.limit).isEmpty)
        #expect(table.cnameChainsLonger(than: length - 1).map(\.links) == [length], "each name of the loop once")
    }

    /// A loop longer than the limit would be cut short before it repeats, like a long chain.
    @Test func aLoopLongerThanTheLimitIsRefusedOnceAtItsFirstOwner() {
        ScenarioFixture.expectError(Self.records(Self.chain("l", links: Self.limit + 1, to: "l0.example.", mark: true)),
                                    path: #"servers[0].records["l0.example."]"#, Self.message("l0.example.", Self.limit + 1))
    }

    /// The names before a loop count too: a long tail cannot hide behind the loop it ends in.
    @Test func aTailIntoALoopCountsBoth() throws {
        let loop = Self.chain("l", links: 50, to: "l0.example.")
        _ = try ScenarioFixture.decode(Self.records(Self.chain("t", links: Self.limit - 50, to: "l0.example.") + loop))
        ScenarioFixture.expectError(Self.records(Self.chain("t", links: Self.limit - 49, to: "l7.example.", mark: true) + loop),
                                    path: #"servers[0].records["t0.example."]"#, Self.message("t0.example.", Self.limit + 1))
    }

    // MARK: - Wildcards

    /// Every name below `*.w.example.` starts a chain: its CNAME is the first link.
    @Test func aWildcardCNAMEIsTheFirstLinkOfItsChain() throws {
        _ = try ScenarioFixture.decode(Self.records([#""*.w.example.": { "CNAME": "c0.example." }"#]
                                                    + Self.chain("c", links: Self.limit - 1, to: "end.example.") + [Self.address]))
        ScenarioFixture.expectError(Self.records([#""*.w.example.": ‸{ "CNAME": "c0.example." }"#]
                                                 + Self.chain("c", links: Self.limit, to: "end.example.") + [Self.address]),
                                    path: #"servers[0].records["*.w.example."]"#, Self.message("*.w.example.", Self.limit + 1))
    }

    /// A chain through a name the wildcard answers for takes the wildcard's link; the wildcard's own chain is shorter.
    @Test func aChainThroughAWildcardCountsItsLink() throws {
        let wildcard = #""*.w.example.": { "CNAME": "d0.example." }"#
        let tail = Self.chain("d", links: 99, to: "end.example.") + [Self.address]
        _ = try ScenarioFixture.decode(Self.records(Self.chain("h", links: 100, to: "x.w.example.") + [wildcard] + tail))
        ScenarioFixture.expectError(Self.records(Self.chain("h", links: 101, to: "x.w.example.", mark: true) + [wildcard] + tail),
                                    path: #"servers[0].records["h0.example."]"#, Self.message("h0.example.", Self.limit + 1))
    }

    @Test func aWildcardPointingBelowItselfIsAShortLoop() throws {
        let table = try Self.table([#""*.w.example.": { "CNAME": "a.w.example." }"#])
        #expect(try table.cnameTarget(at: DNSName("a.w.example.")) == DNSName("a.w.example."))
        // q.w → a.w, then a.w → a.w repeats: two links.
        #expect(table.cnameChainsLonger(than: 1).map(\.links) == [2])
        #expect(table.cnameChainsLonger(than: 2).isEmpty)
    }
}
