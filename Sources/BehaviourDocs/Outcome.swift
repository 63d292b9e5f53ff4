import ScenarioFormat

/// A scenario's expected outcome in a few words, for the summary matrix: each checked lookup's
/// result, and how many queries go on the wire.
public enum Outcome {
    /// Lookups summarised before "and N more lookups".
    static let lookupLimit = 3
    /// Addresses of one lookup shown before "+N".
    static let addressLimit = 2

    /// `10.0.0.5 · 1 query`, `EAI_NONAME, ≥ 990 ms · 4 queries`, `exit 0; exit 2 · at least 3 queries`.
    public static func summary(of scenario: Scenario) -> String {
        let parts = [lookups(scenario.lookups), queries(scenario.expect)].filter { !$0.isEmpty }
        return parts.isEmpty ? "—" : parts.joined(separator: " · ")
    }

    static func lookups(_ lookups: [Lookup]) -> String {
        // The same result in a row once, counted: `10.0.0.5 ×3`.
        var runs: [(result: String, count: Int)] = []
        for result in lookups.compactMap(\.expect).map(result) where !result.isEmpty {
            if runs.last?.result == result { runs[runs.count - 1].count += 1 } else { runs.append((result, 1)) }
        }
        let results = runs.map { $0.count == 1 ? $0.result : "\($0.result) ×\($0.count)" }
        guard results.count > lookupLimit else { return results.joined(separator: "; ") }
        return results.prefix(lookupLimit).joined(separator: "; ") + "; and \(results.count - lookupLimit) more"
    }

    static func result(_ expect: LookupExpectation) -> String {
        var parts: [String] = []
        if let addresses = expect.addresses ?? expect.addressSet {
            if addresses.isEmpty {
                parts.append("no address")
            } else {
                let shown = addresses.prefix(addressLimit).map(\.description).joined(separator: ", ")
                parts.append(addresses.count > addressLimit ? "\(shown) +\(addresses.count - addressLimit)" : shown)
            }
        }
        for family in [expect.inetAddresses, expect.inet6Addresses].compactMap({ $0 }) where expect.addresses == nil && expect.addressSet == nil {
            if !family.isEmpty {
                let shown = family.prefix(addressLimit).map(\.description).joined(separator: ", ")
                parts.append(family.count > addressLimit ? "\(shown) +\(family.count - addressLimit)" : shown)
            }
        }
        if let names = expect.names { parts.append(names.prefix(addressLimit).joined(separator: ", ")) }
        if let error = expect.error { parts.append(error) }
        if let rcode = expect.rcode { parts.append(rcode.description) }
        if let authenticData = expect.authenticData { parts.append(authenticData ? "AD" : "no AD") }
        if let exitCode = expect.exitCode { parts.append("exit \(exitCode)") }
        // What a command must print is its result (resolvlab-musl-gai prints addresses or the EAI_* name).
        if !expect.stdoutContains.isEmpty {
            let shown = expect.stdoutContains.prefix(addressLimit).joined(separator: ", ")
            let more = expect.stdoutContains.count > addressLimit ? " +\(expect.stdoutContains.count - addressLimit)" : ""
            parts.append("prints \(shown)\(more)")
        }
        switch (expect.minMs, expect.maxMs) {
        case let (low?, high?): parts.append("\(low)–\(high) ms")
        case let (low?, nil): parts.append("≥ \(low) ms")
        case let (nil, high?): parts.append("≤ \(high) ms")
        case (nil, nil): break
        }
        return parts.joined(separator: ", ")
    }

    static func queries(_ expect: Expectation?) -> String {
        guard let expect else { return "" }
        if let queries = expect.queries {
            let count = queries.reduce(0) { $0 + $1.patterns.count }
            switch expect.order {
            case .exact: return count == 0 ? "no query" : plural(count, "query", "queries")
            case .subsequence: return "at least " + plural(count, "query", "queries")
            case .unordered: return plural(count, "query", "queries") + " in any order"
            }
        }
        if let alternatives = expect.alternatives {
            let counts = alternatives.map { $0.reduce(0) { $0 + $1.patterns.count } }
            let low = counts.min() ?? 0, high = counts.max() ?? 0
            let range = low == high ? plural(low, "query", "queries") : "\(low)–\(high) queries"
            return "one of \(alternatives.count) sequences of \(range)"
        }
        if !expect.forbid.isEmpty { return "never " + plural(expect.forbid.count, "pattern", "patterns") }
        if !expect.counts.isEmpty { return plural(expect.counts.count, "count", "counts") }
        return ""
    }

    static func plural(_ count: Int, _ one: String, _ many: String) -> String { "\(count) \(count == 1 ? one : many)" }
}
