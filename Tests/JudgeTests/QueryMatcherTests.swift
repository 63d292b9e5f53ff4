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
        let result = QueryMatcher.match([], order: .exact, observed: [])
        #expect(result.passed)
        #expect(result.lines.isEmpty)
        #expect(result.mismatch == nil)
    }

    @Test func noExpectedQueriesButOneObservedFails() throws {
        let result = QueryMatcher.match([], order: .exact, observed: [observed("A", "a.example.")])
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
