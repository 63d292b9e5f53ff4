import DNSWire
@testable import Judge
import Observation
import ScenarioFormat
import ObservationTestSupport
import Testing

@Suite("QueryMatcher, exact order")
struct QueryMatcherExactTests {
    @Test func equalSequencesPass() {
        let result = QueryMatcher.match(patterns("A a.example.", "AAAA a.example."), order: .exact,
                                        observed: [observed("A", "a.example."), observed("AAAA", "a.example.")])
        #expect(result.passed)
        #expect(render(result.lines) == ["  A a.example.", "  AAAA a.example."])
        #expect(result.mismatch == nil)
    }

    @Test func aMissingQueryFails() throws {
        let result = QueryMatcher.match(patterns("A a.example.", "AAAA a.example.", "A b.example."), order: .exact,
                                        observed: [observed("A", "a.example."), observed("A", "b.example.")])
        #expect(!result.passed)
        #expect(render(result.lines) == ["  A a.example.", "- AAAA a.example.", "  A b.example."])
        let mismatch = try #require(result.mismatch)
        #expect(mismatch.difference == .missing(pattern("AAAA a.example."), position: 1))
        #expect(mismatch.expectedCount == 3 && mismatch.observedCount == 2 && mismatch.order == .exact)
    }

    @Test func anExtraQueryFails() throws {
        let result = QueryMatcher.match(patterns("A a.example.", "A b.example."), order: .exact,
                                        observed: [observed("A", "a.example."), observed("AAAA", "a.example."),
                                                   observed("A", "b.example.")])
        #expect(!result.passed)
        #expect(render(result.lines) == ["  A a.example.", "+ AAAA a.example.", "  A b.example."])
        let mismatch = try #require(result.mismatch)
        #expect(mismatch.difference == .unexpected(observed("AAAA", "a.example.")))
    }

    @Test func aSwappedPairFailsWithMissingBeforeUnexpected() throws {
        let result = QueryMatcher.match(patterns("A a.example.", "AAAA a.example."), order: .exact,
                                        observed: [observed("AAAA", "a.example."), observed("A", "a.example.")])
        #expect(!result.passed)
        #expect(render(result.lines) == ["- A a.example.", "  AAAA a.example.", "+ A a.example."])
        #expect(try #require(result.mismatch).difference == .missing(pattern("A a.example."), position: 0))
    }

    @Test func aDifferentLastQueryShowsMissingThenUnexpected() {
        let result = QueryMatcher.match(patterns("A a.example.", "A b.example."), order: .exact,
                                        observed: [observed("A", "a.example."), observed("A", "c.example.")])
        #expect(!result.passed)
        #expect(render(result.lines) == ["  A a.example.", "- A b.example.", "+ A c.example."])
    }

    @Test func theWrongTransportFails() throws {
        let result = QueryMatcher.match(patterns("A big.example. tcp"), order: .exact,
                                        observed: [observed("A", "big.example.", transport: .udp)])
        #expect(!result.passed)
        #expect(render(result.lines) == ["- A big.example. tcp", "+ A big.example."])
        #expect(try #require(result.mismatch).difference == .missing(pattern("A big.example. tcp"), position: 0))
    }

    @Test func theWrongServerFails() throws {
        let result = QueryMatcher.match(patterns("A a.example. @10.96.0.10"), order: .exact,
                                        observed: [observed("A", "a.example.", server: "10.96.0.11")])
        #expect(!result.passed)
        #expect(render(result.lines) == ["- A a.example. @10.96.0.10", "+ A a.example."])
        #expect(try #require(result.mismatch).difference == .missing(pattern("A a.example. @10.96.0.10"), position: 0))
    }

    @Test func noExpectedQueriesAndNoneObservedPasses() {
        let result = QueryMatcher.match([QueryPattern](), order: .exact, observed: [])
        #expect(result.passed)
        #expect(result.lines.isEmpty)
        #expect(result.mismatch == nil)
    }

    @Test func noExpectedQueriesButOneObservedFails() throws {
        let result = QueryMatcher.match([QueryPattern](), order: .exact, observed: [observed("A", "a.example.")])
        #expect(!result.passed)
        #expect(render(result.lines) == ["+ A a.example."])
        let mismatch = try #require(result.mismatch)
        #expect(mismatch.expectedCount == 0 && mismatch.observedCount == 1)
        #expect(mismatch.difference == .unexpected(observed("A", "a.example.")))
    }

