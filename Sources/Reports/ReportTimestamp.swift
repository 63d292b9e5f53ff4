import Foundation

/// UTC timestamps in the two ISO 8601 forms the reports use, independent of locale and time zone.
enum ReportTimestamp {
    /// `2025-03-01T12:34:56`: JUnit's `timestamp`, whose schema forbids a zone and fractions (UTC here).
    static func junit(_ date: Date) -> String {
        let parts = components(date)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d", parts.year, parts.month, parts.day,
                      parts.hour, parts.minute, parts.second)
    }

    /// `2025-03-01T12:34:56.789Z`: the JSON report's times.
    static func iso8601(_ date: Date) -> String {
        let parts = components(date)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.year, parts.month, parts.day,
                      parts.hour, parts.minute, parts.second, parts.millisecond)
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
