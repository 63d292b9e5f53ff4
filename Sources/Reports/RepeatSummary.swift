import Judge
import Runner

/// Under `run --repeat`: every outcome that differs from the scenario's first run, then each
/// scenario's figures over all its runs (what a soak reports).
public enum RepeatSummary {
    public static func render(_ results: [ScenarioResult], runs: Int) -> [String] {
        let (order, byPath) = grouped(results)
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
        return [header] + lines + figures(order.compactMap { byPath[$0] }, runs: runs)
    }

    static func grouped(_ results: [ScenarioResult]) -> (order: [String], byPath: [String: [ScenarioResult]]) {
        var order: [String] = []
        var byPath: [String: [ScenarioResult]] = [:]
        for result in results {
            if byPath[result.path] == nil { order.append(result.path) }
            byPath[result.path, default: []].append(result)
        }
        return (order, byPath)
    }

    /// One line per scenario that ran:
    /// `a.json: 100 pass; median 2.61 s, slowest 3.10 s; 10000 queries, 20000 frames, 0 kernel drops,
    /// 0 capture-loss errors; sandbox peak memory up to 24.7 MiB`.
    static func figures(_ groups: [[ScenarioResult]], runs: Int) -> [String] {
        var lines: [String] = []
        for group in groups {
            guard let first = group.first, group.contains(where: { $0.figures != nil }) else { continue }
            let figures = group.compactMap(\.figures)
            var outcomes: [String] = []
            for outcome in [Outcome.pass, .fail, .error, .skip] {
                let count = group.filter { $0.outcome == outcome }.count
                if count > 0 { outcomes.append("\(count) \(outcome.rawValue)") }
            }
            let durations = group.map(\.durationMs).sorted()
            let median = durations.count % 2 == 1 ? durations[durations.count / 2]
                : (durations[durations.count / 2 - 1] + durations[durations.count / 2]) / 2
            let captureErrors = group.filter { $0.errorReason?.kind == "capture" }.count
            var capture = [range(figures.map(\.queries), "query", "queries")]
            let frames = figures.compactMap(\.frames)
            if !frames.isEmpty { capture.append(range(frames, "frame")) }
            capture.append(Plural.count(Int(figures.compactMap(\.kernelDrops).reduce(0, +)), "kernel drop"))
            capture.append(Plural.count(captureErrors, "capture-loss error"))
            var line = "  \(TextEscaping.line(first.path)): " + outcomes.joined(separator: ", ")
                + "; median \(Figures.duration(median)), slowest \(Figures.duration(durations.last ?? 0))"
                + "; " + capture.joined(separator: ", ")
            if let peak = figures.compactMap(\.sandboxPeakMemoryBytes).max() {
                line += "; sandbox peak memory up to \(Figures.bytes(peak))"
            }
            lines.append(line)
        }
        return lines.isEmpty ? [] : ["figures over \(Plural.count(runs, "run")):"] + lines
    }

    /// `8 queries`, or `8-10 queries` when runs differ.
    static func range(_ values: [Int], _ singular: String, _ plural: String? = nil) -> String {
        guard let low = values.min(), let high = values.max() else { return Plural.count(0, singular, plural) }
        return low == high ? Plural.count(low, singular, plural) : "\(low)-\(high) \(plural ?? singular + "s")"
    }
}
