import Capture
import DNSWire
import Observation
import Testing

/// Pairing as the capture thread does it: queries numbered in capture order, replies matched by
/// transport, endpoints, ID and question, and everything that does not match shown, not dropped.
@Suite("Conversation")
struct ConversationTests {
    static let client = SocketAddress(address: .v4(IPv4Address(10, 0, 0, 2)), port: 40000)
    static let server = SocketAddress(address: .v4(IPv4Address(10, 96, 0, 10)), port: 53)

    static func message(_ bytes: [UInt8], from: SocketAddress = client, to: SocketAddress = server,
                        transport: Transport = .udp, at: Int64 = 100) -> WireMessage {
        WireMessage(timestampMicroseconds: at, source: from, destination: to, transport: transport, bytes: bytes)
    }

    static func reply(to query: [UInt8], rcode: DNSRcode = .NOERROR, changing: ((inout DNSMessage) -> Void)? = nil) throws -> [UInt8] {
        var message = try DNSMessage.decode(query).makeResponse(rcode: rcode)
        changing?(&message)
        return try message.encode()
    }

    @Test("queries are numbered in capture order and each reply names its query")
    func pairing() throws {
        var conversation = Conversation(dnsPorts: [53])
        let a = PacketBuilder.query(id: 1, "a.example.", .A)
        let aaaa = PacketBuilder.query(id: 2, "a.example.", .AAAA)
        guard case .query(let first) = conversation.add(Self.message(a)),
              case .query(let second) = conversation.add(Self.message(aaaa)) else {
            Issue.record("a client's message to a server port is not a query")
            return
        }
        #expect([first.sequence, second.sequence] == [0, 1])
        #expect(first.message.question?.type == .A)
        guard case .reply(let answer) = conversation.add(Self.message(try Self.reply(to: aaaa), from: Self.server, to: Self.client)) else {
            Issue.record("a server's answer is not a reply")
            return
        }
        #expect(answer.query == 1)
        #expect(answer.message.rcode == .NOERROR)
        #expect(answer.client == Self.client && answer.server == Self.server)
    }

    @Test("a reply with a wrong ID, another port, or another question matches no query", arguments: ["id", "port", "question"])
    func unmatched(change: String) throws {
        var conversation = Conversation(dnsPorts: [53])
        let query = PacketBuilder.query(id: 7, "a.example.")
        _ = conversation.add(Self.message(query))
        var bytes = try Self.reply(to: query)
        var destination = Self.client
        switch change {
        case "id": bytes = try Self.reply(to: query) { $0.id = 8 }
        case "port": destination.port = 40001
        default: bytes = try Self.reply(to: query) { $0.questions = [DNSQuestion(name: try! DNSName("b.example."), type: .A)] }
        }
        guard case .reply(let reply) = conversation.add(Self.message(bytes, from: Self.server, to: destination)) else {
            Issue.record("not a reply")
            return
        }
        #expect(reply.query == nil, "\(change): a reply that does not fit was paired")
    }

    @Test("a question echoed with its letters' case changed still answers the query (0x20)")
    func caseChangedQuestion() throws {
        var conversation = Conversation(dnsPorts: [53])
        let query = PacketBuilder.query(id: 9, "MiXeD.example.")
        _ = conversation.add(Self.message(query))
        let bytes = try Self.reply(to: query) { $0.questions = [DNSQuestion(name: try! DNSName("mixed.EXAMPLE."), type: .A)] }
        guard case .reply(let reply) = conversation.add(Self.message(bytes, from: Self.server, to: Self.client)) else { return }
        #expect(reply.query == 0)
    }

    @Test("a second reply to the same query names it too, so the observation counts it as extra")
    func duplicateReply() throws {
        var conversation = Conversation(dnsPorts: [53])
        let query = PacketBuilder.query(id: 5, "dup.example.")
        var observation = ScenarioObservation()
        observation.apply(conversation.add(Self.message(query)))
        let bytes = try Self.reply(to: query)
        observation.apply(conversation.add(Self.message(bytes, from: Self.server, to: Self.client)))
        observation.apply(conversation.add(Self.message(bytes, from: Self.server, to: Self.client)))
        #expect(observation.queries.count == 1)
        #expect(observation.queries.first?.reply != nil)
        #expect(observation.queries.first?.extraReplies == 1)
        #expect(observation.unmatchedReplies.isEmpty)
    }