    @Test func theSeedScenarioWalkPasses() {
        let names = ["ycwu314.top.prophet.svc.cluster.local.", "ycwu314.top.svc.cluster.local.",
                     "ycwu314.top.cluster.local.", "ycwu314.top."]
        let expected = names.flatMap { [pattern("A \($0)"), pattern("AAAA \($0)")] }
        let seen = names.flatMap { [observed("A", $0), observed("AAAA", $0)] }
        #expect(QueryMatcher.match(expected, order: .exact, observed: seen).passed)
        // The fix (`ndots:1`) asks the absolute name first: the walk's expectation no longer holds.
        let fixed = [observed("A", "ycwu314.top."), observed("AAAA", "ycwu314.top.")]
        #expect(!QueryMatcher.match(expected, order: .exact, observed: fixed).passed)
    }
}

@Suite("QueryMatcher, subsequence order")
struct QueryMatcherSubsequenceTests {
    @Test func extraObservedQueriesAreAllowed() {
        let result = QueryMatcher.match(patterns("A a.example.", "A b.example."), order: .subsequence,
                                        observed: [observed("AAAA", "z.example."), observed("A", "a.example."),
                                                   observed("AAAA", "q.example."), observed("A", "b.example.")])
        #expect(result.passed)
        #expect(render(result.lines) == ["+ AAAA z.example.", "  A a.example.", "+ AAAA q.example.", "  A b.example."])
        #expect(result.mismatch == nil)
    }

    @Test func orderIsEnforced() throws {
        let result = QueryMatcher.match(patterns("A a.example.", "A b.example."), order: .subsequence,
                                        observed: [observed("A", "b.example."), observed("A", "a.example.")])
        #expect(!result.passed)
        #expect(render(result.lines) == ["+ A b.example.", "  A a.example.", "- A b.example."])
        let mismatch = try #require(result.mismatch)
        #expect(mismatch.difference == .missing(pattern("A b.example."), position: 1))
        #expect(mismatch.order == .subsequence && mismatch.expectedCount == 2)
    }

    @Test func aMissingQueryFails() {
        let result = QueryMatcher.match(patterns("A a.example.", "A b.example."), order: .subsequence,
                                        observed: [observed("A", "a.example.")])
        #expect(!result.passed)
        #expect(render(result.lines) == ["  A a.example.", "- A b.example."])
    }

    @Test func aWildcardDoesNotSwallowALaterRequiredQuery() {
        let result = QueryMatcher.match(patterns("* *", "A b.example."), order: .subsequence,
                                        observed: [observed("A", "a.example."), observed("A", "b.example.")])
        #expect(result.passed)
    }
}

@Suite("QueryMatcher, unordered")
struct QueryMatcherUnorderedTests {
    @Test func anyOrderPasses() {
        let result = QueryMatcher.match(patterns("A a.example.", "AAAA a.example.", "A b.example."), order: .unordered,
                                        observed: [observed("A", "b.example."), observed("AAAA", "a.example."),
                                                   observed("A", "a.example.")])
        #expect(result.passed)
        #expect(result.mismatch == nil)
    }

    @Test func anExtraQueryFails() {
        let result = QueryMatcher.match(patterns("A a.example."), order: .unordered,
                                        observed: [observed("AAAA", "a.example."), observed("A", "a.example.")])
        #expect(!result.passed)
        #expect(render(result.lines).contains("+ AAAA a.example."))
        #expect(result.mismatch?.difference == .unexpected(observed("AAAA", "a.example.")))
    }

    @Test func aMissingQueryFails() {
        let result = QueryMatcher.match(patterns("A a.example.", "AAAA a.example."), order: .unordered,
                                        observed: [observed("AAAA", "a.example.")])
        #expect(!result.passed)
        #expect(render(result.lines).contains("- A a.example."))
        #expect(result.mismatch?.difference == .missing(pattern("A a.example."), position: 1))
    }

    @Test func aRepeatedExpectationNeedsARepeatedQuery() {
        let result = QueryMatcher.match(patterns("A a.example.", "A a.example."), order: .unordered,
                                        observed: [observed("A", "a.example.")])
        #expect(!result.passed)
    }

    @Test(arguments: [false, true])
    func overlappingWildcardsStillFindAPerfectMatching(observedReversed: Bool) {
        // Greedy would give `* *` the A query and leave `A x.example.` nothing.
        var seen = [observed("A", "x.example."), observed("AAAA", "y.example.")]
        if observedReversed { seen.reverse() }
        let result = QueryMatcher.match(patterns("* *", "A x.example."), order: .unordered, observed: seen)
        #expect(result.passed)
        #expect(Set(pairs(result.lines)) == ["* * ← AAAA y.example.", "A x.example. ← A x.example."])
    }
}

