import Runner

/// The plain-text explanation of a result that JUnit bodies and TAP diagnostics share with the human report.
extension ScenarioResult {
    /// One line: the first mismatch for a fail, the reason's first line for an error or skip.
    var reportMessage: String {
        switch outcome {
        case .pass: ""
        case .fail: firstMismatch ?? problems.first ?? "an expectation did not hold"
        case .error: reason.flatMap(Self.firstLine) ?? "the scenario could not be judged"
        case .skip: reason.flatMap(Self.firstLine) ?? "skipped"
        }
    }

    /// Expected versus observed, exactly as the human report prints it, without its indentation.
    var diffLines: [String] {
        queryDiff.map { QueryDiffRenderer.render($0, indent: "") } ?? []
    }

    /// Every observed query in wire order, in the human report's format.
    var observedQueryLines: [String] {
        observation?.queries.map(QueryDiffRenderer.describe) ?? []
    }

    /// The full explanation for a JUnit failure/error body: reason, problems, diff, queries, lookups.
    var detailText: String {
        var sections: [[String]] = []
        if let reason { sections.append(reason.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)) }
        if !problems.isEmpty { sections.append(problems) }
        if outcome == .fail, !diffLines.isEmpty { sections.append(diffLines) }
        if let queries = observation?.queries {
            sections.append(["observed queries (\(queries.count)):"] + observedQueryLines.map { "  \($0)" })
        }
        if let lookups = observation?.lookups, !lookups.isEmpty {
            var lines = ["lookups:"]
            for lookup in lookups {
                lines.append("  \(lookup.label): \(HumanReport.lookupSummary(lookup))")
                lines += Self.quoted("stdout", lookup.standardOutput) + Self.quoted("stderr", lookup.standardError)
            }
            sections.append(lines)
        }
        return sections.map { $0.joined(separator: "\n") }.joined(separator: "\n\n")
    }

    /// Longest command output kept in a text body; the JSON report has it whole.
    static let outputLimit = 2000

    private static func quoted(_ label: String, _ text: String?) -> [String] {
        guard let text, !text.isEmpty else { return [] }
        let shown = text.count > outputLimit ? String(text.prefix(outputLimit)) + "\n[... \(text.count - outputLimit) more characters]" : text
        let lines = shown.split(separator: "\n", omittingEmptySubsequences: false)
        // A trailing newline is the usual end of output, not an empty last line worth showing.
        let trimmed = lines.last == "" ? lines.dropLast() : lines[...]
        return ["    \(label):"] + trimmed.map { "      \($0)" }
    }

    private static func firstLine(_ text: String) -> String? {
        text.split(separator: "\n").first.map(String.init)
    }
}