    @Test("a retransmission with the same ID: the reply answers the latest, the earlier one had no reply")
    func retransmission() throws {
        var conversation = Conversation(dnsPorts: [53])
        let query = PacketBuilder.query(id: 11, "again.example.")
        var observation = ScenarioObservation()
        observation.apply(conversation.add(Self.message(query, at: 100)))
        observation.apply(conversation.add(Self.message(query, at: 5_000_100)))
        observation.apply(conversation.add(Self.message(try Self.reply(to: query), from: Self.server, to: Self.client, at: 5_000_200)))
        #expect(observation.queries.map { $0.reply != nil } == [false, true])
    }

    @Test("a query whose header is cut short is still a query, with its ID and why it does not parse")
    func malformedQuery() {
        var conversation = Conversation(dnsPorts: [53])
        guard case .query(let query) = conversation.add(Self.message([0x12, 0x34, 0x01])) else {
            Issue.record("a truncated query is not reported as a query")
            return
        }
        #expect(query.message.id == 0x1234)
        #expect(query.message.malformed != nil)
        #expect(query.message.question == nil)
        #expect(query.size == 3)
    }

    @Test("an empty datagram to a DNS port is a query too (it is on the wire)")
    func emptyDatagram() {
        var conversation = Conversation(dnsPorts: [53])
        guard case .query(let query) = conversation.add(Self.message([])) else {
            Issue.record("an empty datagram to port 53 is not reported")
            return
        }
        #expect(query.message.id == nil)
        #expect(query.message.malformed != nil)
    }

    @Test("port unreachable answers the last datagram from that client port to that server")
    func unreachable() {
        var conversation = Conversation(dnsPorts: [53])
        _ = conversation.add(Self.message(PacketBuilder.query(id: 1, "a.example.")))
        _ = conversation.add(Self.message(PacketBuilder.query(id: 2, "b.example.")))
        guard case .unreachable(let event) = conversation.add(PortUnreachableEvent(
            timestampMicroseconds: 300, server: Self.server, clientPort: Self.client.port)) else { return }
        #expect(event.query == 1)
        guard case .unreachable(let other) = conversation.add(PortUnreachableEvent(
            timestampMicroseconds: 300, server: Self.server, clientPort: 1)) else { return }
        #expect(other.query == nil)
    }

    @Test("a message between two DNS ports is told by its QR bit")
    func serverToServer() throws {
        var conversation = Conversation(dnsPorts: [53])
        let query = PacketBuilder.query(id: 3, "fwd.example.")
        let forwarder = SocketAddress(address: .v4(IPv4Address(10, 0, 0, 3)), port: 53)
        guard case .query = conversation.add(Self.message(query, from: forwarder, to: Self.server)) else {
            Issue.record("a forwarder's query from port 53 is not a query")
            return
        }
        guard case .reply(let reply) = conversation.add(Self.message(try Self.reply(to: query), from: Self.server, to: forwarder)) else {
            Issue.record("an answer to port 53 is not a reply")
            return
        }
        #expect(reply.query == 0)
    }

    @Test("a summary carries header flags, counts, rcode and EDNS of a message that parses")
    func summary() throws {
        var message = DNSMessage.query(id: 0xBEEF, name: try DNSName("s.example."), type: .AAAA,
                                       edns: EDNS(udpPayloadSize: 1232, dnssecOK: true, options: [EDNSOption(code: 10)]))
        message.authenticData = true
        let summary = MessageSummary(bytes: try message.encode())
        #expect(summary.id == 0xBEEF)
        #expect(summary.flags == [.rd, .ad])
        #expect(summary.question?.type == .AAAA)
        #expect(summary.edns == EDNSInfo(payloadSize: 1232, version: 0, dnssecOK: true, optionCodes: [10]))
        #expect(summary.additionalCount == 1)
        #expect(summary.malformed == nil)
    }
}
