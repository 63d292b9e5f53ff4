import DNSWire

/// One query seen on the wire, with what came back.
public struct ObservedQuery: Sendable, Hashable {
    public var query: WireQuery
    /// The first reply that matched it.
    public var reply: WireReply?
    /// Further replies that matched it (a server answering twice, a duplicate on the wire).
    public var extraReplies: Int
    /// ICMP port unreachable came back: nothing listens at the server address (a `closed` server).
    public var unreachable: PortUnreachable?

    public init(query: WireQuery, reply: WireReply? = nil, extraReplies: Int = 0, unreachable: PortUnreachable? = nil) {
        self.query = query
        self.reply = reply
        self.extraReplies = extraReplies
        self.unreachable = unreachable
    }

    public var type: DNSType? { query.message.question?.type }
    public var name: DNSName? { query.message.question?.name }
}

/// What one lookup did, as far as it got.
public struct LookupRecord: Sendable, Hashable {
    public var index: Int
    public var startedAt: Microseconds
    public var endedAt: Microseconds?
    public var outcome: LookupOutcome?

    public init(index: Int, startedAt: Microseconds, endedAt: Microseconds? = nil, outcome: LookupOutcome? = nil) {
        self.index = index
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.outcome = outcome
    }
}

/// Everything one sandbox child reported, assembled from its events as they arrive: if the child
/// dies half-way, this still holds every event up to that point.
public struct ScenarioObservation: Sendable {
    public var started: SandboxStarted?
    /// In the order the capture read them; `sequence` is the index.
    public private(set) var queries: [ObservedQuery] = []
    /// Replies no query matched: a wrong ID, a changed question, an answer nobody asked for.
    public private(set) var unmatchedReplies: [WireReply] = []
    public private(set) var unmatchedUnreachable: [PortUnreachable] = []
    public private(set) var lookups: [LookupRecord] = []
    public private(set) var lost: [LostQuery] = []
    public private(set) var incompleteStreams: [IncompleteStream] = []
    public private(set) var statistics: CaptureStatistics?
    public private(set) var setupFailure: SetupFailure?
    public private(set) var finished: Finished?
    public private(set) var lastActivity: Activity?
    /// Lines on the pipe that were not events (a protocol error, reported as such).
    public private(set) var undecodable: [UndecodableLine] = []
    public private(set) var eventCount = 0

    public init() {}

    public init(events: [ProbeEvent]) {
        for event in events { apply(event) }
    }

    public mutating func apply(_ event: ProbeEvent) {
        eventCount += 1
        switch event {
        case .started(let started): self.started = started
        case .lookupStarted(let started):
            lookups.append(LookupRecord(index: started.index, startedAt: started.at))
        case .lookupEnded(let ended):
            if let position = lookups.lastIndex(where: { $0.index == ended.index }) {
                lookups[position].endedAt = ended.at
                lookups[position].outcome = ended.outcome
            } else {
                lookups.append(LookupRecord(index: ended.index, startedAt: ended.at, endedAt: ended.at, outcome: ended.outcome))
            }
        case .query(let query):
            if query.sequence == queries.count {
                queries.append(ObservedQuery(query: query))
            } else {
                // Out of order would be a probe bug; keep the query rather than lose it.
                undecodable.append(UndecodableLine(text: "query \(query.sequence)", reason: "expected query \(queries.count)"))
                queries.append(ObservedQuery(query: query))
            }
        case .reply(let reply):
            if let index = reply.query.flatMap(queryIndex(ofSequence:)) {
                if queries[index].reply == nil { queries[index].reply = reply } else { queries[index].extraReplies += 1 }
            } else {
                unmatchedReplies.append(reply)
            }
        case .unreachable(let unreachable):
            if let index = unreachable.query.flatMap(queryIndex(ofSequence:)) {
                queries[index].unreachable = unreachable
            } else {
                unmatchedUnreachable.append(unreachable)
            }
        case .statistics(let statistics): self.statistics = statistics
        case .lost(let lost): self.lost.append(lost)
        case .incompleteStream(let stream): incompleteStreams.append(stream)
        case .activity(let activity): lastActivity = activity
        case .setupFailed(let failure): setupFailure = failure
        case .finished(let finished): self.finished = finished
        }
    }

    public mutating func noteUndecodable(_ line: UndecodableLine) {
        undecodable.append(line)
    }

    private func queryIndex(ofSequence sequence: Int) -> Int? {
        if queries.indices.contains(sequence), queries[sequence].query.sequence == sequence { return sequence }
        return queries.firstIndex { $0.query.sequence == sequence }
    }

    /// The queries in the order they were on the wire: the order the capture socket received them,
    /// which is the order they crossed the interface (timestamps are for showing, not for ordering).
    public var queriesInWireOrder: [ObservedQuery] { queries }

    /// Microseconds since the start of the first lookup (or of the first event) for `at`.
    public func offsetMs(_ at: Microseconds) -> Double {
        Double(at - (started?.at ?? lookups.first?.startedAt ?? at)) / 1000
    }

    /// The outcome of lookup `index`, if it ended.
    public func outcome(ofLookup index: Int) -> LookupOutcome? {
        lookups.last { $0.index == index }?.outcome
    }
}
