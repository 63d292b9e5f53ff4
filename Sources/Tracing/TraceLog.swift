import DNSWire
import Observation
import Reports
import SystemCalls

/// The lines `resolvlab trace` prints: one per query and one per reply the moment each arrives
/// from the sandbox, then, once the command has ended, a `no reply` line for each query that never
/// got one and the summary. Every line starts with `;; ` (as dig's comments do), so it stands
/// apart from what the command itself writes to standard error.
///
///     ;;     +0.4 ms  query #1  A api.a.example.                      @10.53.0.1:53 udp
///     ;;     +0.6 ms  reply #1  A api.a.example.                      @10.53.0.1:53 udp  NXDOMAIN  in 0.2 ms
public enum TraceLog {
    public static let prefix = ";; "

    /// What to print for `event`; `observation` already holds it.
    public static func lines(for event: ProbeEvent, in observation: ScenarioObservation) -> [String] {
        switch event {
        case .query(let query):
            return [line(offset: observation.offsetMs(query.at), kind: "query", number: "#\(query.sequence + 1)",
                         question: query.message, server: query.server, transport: query.transport)]
        case .reply(let reply):
            guard let sequence = reply.query, let query = observation.queries.first(where: { $0.query.sequence == sequence })
            else {
                return [line(offset: observation.offsetMs(reply.at), kind: "reply", number: "?", question: reply.message,
                             server: reply.server, transport: reply.transport)
                        + "  \(result(reply.message))  matches no query (id \(reply.message.id.map(String.init) ?? "?"))"]
            }
            let again = query.reply != reply ? ", another reply" : ""
            return [line(offset: observation.offsetMs(reply.at), kind: "reply", number: "#\(sequence + 1)",
                         question: query.query.message, server: query.query.server, transport: query.query.transport)
                    + "  \(result(reply.message))\(again)  in \(Figures.duration(Double(reply.at - query.query.at) / 1000))"]
        case .unreachable(let unreachable):
            guard let sequence = unreachable.query, let query = observation.queries.first(where: { $0.query.sequence == sequence })
            else {
                return [prefix + padded(Figures.offset(observation.offsetMs(unreachable.at)))
                        + "  port unreachable from \(unreachable.server), matches no query"]
            }
            return [line(offset: observation.offsetMs(unreachable.at), kind: "reply", number: "#\(sequence + 1)",
                         question: query.query.message, server: query.query.server, transport: query.query.transport)
                    + "  port unreachable  in \(Figures.duration(Double(unreachable.at - query.query.at) / 1000))"]
        default:
            return []
        }
    }

    /// After the run: a `no reply` line for each query that got none (at the moment the resolver
    /// moved on from it, with how long it waited), then the summary and how the command ended.
    public static func closingLines(_ observation: ScenarioObservation, summary: TraceSummary, command: [String]) -> [String] {
        var lines: [String] = []
        for query in observation.queriesInWireOrder {
            guard let waited = summary.waits[query.query.sequence] else { continue }
            lines.append(line(offset: observation.offsetMs(query.query.at) + waited, kind: "reply",
                              number: "#\(query.query.sequence + 1)", question: query.query.message,
                              server: query.query.server, transport: query.query.transport)
                         + "  no reply  waited \(Figures.duration(waited))")
        }
        lines += summaryText(summary).map { prefix + $0 }
        if let ending = ending(observation, command: command) { lines.append(prefix + ending) }
        return lines
    }

    /// `3 queries, 2 answered, 1 without reply; 2 queries before the first answer; 5.00 s waiting ...`,
    /// then `3 search rounds: api.a.example. → api.b.example. → api.`
    public static func summaryText(_ summary: TraceSummary) -> [String] {
        var parts = ["\(Plural.count(summary.queries, "query", "queries")), \(summary.answered) answered, "
                     + "\(summary.unanswered) without reply"]
        if summary.firstAnswer != nil {
            parts.append("\(Plural.count(summary.queriesBeforeFirstAnswer, "query", "queries")) before the first answer")
        } else if summary.queries > 0 {
            parts.append("no answer with records")
        }
        parts.append("\(Figures.duration(summary.waitingMs)) waiting for replies that never came")
        let names = summary.searchRounds.map { TextEscaping.line($0.description) }
        let rounds = Plural.count(names.count, "search round") + (names.isEmpty ? "" : ": " + names.joined(separator: " → "))
        return [parts.joined(separator: "; "), rounds]
    }

