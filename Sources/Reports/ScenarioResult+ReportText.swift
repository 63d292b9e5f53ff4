import Judge
import Observation
import Runner

/// The plain-text explanation of a result that JUnit bodies and TAP diagnostics share with the human report.
extension ScenarioResult {
    /// One line: the first mismatch for a fail, the reason's first line for an error or skip.
    var reportMessage: String {
        switch verdict {
        case .pass: ""
        case .fail(let mismatches): mismatches.first.map(VerdictText.describe) ?? "an expectation did not hold"
        case .error(let reason): Self.firstLine(VerdictText.describe(reason))
        case .skip(let reason): VerdictText.describe(reason)
        }
    }

    /// Every unmet expectation, one line each.
    var problemLines: [String] { mismatches.map(VerdictText.describe) }

    /// Expected versus observed, exactly as the human report prints it, without its indentation.
    var diffLines: [String] {
        queryDiff.map {
            QueryDiffRenderer.render($0, indent: "", observation: observation, alternative: queryAlternative, daemons: scenario?.daemons ?? [])
        } ?? []
    }

    /// Every observed query in wire order, in the human report's format.
    var observedQueryLines: [String] {
        guard let observation else { return [] }
        return observation.queriesInWireOrder.map { QueryDiffRenderer.describe($0, in: observation, daemons: scenario?.daemons ?? []) }
    }

    /// The full explanation for a JUnit failure/error body: reason, problems, diff, queries, lookups
    /// with their output.
    var detailText: String {
        var sections: [[String]] = []
        if case .error(let reason) = verdict { sections.append(VerdictText.describe(reason).split(separator: "\n").map(String.init)) }
        if !problemLines.isEmpty { sections.append(problemLines) }
        if outcome == .fail, !diffLines.isEmpty { sections.append(diffLines) }
        if let observation {
            sections.append(["observed \(Plural.count(observation.queries.count, "query", "queries")):"] + observedQueryLines.map { "  \($0)" })
            var lines = ["lookups:"]
            for (index, lookup) in (scenario?.lookups ?? []).enumerated() {
                guard let outcome = observation.outcome(ofLookup: index) else {
                    lines.append("  \(TextEscaping.line(lookup.label)): no result")
                    continue
                }
                lines.append("  \(TextEscaping.line(lookup.label)): \(HumanReport.lookupSummary(outcome))")
                lines += HumanReport.outputLines(outcome, label: lookup.label, indent: "    ", showLabel: false)
            }
            if lines.count > 1 { sections.append(lines) }
        }
        return sections.map { $0.joined(separator: "\n") }.joined(separator: "\n\n")
    }

    static func firstLine(_ text: String) -> String {
        text.split(separator: "\n").first.map(String.init) ?? ""
    }
}
