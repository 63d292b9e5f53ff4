import DNSWire
import Judge
import Observation
import Runner
import ScenarioFormat
import SystemCalls

/// The one place typed verdicts become sentences; every report uses these. The text is raw: each
/// report escapes it for its own medium (the terminal report with `TextEscaping`, XML and TAP with theirs).
public enum VerdictText {
    public static func describe(_ mismatch: Mismatch) -> String {
        switch mismatch {
        case .queries(let mismatch): describe(mismatch)
        case let .forbidden(pattern, query): "forbid: \(QueryText.short(query)) was sent, and \(pattern) is forbidden"
        case let .count(count, observed):
            "counts: \(Plural.count(observed, "query", "queries")) matched \(count.pattern), expected \(count.bounds)"
        case .timing(let timing): describe(timing)
        case let .lookup(index, label, mismatch): "lookups[\(index)] \(label): \(describe(mismatch))"
        }
    }

    public static func describe(_ mismatch: QueryMismatch) -> String {
        let counts = "expected \(Plural.count(mismatch.expectedCount, "query", "queries")), observed \(mismatch.observedCount)"
        var head = "queries (\(mismatch.order.rawValue)): "
        if let alternative = mismatch.alternative {
            head = "alternatives (\(mismatch.order.rawValue)): none of \(alternative.count) matched; the closest is "
                + "alternative \(alternative.index + 1): "
        }
        let group = mismatch.group.map { "the group \(elementPath($0, in: mismatch.alternative)) (any order)" }
        switch (mismatch.order, mismatch.difference) {
        case (.subsequence, .missing(let pattern, let position)):
            let place = "query \(position + 1) of \(mismatch.expectedCount)" + (group.map { ", in \($0)" } ?? "")
            return head + "expected \(pattern) (\(place)) in order; it was not observed after the earlier matches"
        case (_, .missing(let pattern, _)):
            return head + "\(counts): missing \(pattern)" + (group.map { " of \($0)" } ?? "")
        case (_, .unexpected(let query)):
            return head + "\(counts): unexpected \(QueryText.short(query))" + (group.map { " in the place of \($0)" } ?? "")
        case (_, .count):
            return head + counts
        }
    }

    /// `afterMs: AAAA x. @10.96.0.11 matched AAAA x. @10.96.0.11:53 udp, sent 12.3 ms after the previous query
    /// (A x. @10.96.0.10:53 udp); expected at least 4950 ms`
    public static func describe(_ timing: TimingMismatch) -> String {
        let head = "afterMs" + (timing.alternative.map { " (alternative \($0.index + 1) of \($0.count))" } ?? "") + ": "
        let matched = "\(timing.pattern) matched \(QueryText.short(timing.query))"
        guard let previous = timing.previous, let gap = timing.gapMs else {
            return head + "\(matched), the first query on the wire, so nothing came before it; expected \(timing.bounds) "
                + "after the previous query"
        }
        return head + "\(matched), sent \(Figures.decimal(gap, places: 1)) ms after the previous query "
            + "(\(QueryText.short(previous))); expected \(timing.bounds)"
    }

    /// `queries[1]`, or `alternatives[2][1]` for an element of an alternative.
    static func elementPath(_ index: Int, in alternative: AlternativeChoice?) -> String {
        alternative.map { "alternatives[\($0.index)][\(index)]" } ?? "queries[\(index)]"
    }

