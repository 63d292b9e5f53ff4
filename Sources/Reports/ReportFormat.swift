/// The machine-readable formats `--report FORMAT=FILE` offers, by their flag names.
public enum ReportFormat: String, CaseIterable, Sendable {
    case junit, json, tap, html

    /// The complete file, UTF-8.
    public func render(_ suite: SuiteReport) throws -> [UInt8] {
        switch self {
        case .junit: Array(JUnitReport.render(suite).utf8)
        case .json: try JSONReport.render(suite)
        case .tap: Array(TAPReport.render(suite).utf8)
        case .html: Array(HTMLReport.render(suite).utf8)
        }
    }
}
