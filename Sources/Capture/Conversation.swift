import DNSWire
import Observation

/// Pairs the messages of a capture into queries and replies as they arrive, numbering queries in
/// capture order, and turns them into events.
public struct Conversation {
    public let dnsPorts: Set<UInt16>
    private var nextSequence = 0
    private var outstanding: [PairKey: [Pending]] = [:]
    private var lastDatagram: [DatagramKey: Int] = [:]

    struct PairKey: Hashable {
        var transport: Transport
        var client: SocketAddress
        var server: SocketAddress
        var id: UInt16
    }

    struct DatagramKey: Hashable {
        var server: SocketAddress
        var clientPort: UInt16
    }

    struct Pending {
        var sequence: Int
        var question: DNSQuestion?
        var answered: Bool
    }

    /// Replies carry their answer records (`WireReply.answers`).
    public let keepsAnswers: Bool

    public init(dnsPorts: Set<UInt16>, keepsAnswers: Bool = false) {
        self.dnsPorts = dnsPorts
        self.keepsAnswers = keepsAnswers
    }

    /// The answer section of `bytes` with each record's data as scenario files write it; nil when
    /// the message does not parse.
    public static func answers(_ bytes: [UInt8]) -> [AnswerRecord]? {
        guard let message = try? DNSMessage.decode(bytes) else { return nil }
        return message.answers.map { record in
            // TXT as scenario files write it: the text itself, its strings joined.
            if case .txt(let strings) = record.data, let text = String(validating: strings.joined(), as: UTF8.self) {
                return AnswerRecord(name: record.name, type: record.type, data: text)
            }
            return AnswerRecord(name: record.name, type: record.type, data: record.data.description)
        }
    }

    /// A client's message to a server is a query; the rest are replies. The QR bit decides when the
    /// message has one; otherwise the direction (to a DNS port) does.
    public func isQuery(_ message: WireMessage) -> Bool {
        if let isResponse = MessageSummary.isResponse(message.bytes) { return !isResponse }
        return dnsPorts.contains(message.destination.port) && !dnsPorts.contains(message.source.port)
    }

    /// The event for `message`.
    public mutating func add(_ message: WireMessage) -> ProbeEvent {
        let summary = MessageSummary(bytes: message.bytes, cutShort: message.cutShort)
        if isQuery(message) {
            let sequence = nextSequence
            nextSequence += 1
            if let id = summary.id {
                let key = PairKey(transport: message.transport, client: message.source, server: message.destination, id: id)
                outstanding[key, default: []].append(Pending(sequence: sequence, question: summary.question, answered: false))
            }
            if message.transport == .udp {
                lastDatagram[DatagramKey(server: message.destination, clientPort: message.source.port)] = sequence
            }
            return .query(WireQuery(sequence: sequence, at: message.timestampMicroseconds, client: message.source,
                                    server: message.destination, transport: message.transport, size: message.bytes.count,
                                    message: summary))
        }
        var matched: Int?
        if let id = summary.id {
            let key = PairKey(transport: message.transport, client: message.destination, server: message.source, id: id)
            if var candidates = outstanding[key] {
                let fits = { (pending: Pending) in
                    summary.question == nil || pending.question == nil || summary.question == pending.question
                }
                // A retransmission with the same ID (glibc resends its query unchanged after a
                // timeout): the reply answers the latest one, since the client gave up on the
                // earlier ones. An earlier one shows "no reply", as its timeout says.
                if let index = candidates.lastIndex(where: { !$0.answered && fits($0) }) {
                    candidates[index].answered = true
                    matched = candidates[index].sequence
                } else if let index = candidates.lastIndex(where: fits) {
                    matched = candidates[index].sequence   // a second reply to an answered query
                }
                outstanding[key] = candidates
            }
        }
        return .reply(WireReply(query: matched, at: message.timestampMicroseconds, client: message.destination,
                                server: message.source, transport: message.transport, size: message.bytes.count,
                                message: summary, answers: keepsAnswers ? Self.answers(message.bytes) : nil))
    }

    /// The event for an ICMP port unreachable, paired with the last datagram it can answer.
    public func add(_ unreachable: PortUnreachableEvent) -> ProbeEvent {
        let query = lastDatagram[DatagramKey(server: unreachable.server, clientPort: unreachable.clientPort)]
        return .unreachable(PortUnreachable(at: unreachable.timestampMicroseconds, server: unreachable.server,
                                            clientPort: unreachable.clientPort, query: query))
    }
}
