/// String literals: escapes, surrogate pairs, and the control-character and UTF-8 checks.
extension JSONReader {
    /// Parses the string whose opening quote is under the cursor; errors point at the bad byte,
    /// the backslash of a bad escape, or the opening quote when the input ends first.
    mutating func parseString() throws(JSONSyntaxError) -> String {
        let open = location
        advanceASCII()
        var utf8: [UInt8] = []
        while true {
            guard let byte = current else { throw error("unterminated string", at: open) }
            switch byte {
            case UInt8(ascii: "\""):
                advanceASCII()
                return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try parseEscape(into: &utf8, stringStart: open)
            case 0..<0x20:
                throw error("control character U+\(UInt32(byte).jsonHex4) in string: escape it as \(Self.escapeHint(byte))")
            case 0x20..<0x80:
                utf8.append(byte)
                advanceASCII()
            default:
                let start = location.offset
                try advanceScalar()
                utf8.append(contentsOf: bytes[start..<location.offset])
            }
        }
    }

    /// Parses one escape starting at the backslash under the cursor and appends its UTF-8.
    private mutating func parseEscape(into utf8: inout [UInt8], stringStart: SourceLocation) throws(JSONSyntaxError) {
        let escapeStart = location
        advanceASCII()
        guard let kind = current else { throw error("unterminated string", at: stringStart) }
        let simple: UInt8
        switch kind {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): simple = kind
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "u"):
            advanceASCII()
            let scalar = try parseUnicodeEscape(escapeStart: escapeStart, stringStart: stringStart)
            utf8.append(contentsOf: scalar.utf8)
            return
        default:
            if kind >= 0x80, scalarLength(at: location.offset) == nil { throw error("invalid UTF-8") }
            let shown = describeCurrent()
            let message = (0x21...0x7E).contains(kind)
                ? "invalid escape '\\\(Character(Unicode.Scalar(kind)))' in string"
                : "invalid escape in string: '\\' followed by \(shown)"
            throw error(message, at: escapeStart)
        }
        utf8.append(simple)
        advanceASCII()
    }

    /// Reads the digits after `\u` (and a following `\uDC00`-style low half when needed).
    private mutating func parseUnicodeEscape(escapeStart: SourceLocation, stringStart: SourceLocation) throws(JSONSyntaxError) -> Unicode.Scalar {
        let unit = try readHex4(escapeStart: escapeStart, stringStart: stringStart)
        var value = unit
        switch unit {
        case 0xD800...0xDBFF:
            guard current == UInt8(ascii: "\\"), byte(at: location.offset + 1) == UInt8(ascii: "u") else {
                throw unpairedSurrogate(unit, at: escapeStart)
            }
            let lowStart = location
            advanceASCII()
            advanceASCII()
            let low = try readHex4(escapeStart: lowStart, stringStart: stringStart)
            guard (0xDC00...0xDFFF).contains(low) else { throw unpairedSurrogate(unit, at: escapeStart) }
            value = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
        case 0xDC00...0xDFFF:
            throw unpairedSurrogate(unit, at: escapeStart)
        default:
            break
        }
        guard let scalar = Unicode.Scalar(value) else { throw unpairedSurrogate(unit, at: escapeStart) }
        return scalar
    }

    private mutating func readHex4(escapeStart: SourceLocation, stringStart: SourceLocation) throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = current else { throw error("unterminated string", at: stringStart) }
            guard let digit = Self.hexValue(byte) else {
                throw error("invalid \\u escape in string: expected 4 hex digits", at: escapeStart)
            }
            value = value << 4 | digit
            advanceASCII()
        }
        return value
    }

    private func unpairedSurrogate(_ unit: UInt32, at location: SourceLocation) -> JSONSyntaxError {
        error("unpaired surrogate \\u\(unit.jsonHex4) in string", at: location)
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// How to write a control character inside a string, for the error message.
    private static func escapeHint(_ byte: UInt8) -> String {
        switch byte {
        case 0x08: "\\b"
        case 0x09: "\\t"
        case 0x0A: "\\n"
        case 0x0C: "\\f"
        case 0x0D: "\\r"
        default: "\\u\(UInt32(byte).jsonHex4)"
        }
    }
}
