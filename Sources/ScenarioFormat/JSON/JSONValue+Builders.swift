/// Conveniences so callers can build values without positions (every node gets `SourceRange.zero`).
public extension JSONValue {
    /// An object with `pairs` in order; duplicate keys are kept as given, so avoid them.
    static func object(_ pairs: [(String, JSONValue)]) -> JSONValue {
        .object(pairs.map { JSONMember(key: $0.0, keyRange: .zero, value: JSONNode($0.1)) })
    }

    /// An array of `values` in order.
    static func array(_ values: [JSONValue]) -> JSONValue {
        .array(values.map { JSONNode($0) })
    }

    /// `[]`; spelled out because `.array([])` is ambiguous between the case and the builder.
    static var emptyArray: JSONValue { .array([JSONNode]()) }

    /// `{}`; spelled out because `.object([])` is ambiguous between the case and the builder.
    static var emptyObject: JSONValue { .object([JSONMember]()) }

    init(_ string: String) {
        self = .string(string)
    }

    init(_ int: Int) {
        self = .number(JSONNumber(int))
    }

    init(_ bool: Bool) {
        self = .bool(bool)
    }
}
