import FoundationEssentials

/// UTC timestamps in the two ISO 8601 forms the reports use, independent of locale and time zone.
enum ReportTimestamp {
    /// `2025-03-01T12:34:56`: JUnit's `timestamp`, whose schema forbids a zone and fractions (UTC here).
    static func junit(_ date: Date) -> String {
        let parts = components(date)
        return "\(digits(parts.year, 4))-\(digits(parts.month, 2))-\(digits(parts.day, 2))T"
            + "\(digits(parts.hour, 2)):\(digits(parts.minute, 2)):\(digits(parts.second, 2))"
    }

    /// `2025-03-01T12:34:56.789Z`: the JSON report's times.
    static func iso8601(_ date: Date) -> String {
        junit(date) + ".\(digits(components(date).millisecond, 3))Z"
    }

    static func digits(_ value: Int, _ count: Int) -> String {
        let text = String(value)
        return text.count >= count ? text : String(repeating: "0", count: count - text.count) + text
    }

    private static func components(_ date: Date) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int,
                                                     second: Int, millisecond: Int) {
        // Whole milliseconds first, so 59.9996 s never prints as second 59 with 1000 ms.
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded(.down)
        let whole = Date(timeIntervalSince1970: (milliseconds / 1000).rounded(.down))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: whole)
        let millisecond = Int(milliseconds - (milliseconds / 1000).rounded(.down) * 1000)
        return (c.year ?? 1970, c.month ?? 1, c.day ?? 1, c.hour ?? 0, c.minute ?? 0, c.second ?? 0, millisecond)
    }
}
