import Testing
import ScenarioFormat

@Suite struct JSONEditTests {
    static let file = """
        // scenario
        {
          "servers": [
            {
              "name": "a", // the name
              "port": 53 /* default */
            }
          ]
        }

        """

    @Test func replacingAMemberValueKeepsEveryOtherByte() throws {
        let source = Array(Self.file.utf8)
        let port = try #require(try JSONParser.parse(source)["servers"]?[0]?["port"])
        let edited = JSONEdit.replacing(port.range, in: source, with: "5353")
        #expect(String(decoding: edited, as: UTF8.self) == Self.file.replacingFirst("53 /*", with: "5353 /*"))
        #expect(edited[..<port.range.start.offset] == source[..<port.range.start.offset])
        #expect(edited.suffix(source.count - port.range.end.offset).elementsEqual(source[port.range.end.offset...]))
        #expect(try JSONParser.parse(edited)["servers"]?[0]?["port"]?.value.numberValue?.integer == 5353)
    }

    @Test func replacingValueRendersAtTheNodesIndentation() throws {
        let source = Array(Self.file.utf8)
        let name = try #require(try JSONParser.parse(source)["servers"]?[0]?["name"])
        let edited = JSONEdit.replacingValue(of: name, with: .object([("first", JSONValue("a"))]), in: source, renderer: JSONRenderer())
        let expected = Self.file.replacingFirst(#""name": "a","#, with: "\"name\": {\n        \"first\": \"a\"\n      },")
        #expect(String(decoding: edited, as: UTF8.self) == expected)
    }

    @Test func replacingClampsRangesOutsideTheSource() {
        let source = Array("[1]".utf8)
        let far = ScenarioFormat.SourceLocation(offset: 99, line: 9, column: 9)
        #expect(JSONEdit.replacing(SourceRange(start: far, end: far), in: source, with: "x") == Array("[1]x".utf8))
        #expect(JSONEdit.replacing(.zero, in: source, with: "") == source)
    }

    @Test func indentationIsTheWhitespacePrefixOfTheLine() throws {
        let source = Array("{\n\t  \"a\": [\n    1]\n}".utf8)
        let root = try JSONParser.parse(source)
        let a = try #require(root["a"])
        #expect(JSONEdit.indentation(at: a.range.start, in: source) == "\t  ")
        #expect(JSONEdit.indentation(at: try #require(a[0]).range.start, in: source) == "    ")
        #expect(JSONEdit.indentation(at: root.range.start, in: source) == "")
    }
}

extension String {
    /// `self` with the first occurrence of `target` replaced, for building expected files.
    func replacingFirst(_ target: String, with replacement: String) -> String {
        let chars = Array(self)
        let pattern = Array(target)
        guard pattern.count <= chars.count else { return self }
        for start in 0...(chars.count - pattern.count) where Array(chars[start..<start + pattern.count]) == pattern {
            return String(chars[..<start]) + replacement + String(chars[(start + pattern.count)...])
        }
        return self
    }
}
