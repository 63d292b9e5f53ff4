import Testing
import ScenarioFormat

@Suite struct JSONParserPositionTests {
    typealias Location = ScenarioFormat.SourceLocation

    static let scenario = """
        {
          // servers
          "servers": [
            { "name": "a", "rules": [1, {"reply": "x"}] }
          ]
        }
        """

    @Test func nestedNodesAndKeysHaveExactRanges() throws {
        let bytes = Array(Self.scenario.utf8)
        let root = try JSONParser.parse(bytes)
        #expect(root.range.start == Location(offset: 0, line: 1, column: 1))
        #expect(root.range.end == Location(offset: bytes.count, line: 6, column: 2))

        let serversMember = try #require(root.members?.first)
        #expect(serversMember.keyRange.start.description == "3:3")
        #expect(serversMember.keyRange.end.description == "3:12")
        #expect(JSONTestSupport.text(serversMember.keyRange, in: bytes) == "\"servers\"")

        let servers = try #require(root["servers"])
        #expect(servers.range.start.description == "3:14")
        #expect(servers.range.end.description == "5:4")

        let server = try #require(servers[0])
        #expect(server.range.start.description == "4:5")
        #expect(server.range.end.description == "4:50")

        let rules = try #require(server["rules"])
        #expect(rules.range.start.description == "4:29")
        #expect(JSONTestSupport.text(rules.range, in: bytes) == #"[1, {"reply": "x"}]"#)

        let rule = try #require(rules[1])
        let replyMember = try #require(rule.members?.first)
        #expect(replyMember.keyRange.start.description == "4:34")
        #expect(replyMember.keyRange.end.description == "4:41")
        let reply = try #require(rule["reply"])
        #expect(reply.range.start.description == "4:43")
        #expect(reply.range.end.description == "4:46")
        #expect(JSONTestSupport.text(reply.range, in: bytes) == "\"x\"")
        #expect(reply.value == .string("x"))
        #expect(rules[2] == nil)
        #expect(rules[-1] == nil)
        #expect(server["missing"] == nil)
    }

    @Test func columnsCountUnicodeScalarsNotBytes() throws {
        let source = #"{"é": "ü", "😀": [1, "👍🏽"], "k": 2}"#
        let bytes = Array(source.utf8)
        let root = try JSONParser.parse(bytes)
        let k = try #require(root["k"])
        #expect(k.range.start == Location(offset: 43, line: 1, column: 33))
        let thumbs = try #require(root["😀"]?[1])
        #expect(thumbs.range.start == Location(offset: 25, line: 1, column: 21))
        #expect(thumbs.range.end == Location(offset: 35, line: 1, column: 25))
        #expect(thumbs.value == .string("👍🏽"))
    }

    @Test func tabIsOneColumnAndCRLFIsOneLineBreak() throws {
        let tabbed = try JSONParser.parse("{\t\"a\":\t1}")
        #expect(tabbed.members?.first?.keyRange.start.description == "1:3")
        #expect(tabbed["a"]?.range.start.description == "1:8")

        let crlf = try JSONParser.parse("{\r\n  \"a\": 1\r\n}")
        #expect(crlf["a"]?.range.start.description == "2:8")
        #expect(crlf.range.end.description == "3:2")
    }

    @Test func byteOrderMarkIsSkippedButCountedInOffsets() throws {
        let node = try JSONParser.parse("\u{FEFF}[true]")
        #expect(node.range.start == Location(offset: 3, line: 1, column: 1))
        #expect(node[0]?.range.start == Location(offset: 4, line: 1, column: 2))
        #expect(node[0]?.value == .bool(true))
    }

    @Test func everyRangeMatchesAnIndependentLineCount() throws {
        let source = "\u{FEFF}/* ü */ {\r\n\t\"ключ\": [\"😀\", 1e5,\r\r null], // c\n  \"b\": {\"c\": \"\\u00e9\"}\n}"
        let bytes = Array(source.utf8)
        let root = try JSONParser.parse(bytes)
        for range in JSONTestSupport.allRanges(root) {
            for location in [range.start, range.end] {
                let expected = JSONTestSupport.lineAndColumn(of: location.offset, in: bytes)
                #expect(location.line == expected.line && location.column == expected.column, "\(location)")
            }
        }
    }

    @Test func locationsOrderByOffsetAndDescribeAsLineColumn() {
        let early = Location(offset: 3, line: 1, column: 4)
        let late = Location(offset: 10, line: 2, column: 1)
        #expect(early < late)
        #expect(late.description == "2:1")
        #expect(JSONSyntaxError(message: "unterminated string", location: Location(offset: 40, line: 3, column: 17)).description
            == "3:17: unterminated string")
    }
}
