/// Dispatch on the first character of a value, plus the `true`/`false`/`null` literals.
extension JSONReader {
    /// Parses the value starting at the cursor (trivia already skipped).
    mutating func parseValue() throws(JSONSyntaxError) -> JSONNode {
        let start = location
        guard let byte = current else { try fail("") }
        let value: JSONValue
        switch byte {
        case UInt8(ascii: "{"):
            value = try parseObject()
        case UInt8(ascii: "["):
            value = try parseArray()
        case UInt8(ascii: "\""):
            value = .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            value = .number(try parseNumber())
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
            value = try parseWord()
        default:
            try fail("expected a value, found \(describeCurrent())")
        }
        return JSONNode(value: value, range: SourceRange(start: start, end: location))
    }

    /// Reads a run of identifier characters and accepts only the three JSON literals.
    private mutating func parseWord() throws(JSONSyntaxError) -> JSONValue {
        let start = location
        var end = location.offset
        while let byte = byte(at: end), Self.isWordByte(byte) {
            end += 1
        }
        let word = String(decoding: bytes[start.offset..<end], as: UTF8.self)
        let value: JSONValue
        switch word {
        case "true": value = .bool(true)
        case "false": value = .bool(false)
        case "null": value = .null
        default:
            let shown = word.count > 32 ? word.prefix(32) + "…" : word[...]
            throw error("expected a value, found '\(shown)'", at: start)
        }
        while location.offset < end {
            advanceASCII()
        }
        return value
    }

    /// Letters, digits and `_`, so `truex` or `NaN1` is reported as one word.
    static func isWordByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
            true
        default:
            false
        }
    }
}
