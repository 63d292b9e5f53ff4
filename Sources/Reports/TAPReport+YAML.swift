/// The small YAML subset TAP diagnostics need: plain keys, double-quoted strings, lists of them.
struct YAMLBlock {
    private(set) var lines: [String] = []

    mutating func scalar(_ key: String, _ value: String) {
        lines.append("\(key): \(Self.quoted(value))")
    }

    /// A number (or other plain YAML value) already in its final form.
    mutating func number(_ key: String, _ value: String) {
        lines.append("\(key): \(value)")
    }

    mutating func list(_ key: String, _ values: [String]) {
        guard !values.isEmpty else {
            lines.append("\(key): []")
            return
        }
        lines.append("\(key):")
        lines += values.map { "  - \(Self.quoted($0))" }
    }

    /// A YAML 1.2 double-quoted scalar: every string is representable, whatever it contains.
    static func quoted(_ value: String) -> String {
        var output = "\""
        for scalar in value.unicodeScalars {
            switch scalar.value {
            case 0x22: output += "\\\""
            case 0x5C: output += "\\\\"
            case 0x0A: output += "\\n"
            case 0x0D: output += "\\r"
            case 0x09: output += "\\t"
            case 0x2028, 0x2029: output += escaped(scalar.value)   // line breaks to YAML 1.1 readers
            case 0x20...0x7E, 0xA0...0xD7FF, 0xE000...0xFEFE, 0xFF00...0xFFFD, 0x10000...0x10FFFF:
                output.unicodeScalars.append(scalar)
            default:
                // YAML's c-printable excludes the rest (C0, DEL, C1, U+FEFF, U+FFFE/FFFF): escape it,
                // as \xNN where possible, which TAP::Parser's YAMLish reads too.
                output += escaped(scalar.value)
            }
        }
        return output + "\""
    }

    private static func escaped(_ value: UInt32) -> String {
        let (prefix, width) = value < 0x100 ? ("\\x", 2) : value < 0x10000 ? ("\\u", 4) : ("\\U", 8)
        let hex = String(value, radix: 16, uppercase: true)
        return prefix + String(repeating: "0", count: max(0, width - hex.count)) + hex
    }
}
