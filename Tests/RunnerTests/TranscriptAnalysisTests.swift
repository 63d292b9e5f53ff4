@testable import Capture
import DNSWire
@testable import Responder
@testable import Runner
import ScenarioFormat
import Testing

@Suite("TranscriptAnalysis")
struct TranscriptAnalysisTests {
    static let start: Int64 = 1_700_000_000_000_000
    static let client = IPAddress.v4(IPv4Address(10, 0, 0, 2))
    static let server = IPAddress.v4(IPv4Address(10, 96, 0, 10))

    static func query(id: UInt16, _ name: String, _ type: DNSType = .A) throws -> DNSMessage {
        DNSMessage.query(id: id, name: try DNSName(name), type: type)
    }

    /// A message on the wire `microseconds` after the first lookup started.
    static func wire(_ message: DNSMessage, at microseconds: Int64, from source: IPAddress = client, _ sourcePort: UInt16 = 40000,
                     to destination: IPAddress = server, _ destinationPort: UInt16 = 53,
                     transport: DissectedPacket.Transport = .udp) throws -> WireMessage {
        WireMessage(timestampMicroseconds: start + microseconds, source: source, sourcePort: sourcePort,
                    destination: destination, destinationPort: destinationPort, transport: transport,
                    bytes: try message.encode())
    }

    /// The reply to `query` coming back from the server to the client port.
    static func reply(_ message: DNSMessage, at microseconds: Int64, from source: IPAddress = server, _ sourcePort: UInt16 = 53,
                      to clientPort: UInt16 = 40000, transport: DissectedPacket.Transport = .udp) throws -> WireMessage {
        try wire(message, at: microseconds, from: source, sourcePort, to: client, clientPort, transport: transport)
    }

    static func transcript(_ messages: [WireMessage], unreachable: [PortUnreachableEvent] = []) -> WireTranscript {
        var transcript = WireTranscript()
        transcript.messages = messages
        transcript.unreachable = unreachable
        return transcript
    }

    static func analyse(_ transcript: WireTranscript) -> [ObservedQuery] {
        TranscriptAnalysis.observedQueries(transcript, startedAtMicroseconds: start)
    }

    // MARK: Pairing

    @Test func aQueryIsPairedWithItsReply() throws {
        let query = try Self.query(id: 0x1111, "a.example.")
        let queries = Self.analyse(Self.transcript([
            try Self.wire(query, at: 1000),
            try Self.reply(query.makeResponse(rcode: .NXDOMAIN), at: 3500),
        ]))
        try #require(queries.count == 1)
        let seen = queries[0]
        #expect(seen.offsetMs == 1.0)
        #expect(seen.type == "A")
        #expect(seen.name == "a.example.")
        #expect(seen.server == "10.96.0.10")
        #expect(seen.serverPort == 53)
        #expect(seen.transport == .udp)
        #expect(seen.clientPort == 40000)
        #expect(seen.id == 0x1111)
        #expect(seen.rcode == "NXDOMAIN")
        #expect(seen.answerCount == 0)
        #expect(seen.truncated == false)
        #expect(seen.responseOffsetMs == 3.5)
        #expect(seen.unreachable == false)
        #expect(seen.replySummary == "NXDOMAIN")
    }

    @Test func aReplyWithAnotherIDIsNotPaired() throws {
        let query = try Self.query(id: 0x1111, "a.example.")
        var stray = query.makeResponse(rcode: .NOERROR)
        stray.id = 0x2222
        let queries = Self.analyse(Self.transcript([try Self.wire(query, at: 1000), try Self.reply(stray, at: 2000)]))
        try #require(queries.count == 1)
        #expect(queries[0].rcode == nil)
        #expect(queries[0].responseOffsetMs == nil)
        #expect(queries[0].replySummary == "no reply")
    }

    enum Mismatch: String, CaseIterable, Sendable {
        case transport, clientPort, server, serverPort, question
    }

    @Test(arguments: Mismatch.allCases)
    func aReplyThatDiffersInOneRespectIsNotPaired(_ mismatch: Mismatch) throws {
        let query = try Self.query(id: 0x1111, "a.example.")
        let response = query.makeResponse(rcode: .SERVFAIL)
        let reply: WireMessage = switch mismatch {
        case .transport: try Self.reply(response, at: 2000, transport: .tcp)
        case .clientPort: try Self.reply(response, at: 2000, to: 40001)
        case .server: try Self.reply(response, at: 2000, from: .v4(IPv4Address(10, 96, 0, 11)))
        case .serverPort: try Self.reply(response, at: 2000, 5353)
        case .question: try Self.reply(Self.query(id: 0x1111, "b.example.").makeResponse(rcode: .SERVFAIL), at: 2000)
        }
        let queries = Self.analyse(Self.transcript([try Self.wire(query, at: 1000), reply]))
        try #require(queries.count == 1)
        #expect(queries[0].rcode == nil)
    }

