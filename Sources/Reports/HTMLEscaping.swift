/// Escaping for HTML text and double- or single-quoted attribute values, total over any Swift string.
/// A DNS name, a scenario name or a command's output can hold anything: `<script>`, quotes, `&`,
/// control characters. Nothing from a result is ever read as markup, and nothing from a result is
/// ever put inside the report's `<script>` (it reads the DOM instead).
enum HTMLEscaping {
    /// One line of text, safe as element content and as an attribute value: control characters and
    /// bidirectional overrides made visible as the terminal report shows them (`\u{1B}`), then
    /// `&`, `<`, `>`, `"` and `'` as character references, and noncharacters (`U+FFFE`, a parse
    /// error in HTML) made visible too.
    static func text(_ value: String) -> String {
        escape(TextEscaping.line(value))
    }

    /// Several lines (a command's output, a reason that spans lines): newlines kept, for `<pre>`.
    static func lines(_ value: String) -> String {
        TextEscaping.lines(value).map(escape).joined(separator: "\n")
    }

    private static func escape(_ value: String) -> String {
        var output = ""
        output.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default:
                if isNoncharacter(scalar) {
                    output += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output
    }

    /// U+FDD0...U+FDEF and the last two code points of every plane.
    static func isNoncharacter(_ scalar: Unicode.Scalar) -> Bool {
        (0xFDD0...0xFDEF).contains(scalar.value) || scalar.value & 0xFFFE == 0xFFFE
    }
}
