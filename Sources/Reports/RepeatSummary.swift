import Runner

/// Under `run --repeat`: every outcome that differs from the scenario's first run.
public enum RepeatSummary {
    public static func render(_ results: [ScenarioResult], runs: Int) -> [String] {
        var order: [String] = []
        var byPath: [String: [ScenarioResult]] = [:]
        for result in results {
            if byPath[result.path] == nil { order.append(result.path) }
            byPath[result.path, default: []].append(result)
        }
        var lines: [String] = []
        for path in order {
            guard let runs = byPath[path], let first = runs.first else { continue }
            let differing = runs.filter { $0.outcome != first.outcome }
            guard !differing.isEmpty else { continue }
            lines.append("  \(path): run 1 \(first.outcome.rawValue); "
                         + "\(differing.count) of \(runs.count) runs differ:")
            for result in differing {
                let why = result.reportMessage
                lines.append("    run \(result.iteration) \(result.outcome.rawValue)\(why.isEmpty ? "" : ": \(why)")")
            }
        }
        let header = lines.isEmpty
            ? "every scenario had the same outcome in all \(runs) runs (\(order.count) scenario\(order.count == 1 ? "" : "s"))"
            : "outcomes that differ from the first run:"
        return [header] + lines
    }
}
