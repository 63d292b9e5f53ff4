import Testing
@testable import Runner

@Suite("Suite selection")
struct SuiteSelectionTests {
    static let candidates = (1...10).map { number in
        SuiteSelection.Candidate(path: "scenarios/\(number < 10 ? "0" : "")\(number)-case.json", name: "case \(number)",
                                 tags: number % 2 == 0 ? ["even"] : ["odd"])
    }

    @Test("no criteria keeps everything in the given order")
    func everything() throws {
        #expect(try SuiteSelection().select(Self.candidates) == Self.candidates.map(\.path))
    }

    @Test("the filter is a regular expression over name and path")
    func filter() throws {
        #expect(try SuiteSelection(filter: "case [13]$").select(Self.candidates) == ["scenarios/01-case.json", "scenarios/03-case.json"])
        #expect(try SuiteSelection(filter: "/0[12]-").select(Self.candidates) == ["scenarios/01-case.json", "scenarios/02-case.json"])
        #expect(throws: SuiteSelection.SelectionError.self) { try SuiteSelection(filter: "(").select(Self.candidates) }
    }

    @Test("tags select scenarios carrying any of them; an undecodable file is always kept")
    func tags() throws {
        var candidates = Self.candidates
        candidates.append(.init(path: "scenarios/broken.json", name: nil, tags: []))
        let even = try SuiteSelection(tags: ["even"]).select(candidates)
        #expect(even == ["scenarios/02-case.json", "scenarios/04-case.json", "scenarios/06-case.json",
                         "scenarios/08-case.json", "scenarios/10-case.json", "scenarios/broken.json"])
        #expect(try SuiteSelection(tags: ["even", "odd"]).select(candidates).count == 11)
        #expect(try SuiteSelection(tags: ["none"]).select(candidates) == ["scenarios/broken.json"])
    }

    @Test("shards are disjoint, cover the selection, are balanced, and ignore the input order", arguments: [1, 2, 3, 4, 7, 10, 13])
    func shards(count: Int) throws {
        var seen: [String] = []
        var sizes: [Int] = []
        for index in 1...count {
            let shard = try #require(SuiteSelection.Shard("\(index)/\(count)"))
            let part = try SuiteSelection(shard: shard).select(Self.candidates)
            let reversed = try SuiteSelection(shard: shard).select(Self.candidates.reversed())
            #expect(Set(part) == Set(reversed), "a shard does not depend on the order files were given in")
            seen += part
            sizes.append(part.count)
        }
        #expect(seen.sorted() == Self.candidates.map(\.path).sorted(), "every scenario in exactly one shard")
        #expect((sizes.max() ?? 0) - (sizes.min() ?? 0) <= 1, "balanced")
    }

    @Test("shard syntax", arguments: ["0/3", "4/3", "1/0", "a/b", "1", "1/2/3", "-1/2", ""])
    func badShards(text: String) {
        #expect(SuiteSelection.Shard(text) == nil)
    }
}
