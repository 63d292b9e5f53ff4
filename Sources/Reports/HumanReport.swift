import Judge
import Observation
import Runner
import ScenarioFormat
import SystemCalls

/// The terminal report: one line per scenario; details for failures and errors (and for
/// everything with --verbose); a summary line. Everything that comes from a scenario file or a
/// lookup's output is escaped, so it cannot move the cursor or recolour a verdict.
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
        } else if case .skip(let reason) = result.verdict {
            lines.append("      \(TextEscaping.line(VerdictText.describe(reason)))")
        }
        return lines
    }

    public func headline(_ result: ScenarioResult) -> String {
        let label = Self.padded(result.outcome.rawValue.uppercased(), to: 5)
        let painted = switch result.outcome {
        case .pass: colour.paint(label, .green)
        case .fail: colour.paint(label, .red)
        case .error: colour.paint(label, .magenta)
        case .skip: colour.paint(label, .yellow)
        }
        var text = "\(painted) \(TextEscaping.line(result.name))"
        if let client = result.client { text += " [\(client.rawValue)]" }
        if result.iteration > 1 { text += " #\(result.iteration)" }
        if result.name != result.path { text += "  (\(TextEscaping.line(result.path)))" }
        if let figures = result.figures, result.outcome == .pass || result.outcome == .fail {
            text += "  \(Plural.count(figures.queries, "query", "queries"))"
        }
        text += "  \(Self.duration(result.durationMs))"
        return text
    }

    public func details(_ result: ScenarioResult) -> [String] {
        var lines: [String] = []
        let indent = "      "
        switch result.verdict {
        case .error(let reason):
            lines += TextEscaping.lines(VerdictText.describe(reason)).map { indent + $0 }
        case .fail(let mismatches):
            lines += mismatches.map { indent + TextEscaping.line(VerdictText.describe($0)) }
        case .skip(let reason):
            lines.append(indent + TextEscaping.line(VerdictText.describe(reason)))
        case .pass:
            break
        }
        if let diff = result.queryDiff, result.outcome == .fail || verbosity == .verbose {
            lines += QueryDiffRenderer.render(diff, indent: indent, colour: colour, observation: result.observation,
                                              alternative: result.queryAlternative, daemons: result.scenario?.daemons ?? [])
        } else if verbosity == .verbose || result.outcome == .error, let observation = result.observation,
                  !observation.queries.isEmpty {
            lines.append(indent + "observed \(Plural.count(observation.queries.count, "query", "queries")):")
            let daemons = result.scenario?.daemons ?? []
            lines += observation.queriesInWireOrder.map {
                indent + "  " + TextEscaping.line(QueryDiffRenderer.describe($0, in: observation, daemons: daemons))
            }
        }
        if let observation = result.observation {
            let showAll = verbosity == .verbose
            for reply in observation.unmatchedReplies.prefix(20) where showAll || result.outcome != .pass {
                lines.append(indent + "reply to no query: " + TextEscaping.line(QueryDiffRenderer.describe(unmatched: reply, in: observation)))
            }
            // Output of the lookups that failed (all of them with -v); for an error, of the first few.
            let failedLookups = Set(result.mismatches.compactMap { mismatch -> Int? in
                if case .lookup(let index, _, _) = mismatch { index } else { nil }
            })
            var shown = 0, withheld = 0
            for (index, lookup) in (result.scenario?.lookups ?? []).enumerated() {
                guard let outcome = observation.outcome(ofLookup: index) else { continue }
                if showAll { lines.append(indent + TextEscaping.line("lookup \(lookup.label): \(Self.lookupSummary(outcome))")) }
                guard showAll || failedLookups.contains(index) || result.outcome == .error else { continue }
                let output = Self.outputLines(outcome, label: lookup.label, indent: indent, showLabel: !showAll)
                guard !output.isEmpty else { continue }
                if !showAll, shown == Self.outputBlockLimit {
                    withheld += 1
                    continue
                }
                lines += output
                shown += 1
            }
            if withheld > 0 {
                lines.append(indent + "(the output of \(Plural.count(withheld, "more lookup")) is not shown; -v shows it)")
            }
            if showAll { lines += captureLines(observation, indent: indent) }
        }
        return lines
    }

    func captureLines(_ observation: ScenarioObservation, indent: String) -> [String] {
        guard let started = observation.started else { return [] }
        var text = indent + "capture on \(started.interface)"
        if let finished = observation.finished {
            text += ": drained in \(Self.duration(finished.drainMs)) (\(Plural.count(finished.sentinelsSent, "sentinel")))"
        }
        if let statistics = observation.statistics {
            text += ", \(Plural.count(statistics.frames, "frame")), kernel drops \(statistics.kernelDrops)"
        }
        text += ", receive buffer \(Figures.bytes(started.receiveBufferBytes))"
        if let finished = observation.finished { text += ", sandbox peak memory \(Figures.bytes(finished.peakMemoryBytes))" }
        var lines = [text]
        if !started.timestampsAtArrival {
            lines.append(indent + "the kernel was not yet stamping frames on arrival: times are when frames were read")
        }
        return lines
    }

    /// How many lookups' output a report shows without -v.
    static let outputBlockLimit = 5
    /// How many addresses a lookup summary lists before "and N more".
    static let addressLimit = 10

    /// `[10.0.0.5], in 3 ms`, `EAI_NONAME, in 2 ms`, `exit code 0, in 12 ms`.
    public static func lookupSummary(_ outcome: LookupOutcome) -> String {
        var parts: [String] = []
        if let addresses = outcome.addresses {
            var listed = addresses.prefix(addressLimit).map(\.description)
            if addresses.count > addressLimit { listed.append("and \(addresses.count - addressLimit) more") }
            parts.append("[" + listed.joined(separator: ", ") + "]")
        }
        if let names = outcome.names { parts.append("names [" + names.joined(separator: ", ") + "]") }
        if let error = outcome.error { parts.append(error.description) }
        if let canonname = outcome.canonname { parts.append("canonname \(canonname)") }
        if let rcode = outcome.rcode { parts.append("rcode \(rcode)") }
        if let answerCount = outcome.answerCount { parts.append(Plural.count(answerCount, "answer")) }
        if let authenticData = outcome.authenticData { parts.append(authenticData ? "AD set" : "AD clear") }
        if let exit = outcome.exit { parts.append(exit.description) }
        if outcome.timedOut { parts.append("timed out") }
        if let failure = outcome.failure { parts.append(failure) }
        parts.append("in \(duration(outcome.durationMs))")
        return parts.joined(separator: ", ")
    }

    /// A command's standard output and error, escaped, at most `lineLimit` lines each.
    static func outputLines(_ outcome: LookupOutcome, label: String, indent: String, showLabel: Bool) -> [String] {
        var lines: [String] = []
        for (name, output) in [("stdout", outcome.standardOutput), ("stderr", outcome.standardError)] {
            let excerpt = OutputExcerpt(output)
            guard !excerpt.lines.isEmpty else { continue }
            let owner = showLabel ? "\(TextEscaping.line(label)) " : ""
            lines.append(indent + "\(owner)\(name):")
            lines += excerpt.lines.map { indent + "  | " + $0 }
            if let note = excerpt.note { lines.append(indent + "  " + note) }
        }
        return lines
    }

    /// `42 passed, 1 failed, 0 errors, 3 skipped in 1.8 s`
    public static func summary(_ results: [ScenarioResult], seconds: Double) -> String {
        let counts = SuiteReport.Counts(results)
        return "\(counts.passed) passed, \(counts.failed) failed, \(Plural.count(counts.errors, "error")), "
            + "\(counts.skipped) skipped in \(Figures.decimal(seconds, places: 1)) s"
    }

    public static func duration(_ milliseconds: Double) -> String {
        Figures.duration(milliseconds)
    }

    /// `text` followed by blanks up to `width` characters.
    static func padded(_ text: String, to width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}

