import DNSWire
import Observation
import SystemCalls
import ScenarioFormat

/// Checks each lookup's `expect` against its outcome: the same rules for every kind.
public enum LookupChecker {
    /// Every unmet expectation of lookup number `index`; empty when all hold.
    public static func check(_ lookup: Lookup, _ outcome: LookupOutcome, index: Int) -> [Mismatch] {
        guard let expect = lookup.expect else { return [] }
        var found: [LookupMismatch] = []
        if let expected = expect.addresses, outcome.error != nil || outcome.addresses != expected {
            found.append(.addresses(expected: expected, got: outcome.addresses, error: outcome.error))
        }
        if let expected = expect.addressSet,
           outcome.error != nil || outcome.addresses.map(Self.sortedByText) != Self.sortedByText(expected) {
            found.append(.addressSet(expected: expected, got: outcome.addresses, error: outcome.error))
        }
        for (family, expected) in [(HostFamily.inet, expect.inetAddresses), (.inet6, expect.inet6Addresses)] {
            guard let expected else { continue }
            if outcome.error != nil || outcome.addresses.map({ Self.only(family, $0) }) != expected {
                found.append(.familyAddresses(family, expected: expected, got: outcome.addresses, error: outcome.error))
            }
        }
        if let expected = expect.names, outcome.error != nil || outcome.names != expected {
            found.append(.names(expected: expected, got: outcome.names, error: outcome.error))
        }
        if let expected = expect.error, outcome.error?.name != expected {
            found.append(.error(expected: expected, got: outcome.error, addresses: outcome.addresses))
        }
        if let expected = expect.canonname, outcome.canonname != expected {
            found.append(.canonname(expected: expected, got: outcome.canonname))
        }
        if let expected = expect.rcode, outcome.rcode != expected.description {
            found.append(.rcode(expected: expected, got: outcome.rcode))
        }
        if let expected = expect.answerCount, outcome.answerCount != expected {
            found.append(.answerCount(expected: expected, got: outcome.answerCount))
        }
        if let expected = expect.authenticData, outcome.authenticData != expected {
            found.append(.authenticData(expected: expected, got: outcome.authenticData))
        }
        if let expected = expect.exitCode, outcome.timedOut || outcome.exit != .exited(Int32(expected)) {
            found.append(.exitCode(expected: expected, got: outcome.exit, timedOut: outcome.timedOut))
        }
        let streams: [(OutputStream, CapturedOutputView, [String], [String], [TextPattern])] = [
            (.stdout, CapturedOutputView(outcome.standardOutput), expect.stdoutContains, expect.stdoutLacks, expect.stdoutMatches),
            (.stderr, CapturedOutputView(outcome.standardError), expect.stderrContains, expect.stderrLacks, expect.stderrMatches),
        ]
        for (stream, output, contains, lacks, patterns) in streams {
            for needle in contains where !output.text.contains(needle) {
                found.append(.outputContains(stream, needle, truncated: output.truncated))
            }
            for needle in lacks where output.text.contains(needle) {
                found.append(.outputLacks(stream, needle))
            }
            for pattern in patterns where !pattern.matches(in: output.text) {
                found.append(.outputMatches(stream, pattern, truncated: output.truncated))
            }
        }
        if let minimum = expect.minMs, outcome.durationMs < Double(minimum) {
            found.append(.tookLess(minimumMs: minimum, tookMs: outcome.durationMs))
        }
        if let maximum = expect.maxMs, outcome.durationMs > Double(maximum) {
            found.append(.tookMore(maximumMs: maximum, tookMs: outcome.durationMs))
        }
        return found.map { .lookup(index: index, label: lookup.label, $0) }
    }

    /// The addresses of `family`, in their order.
    static func only(_ family: HostFamily, _ addresses: [IPAddress]) -> [IPAddress] {
        addresses.filter { address in
            switch (address, family) {
            case (.v4, .inet), (.v6, .inet6): true
            default: false
            }
        }
    }

    /// The addresses in one fixed order, duplicates kept: two lists are the same multiset when these are equal.
    static func sortedByText(_ addresses: [IPAddress]) -> [IPAddress] {
        addresses.sorted { $0.description < $1.description }
    }

    struct CapturedOutputView {
        var text: String
        var truncated: Bool

        init(_ output: CapturedOutput?) {
            text = output?.text ?? ""
            truncated = output?.isTruncated ?? false
        }
    }
}