    public static func describe(_ mismatch: LookupMismatch) -> String {
        switch mismatch {
        case let .addresses(expected, got, error):
            return "expected addresses \(list(expected)), got \(error.map(\.description) ?? list(got ?? []))"
        case let .addressSet(expected, got, error):
            return "expected addresses \(list(expected)) in any order, got \(error.map(\.description) ?? list(got ?? []))"
        case let .familyAddresses(family, expected, got, error):
            let what = family == .inet ? "IPv4" : "IPv6"
            let only = (got ?? []).filter { address in
                if case .v4 = address { family == .inet } else { family == .inet6 }
            }
            return "expected \(what) addresses \(list(expected)), got \(error.map(\.description) ?? list(only))"
        case let .names(expected, got, error):
            return "expected names \(quoted(expected)), got \(error.map(\.description) ?? quoted(got ?? []))"
        case let .authenticData(expected, got):
            return "expected the AD bit \(expected ? "set" : "clear"), got \(got.map { $0 ? "it set" : "it clear" } ?? "no reply")"
        case let .error(expected, got, addresses):
            return "expected \(expected), got \(got?.description ?? "addresses " + list(addresses ?? []))"
        case let .rcode(expected, got):
            return "expected rcode \(expected), got \(got ?? "no reply")"
        case let .answerCount(expected, got):
            return "expected \(Plural.count(expected, "answer")), got \(got.map { Plural.count($0, "answer") } ?? "no reply")"
        case let .canonname(expected, got):
            return "expected canonname \"\(expected)\", got \(got.map { "\"\($0)\"" } ?? "none")"
        case let .exitCode(expected, got, timedOut):
            if timedOut { return "expected exit code \(expected), but it timed out" }
            switch got {
            case .signaled(let signal)?: return "expected exit code \(expected), but it was \(TerminationStatus.signaled(signal))"
            case .exited(let code)?: return "expected exit code \(expected), got \(code)"
            case nil: return "expected exit code \(expected), got none"
            }
        case let .outputContains(stream, needle, truncated):
            return "\(streamName(stream)) does not contain \"\(needle)\"" + truncationNote(truncated)
        case let .outputLacks(stream, needle):
            return "\(streamName(stream)) contains \"\(needle)\", which it must not"
        case let .outputMatches(stream, pattern, truncated):
            return "\(streamName(stream)) does not match \(pattern.description)" + truncationNote(truncated)
        case let .tookLess(minimum, took):
            return "took \(Figures.duration(took)), expected at least \(minimum) ms"
        case let .tookMore(maximum, took):
            return "took \(Figures.duration(took)), expected at most \(maximum) ms"
        }
    }

    public static func describe(_ reason: ErrorReason) -> String {
        switch reason {
        case .invalid(let message): return message
        case .namespaces(let message): return message
        case let .setup(kind, message):
            return kind == .request ? "the sandbox could not read its request: \(message)" : message
        case .captureLoss(let lost):
            let items = lost.prefix(10).map { query in
                "\(QueryText.question(query.message)) @\(query.server) \(query.transport.rawValue)"
                    + (query.message.id.map { " (id \($0))" } ?? "")
            }
            let more = lost.count > 10 ? "; and \(lost.count - 10) more" : ""
            return "capture loss: the servers received \(Plural.count(lost.count, "query", "queries")) the capture lacks: "
                + items.joined(separator: "; ") + more
        case let .kernelDrops(count, buffer):
            let size = buffer.map { " (its receive buffer is \(Figures.bytes($0)))" } ?? ""
            return "capture loss: the kernel dropped \(Plural.count(Int(count), "packet")) on their way to the capture\(size); "
                + "run as root, or raise net.core.rmem_max (sysctl -w net.core.rmem_max=67108864)"
        case .truncatedFrames(let count):
            return "capture loss: \(Plural.count(count, "frame")) did not fit the capture buffer and lost their end"
        case .incompleteStreams(let streams):
            return "capture loss: \(Plural.count(streams.count, "TCP stream")) with missing segments: "
                + streams.map { "\($0.from) → \($0.to)" }.joined(separator: ", ")
        case let .lookupFailed(index, label, message):
            return "lookups[\(index)] \(label): \(message)"
        case let .noResult(index, label):
            return "lookups[\(index)] \(label): the sandbox reported no result"
        case let .timeout(timeoutMs, graceMs):
            return "timed out: the scenario did not finish within timeoutMs (\(timeoutMs) ms) plus \(graceMs) ms; "
                + "raise timeoutMs if the resolver is expected to wait that long"
        case let .childDied(status, standardError):
            let how = status.map { "ended with \($0)" } ?? "closed its output"
            let tail = String(standardError.suffix(2000))
            return "the sandbox process \(how) before finishing" + (tail.isEmpty ? "" : ":\n\(tail)")
        case .spawn(let message): return "cannot start the sandbox: \(message)"
        case .protocolError(let lines):
            return "the sandbox sent \(Plural.count(lines.count, "line")) that \(lines.count == 1 ? "is" : "are") not an event, "
                + "first: \(lines.first?.text ?? "") (\(lines.first?.reason ?? ""))"
        case .interrupted(let signal):
            return "interrupted by \(SignalName.name(signal) ?? "signal \(signal)") before it finished"
        }
    }

    public static func describe(_ reason: SkipReason) -> String {
        switch reason {
        case .missingRequirement(let command): "requires \(command), which is not on PATH"
        case .clientMissing(let client, let helper, let package):
            "client \(client): \(helper) is not on PATH (install \(package), then make tools)"
        case .clientCannot(let client, let lookup, let label, let reason):
            "client \(client) cannot make lookups[\(lookup)] (\(label)): \(reason)"
        }
    }

    static func streamName(_ stream: OutputStream) -> String {
        stream == .stdout ? "standard output" : "standard error"
    }

    static func truncationNote(_ truncated: Bool) -> String {
        truncated ? " (only the first part of the output was kept)" : ""
    }

    static func list(_ addresses: [IPAddress]) -> String {
        "[" + addresses.map(\.description).joined(separator: ", ") + "]"
    }

    /// `["a.example", "b.example"]`.
    static func quoted(_ names: [String]) -> String {
        "[" + names.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
    }
}

/// Observed queries in text.
public enum QueryText {
    /// `A ycwu314.top.`, or what is known of a message without a question.
    public static func question(_ message: MessageSummary) -> String {
        guard let question = message.question else {
            return message.malformed == nil ? "(no question)" : "(malformed)"
        }
        return "\(question.type) \(question.name)"
    }

    /// `A x. @10.96.0.10:53 udp`
    public static func short(_ query: ObservedQuery) -> String {
        "\(question(query.query.message)) @\(query.query.server) \(query.query.transport.rawValue)"
    }

    /// What came back: `NXDOMAIN`, `NOERROR, truncated`, `unreachable`, `no reply`.
    public static func reply(_ query: ObservedQuery) -> String {
        if query.unreachable != nil { return "unreachable" }
        guard let reply = query.reply else { return "no reply" }
        var text = reply.message.rcode?.description ?? "malformed reply"
        if reply.message.flags.contains(.tc) { text += ", truncated" }
        if reply.message.malformed != nil, reply.message.rcode != nil { text += ", malformed" }
        if query.extraReplies > 0 { text += ", +\(query.extraReplies) more" }
        return text
    }

    /// The flags as `expect.queries` names them: `[rd edns0]`.
    public static func flags(_ query: ObservedQuery) -> String {
        var names = QueryFlag.allCases.filter { query.queryFlags.contains($0) }.map(\.rawValue)
        if query.query.message.malformed != nil { names.append("malformed") }
        return "[" + names.joined(separator: " ") + "]"
    }
}
