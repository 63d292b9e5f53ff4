import Testing
import PropertyBased
import ScenarioFormat

@Suite struct JSONEditAppendTests {
    /// Appends to the object at `path` (keys) in `source` and returns the new text.
    func append(_ key: String, _ value: JSONValue, at path: [String] = [], in source: String, renderer: JSONRenderer = JSONRenderer()) throws -> String {
        let bytes = Array(source.utf8)
        var node = try JSONParser.parse(bytes)
        for step in path { node = try #require(node[step]) }
        let edited = JSONEdit.appendingMember(key: key, value: value, to: node, in: bytes, renderer: renderer)
        let text = String(decoding: edited, as: UTF8.self)
        #expect(JSONTestSupport.error(edited) == nil, "\(text)")
        return text
    }

    @Test func intoEmptyObjects() throws {
        #expect(try append("a", JSONValue(1), in: "{}") == "{\n  \"a\": 1\n}")
        #expect(try append("a", JSONValue(1), in: "{ \n }") == "{\n  \"a\": 1\n}")
        #expect(try append("a", .array([JSONValue(1)]), at: ["x"], in: "{\n  \"x\": {}\n}")
            == "{\n  \"x\": {\n    \"a\": [1]\n  }\n}")
        #expect(try append("a", JSONValue(1), in: "{\n  // nothing yet\n}") == "{\n  // nothing yet\n  \"a\": 1\n}")
        #expect(try append("a", JSONValue(1), in: "{ /* none */ }") == "{ /* none */ \"a\": 1 }")
    }

    @Test func intoOneLineObjects() throws {
        #expect(try append("b", JSONValue(2), in: #"{ "a": 1 }"#) == #"{ "a": 1, "b": 2 }"#)
        #expect(try append("b", JSONValue(2), in: #"{"a": 1}"#) == #"{"a": 1, "b": 2}"#)
        #expect(try append("b", JSONValue(2), in: #"{ "a": 1, }"#) == #"{ "a": 1, "b": 2, }"#)
        #expect(try append("b", JSONValue(2), in: #"{ "a": 1 /* c */ }"#) == #"{ "a": 1, /* c */ "b": 2 }"#)
    }

    @Test func afterATrailingCommaAndAFinalCommentLine() throws {
        let source = """
            {
              "a": 1,
              // "b": 2,
            }
            """
        let expected = """
            {
              "a": 1,
              // "b": 2,
              "c": [1, 2],
            }
            """
        #expect(try append("c", .array([JSONValue(1), JSONValue(2)]), in: source) == expected)
    }

    @Test func commaGoesBeforeALineCommentOnTheLastMember() throws {
        let source = "{\n    \"a\": 1 // one\n}\n"
        let expected = "{\n    \"a\": 1, // one\n    \"b\": {\n      \"x\": true\n    }\n}\n"
        #expect(try append("b", .object([("x", JSONValue(true))]), in: source) == expected)
    }

    @Test func matchesTheIndentationOfExistingMembersInNestedObjects() throws {
        let source = """
            // scenario
            {
              "servers": [
                {
                  "name": "a" /* name */
                }
              ]
            }
            """
        let bytes = Array(source.utf8)
        let server = try #require(try JSONParser.parse(bytes)["servers"]?[0])
        let edited = JSONEdit.appendingMember(key: "port", value: JSONValue(53), to: server, in: bytes, renderer: JSONRenderer())
        #expect(String(decoding: edited, as: UTF8.self) == source.replacingFirst(#""a" /* name */"#, with: "\"a\", /* name */\n      \"port\": 53"))
    }

    @Test func keepsWindowsLineEndings() throws {
        #expect(try append("b", JSONValue(2), in: "{\r\n  \"a\": 1\r\n}") == "{\r\n  \"a\": 1,\r\n  \"b\": 2\r\n}")
    }

    @Test func leavesTheSourceAloneForNodesThatAreNotObjectsInIt() throws {
        let bytes = Array("[1]".utf8)
        let array = try JSONParser.parse(bytes)
        #expect(JSONEdit.appendingMember(key: "a", value: .null, to: array, in: bytes, renderer: JSONRenderer()) == bytes)
        let stale = JSONNode(.object([("a", .null)]))
        #expect(JSONEdit.appendingMember(key: "b", value: .null, to: stale, in: bytes, renderer: JSONRenderer()) == bytes)
        for (start, end) in [(Int.min, Int.min), (Int.max, Int.min), (0, Int.max), (-1, 2), (2, 1)] {
            let range = SourceRange(
                start: ScenarioFormat.SourceLocation(offset: start, line: 1, column: 1),
                end: ScenarioFormat.SourceLocation(offset: end, line: 1, column: 1))
            let weird = JSONNode(value: .emptyObject, range: range)
            #expect(JSONEdit.appendingMember(key: "b", value: .null, to: weird, in: bytes, renderer: JSONRenderer()) == bytes)
            _ = JSONEdit.replacingValue(of: weird, with: .null, in: bytes, renderer: JSONRenderer())
            _ = JSONEdit.indentation(at: range.end, in: bytes)
        }
        #expect(JSONRenderer().render(.array([JSONValue(1)]), startColumn: Int.max) == "[\n  1\n]")
        #expect(JSONRenderer().render(.array([JSONValue(1)]), startColumn: Int.min) == "[1]")
    }

    static let noisyObjects = Generator<String, Shrink.None<String>> { rng in
        var value = JSONRandom.value(depth: 3, using: &rng)
        if value.members == nil { value = .object([("x", value)]) }
        return JSONRandom.noisy(value, using: &rng)
    }

    @Test func appendingToAnyObjectOfANoisyFileAddsExactlyThatMember() async {
        await propertyCheck(count: 300, input: Self.noisyObjects, JSONPropertyTests.value) { source, newValue in
            let bytes = Array(source.utf8)
            let root = try JSONParser.parse(bytes)
            for node in JSONTestSupport.allNodes(root) {
                guard var members = node.members, !members.contains(where: { $0.key == "🆕" }) else { continue }
                let edited = JSONEdit.appendingMember(key: "🆕", value: newValue, to: node, in: bytes, renderer: JSONRenderer())
                #expect(JSONTestSupport.error(edited) == nil)
                #expect(edited[..<node.range.start.offset] == bytes[..<node.range.start.offset])
                #expect(edited.suffix(bytes.count - node.range.end.offset).elementsEqual(bytes[node.range.end.offset...]))
                let start = node.range.start.offset
                let newObject = try JSONParser.parse(Array(edited[start..<(start + edited.count - bytes.count + node.range.offsets.count)]))
                members.append(JSONMember(key: "🆕", keyRange: .zero, value: JSONNode(newValue)))
                #expect(newObject.value.isStructurallyEqual(to: .object(members)), "\(String(decoding: edited, as: UTF8.self))")
            }
        }
    }
}

private extension JSONValue {
    var members: [JSONMember]? {
        if case .object(let members) = self { members } else { nil }
    }
}
