import Foundation
import Runner
import ScenarioFormat

/// The terminal report: one line per scenario; details for failures and errors (and for
/// everything with --verbose); a summary line.
public struct HumanReport: Sendable {
    public enum Verbosity: Sendable { case quiet, normal, verbose }

    public var verbosity: Verbosity
    public var colour: TerminalColour

    public init(verbosity: Verbosity, colour: TerminalColour = TerminalColour(enabled: false)) {
        self.verbosity = verbosity
        self.colour = colour
    }

    /// The lines for one scenario (none for a pass under --quiet).
    public func lines(for result: ScenarioResult) -> [String] {
        let show = verbosity == .verbose || result.outcome == .fail || result.outcome == .error
        if verbosity == .quiet && !show { return [] }
        var lines = [headline(result)]
        if show {
            lines += details(result)
        } else if result.outcome == .skip, let reason = result.reason {
            lines.append("      \(reason)")
        }
        return lines
    }

    public func headline(_ result: ScenarioResult) -> String {
        let label = result.outcome.rawValue.uppercased().padding(toLength: 5, withPad: " ", startingAt: 0)
        let painted = switch result.outcome {
        case .pass: colour.paint(label, .green)
        case .fail: colour.paint(label, .red)
        case .error: colour.paint(label, .magenta)
        case .skip: colour.paint(label, .yellow)
        }
        var text = "\(painted) \(result.name)"
        if result.iteration > 1 { text += " #\(result.iteration)" }
        if result.name != result.path { text += "  (\(result.path))" }
        if let queries = result.observation?.queries, result.outcome == .pass || result.outcome == .fail {
            text += "  \(queries.count) quer\(queries.count == 1 ? "y" : "ies")"
        }
        text += "  \(Self.duration(result.durationMs))"
        return text
    }

    public func details(_ result: ScenarioResult) -> [String] {
        var lines: [String] = []
        if let reason = result.reason {
            lines += reason.split(separator: "\n", omittingEmptySubsequences: false).map { "      \($0)" }
        }
        for problem in result.problems { lines.append("      \(problem)") }
        if let diff = result.queryDiff, result.outcome == .fail || verbosity == .verbose {
            lines += QueryDiffRenderer.render(diff, indent: "      ", colour: colour)
        } else if verbosity == .verbose, let queries = result.observation?.queries {
            lines += queries.map { "        \(QueryDiffRenderer.describe($0))" }
        }
        if verbosity == .verbose, let observation = result.observation {
            for lookup in observation.lookups {
                lines.append("      lookup \(lookup.label): \(Self.lookupSummary(lookup))")
            }
            if let capture = observation.capture {
                var text = "      capture on \(capture.interface): drained in \(Self.duration(capture.drainMilliseconds)) "
                    + "(\(capture.sentinelsSent) sentinel\(capture.sentinelsSent == 1 ? "" : "s"))"
                if let stats = capture.statistics {
                    text += ", pcap_stats recv \(stats.received) drop \(stats.dropped) ifdrop \(stats.interfaceDropped)"
                }
                lines.append(text)
            }
        }
        return lines
    }

    public static func lookupSummary(_ lookup: LookupResult) -> String {
        var parts: [String] = []
        if let addresses = lookup.addresses { parts.append("[" + addresses.joined(separator: ", ") + "]") }
        if let error = lookup.error { parts.append(error) }
        if let canonname = lookup.canonname { parts.append("canonname \(canonname)") }
        if let code = lookup.exitCode { parts.append("exit \(code)") }
        if let signal = lookup.signal { parts.append("signal \(signal)") }
        if lookup.timedOut { parts.append("timed out") }
        if let failure = lookup.failure { parts.append(failure) }
        parts.append("in \(duration(lookup.durationMs))")
        return parts.joined(separator: ", ")
    }

    /// `42 passed, 1 failed, 0 errors, 3 skipped in 1.8 s`
    public static func summary(_ results: [ScenarioResult], seconds: Double) -> String {
        let counts = SuiteReport.Counts(results)
        return "\(counts.passed) passed, \(counts.failed) failed, \(counts.errors) error\(counts.errors == 1 ? "" : "s"), "
            + "\(counts.skipped) skipped in \(String(format: "%.1f", seconds)) s"
    }

    public static func duration(_ milliseconds: Double) -> String {
        milliseconds >= 1000 ? String(format: "%.2f s", milliseconds / 1000) : String(format: "%.0f ms", milliseconds)
    }
}

/// Expected versus observed, unified-diff style: ` ` matched, `-` expected but not observed,
/// `+` observed but not expected. Observed lines carry offset, server, transport and reply.
public enum QueryDiffRenderer {
    public static func render(_ lines: [QueryDiffLine], indent: String,
                              colour: TerminalColour = TerminalColour(enabled: false)) -> [String] {
        var output = ["\(indent)--- expected", "\(indent)+++ observed"]
        for line in lines {
            switch line {
            case .match(_, let query): output.append("\(indent)  \(describe(query))")
            case .missing(let pattern): output.append(indent + colour.paint("- \(pattern)", .red))
            case .unexpected(let query): output.append(indent + colour.paint("+ \(describe(query))", .green))
            }
        }
        return output
    }

    /// `A ycwu314.top.  @10.96.0.10:53 udp  NXDOMAIN  +1.2 ms`
    public static func describe(_ query: ObservedQuery) -> String {
        let server = query.server.contains(":") ? "[\(query.server)]:\(query.serverPort)" : "\(query.server):\(query.serverPort)"
        let text = "\(query.type) \(query.name)".padding(toLength: max(44, query.type.count + query.name.count + 2), withPad: " ", startingAt: 0)
        return "\(text)@\(server) \(query.transport.rawValue)  \(query.replySummary)  "
            + String(format: "%+.1f ms", query.offsetMs) + "  [\(query.flags.joined(separator: " "))]"
    }
}
