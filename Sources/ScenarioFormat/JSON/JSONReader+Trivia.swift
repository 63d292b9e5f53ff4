/// Whitespace and comments, the only non-JSON syntax accepted besides trailing commas.
extension JSONReader {
    /// Skips JSON whitespace, `// line` and `/* block */` comments.
    mutating func skipTrivia() throws(JSONSyntaxError) {
        while let byte = current {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                advanceASCII()
            case UInt8(ascii: "/"):
                try skipComment()
            default:
                return
            }
        }
    }

    /// Skips one comment starting at the `/` under the cursor; an unterminated block fails at its `/*`.
    private mutating func skipComment() throws(JSONSyntaxError) {
        let start = location
        switch byte(at: location.offset + 1) {
        case UInt8(ascii: "/"):
            advanceASCII()
            advanceASCII()
            while let byte = current, byte != UInt8(ascii: "\n"), byte != UInt8(ascii: "\r") {
                try advanceScalar()
            }
        case UInt8(ascii: "*"):
            advanceASCII()
            advanceASCII()
            while true {
                guard let byte = current else { throw error("unterminated block comment", at: start) }
                if byte == UInt8(ascii: "*"), self.byte(at: location.offset + 1) == UInt8(ascii: "/") {
                    advanceASCII()
                    advanceASCII()
                    return
                }
                try advanceScalar()
            }
        default:
            throw error("expected '//' or '/*' to start a comment")
        }
    }
}
