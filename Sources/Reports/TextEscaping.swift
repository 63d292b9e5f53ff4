/// Text from scenarios and from what lookups printed, made safe to show: an escape sequence in a
/// scenario name must not repaint a FAIL as a PASS, and a carriage return must not hide a line.
public enum TextEscaping {
    /// One line: every control character (C0, DEL, C1), line and paragraph separators, and the
    /// bidirectional overrides become visible escapes (`\u{1B}`); a backslash stays as it is.
    public static func line(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if needsEscape(scalar, keepingNewlines: false) {
                output += escape(scalar)
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    /// Several lines: newlines are kept (and a tab), everything else as in `line`.
    public static func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line(String($0)) }
    }

    static func needsEscape(_ scalar: Unicode.Scalar, keepingNewlines: Bool) -> Bool {
        switch scalar.value {
        case 0x09: false
        case 0x0A: !keepingNewlines
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF: true
        default: false
        }
    }

    static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0x0A: "\\n"
        case 0x0D: "\\r"
        default: "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        }
    }
}

/// Counted nouns: "1 query", "2 queries".
public enum Plural {
    public static func count(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(count) \(count == 1 ? singular : plural ?? singular + "s")"
    }
}

/// Short numbers for people: milliseconds, byte sizes.
public enum Figures {
    /// `0.7 ms`, `65 ms`, `1.25 s`.
    public static func duration(_ milliseconds: Double) -> String {
        guard milliseconds.isFinite else { return "? ms" }
        if milliseconds >= 1000 { return decimal(milliseconds / 1000, places: 2) + " s" }
        if milliseconds < 10 { return decimal(milliseconds, places: 1) + " ms" }
        return "\(Int(milliseconds.rounded())) ms"
    }

    /// `+1.2 ms` style offsets.
    public static func offset(_ milliseconds: Double) -> String {
        (milliseconds < 0 ? "-" : "+") + decimal(abs(milliseconds), places: 1) + " ms"
    }

    /// `4 MiB`, `208 KiB`, `512 bytes`.
    public static func bytes(_ count: Int) -> String {
        if count >= 1 << 20, count % (1 << 20) == 0 { return "\(count >> 20) MiB" }
        if count >= 1 << 20 { return decimal(Double(count) / Double(1 << 20), places: 1) + " MiB" }
        if count >= 1 << 10 { return "\(count >> 10) KiB" }
        return Plural.count(count, "byte")
    }

    /// A fixed number of decimals without Foundation's locale-aware formatting.
    public static func decimal(_ value: Double, places: Int) -> String {
        guard value.isFinite else { return "0" }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let whole = Int(scaled / scale)
        let fraction = Int(scaled - Double(whole) * scale)
        let sign = value < 0 && scaled > 0 ? "-" : ""
        guard places > 0 else { return sign + "\(whole)" }
        let digits = String(fraction)
        return sign + "\(whole)." + String(repeating: "0", count: places - digits.count) + digits
    }
}
