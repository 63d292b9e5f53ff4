import DNSWire
import Observation

/// What a traced command cost in DNS terms, from its observation (see the README, "Tracing a
/// command", for the definitions in prose).
public struct TraceSummary: Sendable, Hashable {
    public var queries: Int
    /// Queries that got a reply or an ICMP port unreachable.
    public var answered: Int
    public var unanswered: Int { queries - answered }
    /// The wire sequence of the first query whose reply was NOERROR with at least one answer
    /// record; nil when none was.
    public var firstAnswer: Int?
    /// Distinct names asked, in the order first asked, up to and including the first answered one
    /// (every distinct name when nothing was answered with records).
    public var searchRounds: [DNSName]
    /// Queries on the wire before the first answered one (all of them when none was answered).
    public var queriesBeforeFirstAnswer: Int
    /// How long each query without a reply was waited on (see `waits`), by wire sequence.
    public var waits: [Int: Double]
    /// The time during which at least one query without a reply was being waited on, in
    /// milliseconds: overlapping waits (A and AAAA sent together) count once.
    public var waitingMs: Double

    public init(_ observation: ScenarioObservation) {
        let observed = observation.queriesInWireOrder
        queries = observed.count
        answered = observed.filter { $0.reply != nil || $0.unreachable != nil }.count
        let first = observed.first { Self.hasAnswer($0) }
        firstAnswer = first?.query.sequence
        let considered = first.map { answer in observed.prefix { $0.query.sequence != answer.query.sequence } + [answer] }
            ?? observed[...]
        var names: [DNSName] = []
        for query in considered {
            if let name = query.name, !names.contains(name) { names.append(name) }
        }
        searchRounds = names
        queriesBeforeFirstAnswer = first.map { answer in observed.prefix { $0.query.sequence != answer.query.sequence }.count }
            ?? observed.count
        let end = observation.lookups.compactMap(\.endedAt).max() ?? observation.finished?.at
            ?? observed.map(\.query.at).max() ?? 0
        let waits = Self.waits(observed, end: end)
        self.waits = waits
        waitingMs = Self.union(observed.compactMap { query in
            waits[query.query.sequence].map { (query.query.at, query.query.at + Microseconds($0 * 1000)) }
        })
    }

    /// A reply that ends a search: NOERROR with records in its answer section.
    static func hasAnswer(_ query: ObservedQuery) -> Bool {
        guard let reply = query.reply?.message else { return false }
        return reply.rcode == .NOERROR && (reply.answerCount ?? 0) > 0
    }

    /// For each query without a reply, in milliseconds: the time until the resolver visibly moved
    /// on from it: it asked the same question again (a retry, another server), a reply to that
    /// question arrived from elsewhere, it asked a different name, it asked another question from
    /// another socket (glibc's next lookup; A and AAAA sent together share one), or `end` came
    /// (the command ended).
    static func waits(_ observed: [ObservedQuery], end: Microseconds) -> [Int: Double] {
        var waits: [Int: Double] = [:]
        for (position, query) in observed.enumerated() where query.reply == nil && query.unreachable == nil {
            let question = query.query.message.question
            var until = max(end, query.query.at)
            for later in observed[(position + 1)...] {
                let laterQuestion = later.query.message.question
                if laterQuestion == question || laterQuestion?.name != question?.name
                    || later.query.client != query.query.client {
                    until = min(until, later.query.at)
                    break
                }
            }
            for other in observed where other.query.message.question == question {
                if let reply = other.reply, reply.at > query.query.at { until = min(until, reply.at) }
            }
            waits[query.query.sequence] = Double(until - query.query.at) / 1000
        }
        return waits
    }

    /// The total length of the union of `intervals`, in milliseconds.
    static func union(_ intervals: [(Microseconds, Microseconds)]) -> Double {
        var total: Microseconds = 0
        var current: (start: Microseconds, end: Microseconds)?
        for (start, end) in intervals.sorted(by: { $0.0 < $1.0 }) {
            if let open = current, start <= open.end {
                current = (open.start, max(open.end, end))
            } else {
                if let open = current { total += open.end - open.start }
                current = (start, end)
            }
        }
        if let open = current { total += open.end - open.start }
        return Double(total) / 1000
    }
}

extension TraceSummary {
    /// The summary as the last line of `--json` output, in the events' form (`{"summary":{...}}`);
    /// `firstAnswer` is a wire sequence, as in the `query` events.
    public func jsonLine() -> [UInt8] {
        struct Line: Encodable {
            struct Body: Encodable {
                var queries: Int
                var answered: Int
                var unanswered: Int
                var searchRounds: [String]
                var queriesBeforeFirstAnswer: Int
                var firstAnswer: Int?
                var waitingMs: Double
            }
            var summary: Body
        }
        let body = Line.Body(queries: queries, answered: answered, unanswered: unanswered,
                             searchRounds: searchRounds.map(\.description), queriesBeforeFirstAnswer: queriesBeforeFirstAnswer,
                             firstAnswer: firstAnswer, waitingMs: (waitingMs * 1000).rounded() / 1000)
        return ((try? WireJSON.encode(Line(summary: body))) ?? []) + [0x0A]
    }
}
