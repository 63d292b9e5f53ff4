import Foundation
import Runner

/// One JSON document per run, for tools and dashboards; docs/reports.md describes every field.
/// Pretty-printed with sorted keys, every key always present (null when not applicable), times rounded
/// to microseconds: the same results give the same bytes. Capture frames are not included (see PcapExport).
public enum JSONReport {
    /// Raised when a field changes meaning or disappears; new fields do not change it.
    public static let formatVersion = 1

    public static func render(_ suite: SuiteReport) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(document(suite))) + [0x0A]
    }

    /// The report as values, for callers that want to add to it or encode it differently.
    public static func document(_ suite: SuiteReport) -> Document {
        Document(formatVersion: formatVersion, toolVersion: suite.toolVersion, hostname: suite.hostname,
                 startedAt: ReportTimestamp.iso8601(suite.startedAt), durationSeconds: rounded(suite.durationSeconds),
                 repeatCount: suite.repeatCount, summary: suite.counts, scenarios: suite.results.map(ScenarioEntry.init))
    }

    /// Rounded to three decimals (microseconds for a millisecond value) so output is stable and short;
    /// NaN and infinity, which JSON cannot carry, become 0.
    static func rounded(_ value: Double) -> Double {
        value.isFinite ? (value * 1000).rounded() / 1000 : 0
    }
}
