/// Arrays and objects, with the single trailing comma, duplicate-key check and depth cap.
extension JSONReader {
    /// Parses the array whose `[` is under the cursor.
    mutating func parseArray() throws(JSONSyntaxError) -> JSONValue {
        try enterContainer()
        defer { depth -= 1 }
        advanceASCII()
        try skipTrivia()
        var elements: [JSONNode] = []
        if current == UInt8(ascii: "]") {
            advanceASCII()
            return .array(elements)
        }
        while true {
            elements.append(try parseValue())
            try skipTrivia()
            switch current {
            case UInt8(ascii: ","):
                advanceASCII()
                try skipTrivia()
                if current == UInt8(ascii: "]") {
                    advanceASCII()
                    return .array(elements)
                }
            case UInt8(ascii: "]"):
                advanceASCII()
                return .array(elements)
            default:
                try fail("expected ',' or ']' after array element")
            }
        }
    }

    /// Parses the object whose `{` is under the cursor; a repeated key fails at its opening quote.
    /// Keys compare as Swift strings (canonical equivalence), since lookups by key could not tell them apart.
    mutating func parseObject() throws(JSONSyntaxError) -> JSONValue {
        try enterContainer()
        defer { depth -= 1 }
        advanceASCII()
        try skipTrivia()
        var members: [JSONMember] = []
        var firstSeen: [String: SourceLocation] = [:]
        if current == UInt8(ascii: "}") {
            advanceASCII()
            return .object(members)
        }
        while true {
            guard current == UInt8(ascii: "\"") else { try fail("expected a double-quoted key or '}'") }
            let keyStart = location
            let key = try parseString()
            let keyRange = SourceRange(start: keyStart, end: location)
            if let first = firstSeen[key] {
                throw error("duplicate key \(key.jsonQuoted) (first defined at \(first))", at: keyStart)
            }
            firstSeen[key] = keyStart
            try skipTrivia()
            guard current == UInt8(ascii: ":") else { try fail("expected ':' after object key") }
            advanceASCII()
            try skipTrivia()
            let value = try parseValue()
            members.append(JSONMember(key: key, keyRange: keyRange, value: value))
            try skipTrivia()
            switch current {
            case UInt8(ascii: ","):
                advanceASCII()
                try skipTrivia()
                if current == UInt8(ascii: "}") {
                    advanceASCII()
                    return .object(members)
                }
            case UInt8(ascii: "}"):
                advanceASCII()
                return .object(members)
            default:
                try fail("expected ',' or '}' after object member")
            }
        }
    }

    /// Counts one more level of nesting, failing at the opening bracket past the cap.
    private mutating func enterContainer() throws(JSONSyntaxError) {
        guard depth < maximumDepth else { throw error("nesting deeper than \(maximumDepth) levels") }
        depth += 1
    }
}
