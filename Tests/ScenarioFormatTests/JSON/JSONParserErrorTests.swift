import Testing
import ScenarioFormat

/// One malformed input and the exact `line:column: message` it must produce.
struct ErrorCase: Sendable, CustomTestStringConvertible {
    let input: [UInt8]
    let expected: String

    init(_ input: String, _ expected: String) {
        self.input = Array(input.utf8)
        self.expected = expected
    }

    init(bytes: [UInt8], _ expected: String) {
        self.input = bytes
        self.expected = expected
    }

    var testDescription: String { expected }
}

@Suite struct JSONParserErrorTests {
    static let structure: [ErrorCase] = [
        ErrorCase(#"{"a": 1 "b": 2}"#, "1:9: expected ',' or '}' after object member"),
        ErrorCase("[1 2]", "1:4: expected ',' or ']' after array element"),
        ErrorCase("[1,,2]", "1:4: expected a value, found ','"),
        ErrorCase("[,]", "1:2: expected a value, found ','"),
        ErrorCase("[1,,]", "1:4: expected a value, found ','"),
        ErrorCase("[1, /* c */ ,]", "1:13: expected a value, found ','"),
        ErrorCase("{,}", "1:2: expected a double-quoted key or '}'"),
        ErrorCase(#"{"a":1,,}"#, "1:8: expected a double-quoted key or '}'"),
        ErrorCase("{a: 1}", "1:2: expected a double-quoted key or '}'"),
        ErrorCase(#"{"a" 1}"#, "1:6: expected ':' after object key"),
        ErrorCase(#"{"a": }"#, "1:7: expected a value, found '}'"),
        ErrorCase("{\n  \"a\": 1,\n  \"b\" 2\n}", "3:7: expected ':' after object key"),
        ErrorCase(#"{"name": 1, "name": 2}"#, #"1:13: duplicate key "name" (first defined at 1:2)"#),
        ErrorCase("{\n  \"a\": {\"x\": 1},\n  \"a\": 2\n}", #"3:3: duplicate key "a" (first defined at 2:3)"#),
        ErrorCase(#"{"a\"b": 1, "a\u0022b": 2}"#, #"1:13: duplicate key "a\"b" (first defined at 1:2)"#),
        ErrorCase("{\"é\": 1, \"e\u{301}\": 2}", "1:10: duplicate key \"e\u{301}\" (first defined at 1:2)"),
        ErrorCase("'a'", #"1:1: expected a value, found "'""#),
        ErrorCase("[1, é]", "1:5: expected a value, found U+00E9"),
        ErrorCase("\u{A0}1", "1:1: expected a value, found U+00A0"),
        ErrorCase("[1 / 2]", "1:4: expected '//' or '/*' to start a comment"),
    ]

    static let endOfInput: [ErrorCase] = [
        ErrorCase("", "1:1: unexpected end of input"),
        ErrorCase("   ", "1:4: unexpected end of input"),
        ErrorCase("  // only a comment", "1:20: unexpected end of input"),
        ErrorCase("[", "1:2: unexpected end of input"),
        ErrorCase("[1,\n", "2:1: unexpected end of input"),
        ErrorCase(#"{"a""#, "1:5: unexpected end of input"),
        ErrorCase(#"{"a":"#, "1:6: unexpected end of input"),
        ErrorCase("-", "1:2: unexpected end of input"),
        ErrorCase("1e", "1:3: unexpected end of input"),
        ErrorCase("{} x", "1:4: unexpected content after the top-level value"),
        ErrorCase("1 2", "1:3: unexpected content after the top-level value"),
        ErrorCase("[]\n// done\n]", "3:1: unexpected content after the top-level value"),
        ErrorCase("/* abc", "1:1: unterminated block comment"),
        ErrorCase("[1,\n  /* x", "2:3: unterminated block comment"),
        ErrorCase("/* a /* b */ */ 1", "1:14: expected a value, found '*'"),
    ]

    static let strings: [ErrorCase] = [
        ErrorCase(#""abc"#, "1:1: unterminated string"),
        ErrorCase("[\n  \"abc\\", "2:3: unterminated string"),
        ErrorCase(#""\u12"#, "1:1: unterminated string"),
        ErrorCase("{\n  \"name\": \"abc\n}", "2:15: control character U+000A in string: escape it as \\n"),
        ErrorCase("\"a\tb\"", "1:3: control character U+0009 in string: escape it as \\t"),
        ErrorCase("\"\u{1}\"", "1:2: control character U+0001 in string: escape it as \\u0001"),
        ErrorCase("\"a\r\"", "1:3: control character U+000D in string: escape it as \\r"),
        ErrorCase(#""ab\x""#, "1:4: invalid escape '\\x' in string"),
        ErrorCase(#""\'""#, "1:2: invalid escape '\\'' in string"),
        ErrorCase("\"\\é\"", "1:2: invalid escape in string: '\\' followed by U+00E9"),
        ErrorCase(#""\u12G4""#, "1:2: invalid \\u escape in string: expected 4 hex digits"),
        ErrorCase(#""ok\u00""#, "1:4: invalid \\u escape in string: expected 4 hex digits"),
        ErrorCase(#""\uD800""#, "1:2: unpaired surrogate \\uD800 in string"),
        ErrorCase(#""x\uDC00""#, "1:3: unpaired surrogate \\uDC00 in string"),
        ErrorCase(#""\uD83D\u0041""#, "1:2: unpaired surrogate \\uD83D in string"),
        ErrorCase(#""\uD83D\uD83D""#, "1:2: unpaired surrogate \\uD83D in string"),
        ErrorCase(#""\uD83D\u12""#, "1:8: invalid \\u escape in string: expected 4 hex digits"),
    ]

    static let utf8: [ErrorCase] = [
        ErrorCase(bytes: [0x5B, 0x22, 0x61, 0xFF, 0x22, 0x5D], "1:4: invalid UTF-8"),
        ErrorCase(bytes: Array("[1, ".utf8) + [0xC3] + Array("]".utf8), "1:5: invalid UTF-8"),
        ErrorCase(bytes: Array("1 ".utf8) + [0x80], "1:3: invalid UTF-8"),
        ErrorCase(bytes: Array("// ".utf8) + [0xE2, 0x82] + Array("\n1".utf8), "1:4: invalid UTF-8"),
        ErrorCase(bytes: Array("\"é".utf8) + [0xC0, 0xAF, 0x22], "1:3: invalid UTF-8"),
        ErrorCase(bytes: [0x22, 0xED, 0xA0, 0x80, 0x22], "1:2: invalid UTF-8"),
        ErrorCase(bytes: [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], "1:2: invalid UTF-8"),
        ErrorCase(bytes: [0x22, 0x5C, 0xFE, 0x22], "1:3: invalid UTF-8"),
        ErrorCase(bytes: [0xEF, 0xBB], "1:1: invalid UTF-8"),
        ErrorCase(bytes: Array("/* ".utf8) + [0xF0, 0x9F, 0x98] + Array(" */ 1".utf8), "1:4: invalid UTF-8"),
    ]

    static let numbersAndLiterals: [ErrorCase] = [
        ErrorCase("01", "1:2: numbers cannot have leading zeros"),
        ErrorCase("[-00]", "1:4: numbers cannot have leading zeros"),
        ErrorCase("-a", "1:2: expected a digit after '-'"),
        ErrorCase("[1.]", "1:4: expected a digit after '.'"),
        ErrorCase("[1e+]", "1:5: expected a digit in the exponent"),
        ErrorCase(".5", "1:1: expected a value, found '.'"),
        ErrorCase("+1", "1:1: expected a value, found '+'"),
        ErrorCase("0x10", "1:2: unexpected 'x' after number"),
        ErrorCase("1.5.2", "1:4: unexpected '.' after number"),
        ErrorCase("NaN", "1:1: expected a value, found 'NaN'"),
        ErrorCase("[Infinity]", "1:2: expected a value, found 'Infinity'"),
        ErrorCase("-Infinity", "1:2: expected a digit after '-'"),
        ErrorCase("tru", "1:1: expected a value, found 'tru'"),
        ErrorCase("[True]", "1:2: expected a value, found 'True'"),
        ErrorCase("nullx", "1:1: expected a value, found 'nullx'"),
        ErrorCase("undefined", "1:1: expected a value, found 'undefined'"),
    ]

    static let positions: [ErrorCase] = [
        ErrorCase(#"{"é": "ü", "😀": x}"#, "1:17: expected a value, found 'x'"),
        ErrorCase("{\"👍🏽\": 1 2}", "1:10: expected ',' or '}' after object member"),
        ErrorCase("\t[x]", "1:3: expected a value, found 'x'"),
        ErrorCase("[\r\n1,\r\n,]", "3:1: expected a value, found ','"),
        ErrorCase("[\r\r x]", "3:2: expected a value, found 'x'"),
        ErrorCase("\u{FEFF}[x]", "1:2: expected a value, found 'x'"),
        ErrorCase("\u{FEFF}", "1:1: unexpected end of input"),
        ErrorCase("[\u{FEFF}]", "1:2: expected a value, found U+FEFF"),
    ]

    @Test(arguments: structure + endOfInput)
    func structuralErrors(_ testCase: ErrorCase) {
        #expect(JSONTestSupport.error(testCase.input)?.description == testCase.expected)
    }

    @Test(arguments: strings + utf8)
    func stringAndEncodingErrors(_ testCase: ErrorCase) {
        #expect(JSONTestSupport.error(testCase.input)?.description == testCase.expected)
    }

    @Test(arguments: numbersAndLiterals + positions)
    func numberLiteralAndPositionErrors(_ testCase: ErrorCase) {
        #expect(JSONTestSupport.error(testCase.input)?.description == testCase.expected)
    }

    @Test func errorLocationCarriesByteOffset() throws {
        let error = try #require(JSONTestSupport.error(#"{"é": "ü", "😀": x}"#))
        #expect(error.location == ScenarioFormat.SourceLocation(offset: 21, line: 1, column: 17))
        #expect(error.message == "expected a value, found 'x'")
    }
}