/// The part of a command's output a text report shows: escaped, at most 40 lines and 4000
/// characters, with a note saying what was left out.
struct OutputExcerpt {
    static let lineLimit = 40
    static let characterLimit = 4000

    var lines: [String] = []
    var note: String?

    init(_ output: CapturedOutput?) {
        guard let output, output.totalBytes > 0 else { return }
        var text = output.text
        var omittedCharacters = 0
        if text.count > Self.characterLimit {
            omittedCharacters = text.count - Self.characterLimit
            text = String(text.prefix(Self.characterLimit))
        }
        var all = TextEscaping.lines(text)
        // A trailing newline is the usual end of output, not an empty last line worth showing.
        if all.last == "" { all.removeLast() }
        lines = Array(all.prefix(Self.lineLimit))
        var omitted: [String] = []
        if all.count > Self.lineLimit { omitted.append(Plural.count(all.count - Self.lineLimit, "more line")) }
        if omittedCharacters > 0 { omitted.append(Plural.count(omittedCharacters, "more character")) }
        if output.isTruncated {
            omitted.append("\(Figures.bytes(output.totalBytes - output.bytes.count)) beyond the \(Figures.bytes(output.bytes.count)) kept")
        }
        if !omitted.isEmpty { note = "[... " + omitted.joined(separator: ", ") + " not shown]" }
    }
}

