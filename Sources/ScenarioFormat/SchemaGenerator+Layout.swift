/// The schema file's layout: two-space indentation, and a container on one line when it fits and holds
/// no description (descriptions are what a reader looks for, so each gets its own line).
extension SchemaGenerator {
    static let lineWidth = 120

    /// The whole file, ending in a newline.
    static func text(_ value: JSONValue) -> String {
        var out = ""
        write(value, indentation: "", column: 0, trailer: 0, into: &out)
        return out + "\n"
    }

    /// Appends `value`; `column` scalars precede it on its line and `trailer` follow it (a comma).
    static func write(_ value: JSONValue, indentation: String, column: Int, trailer: Int, into out: inout String) {
        let line = oneLine(value)
        if value.isScalar || (!containsDescription(value) && column + line.unicodeScalars.count + trailer <= lineWidth) {
            out += line
            return
        }
        let inner = indentation + "  "
        switch value {
        case .array(let elements):
            out += "[\n"
            for (index, element) in elements.enumerated() {
                let last = index == elements.count - 1
                out += inner
                write(element.value, indentation: inner, column: inner.count, trailer: last ? 0 : 1, into: &out)
                out += last ? "\n" : ",\n"
            }
            out += indentation + "]"
        case .object(let members):
            out += "{\n"
            for (index, member) in members.enumerated() {
                let last = index == members.count - 1
                let key = member.key.jsonQuoted + ": "
                out += inner + key
                write(member.value.value, indentation: inner, column: inner.count + key.unicodeScalars.count,
                      trailer: last ? 0 : 1, into: &out)
                out += last ? "\n" : ",\n"
            }
            out += indentation + "}"
        default:
            out += line
        }
    }

    /// `{"a": 1, "b": [2, 3]}`.
    static func oneLine(_ value: JSONValue) -> String {
        switch value {
        case .array(let elements):
            "[" + elements.map { oneLine($0.value) }.joined(separator: ", ") + "]"
        case .object(let members):
            "{" + members.map { $0.key.jsonQuoted + ": " + oneLine($0.value.value) }.joined(separator: ", ") + "}"
        default:
            JSONRenderer().render(value)
        }
    }

    static func containsDescription(_ value: JSONValue) -> Bool {
        switch value {
        case .array(let elements): elements.contains { containsDescription($0.value) }
        case .object(let members): members.contains { $0.key == "description" || containsDescription($0.value.value) }
        default: false
        }
    }
}