    /// `getent exited 2 after 12 ms`; nil when the command did not run (or could not start).
    static func ending(_ observation: ScenarioObservation, command: [String]) -> String? {
        guard let outcome = observation.outcome(ofLookup: 0) else { return nil }
        let name = TextEscaping.line(command.first ?? "the command")
        let duration = Figures.duration(outcome.durationMs)
        if outcome.failure != nil { return nil }   // the command says why, in one line
        if outcome.timedOut { return "\(name) was still running after \(duration) and was killed (raise --timeout-ms)" }
        switch outcome.exit {
        case .exited(let code): return "\(name) exited \(code) after \(duration)"
        case .signaled: return "\(name) was \(outcome.exit?.description ?? "killed") after \(duration)"
        case nil: return nil
        }
    }

    /// `NXDOMAIN`, `NOERROR, 2 answers`, `NOERROR, 0 answers, truncated`.
    static func result(_ message: MessageSummary) -> String {
        guard let rcode = message.rcode else { return "malformed reply" }
        var text = rcode.description
        if rcode == .NOERROR { text += ", " + Plural.count(message.answerCount ?? 0, "answer") }
        if message.flags.contains(.tc) { text += ", truncated" }
        if message.malformed != nil { text += ", malformed" }
        return text
    }

    static func line(offset: Double, kind: String, number: String, question: MessageSummary, server: SocketAddress,
                     transport: Transport) -> String {
        let asked = TextEscaping.line(QueryText.question(question))
        return prefix + padded(Figures.offset(offset)) + "  \(kind) \(number.padding(3))  "
            + asked.padding(max(36, asked.count + 1)) + " @\(server) \(transport.rawValue)"
    }

    /// Offsets right-aligned, so the columns after them line up up to 9999.9 ms.
    static func padded(_ offset: String) -> String {
        String(repeating: " ", count: max(0, 10 - offset.count)) + offset
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}

extension TraceLog {
    /// What `trace --target` (or `--netns`) says before the first query: what it joined, the
    /// target's hostname and resolv.conf, its interfaces, and what the capture listens to.
    public static func attachHeader(target: AttachTarget, snapshot: TargetSnapshot, ports: [UInt16], passive: Bool,
                                    durationSeconds: Double?) -> [String] {
        var lines: [String] = []
        if let pid = target.pid {
            lines.append("attached to process \(pid): its network, mount and UTS namespaces (nothing in them is changed)")
        } else {
            lines.append("attached to the network namespace \(TextEscaping.line(target.networkNamespace)) (nothing in it is "
                         + "changed; the command sees this machine's files and hostname)")
        }
        if let hostname = snapshot.hostname { lines.append("hostname: " + TextEscaping.line(hostname)) }
        if target.mountNamespace != nil {
            let conf = (snapshot.resolvConf ?? "").split(separator: "\n").map { TextEscaping.line(String($0)) }
            lines.append("resolv.conf: " + (snapshot.resolvConf == nil ? "(none)" : conf.isEmpty ? "(empty)" : conf.joined(separator: " | ")))
        }
        let interfaces = snapshot.interfaces.map { interface in
            ([TextEscaping.line(interface.name)] + interface.addresses.map(\.description)).joined(separator: " ")
        }
        lines.append("interfaces: " + (interfaces.isEmpty ? "(none)" : interfaces.joined(separator: ", ")))
        let portList = ([53] + ports.filter { $0 != 53 }).map(String.init).joined(separator: ", ")
        var capture = "capturing DNS over UDP and TCP, IPv4 and IPv6, port\(ports.contains { $0 != 53 } ? "s" : "") \(portList), on every interface"
        if passive {
            capture += durationSeconds.map { " for \(Figures.duration($0 * 1000))" } ?? " until Ctrl-C"
        }
        lines.append(capture)
        return lines.map { prefix + $0 }
    }

    /// `passive capture: 12.3 s` after a capture without a command.
    public static func passiveEnding(_ observation: ScenarioObservation) -> String? {
        guard let started = observation.started?.at, let finished = observation.finished?.at else { return nil }
        return prefix + "passive capture ended after \(Figures.duration(Double(finished - started) / 1000))"
    }
}
