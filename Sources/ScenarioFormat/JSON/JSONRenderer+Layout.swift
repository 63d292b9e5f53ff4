/// The layout rules: scalars inline, objects one member per line, short scalar arrays on one line.
extension JSONRenderer {
    /// Appends `value`; `column` is how many scalars precede it on its line and `trailer` how many
    /// follow it (a comma), so the one-line decision accounts for the whole line.
    func write(_ value: JSONValue, indentation: String, column: Int, trailer: Int, into out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let bool): out += bool ? "true" : "false"
        case .number(let number): out += number.literal
        case .string(let string): out += string.jsonQuoted
        case .array(let elements): writeArray(elements, indentation: indentation, column: column, trailer: trailer, into: &out)
        case .object(let members): writeObject(members, indentation: indentation, into: &out)
        }
    }

    private func writeArray(_ elements: [JSONNode], indentation: String, column: Int, trailer: Int, into out: inout String) {
        guard !elements.isEmpty else {
            out += "[]"
            return
        }
        if elements.allSatisfy({ $0.value.isScalar }) {
            var line = "["
            for (index, element) in elements.enumerated() {
                if index > 0 { line += ", " }
                write(element.value, indentation: indentation, column: 0, trailer: 0, into: &line)
            }
            line += "]"
            if column + line.unicodeScalars.count + trailer <= maxLineWidth {
                out += line
                return
            }
        }
        let inner = indentation + indentUnit
        let innerWidth = inner.unicodeScalars.count
        out += "[" + newline
        for (index, element) in elements.enumerated() {
            let isLast = index == elements.count - 1
            out += inner
            write(element.value, indentation: inner, column: innerWidth, trailer: isLast ? 0 : 1, into: &out)
            out += isLast ? newline : "," + newline
        }
        out += indentation + "]"
    }

    private func writeObject(_ members: [JSONMember], indentation: String, into out: inout String) {
        guard !members.isEmpty else {
            out += "{}"
            return
        }
        let inner = indentation + indentUnit
        let innerWidth = inner.unicodeScalars.count
        out += "{" + newline
        for (index, member) in members.enumerated() {
            let isLast = index == members.count - 1
            let key = member.key.jsonQuoted + ": "
            out += inner + key
            write(member.value.value, indentation: inner, column: innerWidth + key.unicodeScalars.count, trailer: isLast ? 0 : 1, into: &out)
            out += isLast ? newline : "," + newline
        }
        out += indentation + "}"
    }
}
