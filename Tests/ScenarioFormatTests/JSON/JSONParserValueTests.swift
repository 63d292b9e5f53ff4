import Testing
import ScenarioFormat

@Suite struct JSONParserValueTests {
    @Test func stringEscapesAndSurrogatePairs() throws {
        let node = try JSONParser.parse(#""\"\\\/\b\f\n\r\t\u0041\u00e9\uD83D\uDE00\u20AC""#)
        #expect(node.value == .string("\"\\/\u{8}\u{C}\n\r\tAé😀€"))
    }

    @Test func rawUnicodeIsKept() throws {
        let node = try JSONParser.parse("\"ü 中 😀 \u{7F}\"")
        #expect(node.value.stringValue == "ü 中 😀 \u{7F}")
    }

    @Test func numbersKeepTheirLiteral() throws {
        let node = try JSONParser.parse("[300, 1e3, -0.5, 1E+3, 0, -0, 2.50, 1e-400, 1e400]")
        let literals = node.elements?.compactMap { $0.value.numberValue?.literal }
        #expect(literals == ["300", "1e3", "-0.5", "1E+3", "0", "-0", "2.50", "1e-400", "1e400"])
        #expect(node[0]?.value.numberValue?.integer == 300)
        #expect(node[1]?.value.numberValue?.integer == nil)
        #expect(node[1]?.value.numberValue?.double == 1000)
        #expect(node[2]?.value.numberValue?.double == -0.5)
        #expect(node[5]?.value.numberValue?.integer == 0)
        #expect(node[7]?.value.numberValue?.double == 0)
        #expect(node[8]?.value.numberValue?.double == nil)
    }

    @Test func integersAreNilWhenTheyDoNotFit() throws {
        let node = try JSONParser.parse("[9223372036854775807, -9223372036854775808, 9223372036854775808]")
        #expect(node[0]?.value.numberValue?.integer == Int.max)
        #expect(node[1]?.value.numberValue?.integer == Int.min)
        #expect(node[2]?.value.numberValue?.integer == nil)
        #expect(node[2]?.value.numberValue?.double == 9223372036854775808.0)
    }

    @Test func numberLiteralInitializerValidates() {
        #expect(JSONNumber(literal: "1.5e-3")?.literal == "1.5e-3")
        for bad in ["01", " 1", "1 ", "+1", ".5", "1.", "1//x", "NaN", "", "0x1"] {
            #expect(JSONNumber(literal: bad) == nil, "\(bad)")
        }
        #expect(JSONNumber(2.5)?.literal == "2.5")
        #expect(JSONNumber(Double.nan) == nil)
        #expect(JSONNumber(-7).integer == -7)
    }

    @Test func literalsAndKindNames() throws {
        let node = try JSONParser.parse(#"[null, true, false, 1, "s", [], {}]"#)
        let kinds = node.elements?.map(\.value.kindName)
        #expect(kinds == ["null", "a boolean", "a boolean", "a number", "a string", "an array", "an object"])
        #expect(node[1]?.value.boolValue == true)
        #expect(node[0]?.value.isNull == true)
    }

    @Test func objectMembersStayInSourceOrder() throws {
        let node = try JSONParser.parse(#"{"z": 1, "a": 2, "m": 3}"#)
        #expect(node.members?.map(\.key) == ["z", "a", "m"])
        #expect(node.elements == nil)
        #expect(node["a"]?.value.numberValue?.integer == 2)
    }

    @Test func builtValuesCompareStructurallyWithParsedOnes() throws {
        let built = JSONValue.object([
            ("name", JSONValue("a")), ("port", JSONValue(53)), ("on", JSONValue(true)),
            ("list", .array([.null, JSONValue("x")])),
        ])
        let parsed = try JSONParser.parse(#"{"name": "a", "port": 53, "on": true, "list": [null, "x"]}"#)
        #expect(parsed.value.isStructurallyEqual(to: built))
        #expect(parsed.value != built)
        #expect(!parsed.value.isStructurallyEqual(to: .object([("name", JSONValue("a"))])))
        if case .object(let members) = built {
            #expect(members.allSatisfy { $0.keyRange == .zero && $0.value.range == .zero })
        }
    }
}