/// One pattern against one observed query.
struct PatternCase: Sendable, CustomTestStringConvertible {
    var pattern: QueryPattern
    var query: ObservedQuery
    var matches: Bool
    var testDescription: String

    init(_ pattern: QueryPattern, _ query: ObservedQuery, _ matches: Bool, _ description: String) {
        self.pattern = pattern
        self.query = query
        self.matches = matches
        self.testDescription = description
    }
}

@Suite("QueryPattern.matches")
struct QueryPatternMatchingTests {
    static let cases: [PatternCase] = [
        PatternCase(pattern("A a.example."), observed("A", "a.example."), true, "same type and name"),
        PatternCase(pattern("AAAA a.example."), observed("A", "a.example."), false, "another type"),
        PatternCase(pattern("* a.example."), observed("MX", "a.example."), true, "any type"),
        PatternCase(pattern("A *"), observed("A", "anything.example."), true, "any name"),
        PatternCase(pattern("A A.Example.COM."), observed("A", "a.example.com."), true, "name case-insensitive"),
        PatternCase(pattern("A a.example"), observed("A", "a.example."), true, "trailing dot optional"),
        PatternCase(pattern("A b.example."), observed("A", "a.example."), false, "another name"),
        PatternCase(pattern("A example."), observed("A", "a.example."), false, "a parent name is another name"),
        PatternCase(pattern("A a.example.com."), observed("A", "a.example."), false, "a longer name is another name"),
        PatternCase(pattern("A a.example. @10.96.0.10"), observed("A", "a.example."), true, "same server"),
        PatternCase(pattern("A a.example. @10.96.0.11"), observed("A", "a.example."), false, "another server"),
        PatternCase(pattern("A a.example. @fd00::10"), observed("A", "a.example.", server: "fd00:0:0:0:0:0:0:10"), true,
                    "IPv6 server compared as an address"),
        PatternCase(pattern("A a.example. @10.96.0.10:5353"), observed("A", "a.example.", port: 5353), true, "same port"),
        PatternCase(pattern("A a.example. @10.96.0.10:5353"), observed("A", "a.example.", port: 53), false, "another port"),
        PatternCase(pattern("A a.example. tcp"), observed("A", "a.example.", transport: .tcp), true, "same transport"),
        PatternCase(pattern("A a.example. tcp"), observed("A", "a.example.", transport: .udp), false, "another transport"),
        PatternCase(QueryPattern(flags: [.rd]), observed("A", "a.example.", flags: ["rd"]), true, "same flags"),
        PatternCase(QueryPattern(flags: [.rd]), observed("A", "a.example.", flags: ["rd", "edns0"]), false,
                    "flags are an exact set, not a subset"),
        PatternCase(QueryPattern(flags: [.rd, .edns0, .do]), observed("A", "a.example.", flags: ["do", "rd", "edns0"]), true,
                    "flag order does not matter"),
        PatternCase(QueryPattern(flags: []), observed("A", "a.example.", flags: []), true, "no flags expected, none sent"),
        PatternCase(QueryPattern(flags: []), observed("A", "a.example.", flags: ["rd"]), false, "no flags expected, rd sent"),
        PatternCase(QueryPattern(flags: [.rd, .ad]), observed("A", "a.example.", flags: ["rd"]), false, "a flag missing"),
        PatternCase(QueryPattern(), observed("TXT", "x.example.", port: 5353, transport: .tcp, flags: ["cd"]), true,
                    "an empty pattern matches anything"),
    ]

    @Test(arguments: cases)
    func patternMatching(_ testCase: PatternCase) {
        #expect(testCase.pattern.matches(testCase.query) == testCase.matches)
    }
}

