/// Entry points of the strict JSON-with-comments parser used for scenario files.
public enum JSONParser {
    /// Deepest nesting of arrays and objects accepted; deeper input throws instead of exhausting the stack.
    public static let maximumDepth = 256

    /// Parses one document (JSON plus comments and trailing commas); total: returns or throws on any bytes.
    public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONNode {
        var reader = JSONReader(bytes: bytes, maximumDepth: maximumDepth)
        return try reader.parseDocument()
    }

    /// Parses the UTF-8 encoding of `text`.
    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONNode {
        try parse(Array(text.utf8))
    }
}
