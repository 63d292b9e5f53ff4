import FoundationEssentials
import Runner

/// One JSON document per run, for tools and dashboards; docs/reports.md describes every field.
/// Pretty-printed with sorted keys, every key always present (null when not applicable), times
/// rounded to microseconds: the same results give the same bytes. Frames are in pcap files, not here.
public enum JSONReport {
    /// Raised when a field changes meaning or disappears; new fields do not change it.
    /// 2: typed mismatches, queries with client and reply details, lost queries by endpoint.
    public static let formatVersion = 2

    public static func render(_ suite: SuiteReport) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(document(suite))) + [0x0A]
    }

    /// The report as values, for callers that want to add to it or encode it differently.
    public static func document(_ suite: SuiteReport) -> Document {
        Document(formatVersion: formatVersion, toolVersion: suite.toolVersion, hostname: suite.hostname,
                 startedAt: ReportTimestamp.iso8601(suite.startedAt), durationSeconds: rounded(suite.durationSeconds),
                 repeatCount: suite.repeatCount, interrupted: suite.interruptedBy, summary: suite.counts,
                 scenarios: suite.results.map(ScenarioEntry.init))
    }

    /// Rounded to three decimals (microseconds for a millisecond value) so output is stable and short;
    /// NaN and infinity, which JSON cannot carry, become 0.
    static func rounded(_ value: Double) -> Double {
        value.isFinite ? (value * 1000).rounded() / 1000 : 0
    }
}

/// An optional that is written as `null` when absent, so every object of a kind has the same keys.
@propertyWrapper
public struct Null<Value: Codable & Sendable & Hashable>: Codable, Sendable, Hashable {
    public var wrappedValue: Value?

    public init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        wrappedValue = container.decodeNil() ? nil : try container.decode(Value.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}
