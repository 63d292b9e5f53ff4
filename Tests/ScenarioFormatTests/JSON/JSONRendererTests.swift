import Testing
import ScenarioFormat

@Suite struct JSONRendererTests {
    static let sample = JSONValue.object([
        ("name", JSONValue("a")),
        ("ports", .array([JSONValue(53), JSONValue(5353)])),
        ("empty", .emptyArray),
        ("none", .emptyObject),
        ("nested", .object([("x", .null)])),
        ("mixed", .array([JSONValue(1), .object([("a", JSONValue(true))])])),
    ])

    @Test func objectsAreOneMemberPerLineAndShortScalarArraysOneLine() {
        let expected = """
            {
              "name": "a",
              "ports": [53, 5353],
              "empty": [],
              "none": {},
              "nested": {
                "x": null
              },
              "mixed": [
                1,
                {
                  "a": true
                }
              ]
            }
            """
        #expect(JSONRenderer().render(Self.sample) == expected)
    }

    @Test func oneLineArraysMustFitIncludingIndentKeyAndComma() {
        let value = JSONValue.object([("ports", .array([JSONValue(53), JSONValue(5353)])), ("b", .null)])
        // `  "ports": [53, 5353],` is 22 columns.
        #expect(JSONRenderer(maxLineWidth: 22).render(value) == "{\n  \"ports\": [53, 5353],\n  \"b\": null\n}")
        #expect(JSONRenderer(maxLineWidth: 21).render(value) == "{\n  \"ports\": [\n    53,\n    5353\n  ],\n  \"b\": null\n}")
        #expect(JSONRenderer(maxLineWidth: 10).render(.array([JSONValue(1)]), startColumn: 8) == "[1]")
        #expect(JSONRenderer(maxLineWidth: 10).render(.array([JSONValue(1)]), startColumn: 9) == "[\n  1\n]")
    }

    @Test func levelIndentsNestedLinesAndTheClosingBracket() {
        let value = JSONValue.object([("a", JSONValue(1))])
        #expect(JSONRenderer().render(value, level: 1) == "{\n    \"a\": 1\n  }")
        #expect(JSONRenderer(indentUnit: "\t").render(value, level: 2) == "{\n\t\t\t\"a\": 1\n\t\t}")
        #expect(JSONRenderer().render(value, indentation: "   ") == "{\n     \"a\": 1\n   }")
        #expect(JSONRenderer(newline: "\r\n").render(value) == "{\r\n  \"a\": 1\r\n}")
    }

    @Test func stringsAreEscapedOnlyWhereJSONRequires() {
        let text = JSONRenderer().render(JSONValue("a\"b\\c/\n\t\u{1}\u{7F}é😀\u{2028}"))
        #expect(text == "\"a\\\"b\\\\c/\\n\\t\\u0001\u{7F}é😀\u{2028}\"")
        #expect(JSONRenderer().render(.object([("k\"", .null)])) == "{\n  \"k\\\"\": null\n}")
    }

    @Test func scalarsRenderAsTheirLiterals() throws {
        #expect(JSONRenderer().render(.null) == "null")
        #expect(JSONRenderer().render(JSONValue(false)) == "false")
        let number = try #require(JSONNumber(literal: "1E+3"))
        #expect(JSONRenderer().render(.number(number)) == "1E+3")
        #expect(JSONRenderer().render(JSONValue(-12)) == "-12")
    }

    @Test func renderingAParsedFileReproducesItsValue() throws {
        let parsed = try JSONParser.parse(JSONParserPositionTests.scenario)
        let rendered = JSONRenderer().render(parsed.value)
        #expect(try JSONParser.parse(rendered).value.isStructurallyEqual(to: parsed.value))
    }
}
