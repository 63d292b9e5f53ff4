/// Comparison that ignores source positions, since parsed and built values never share ranges.
public extension JSONValue {
    /// True when both values have the same shape and content: numbers compare by literal,
    /// objects by their members in order.
    func isStructurallyEqual(to other: JSONValue) -> Bool {
        switch (self, other) {
        case (.null, .null):
            return true
        case (.bool(let a), .bool(let b)):
            return a == b
        case (.number(let a), .number(let b)):
            return a == b
        case (.string(let a), .string(let b)):
            return a == b
        case (.array(let a), .array(let b)):
            return a.count == b.count
                && zip(a, b).allSatisfy { $0.value.isStructurallyEqual(to: $1.value) }
        case (.object(let a), .object(let b)):
            return a.count == b.count
                && zip(a, b).allSatisfy { $0.key == $1.key && $0.value.value.isStructurallyEqual(to: $1.value.value) }
        default:
            return false
        }
    }
}

public extension JSONNode {
    /// Compares the values of two nodes, ignoring every position.
    func isStructurallyEqual(to other: JSONNode) -> Bool {
        value.isStructurallyEqual(to: other.value)
    }
}
