/// Numbers following the RFC 8259 grammar exactly, kept as their literal text.
extension JSONReader {
    /// Parses `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?` at the cursor.
    mutating func parseNumber() throws(JSONSyntaxError) -> JSONNumber {
        let start = location.offset
        if current == UInt8(ascii: "-") {
            advanceASCII()
        }
        guard let first = current, Self.isDigit(first) else { try fail("expected a digit after '-'") }
        advanceASCII()
        if first == UInt8(ascii: "0") {
            if let next = current, Self.isDigit(next) { throw error("numbers cannot have leading zeros") }
        } else {
            skipDigits()
        }
        if current == UInt8(ascii: ".") {
            advanceASCII()
            guard let digit = current, Self.isDigit(digit) else { try fail("expected a digit after '.'") }
            skipDigits()
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            advanceASCII()
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") {
                advanceASCII()
            }
            guard let digit = current, Self.isDigit(digit) else { try fail("expected a digit in the exponent") }
            skipDigits()
        }
        if let next = current, Self.isWordByte(next) || next == UInt8(ascii: ".") {
            throw error("unexpected \(describeCurrent()) after number")
        }
        return JSONNumber(uncheckedLiteral: String(decoding: bytes[start..<location.offset], as: UTF8.self))
    }

    private mutating func skipDigits() {
        while let byte = current, Self.isDigit(byte) {
            advanceASCII()
        }
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