/// Expected versus observed, unified-diff style: ` ` matched, `-` expected but not observed,
/// `+` observed but not expected. Observed lines carry server, transport, reply, offset and flags.
public enum QueryDiffRenderer {
    /// Under `expect.alternatives` the header names the alternative compared with.
    public static func render(_ lines: [QueryDiffLine], indent: String, colour: TerminalColour = TerminalColour(enabled: false),
                              observation: ScenarioObservation?, alternative: AlternativeChoice? = nil,
                              daemons: [Daemon] = []) -> [String] {
        let expected = alternative.map { "--- expected: alternative \($0.index + 1) of \($0.count)" } ?? "--- expected"
        var output = ["\(indent)\(expected)", "\(indent)+++ observed"]
        for line in lines {
            switch line {
            case .match(_, let query):
                output.append("\(indent)  \(TextEscaping.line(describe(query, in: observation, daemons: daemons)))")
            case .missing(let pattern): output.append(indent + colour.paint("- \(TextEscaping.line(pattern.description))", .red))
            case .unexpected(let query):
                output.append(indent + colour.paint("+ \(TextEscaping.line(describe(query, in: observation, daemons: daemons)))", .green))
            }
        }
        return output
    }

    /// `A ycwu314.top.  @10.96.0.10:53 udp  NXDOMAIN  +1.2 ms  [rd]`, then the hop when the scenario
    /// has daemons (`  client → dnsmasq`).
    public static func describe(_ query: ObservedQuery, in observation: ScenarioObservation?, daemons: [Daemon] = []) -> String {
        let question = QueryText.question(query.query.message)
        let padded = HumanReport.padded(question, to: max(44, question.count + 2))
        let offset = observation.map { Figures.offset($0.offsetMs(query.query.at)) } ?? ""
        let hop = Daemon.hop(client: query.query.client, server: query.query.server, daemons: daemons).map { "  \($0)" } ?? ""
        return "\(padded)@\(query.query.server) \(query.query.transport.rawValue)  \(QueryText.reply(query))  "
            + "\(offset)  \(QueryText.flags(query))\(hop)"
    }

    /// A reply that matched no query.
    public static func describe(unmatched reply: WireReply, in observation: ScenarioObservation) -> String {
        let question = QueryText.question(reply.message)
        return "\(question) from \(reply.server) to \(reply.client) \(reply.transport.rawValue)  "
            + "\(reply.message.rcode?.description ?? "malformed")  id \(reply.message.id.map(String.init) ?? "?")  "
            + Figures.offset(observation.offsetMs(reply.at))
    }
}
