import Capture
import DNSWire
import Responder
import ScenarioFormat

/// Turns the captured DNS conversation into the observed query sequence, and checks it against
/// what the responder says it received.
public enum TranscriptAnalysis {
    /// Queries in capture order, each paired with the first reply to it (same transport, client
    /// port, ID and question) and with an ICMP port unreachable if one came back.
    public static func observedQueries(_ transcript: WireTranscript, startedAtMicroseconds start: Int64) -> [ObservedQuery] {
        var queries: [ObservedQuery] = []
        // Each query's capture time, kept exact: converting offsetMs back can come out a microsecond early.
        var queryTimes: [Int64] = []
        var replies: [(message: WireMessage, decoded: DNSMessage)] = []
        for message in transcript.messages {
            guard let decoded = try? DNSMessage.decode(message.bytes) else {
                // A damaged message still counts as a query if its header and question parse.
                if let header = try? DNSMessage.decodeQuestion(message.bytes), !header.isResponse {
                    queries.append(query(message, id: header.id, question: header.question, flags: ["malformed"], start: start))
                    queryTimes.append(message.timestampMicroseconds)
                }
                continue
            }
            if decoded.isResponse {
                replies.append((message, decoded))
            } else {
                queries.append(query(message, id: decoded.id, question: decoded.questions.first,
                                     flags: flags(of: decoded), start: start))
                queryTimes.append(message.timestampMicroseconds)
            }
        }
        var used = Set<Int>()
        for index in queries.indices {
            let observed = queries[index]
            let queryTime = queryTimes[index]
            if let match = replies.indices.first(where: { candidate in
                let reply = replies[candidate]
                return !used.contains(candidate)
                    && reply.message.transport.rawValue == observed.transport.rawValue
                    && reply.message.destinationPort == observed.clientPort
                    && reply.message.source.description == observed.server
                    && reply.message.sourcePort == observed.serverPort
                    && reply.decoded.id == observed.id
                    && reply.decoded.questions.first.map { $0.name.description.lowercased() == observed.name.lowercased() } ?? true
                    && reply.message.timestampMicroseconds >= queryTime
            }) {
                used.insert(match)
                let reply = replies[match]
                queries[index].rcode = reply.decoded.rcode.description
                queries[index].truncated = reply.decoded.truncated
                queries[index].answerCount = reply.decoded.answers.count
                queries[index].responseOffsetMs = Double(reply.message.timestampMicroseconds - start) / 1000
            }
            if observed.transport == .udp, transcript.unreachable.contains(where: {
                $0.server.description == observed.server && $0.serverPort == observed.serverPort
                    && $0.clientPort == observed.clientPort && $0.timestampMicroseconds >= queryTime
            }) {
                queries[index].unreachable = true
            }
        }
        return queries
    }

    private static func query(_ message: WireMessage, id: UInt16, question: DNSQuestion?, flags: [String], start: Int64) -> ObservedQuery {
        ObservedQuery(offsetMs: Double(message.timestampMicroseconds - start) / 1000,
                      type: question?.type.description ?? "?", name: question?.name.description ?? "?",
                      server: message.destination.description, serverPort: message.destinationPort,
                      transport: message.transport == .tcp ? .tcp : .udp, clientPort: message.sourcePort, id: id,
                      flags: flags, rcode: nil, truncated: false, answerCount: nil, responseOffsetMs: nil,
                      unreachable: false)
    }

    /// `rd`, `cd`, `ad`, and `edns0`/`do` when an OPT record is present: what the resolver asked for.
    static func flags(of message: DNSMessage) -> [String] {
        var flags: [String] = []
        if message.recursionDesired { flags.append("rd") }
        if message.authenticData { flags.append("ad") }
        if message.checkingDisabled { flags.append("cd") }
        if let edns = message.edns {
            flags.append("edns0")
            if edns.dnssecOK { flags.append("do") }
        }
        return flags
    }

    /// The responder's entries that have no matching query in the capture: each one is a packet
    /// the capture lost (design.md: the responder's log is the cross-check).
    public static func lostQueries(received: [ReceivedQuery], observed: [ObservedQuery]) -> [ReceivedQuery] {
        var available = observed
        var lost: [ReceivedQuery] = []
        for entry in received {
            if let index = available.firstIndex(where: { query in
                query.transport == entry.transport && query.server == entry.server && query.serverPort == entry.serverPort
                    && query.clientPort == entry.clientPort && query.id == entry.id
                    && (entry.name.map { $0.lowercased() == query.name.lowercased() } ?? true)
                    && (entry.type.map { $0 == query.type } ?? true)
            }) {
                available.remove(at: index)
            } else {
                lost.append(entry)
            }
        }
        return lost
    }
}
