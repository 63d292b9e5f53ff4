import Testing
import ScenarioFormat

@Suite struct JSONParserDepthTests {
    @Test func threeHundredNestedArraysThrowInsteadOfCrashing() {
        let source = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        #expect(JSONTestSupport.error(source)?.description == "1:257: nesting deeper than 256 levels")
    }

    @Test func unclosedDeepNestingAlsoHitsTheCap() {
        let source = String(repeating: "[", count: 100_000)
        #expect(JSONTestSupport.error(source)?.message == "nesting deeper than 256 levels")
    }

    @Test func exactlyTheCapParses() throws {
        let source = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
        var node = try JSONParser.parse(source)
        var depth = 1
        while let inner = node[0] {
            node = inner
            depth += 1
        }
        #expect(depth == 256)
    }

    @Test func nestedObjectsCountToo() {
        let ok = String(repeating: #"{"a":"#, count: 256) + "1" + String(repeating: "}", count: 256)
        #expect(JSONTestSupport.error(ok) == nil)
        let deep = String(repeating: #"{"a":"#, count: 300) + "1" + String(repeating: "}", count: 300)
        #expect(JSONTestSupport.error(deep)?.description == "1:1281: nesting deeper than 256 levels")
    }
}
