import DNSWire
import Judge
import Observation
import ScenarioFormat
import Testing

/// A query pattern in the scenario's string form (`"AAAA a.example. @10.96.0.10 tcp"`); a bad one is a test issue.
public func pattern(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> QueryPattern {
    switch QueryPattern.parse(text) {
    case .success(let pattern):
        return pattern
    case .failure(let error):
        Issue.record("bad test pattern \"\(text)\": \(error.message)", sourceLocation: sourceLocation)
        return QueryPattern()
    }
}

public func patterns(_ texts: String..., sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [QueryPattern] {
    texts.map { pattern($0, sourceLocation: sourceLocation) }
}

/// A query as the capture saw it: `TYPE NAME` sent to 10.96.0.10:53 over UDP unless told otherwise.
/// `flags` names header bits and `edns0`/`do` as `expect.queries` does.
public func observed(_ type: String, _ name: String, server: String = "10.96.0.10", port: UInt16 = 53,
              transport: Transport = .udp, clientPort: UInt16 = 40000, id: UInt16 = 1, flags: [String] = ["rd"],
              at: Int64 = 0, sequence: Int = 0, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> ObservedQuery {
    guard let dnsType = DNSType(mnemonic: type), let dnsName = try? DNSName(name), let address = IPAddress(server) else {
        Issue.record("bad test query \(type) \(name) @\(server)", sourceLocation: sourceLocation)
        return ObservedQuery(query: WireQuery(sequence: 0, at: 0, client: client(40000), server: client(53), transport: .udp,
                                              size: 0, message: MessageSummary()))
    }
    let header = HeaderFlag.allCases.filter { flags.contains($0.rawValue) }
    let edns = flags.contains("edns0") || flags.contains("do")
        ? EDNSInfo(payloadSize: 1232, version: 0, dnssecOK: flags.contains("do"), optionCodes: []) : nil
    let message = MessageSummary(id: id, opcode: 0, flags: header, question: DNSQuestion(name: dnsName, type: dnsType),
                                 questionCount: 1, answerCount: 0, authorityCount: 0, additionalCount: edns == nil ? 0 : 1,
                                 edns: edns)
    return ObservedQuery(query: WireQuery(sequence: sequence, at: at, client: client(clientPort),
                                          server: SocketAddress(address: address, port: port), transport: transport,
                                          size: 30, message: message))
}

public func client(_ port: UInt16) -> SocketAddress {
    SocketAddress(address: .v4(IPv4Address(10, 0, 0, 2)), port: port)
}

/// A diff as a reader sees it: `  ` matched, `- ` expected but missing, `+ ` observed but unexpected.
public func render(_ lines: [QueryDiffLine]) -> [String] {
    lines.map { line in
        switch line {
        case .match(_, let query): "  \(text(query))"
        case .missing(let pattern): "- \(pattern)"
        case .unexpected(let query): "+ \(text(query))"
        }
    }
}

public func text(_ query: ObservedQuery) -> String {
    "\(query.type.map(\.description) ?? "?") \(query.name.map(\.description) ?? "?")"
}

/// The (pattern, observed query) pairs a diff matched.
public func pairs(_ lines: [QueryDiffLine]) -> [String] {
    lines.compactMap { line in
        guard case .match(let pattern, let query) = line else { return nil }
        return "\(pattern) ← \(text(query))"
    }
}

/// The events a sandbox sends for a run of `lookups` (outcomes in order) that put `queries` on the
/// wire, drained and finished: what a parent folds into an observation.
public func events(queries: [ObservedQuery], outcomes: [LookupOutcome], replies: [WireReply] = []) -> [ProbeEvent] {
    var events: [ProbeEvent] = [.started(SandboxStarted(at: 0, namespaces: [.net, .mount, .uts, .ipc, .pid], interface: "lo",
                                                        linkType: 1, filter: "udp or tcp", receiveBufferBytes: 1 << 20))]
    for (index, _) in outcomes.enumerated() { events.append(.lookupStarted(LookupStarted(index: index, at: Int64(index) * 10))) }
    for (index, query) in queries.enumerated() {
        var numbered = query.query
        numbered.sequence = index
        events.append(.query(numbered))
        if let reply = query.reply {
            var paired = reply
            paired.query = index
            events.append(.reply(paired))
        }
    }
    events += replies.map(ProbeEvent.reply)
    for (index, outcome) in outcomes.enumerated() {
        events.append(.lookupEnded(LookupEnded(index: index, at: Int64(index) * 10 + 5, outcome: outcome)))
    }
    events.append(.statistics(CaptureStatistics(frames: queries.count * 2, kernelPackets: UInt64(queries.count * 2),
                                                kernelDrops: 0, truncatedFrames: 0)))
    events.append(.finished(Finished(at: 1000, drainMs: 0.2, sentinelsSent: 1, peakMemoryBytes: 4 << 20)))
    return events
}

/// `query` with a reply of `rcode` (and the TC bit when `truncated`).
public func answered(_ query: ObservedQuery, _ rcode: DNSRcode = .NOERROR, truncated: Bool = false, answers: Int = 1) -> ObservedQuery {
    var message = query.query.message
    message.flags = [.rd, .ra] + (truncated ? [.tc] : [])
    message.rcode = rcode
    message.answerCount = answers
    var result = query
    result.reply = WireReply(query: query.query.sequence, at: query.query.at + 300, client: query.query.client,
                             server: query.query.server, transport: query.query.transport, size: 60, message: message)
    return result
}
