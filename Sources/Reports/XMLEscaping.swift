/// Escaping for XML 1.0 text and attribute values, total over any Swift string.
enum XMLEscaping {
    /// Character data: `&`, `<` and `>` as entities (`>` so `]]>` never appears), CR as `&#13;`
    /// so parsers keep it, forbidden characters made visible.
    static func text(_ value: String) -> String {
        escape(value, attribute: false)
    }

    /// A double-quoted attribute value: also `"` and `'`, and TAB, LF, CR as character references,
    /// because attribute-value normalization would turn them into spaces.
    static func attribute(_ value: String) -> String {
        escape(value, attribute: true)
    }

    /// XML 1.0 §2.2: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    /// What a forbidden character becomes: `\x1B`, `\uFFFE`; a document with it would not parse at all.
    static func visible(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return scalar.value < 0x100 ? "\\x" + String(repeating: "0", count: 2 - hex.count) + hex : "\\u" + hex
    }

    private static func escape(_ value: String, attribute: Bool) -> String {
        var output = ""
        output.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\r": output += "&#13;"
            case "\"" where attribute: output += "&quot;"
            case "'" where attribute: output += "&apos;"
            case "\n" where attribute: output += "&#10;"
            case "\t" where attribute: output += "&#9;"
            default:
                if isAllowed(scalar) { output.unicodeScalars.append(scalar) } else { output += visible(scalar) }
            }
        }
        return output
    }
}
