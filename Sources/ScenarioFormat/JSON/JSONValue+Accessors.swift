/// Typed views of a value, so callers can check a kind without writing a `switch`.
public extension JSONValue {
    var isNull: Bool {
        if case .null = self { true } else { false }
    }

    var boolValue: Bool? {
        if case .bool(let value) = self { value } else { nil }
    }

    var numberValue: JSONNumber? {
        if case .number(let value) = self { value } else { nil }
    }

    var stringValue: String? {
        if case .string(let value) = self { value } else { nil }
    }
}
