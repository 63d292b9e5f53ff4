import Testing
import ScenarioFormat

@Suite struct JSONParserCommentTests {
    @Test func commentsInEveryPosition() throws {
        let source = """
            /* leading block */ // leading line
            { // after brace
              "a" /* between key and colon */ : /* after colon */ 1 /* before comma */ , // after comma
              "b": [ /* first in array */ 1 /* x */, /* y */ 2, // trailing comma next
              ], // after last member
              // final comment line in the object
            } // after the value
            /* trailing block */ // at EOF without newline
            """
        let root = try JSONParser.parse(source)
        let expected = JSONValue.object([("a", JSONValue(1)), ("b", .array([JSONValue(1), JSONValue(2)]))])
        #expect(root.value.isStructurallyEqual(to: expected))
        #expect(root.range.start.description == "2:1")
        #expect(root.members?.first?.keyRange.start.description == "3:3")
        #expect(root["a"]?.range.start.description == "3:55")
    }

    @Test(arguments: [
        "1//c", "1/*c*/", "1 // c", "[]//", "//c\n1", "/**/1", "/***/1", "/* * / */1",
        "{\"a\"//c\n:1}", "{\"a\"/*c*/:1}", "{\"a\":1/*c*/}", "{/*c*/}", "[//c\n]",
        "// ünïcode 😀\n1", "1\n//", "1\r// c\r", "/* a /* b */ 1", "// a */ \n1",
    ])
    func commentsAreTrivia(_ source: String) throws {
        let node = try JSONParser.parse(source)
        #expect(!node.value.isNull)
    }

    @Test func commentMarkersInsideStringsAreText() throws {
        let node = try JSONParser.parse(#"["// not a comment", "/* nor this */"]"#)
        #expect(node[0]?.value == .string("// not a comment"))
        #expect(node[1]?.value == .string("/* nor this */"))
    }

    @Test(arguments: [
        ("[1,]", JSONValue.array([JSONValue(1)])),
        ("[1, // c\n]", .array([JSONValue(1)])),
        ("{\"a\":1,}", .object([("a", JSONValue(1))])),
        ("{\"a\": [1,2,],}", .object([("a", .array([JSONValue(1), JSONValue(2)]))])),
        ("[[],{},]", .array([.emptyArray, .emptyObject])),
    ])
    func singleTrailingCommaIsAccepted(_ source: String, _ expected: JSONValue) throws {
        #expect(try JSONParser.parse(source).value.isStructurallyEqual(to: expected))
    }
}