/// `[["A x.", "AAAA x."], ...]`: the steps of a list with groups, each inner array a group, each string a query of its own.
func steps(_ elements: [Any], sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [QueryStep] {
    elements.map { element in
        if let group = element as? [String] { return .group(group.map { pattern($0, sourceLocation: sourceLocation) }) }
        return .query(pattern(element as? String ?? "", sourceLocation: sourceLocation))
    }
}

@Suite("QueryMatcher, groups")
struct QueryMatcherGroupTests {
    static let rounds = steps([["A x.a.", "AAAA x.a."], ["A x.", "AAAA x."]])

    @Test("a group's queries pass in every order among themselves", arguments: [false, true], [false, true])
    func everyPermutationPasses(firstSwapped: Bool, secondSwapped: Bool) {
        var first = [observed("A", "x.a."), observed("AAAA", "x.a.")]
        var second = [observed("A", "x."), observed("AAAA", "x.")]
        if firstSwapped { first.reverse() }
        if secondSwapped { second.reverse() }
        for order in [Expectation.Order.exact, .subsequence] {
            let result = QueryMatcher.match(Self.rounds, order: order, observed: first + second)
            #expect(result.passed, "\(order)")
            #expect(result.distance == 0)
            // Each query is paired with its own pattern, in wire order.
            #expect(pairs(result.lines) == (first + second).map { "\(text($0)) ← \(text($0))" })
        }
    }

    @Test("groups keep their order: a query of the second round before the first round's fails")
    func groupsStayInOrder() throws {
        let seen = [observed("A", "x.a."), observed("A", "x."), observed("AAAA", "x.a."), observed("AAAA", "x.")]
        let result = QueryMatcher.match(Self.rounds, order: .exact, observed: seen)
        #expect(!result.passed)
        // AAAA x.a. came after a query of the next round: missing from its group, unexpected where it came.
        #expect(render(result.lines) == ["  A x.a.", "- AAAA x.a.", "  A x.", "+ AAAA x.a.", "  AAAA x."])
        let mismatch = try #require(result.mismatch)
        #expect(mismatch.difference == .missing(pattern("AAAA x.a."), position: 1))
        #expect(mismatch.group == 0)
        #expect(result.distance == 2)
        #expect(!QueryMatcher.match(Self.rounds, order: .subsequence, observed: seen).passed)
    }

    @Test("a query missing from a group is named with its group, after the group's other queries")
    func aMissingGroupMember() throws {
        let seen = [observed("AAAA", "x.a."), observed("A", "x."), observed("AAAA", "x.")]
        let result = QueryMatcher.match(Self.rounds, order: .exact, observed: seen)
        #expect(!result.passed)
        #expect(render(result.lines) == ["  AAAA x.a.", "- A x.a.", "  A x.", "  AAAA x."])
        let mismatch = try #require(result.mismatch)
        #expect(mismatch.difference == .missing(pattern("A x.a."), position: 1))
        #expect(mismatch.group == 0)
    }

    @Test("an extra query inside a group's place is unexpected there, and named with the group")
    func anExtraQueryInAGroup() throws {
        let seen = [observed("AAAA", "x.a."), observed("A", "x.a."), observed("AAAA", "x.a."), observed("A", "x."), observed("AAAA", "x.")]
        let result = QueryMatcher.match(Self.rounds, order: .exact, observed: seen)
        #expect(!result.passed)
        #expect(render(result.lines) == ["  AAAA x.a.", "  A x.a.", "+ AAAA x.a.", "  A x.", "  AAAA x."])
        let mismatch = try #require(result.mismatch)
        #expect(mismatch.difference == .unexpected(observed("AAAA", "x.a.")))
        #expect(mismatch.expectedCount == 4 && mismatch.observedCount == 5)
    }

    @Test("the same query twice does not fill a group of two different patterns")
    func aRepeatedQueryDoesNotFillAGroup() {
        let seen = [observed("A", "x.a."), observed("A", "x.a."), observed("A", "x."), observed("AAAA", "x.")]
        let result = QueryMatcher.match(Self.rounds, order: .exact, observed: seen)
        #expect(!result.passed)
        #expect(render(result.lines) == ["  A x.a.", "+ A x.a.", "- AAAA x.a.", "  A x.", "  AAAA x."])
    }

    @Test("overlapping wildcards in a group find a perfect matching whichever query comes first", arguments: [false, true])
    func overlappingWildcardsInAGroup(reversed: Bool) {
        var seen = [observed("A", "x."), observed("AAAA", "y.")]
        if reversed { seen.reverse() }
        for order in [Expectation.Order.exact, .subsequence] {
            let result = QueryMatcher.match(steps([["* *", "A x."]]), order: order, observed: seen)
            #expect(result.passed, "\(order)")
            #expect(Set(pairs(result.lines)) == ["* * ← AAAA y.", "A x. ← A x."])
        }
    }

    @Test("under subsequence a group may have other queries between and around its members")
    func subsequenceGroupsAllowOthersBetween() {
        let seen = [observed("TXT", "z."), observed("AAAA", "x.a."), observed("MX", "z."), observed("A", "x.a."),
                    observed("AAAA", "x."), observed("A", "x.")]
        let result = QueryMatcher.match(Self.rounds, order: .subsequence, observed: seen)
        #expect(result.passed)
        #expect(render(result.lines) == ["+ TXT z.", "  AAAA x.a.", "+ MX z.", "  A x.a.", "  AAAA x.", "  A x."])
        #expect(!QueryMatcher.match(Self.rounds, order: .exact, observed: seen).passed)
    }

    @Test("under subsequence an incomplete group names its missing query, its place in the list and the group")
    func subsequenceIncompleteGroup() throws {
        let seen = [observed("A", "x.a."), observed("AAAA", "x.a."), observed("AAAA", "x."), observed("TXT", "z.")]
        let result = QueryMatcher.match(Self.rounds, order: .subsequence, observed: seen)
        #expect(!result.passed)
        #expect(render(result.lines) == ["  A x.a.", "  AAAA x.a.", "  AAAA x.", "+ TXT z.", "- A x."])
        let mismatch = try #require(result.mismatch)
        #expect(mismatch.difference == .missing(pattern("A x."), position: 2))
        #expect(mismatch.group == 1)
        #expect(result.distance == 1)
    }

    @Test("a group of one is a query of its own; a flat list is a list of single steps")
    func groupOfOne() {
        let seen = [observed("A", "x."), observed("AAAA", "x.")]
        #expect(QueryMatcher.match(steps([["A x."], "AAAA x."]), order: .exact, observed: seen).passed)
        #expect(!QueryMatcher.match(steps([["AAAA x."], "A x."]), order: .exact, observed: seen).passed)
    }
}

@Suite("QueryMatcher, afterMs")
struct QueryMatcherTimingTests {
    /// A query sent `at` microseconds after the start.
    static func sent(_ type: String, _ name: String, at: Int64, server: String = "10.96.0.10") -> ObservedQuery {
        observed(type, name, server: server, at: at)
    }

    static func timed(_ text: String, min: Int? = nil, max: Int? = nil) -> QueryPattern {
        var timed = pattern(text)
        timed.afterMs = GapBounds(min: min, max: max)
        return timed
    }

    @Test("a gap exactly at min or max holds; a microsecond outside fails", arguments: [
        (4_950_000, true), (4_949_999, false), (5_500_000, true), (5_500_001, false),
    ])
    func boundsAreInclusive(gapMicroseconds: Int64, holds: Bool) throws {
        let seen = [Self.sent("A", "x.", at: 1000), Self.sent("A", "x.", at: 1000 + gapMicroseconds, server: "10.96.0.11")]
        let expected = [pattern("A x. @10.96.0.10"), Self.timed("A x. @10.96.0.11", min: 4950, max: 5500)]
        let result = QueryMatcher.match(expected, order: .exact, observed: seen)
        #expect(result.passed == holds)
        #expect(result.mismatch == nil, "the sequence itself matches")
        if holds {
            #expect(result.timing.isEmpty)
        } else {
            let timing = try #require(result.timing.first)
            #expect(result.timing.count == 1 && result.distance == 1)
            #expect(timing.pattern == expected[1])
            #expect(timing.query == seen[1] && timing.previous == seen[0])
            #expect(timing.gapMs == Double(gapMicroseconds) / 1000)
            #expect(timing.bounds == GapBounds(min: 4950, max: 5500))
        }
    }

    @Test("the gap is to the previous query on the wire, whichever it was, not to the previous expected one")
    func previousQueryOnTheWire() throws {
        // Under subsequence the TXT query in between is not expected, but it is the previous query.
        let seen = [Self.sent("A", "x.", at: 0), Self.sent("TXT", "z.", at: 4_990_000), Self.sent("AAAA", "x.", at: 5_000_000)]
        let expected = [pattern("A x."), Self.timed("AAAA x.", min: 4950)]
        let result = QueryMatcher.match(expected, order: .subsequence, observed: seen)
        #expect(!result.passed)
        let timing = try #require(result.timing.first)
        #expect(timing.previous == seen[1])
        #expect(timing.gapMs == 10)
    }

    @Test("in a group, afterMs follows the query that matched the pattern, wherever it came")
    func afterMsInAGroup() {
        let expected: [QueryStep] = [.group([Self.timed("A x.", min: 4950), pattern("AAAA x.")])]
        let aFirst = [Self.sent("TXT", "z.", at: 0), Self.sent("A", "x.", at: 5_000_000), Self.sent("AAAA", "x.", at: 5_000_100)]
        let aaaaFirst = [Self.sent("TXT", "z.", at: 0), Self.sent("AAAA", "x.", at: 5_000_000), Self.sent("A", "x.", at: 5_000_100)]
        #expect(QueryMatcher.match(expected, order: .subsequence, observed: aFirst).passed)
        let late = QueryMatcher.match(expected, order: .subsequence, observed: aaaaFirst)
        #expect(!late.passed && late.mismatch == nil)
        #expect(late.timing.map(\.gapMs) == [0.1])
    }

    @Test("the first query on the wire has nothing before it: any afterMs on it fails")
    func firstQueryOnTheWire() throws {
        let result = QueryMatcher.match([Self.timed("A x.", min: 0)], order: .exact, observed: [Self.sent("A", "x.", at: 5)])
        #expect(!result.passed)
        let timing = try #require(result.timing.first)
        #expect(timing.previous == nil && timing.gapMs == nil)
    }

    @Test("afterMs holds under unordered too, and a pattern without it is never timed")
    func unorderedAndUntimed() {
        let seen = [Self.sent("AAAA", "x.", at: 0), Self.sent("A", "x.", at: 50)]
        #expect(QueryMatcher.match([Self.timed("A x.", max: 1), pattern("AAAA x.")], order: .unordered, observed: seen).passed)
        #expect(!QueryMatcher.match([Self.timed("AAAA x.", max: 1), pattern("A x.")], order: .unordered, observed: seen).passed)
    }
}

@Suite("QueryMatcher, alternatives")
struct QueryMatcherAlternativeTests {
    static let rotations = [
        steps(["A a. @10.96.0.10", "A b. @10.96.0.11"]),
        steps(["A a. @10.96.0.11", "A b. @10.96.0.10"]),
    ]

    @Test("the first alternative that matches is taken, whichever it is", arguments: [0, 1])
    func theMatchingAlternative(index: Int) throws {
        let servers = index == 0 ? ["10.96.0.10", "10.96.0.11"] : ["10.96.0.11", "10.96.0.10"]
        let seen = [observed("A", "a.", server: servers[0]), observed("A", "b.", server: servers[1])]
        let (chosen, result) = try #require(QueryMatcher.closest(Self.rotations, order: .exact, observed: seen))
        #expect(chosen == index)
        #expect(result.passed)
    }

    @Test("when none matches, the closest is the one with the fewest differences, the first on a tie")
    func theClosestAlternative() throws {
        let alternatives = [steps(["A a.", "A b.", "A c."]), steps(["A a.", "A x.", "A c."]), steps(["A a.", "A x.", "A y."])]
        // Differs from the first in three lines (b missing, x and d unexpected), from the second only in the
        // extra d, from the third in three.
        let seen = [observed("A", "a."), observed("A", "x."), observed("A", "c."), observed("A", "d.")]
        let (chosen, result) = try #require(QueryMatcher.closest(alternatives, order: .exact, observed: seen))
        #expect(chosen == 1)
        #expect(!result.passed && result.distance == 1)
        #expect(result.mismatch?.difference == .unexpected(observed("A", "d.")))
        // A tie between the first and the second: the first wins.
        let tie = [observed("A", "a."), observed("A", "c.")]
        #expect(try #require(QueryMatcher.closest(alternatives, order: .exact, observed: tie)).index == 0)
    }

    @Test("a timing mismatch counts toward the distance: the alternative that only misses afterMs is closer")
    func timingCountsTowardTheDistance() throws {
        var timed = pattern("A b.")
        timed.afterMs = GapBounds(min: 1000)
        let alternatives: [[QueryStep]] = [steps(["A a.", "A c."]), [.query(pattern("A a.")), .query(timed)]]
        let seen = [observed("A", "a.", at: 0), observed("A", "b.", at: 10)]
        let (chosen, result) = try #require(QueryMatcher.closest(alternatives, order: .exact, observed: seen))
        #expect(chosen == 1)
        #expect(result.mismatch == nil && result.timing.count == 1)
    }

    @Test func noAlternativesNoResult() {
        #expect(QueryMatcher.closest([], order: .exact, observed: []).map(\.index) == nil)
    }
}
