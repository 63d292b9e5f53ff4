/// A value together with where it was written, so errors and edits can point at it.
public struct JSONNode: Hashable, Sendable {
    public var value: JSONValue
    /// From the first byte of the value to just past its last byte (closing quote or bracket included).
    public var range: SourceRange

    public init(value: JSONValue, range: SourceRange) {
        self.value = value
        self.range = range
    }

    /// A node built in code, with `SourceRange.zero`.
    public init(_ value: JSONValue) {
        self.init(value: value, range: .zero)
    }
}

/// One `"key": value` pair of an object, with the key's own position for "unknown key" messages.
public struct JSONMember: Hashable, Sendable {
    public var key: String
    /// The key including its quotes.
    public var keyRange: SourceRange
    public var value: JSONNode

    public init(key: String, keyRange: SourceRange, value: JSONNode) {
        self.key = key
        self.keyRange = keyRange
        self.value = value
    }
}
