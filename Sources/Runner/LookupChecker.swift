import DNSWire
import ScenarioFormat

/// Checks each lookup's `expect` against its result.
public enum LookupChecker {
    /// Messages for every unmet expectation of lookup number `index`; empty when all hold.
    public static func check(_ lookup: Lookup, _ result: LookupResult, index: Int) -> [String] {
        guard let expect = lookup.expect else { return [] }
        let prefix = "lookups[\(index)] \(lookup.label)"
        var problems: [String] = []
        if let expected = expect.addresses {
            if let error = result.error {
                problems.append("\(prefix): expected addresses \(list(expected.map(\.description))), got \(error)")
            } else {
                let got = result.addresses ?? []
                if got.map({ IPAddress($0) }) != expected.map({ Optional($0) }) {
                    problems.append("\(prefix): expected addresses \(list(expected.map(\.description))), got \(list(got))")
                }
            }
        }
        if let expected = expect.error, result.error.map({ errorName($0) }) != expected {
            let got = result.error ?? "addresses \(list(result.addresses ?? []))"
            problems.append("\(prefix): expected \(expected), got \(got)")
        }
        if let expected = expect.canonname, result.canonname != expected {
            problems.append("\(prefix): expected canonname \"\(expected)\", got \(result.canonname.map { "\"\($0)\"" } ?? "none")")
        }
        if let expected = expect.exitCode {
            if result.timedOut {
                problems.append("\(prefix): expected exit code \(expected), but it timed out")
            } else if let signal = result.signal {
                problems.append("\(prefix): expected exit code \(expected), but it was killed by signal \(signal)")
            } else if result.exitCode != expected {
                problems.append("\(prefix): expected exit code \(expected), got \(result.exitCode.map(String.init) ?? "none")")
            }
        }
        for needle in expect.stdoutContains where !(result.standardOutput ?? "").contains(needle) {
            problems.append("\(prefix): standard output does not contain \"\(needle)\"")
        }
        if let minimum = expect.minMs, result.durationMs < Double(minimum) {
            problems.append("\(prefix): took \(milliseconds(result.durationMs)), expected at least \(minimum) ms")
        }
        if let maximum = expect.maxMs, result.durationMs > Double(maximum) {
            problems.append("\(prefix): took \(milliseconds(result.durationMs)), expected at most \(maximum) ms")
        }
        return problems
    }

    /// `EAI_SYSTEM (Connection refused)` is compared as `EAI_SYSTEM`.
    static func errorName(_ error: String) -> String {
        String(error.prefix { $0 != " " })
    }

    static func list(_ items: [String]) -> String { "[" + items.joined(separator: ", ") + "]" }

    static func milliseconds(_ value: Double) -> String {
        value < 10 ? "\((value * 10).rounded() / 10) ms" : "\(Int(value.rounded())) ms"
    }
}