    @Test func concurrentQueriesGetTheirOwnReplies() throws {
        let a = try Self.query(id: 0x0a0a, "a.example.", .A)
        let aaaa = try Self.query(id: 0x0b0b, "a.example.", .AAAA)
        let queries = Self.analyse(Self.transcript([
            try Self.wire(a, at: 1000),
            try Self.wire(aaaa, at: 1010),
            try Self.reply(aaaa.makeResponse(rcode: .SERVFAIL), at: 2000),
            try Self.reply(a.makeResponse(rcode: .NXDOMAIN), at: 2100),
        ]))
        #expect(queries.map(\.type) == ["A", "AAAA"])
        #expect(queries.map(\.rcode) == ["NXDOMAIN", "SERVFAIL"])
        #expect(queries.map(\.responseOffsetMs) == [2.1, 2.0])
    }

    @Test func aReplyAnswersOnlyOneQuery() throws {
        // A retransmission with the same ID and port: one reply came back, for the first.
        let query = try Self.query(id: 0x1111, "a.example.")
        let queries = Self.analyse(Self.transcript([
            try Self.wire(query, at: 1000),
            try Self.wire(query, at: 5000),
            try Self.reply(query.makeResponse(), at: 6000),
        ]))
        #expect(queries.map(\.rcode) == ["NOERROR", nil])
    }

    @Test func aReplyBeforeTheQueryIsNotItsReply() throws {
        let query = try Self.query(id: 0x1111, "a.example.")
        let queries = Self.analyse(Self.transcript([
            try Self.reply(query.makeResponse(), at: 500),
            try Self.wire(query, at: 1000),
        ]))
        #expect(queries.map(\.rcode) == [nil])
    }

    @Test func aTruncatedReplyIsMarked() throws {
        let query = try Self.query(id: 0x1111, "big.example.")
        var response = query.makeResponse()
        response.truncated = true
        let queries = Self.analyse(Self.transcript([try Self.wire(query, at: 1000), try Self.reply(response, at: 2000)]))
        #expect(queries.map(\.truncated) == [true])
        #expect(queries.map(\.replySummary) == ["NOERROR, truncated"])
    }

    @Test func tcpQueriesArePairedOverTCP() throws {
        let query = try Self.query(id: 0x1111, "big.example.")
        let queries = Self.analyse(Self.transcript([
            try Self.wire(query, at: 1000, 40001, transport: .tcp),
            try Self.reply(query.makeResponse(), at: 2000, to: 40001, transport: .tcp),
        ]))
        #expect(queries.map(\.transport) == [.tcp])
        #expect(queries.map(\.rcode) == ["NOERROR"])
    }

    @Test func repliesAreNotQueries() throws {
        let query = try Self.query(id: 0x1111, "a.example.")
        #expect(Self.analyse(Self.transcript([try Self.reply(query.makeResponse(), at: 2000)])).isEmpty)
    }

    @Test func aDamagedQueryStillCountsByItsQuestion() throws {
        var bytes = try Self.query(id: 0x1111, "a.example.").encode()
        bytes[7] = 1  // ANCOUNT 1, but no answer follows
        let message = WireMessage(timestampMicroseconds: Self.start + 1000, source: Self.client, sourcePort: 40000,
                                  destination: Self.server, destinationPort: 53, transport: .udp, bytes: bytes)
        let queries = Self.analyse(Self.transcript([message]))
        #expect(queries.map(\.name) == ["a.example."])
        #expect(queries.map(\.flags) == [["malformed"]])
    }

    // MARK: Unreachable

    static let closed = IPAddress.v4(IPv4Address(10, 96, 0, 11))

    @Test func aPortUnreachableMarksTheQueryItBounced() throws {
        let query = try Self.query(id: 0x1111, "a.example.")
        let queries = Self.analyse(Self.transcript(
            [try Self.wire(query, at: 1000, to: Self.closed), try Self.wire(query, at: 1000, 40001)],
            unreachable: [PortUnreachableEvent(timestampMicroseconds: Self.start + 1100, server: Self.closed,
                                               serverPort: 53, clientPort: 40000)]))
        #expect(queries.map(\.server) == ["10.96.0.11", "10.96.0.10"])
        #expect(queries.map(\.unreachable) == [true, false])
        #expect(queries.map(\.replySummary) == ["unreachable", "no reply"])
    }

