/// Cursor over the input bytes that tracks line and column as it moves, so every node gets an exact position.
struct JSONReader {
    let bytes: [UInt8]
    let maximumDepth: Int
    /// Where the next unread byte is.
    var location = SourceLocation.start
    /// How many arrays and objects enclose the cursor.
    var depth = 0

    init(bytes: [UInt8], maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    /// The byte under the cursor, or nil at the end of input.
    var current: UInt8? { byte(at: location.offset) }

    /// Bounds-checked byte access, so look-ahead never traps.
    func byte(at offset: Int) -> UInt8? {
        bytes.indices.contains(offset) ? bytes[offset] : nil
    }

    /// Steps over one ASCII byte, starting a new line after `\n` or a `\r` not followed by `\n`.
    mutating func advanceASCII() {
        guard let byte = current else { return }
        location.offset += 1
        if byte == UInt8(ascii: "\n") || (byte == UInt8(ascii: "\r") && current != UInt8(ascii: "\n")) {
            location.line += 1
            location.column = 1
        } else {
            location.column += 1
        }
    }

    /// Steps over one Unicode scalar (one column), failing at its first byte if it is not valid UTF-8.
    mutating func advanceScalar() throws(JSONSyntaxError) {
        guard let byte = current else { return }
        if byte < 0x80 {
            advanceASCII()
            return
        }
        guard let length = scalarLength(at: location.offset) else { throw error("invalid UTF-8") }
        location.offset += length
        location.column += 1
    }

    /// Parses the whole input: optional BOM, trivia, one value, trivia, end.
    mutating func parseDocument() throws(JSONSyntaxError) -> JSONNode {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            location.offset = 3
        }
        try skipTrivia()
        let node = try parseValue()
        try skipTrivia()
        if current != nil {
            try fail("unexpected content after the top-level value")
        }
        return node
    }
}
