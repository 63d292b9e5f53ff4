import Testing
import PropertyBased
import ScenarioFormat

@Suite struct JSONPropertyTests {
    static let junk = Generator<[UInt8], Shrink.None<[UInt8]>> { rng in JSONRandom.junk(using: &rng) }

    static let documents = [
        JSONParserPositionTests.scenario,
        "\u{FEFF}/* ü */ {\r\n\t\"ключ\": [\"😀\", 1e5,\r\r null], // c\n  \"b\": {\"c\": \"\\u00e9\\uD83D\\uDE00\"},\n}",
        #"[0, -0.5e+10, true, false, null, "a\"\\\/\b\f\n\r\t", [], {}, [[{"x": []}]],]"#,
    ]

    static let mutatedDocument = Generator<[UInt8], Shrink.None<[UInt8]>> { rng in
        JSONRandom.mutate(Array((documents.randomElement(using: &rng) ?? "").utf8), using: &rng)
    }

    static let value = Generator<JSONValue, Shrink.None<JSONValue>> { rng in JSONRandom.value(depth: 4, using: &rng) }

    static let noisyDocument = Generator<(JSONValue, String), Shrink.None<(JSONValue, String)>> { rng in
        let value = JSONRandom.value(depth: 4, using: &rng)
        return (value, JSONRandom.noisy(value, using: &rng))
    }

    static let renderer = Generator<JSONRenderer, Shrink.None<JSONRenderer>> { rng in
        JSONRenderer(
            indentUnit: ["  ", "    ", "\t", ""].randomElement(using: &rng) ?? "  ",
            maxLineWidth: Int.random(in: 0...120, using: &rng),
            newline: ["\n", "\r\n"].randomElement(using: &rng) ?? "\n")
    }

    @Test func randomBytesNeverTrap() async {
        await propertyCheck(count: 3000, input: Self.junk) { bytes in
            JSONInvariants.check(bytes)
        }
    }

    @Test func mutatedDocumentsNeverTrap() async {
        await propertyCheck(count: 3000, input: Self.mutatedDocument) { bytes in
            JSONInvariants.check(bytes)
        }
    }

    @Test func commentsWhitespaceAndTrailingCommasAnywhereDoNotChangeTheValue() async {
        await propertyCheck(count: 500, input: Self.noisyDocument) { value, source in
            let parsed = try JSONParser.parse(source)
            #expect(parsed.value.isStructurallyEqual(to: value), "\(source)")
            JSONInvariants.check(Array(source.utf8))
        }
    }

    @Test func renderedValuesParseBackToTheSameValue() async {
        await propertyCheck(count: 500, input: Self.value, Self.renderer, Gen.int(in: 0...3)) { value, renderer, level in
            let text = renderer.render(value, level: level)
            let parsed = try JSONParser.parse(text)
            #expect(parsed.value.isStructurallyEqual(to: value), "\(text)")
        }
    }
}
