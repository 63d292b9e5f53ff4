import Runner

/// TAP version 14 (testanything.org/tap-version-14-specification.html): a plan, one test point per
/// result, a YAML diagnostic block for every fail, error and skip.
public enum TAPReport {
    public static func render(_ suite: SuiteReport) -> String {
        var lines = ["TAP version 14", "1..\(suite.results.count)"]
        for (index, result) in suite.results.enumerated() {
            let description = escapeDescription(suite.displayName(of: result))
            switch result.outcome {
            case .pass:
                lines.append("ok \(index + 1) - \(description)")
            case .skip:
                lines.append("ok \(index + 1) - \(description) # SKIP \(oneLine(result.reportMessage))")
                lines += diagnostics(result, in: suite)
            case .fail, .error:
                lines.append("not ok \(index + 1) - \(description)")
                lines += diagnostics(result, in: suite)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The YAML block under a test point: indented two spaces, between `---` and `...`.
    static func diagnostics(_ result: ScenarioResult, in suite: SuiteReport) -> [String] {
        var yaml = YAMLBlock()
        yaml.scalar("path", result.path)
        yaml.scalar("outcome", result.outcome.rawValue)
        if let kind = result.errorReason?.kind { yaml.scalar("errorKind", kind) }
        if suite.isRepeated { yaml.number("iteration", "\(result.iteration)") }
        yaml.number("durationMs", JSONReport.rounded(result.durationMs).description)
        yaml.scalar("message", result.reportMessage)
        // The whole reason only when the message (its first line) does not already say it all.
        if case .error(let reason) = result.verdict, VerdictText.describe(reason) != result.reportMessage {
            yaml.scalar("reason", VerdictText.describe(reason))
        }
        if !result.problemLines.isEmpty { yaml.list("problems", result.problemLines) }
        if result.outcome == .fail, !result.diffLines.isEmpty { yaml.list("diff", result.diffLines) }
        if result.outcome != .skip, result.observation != nil { yaml.list("queries", result.observedQueryLines) }
        if result.outcome != .skip, let observation = result.observation {
            var output: [String] = []
            for (index, lookup) in (result.scenario?.lookups ?? []).enumerated() {
                guard let outcome = observation.outcome(ofLookup: index) else { continue }
                output += HumanReport.outputLines(outcome, label: lookup.label, indent: "", showLabel: true)
            }
            if !output.isEmpty { yaml.list("output", output) }
        }
        return ["  ---"] + yaml.lines.map { "  \($0)" } + ["  ..."]
    }

    /// TAP 14: `\` and `#` in a description are escaped with a backslash; a test point is one line.
    static func escapeDescription(_ text: String) -> String {
        var output = ""
        for character in oneLine(text) {
            if character == "\\" || character == "#" { output.append("\\") }
            output.append(character)
        }
        return output
    }

    /// Line breaks and tabs become spaces, other controls and noncharacters U+FFFD, so nothing can start
    /// a new TAP line, hide in a terminal or trip a strict UTF-8 reader.
    static func oneLine(_ text: String) -> String {
        var output = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09, 0x0A, 0x0D, 0x85, 0x2028, 0x2029: output += " "
            case 0x00...0x1F, 0x7F...0x9F, 0xFEFF, 0xFFFE, 0xFFFF: output += "\u{FFFD}"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }
}
