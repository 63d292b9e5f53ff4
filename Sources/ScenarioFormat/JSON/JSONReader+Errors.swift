/// Error construction, kept in one place so every message points at the offending character.
extension JSONReader {
    /// An error at `location`, defaulting to the cursor.
    func error(_ message: String, at location: SourceLocation? = nil) -> JSONSyntaxError {
        JSONSyntaxError(message: message, location: location ?? self.location)
    }

    /// Throws for the byte under the cursor: end of input and invalid UTF-8 win over `message`.
    func fail(_ message: @autoclosure () -> String) throws(JSONSyntaxError) -> Never {
        guard let byte = current else { throw error("unexpected end of input") }
        if byte >= 0x80, scalarLength(at: location.offset) == nil { throw error("invalid UTF-8") }
        throw error(message())
    }

    /// The character under the cursor as a message shows it: `','` for printable ASCII, `U+00A0` otherwise.
    func describeCurrent() -> String {
        guard let scalar = scalar(at: location.offset) else { return "end of input" }
        switch scalar.value {
        case 0x27: return "\"'\""
        case 0x21...0x7E: return "'\(Character(scalar))'"
        default: return "U+\(scalar.value.jsonHex4)"
        }
    }
}