    @Test func aPortUnreachableForAnotherClientPortDoesNotMark() throws {
        let query = try Self.query(id: 0x1111, "a.example.")
        let queries = Self.analyse(Self.transcript(
            [try Self.wire(query, at: 1000, to: Self.closed)],
            unreachable: [PortUnreachableEvent(timestampMicroseconds: Self.start + 1100, server: Self.closed,
                                               serverPort: 53, clientPort: 40999)]))
        #expect(queries.map(\.unreachable) == [false])
    }

    // MARK: Flags

    struct FlagCase: Sendable, CustomTestStringConvertible {
        var message: DNSMessage
        var flags: [String]
        var testDescription: String { flags.isEmpty ? "no flags" : flags.joined(separator: " ") }
    }

    static let flagCases: [FlagCase] = {
        let name = (try? DNSName("a.example.")) ?? .root
        let plain = DNSMessage.query(id: 1, name: name, type: .A, recursionDesired: false)
        let rd = DNSMessage.query(id: 1, name: name, type: .A)
        var trustAD = DNSMessage.query(id: 1, name: name, type: .A, edns: EDNS(udpPayloadSize: 1200))
        trustAD.authenticData = true
        trustAD.checkingDisabled = true
        let dnssec = DNSMessage.query(id: 1, name: name, type: .A, edns: EDNS(udpPayloadSize: 1232, dnssecOK: true))
        return [
            FlagCase(message: plain, flags: []),
            FlagCase(message: rd, flags: ["rd"]),
            FlagCase(message: trustAD, flags: ["rd", "ad", "cd", "edns0"]),
            FlagCase(message: dnssec, flags: ["rd", "edns0", "do"]),
        ]
    }()

    @Test(arguments: flagCases)
    func flagsAreWhatTheQueryAskedFor(_ testCase: FlagCase) throws {
        let queries = Self.analyse(Self.transcript([try Self.wire(testCase.message, at: 1000)]))
        #expect(queries.map(\.flags) == [testCase.flags])
    }

    // MARK: Lost queries

    @Test func nothingIsLostWhenTheCaptureHasEveryQuery() {
        let lost = TranscriptAnalysis.lostQueries(
            received: [received("A", "a.example.", id: 1), received("AAAA", "a.example.", id: 2)],
            observed: [observed("AAAA", "a.example.", id: 2), observed("A", "a.example.", id: 1)])
        #expect(lost.isEmpty)
    }

    @Test func aQueryMissingFromTheCaptureIsLost() {
        let missing = received("AAAA", "a.example.", id: 2)
        let lost = TranscriptAnalysis.lostQueries(received: [received("A", "a.example.", id: 1), missing],
                                                  observed: [observed("A", "a.example.", id: 1)])
        #expect(lost == [missing])
    }

    @Test func identicalLookingQueriesAreToldApartByIDAndPort() {
        let first = received("A", "a.example.", clientPort: 40000, id: 0x1111)
        let second = received("A", "a.example.", clientPort: 40001, id: 0x2222)
        let both = [observed("A", "a.example.", clientPort: 40001, id: 0x2222),
                    observed("A", "a.example.", clientPort: 40000, id: 0x1111)]
        #expect(TranscriptAnalysis.lostQueries(received: [first, second], observed: both).isEmpty)
        #expect(TranscriptAnalysis.lostQueries(received: [first, second], observed: [both[0]]) == [first])
        #expect(TranscriptAnalysis.lostQueries(received: [first, second], observed: [both[1]]) == [second])
    }

    @Test func oneCapturedQueryAccountsForOneReceivedQuery() {
        // The responder got the same datagram twice; the capture must show it twice too.
        let entry = received("A", "a.example.", id: 0x1111)
        let lost = TranscriptAnalysis.lostQueries(received: [entry, entry], observed: [observed("A", "a.example.", id: 0x1111)])
        #expect(lost == [entry])
    }

    @Test func theTransportMustAgree() {
        let overTCP = received("A", "a.example.", transport: .tcp, id: 7)
        #expect(TranscriptAnalysis.lostQueries(received: [overTCP], observed: [observed("A", "a.example.", id: 7)]) == [overTCP])
    }

    @Test func namesAgreeCaseInsensitivelyAndUndecodedEntriesMatchByEndpoints() {
        let lost = TranscriptAnalysis.lostQueries(
            received: [received("A", "A.Example.", id: 1), received(nil, nil, clientPort: 40001, id: 2)],
            observed: [observed("A", "a.example.", id: 1), observed("?", "?", clientPort: 40001, id: 2)])
        #expect(lost.isEmpty)
    }
}
