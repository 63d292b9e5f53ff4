import DNSWire
import Observation
import ScenarioFormat

/// One scenario's queries laid out over time, one lane per lookup, for the HTML report.
///
/// The sandbox does not know which lookup sent a query; the only link is time. A query belongs to
/// the lookup that was running when it was sent (between its `lookupStarted` and `lookupEnded`
/// events). When several lookups were running at once (threads, `concurrent` lookups) the query
/// goes to a lane of its own that says so, rather than to a guess; a query sent while no lookup ran
/// (a daemon's own traffic, a late retransmission) goes to a lane for those.
struct HTMLTimeline {
    enum LaneKey: Hashable {
        /// Lookup `index` (of the scenario's `lookups`) was the only one running.
        case lookup(Int)
        /// These lookups were running at once (sorted); empty when there were more than `concurrentLimit`.
        case concurrent([Int])
        /// No lookup was running.
        case outside
    }

    struct Lane {
        var key: LaneKey
        /// The lookup's start and end for a lookup lane; the first and last query's time otherwise.
        var start: Microseconds?
        var end: Microseconds?
        /// Positions in `queriesInWireOrder`, in wire order.
        var queries: [Int] = []
    }

    /// How many lookups a concurrent lane names before it just says "N concurrent lookups".
    static let concurrentLimit = 4

    /// Where offsets count from: as `ScenarioObservation.offsetMs` does.
    var origin: Microseconds
    /// From `origin` to the last lookup end, query or reply; at least 1 ms.
    var span: Microseconds
    var lanes: [Lane]

    init(_ observation: ScenarioObservation, lookupCount: Int) {
        let queries = observation.queriesInWireOrder
        let records = observation.lookups
        let origin = observation.started?.at ?? records.first?.startedAt ?? queries.map(\.query.at).min() ?? 0
        var last = origin
        for record in records { last = max(last, record.endedAt ?? record.startedAt) }
        for query in queries { last = max(last, query.reply?.at ?? query.query.at, query.query.at) }
        self.origin = origin
        span = max(last - origin, 1000)

        // A lane for every lookup the scenario has, and any the sandbox reported beyond them.
        var lookupLanes: [Int: Lane] = [:]
        for index in 0..<lookupCount { lookupLanes[index] = Lane(key: .lookup(index)) }
        for record in records {
            var lane = lookupLanes[record.index] ?? Lane(key: .lookup(record.index))
            lane.start = min(lane.start ?? record.startedAt, record.startedAt)
            if let ended = record.endedAt { lane.end = max(lane.end ?? ended, ended) }
            lookupLanes[record.index] = lane
        }

        // Sweep the queries in time order over the lookups in start order.
        let byTime = queries.indices.sorted { (queries[$0].query.at, $0) < (queries[$1].query.at, $1) }
        let byStart = records.sorted { $0.startedAt < $1.startedAt }
        var next = 0
        var running: [LookupRecord] = []
        var otherLanes: [LaneKey: Lane] = [:]
        for position in byTime {
            let at = queries[position].query.at
            while next < byStart.count, byStart[next].startedAt <= at {
                running.append(byStart[next])
                next += 1
            }
            running.removeAll { ($0.endedAt ?? .max) < at }
            let indices = Array(Set(running.map(\.index))).sorted()
            switch indices.count {
            case 1: lookupLanes[indices[0]]?.queries.append(position)
            default:
                let key: LaneKey = indices.isEmpty ? .outside : .concurrent(indices.count <= Self.concurrentLimit ? indices : [])
                var lane = otherLanes[key] ?? Lane(key: key)
                lane.start = min(lane.start ?? at, at)
                lane.end = max(lane.end ?? at, at)
                lane.queries.append(position)
                otherLanes[key] = lane
            }
        }

        func rank(_ lane: Lane) -> (Microseconds, Int, Int) {
            switch lane.key {
            case .lookup(let index): (lane.start ?? .max, 0, index)
            case .concurrent(let indices): (lane.start ?? .max, 1, indices.first ?? .max)
            case .outside: (lane.start ?? .max, 2, 0)
            }
        }
        lanes = (Array(lookupLanes.values) + Array(otherLanes.values)).map { lane in
            var sorted = lane
            sorted.queries.sort()
            return sorted
        }.sorted { rank($0) < rank($1) }
    }

    /// `at` as a percentage of the span, for CSS, three decimals.
    func percent(_ at: Microseconds) -> Double {
        min(100, max(0, Double(at - origin) * 100 / Double(span)))
    }

    /// Milliseconds from the origin.
    func offsetMs(_ at: Microseconds) -> Double {
        Double(at - origin) / 1000
    }
}

extension HTMLTimeline {
    /// What the report says about each query of a lane beyond the query itself: which attempt at its
    /// question it is (the same type and name asked again by the same sender in the same lane is a retry), and, for
    /// one without a reply, until when it was waited on (the next attempt, or the lane's end).
    struct Attempt: Hashable {
        /// 1 for the first time the lane asks this question.
        var number: Int
        /// The previous attempt went to another server, or over another transport.
        var otherServer: Bool
        var otherTransport: Bool
        /// For a query without a reply: when the same question was next asked, if it was.
        var nextAttemptAt: Microseconds?
    }

    /// The question as a key: type and name, case-insensitively as DNS compares names.
    static func questionKey(_ query: ObservedQuery) -> String? {
        query.query.message.question.map { "\($0.type) \($0.name.description.lowercased())" }
    }

    /// What makes a query another attempt at an earlier one: the same question from the same sender.
    /// With daemons in the scenario, a daemon forwarding a client's question upstream is a hop, not a
    /// retry (it may send from the very address the client does, so the sender is told by the hop).
    static func attemptKey(_ query: ObservedQuery, daemons: [Daemon]) -> String? {
        guard let question = questionKey(query) else { return nil }
        let toDaemon = daemons.contains { $0.address == query.query.server.address }
        let sender = toDaemon ? nil : daemons.first { $0.address == query.query.client.address }?.name
        return sender.map { "\(question) from \($0)" } ?? question
    }

    /// For each position in `lane.queries`, in the same order.
    static func attempts(_ lane: Lane, _ queries: [ObservedQuery], daemons: [Daemon] = []) -> [Attempt] {
        var seen: [String: (count: Int, server: SocketAddress, transport: Transport)] = [:]
        var attempts: [Attempt] = []
        attempts.reserveCapacity(lane.queries.count)
        for position in lane.queries {
            let query = queries[position]
            guard let key = attemptKey(query, daemons: daemons) else {
                attempts.append(Attempt(number: 1, otherServer: false, otherTransport: false))
                continue
            }
            let previous = seen[key]
            attempts.append(Attempt(number: (previous?.count ?? 0) + 1,
                                    otherServer: previous.map { $0.server != query.query.server } ?? false,
                                    otherTransport: previous.map { $0.transport != query.query.transport } ?? false))
            seen[key] = ((previous?.count ?? 0) + 1, query.query.server, query.query.transport)
        }
        var nextAsked: [String: Microseconds] = [:]
        for (offset, position) in lane.queries.enumerated().reversed() {
            guard let key = attemptKey(queries[position], daemons: daemons) else { continue }
            attempts[offset].nextAttemptAt = nextAsked[key]
            nextAsked[key] = queries[position].query.at
        }
        return attempts
    }
}
