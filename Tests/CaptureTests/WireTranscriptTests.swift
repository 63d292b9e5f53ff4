import Capture
import DNSWire
import Testing

/// The DNS conversation recovered from frames: which messages, in which order, stamped when.
@Suite("WireTranscript.extract")
struct WireTranscriptTests {
    static let client = IPv4Address(10, 0, 0, 2)
    static let server = IPv4Address(10, 96, 0, 10)

    static func frame(at microseconds: Int64, _ bytes: [UInt8]) -> CapturedFrame {
        CapturedFrame(timestampMicroseconds: microseconds, originalLength: bytes.count, bytes: bytes)
    }

    static func extract(_ frames: [CapturedFrame], dnsPorts: Set<UInt16> = [53]) -> WireTranscript {
        WireTranscript.extract(frames: frames, linkType: .RAW, dnsPorts: dnsPorts)
    }

    /// Client → server TCP segment on the connection 10.0.0.2:40001 → 10.96.0.10:53.
    static func segment(at microseconds: Int64, sequence: UInt32, flags: UInt8 = 0x18, _ payload: [UInt8] = []) -> CapturedFrame {
        frame(at: microseconds, PacketBuilder.tcp(from: client, 40001, to: server, 53, sequence: sequence, flags: flags, payload))
    }

    // MARK: UDP

    @Test func udpToAndFromADNSPortIsKept() throws {
        let query = PacketBuilder.query(id: 1, "a.example.")
        var reply = query
        reply[2] |= 0x80  // QR
        let transcript = Self.extract([
            Self.frame(at: 100, PacketBuilder.udp(from: Self.client, 40000, to: Self.server, 53, query)),
            Self.frame(at: 200, PacketBuilder.udp(from: Self.server, 53, to: Self.client, 40000, reply)),
        ])
        try #require(transcript.messages.count == 2)
        let sent = transcript.messages[0]
        #expect(sent.timestampMicroseconds == 100)
        #expect(sent.source == SocketAddress(address: .v4(Self.client), port: 40000))
        #expect(sent.destination == SocketAddress(address: .v4(Self.server), port: 53))
        #expect(sent.transport == .udp)
        #expect(sent.bytes == query)
        #expect(transcript.messages[1].bytes == reply)
        #expect(transcript.messages[1].source.address == .v4(Self.server))
        #expect(transcript.incompleteStreams.isEmpty)
    }

    @Test func udpBetweenOtherPortsIsDropped() {
        let transcript = Self.extract([
            Self.frame(at: 100, PacketBuilder.udp(from: Self.client, 40000, to: Self.server, 123, [0x23, 0, 0, 0])),
            Self.frame(at: 200, PacketBuilder.udp(from: Self.client, 40000, to: Self.server, 5353, PacketBuilder.query(id: 1, "a.example."))),
        ])
        #expect(transcript.messages.isEmpty)
    }

    @Test func theDNSPortsAreTheOnesGiven() {
        let query = PacketBuilder.query(id: 1, "a.example.")
        let transcript = Self.extract([
            Self.frame(at: 100, PacketBuilder.udp(from: Self.client, 40000, to: Self.server, 53, query)),
            Self.frame(at: 200, PacketBuilder.udp(from: Self.client, 40000, to: Self.server, 5353, query)),
        ], dnsPorts: [5353])
        #expect(transcript.messages.map(\.destination.port) == [5353])
    }

    // MARK: TCP

    @Test func aQuerySplitAcrossTwoSegmentsIsReassembled() {
        let stream = PacketBuilder.framed(PacketBuilder.query(id: 7, "split.example."))
        let transcript = Self.extract([
            Self.segment(at: 100, sequence: 1000, flags: TCPFlags.SYN),
            Self.segment(at: 300, sequence: 1001, Array(stream.prefix(10))),
            Self.segment(at: 400, sequence: 1011, Array(stream.dropFirst(10))),
        ])
        #expect(transcript.messages.map(\.bytes) == [PacketBuilder.query(id: 7, "split.example.")])
        #expect(transcript.messages.first?.transport == .tcp)
        #expect(transcript.messages.first?.source.port == 40001)
        #expect(transcript.messages.first?.destination.address == .v4(Self.server))
        // Stamped with the segment that carried its first octet.
        #expect(transcript.messages.first?.timestampMicroseconds == 300)
        #expect(transcript.incompleteStreams.isEmpty)
    }

    @Test func twoQueriesInOneSegmentAreTwoMessages() {
        let a = PacketBuilder.query(id: 1, "a.example.", .A)
        let aaaa = PacketBuilder.query(id: 2, "a.example.", .AAAA)
        let transcript = Self.extract([
            Self.segment(at: 100, sequence: 1000, flags: TCPFlags.SYN),
            Self.segment(at: 200, sequence: 1001, PacketBuilder.framed(a) + PacketBuilder.framed(aaaa)),
        ])
        #expect(transcript.messages.map(\.bytes) == [a, aaaa])
        #expect(transcript.messages.map(\.timestampMicroseconds) == [200, 200])
        #expect(transcript.incompleteStreams.isEmpty)
    }

    @Test func segmentsOutOfOrderAreReorderedBySequence() {
        let first = PacketBuilder.query(id: 1, "first.example.")
        let second = PacketBuilder.query(id: 2, "second.example.")
        let firstLength = UInt32(first.count + 2)
        let transcript = Self.extract([
            Self.segment(at: 100, sequence: 5000, flags: TCPFlags.SYN),
            Self.segment(at: 200, sequence: 5001 + firstLength, PacketBuilder.framed(second)),
            Self.segment(at: 300, sequence: 5001, PacketBuilder.framed(first)),
        ])
        // Each is stamped with the segment that carried its first octet.
        #expect(transcript.messages.count == 2)
        #expect(transcript.messages.first { $0.bytes == first }?.timestampMicroseconds == 300)
        #expect(transcript.messages.first { $0.bytes == second }?.timestampMicroseconds == 200)
        #expect(transcript.incompleteStreams.isEmpty)
    }

    @Test func aMessageSplitOutOfOrderIsStampedWithItsFirstOctet() {
        let stream = PacketBuilder.framed(PacketBuilder.query(id: 3, "late.example."))
        let transcript = Self.extract([
            Self.segment(at: 100, sequence: 1000, flags: TCPFlags.SYN),
            Self.segment(at: 200, sequence: 1011, Array(stream.dropFirst(10))),
            Self.segment(at: 900, sequence: 1001, Array(stream.prefix(10))),
        ])
        #expect(transcript.messages.map(\.timestampMicroseconds) == [900])
        #expect(transcript.messages.map(\.bytes) == [PacketBuilder.query(id: 3, "late.example.")])
    }

    @Test func aRetransmittedSegmentIsNotDuplicated() {
        let first = PacketBuilder.query(id: 1, "a.example.")
        let second = PacketBuilder.query(id: 2, "b.example.")
        let transcript = Self.extract([
            Self.segment(at: 100, sequence: 1000, flags: TCPFlags.SYN),
            Self.segment(at: 200, sequence: 1001, PacketBuilder.framed(first)),
            Self.segment(at: 300, sequence: 1001, PacketBuilder.framed(first)),
            Self.segment(at: 400, sequence: 1001 + UInt32(first.count + 2), PacketBuilder.framed(second)),
        ])
        #expect(transcript.messages.map(\.bytes) == [first, second])
        #expect(transcript.messages.map(\.timestampMicroseconds) == [200, 400])
        #expect(transcript.incompleteStreams.isEmpty)
    }

    @Test func anOverlappingRetransmissionContributesOnlyItsNewOctets() {
        let first = PacketBuilder.framed(PacketBuilder.query(id: 1, "a.example."))
        let second = PacketBuilder.framed(PacketBuilder.query(id: 2, "b.example."))
        let transcript = Self.extract([
            Self.segment(at: 100, sequence: 1000, flags: TCPFlags.SYN),
            Self.segment(at: 200, sequence: 1001, first),
            Self.segment(at: 300, sequence: 1001, first + second),  // resent together with new data
        ])
        #expect(transcript.messages.map(\.bytes) == [PacketBuilder.query(id: 1, "a.example."), PacketBuilder.query(id: 2, "b.example.")])
        #expect(transcript.messages.map(\.timestampMicroseconds) == [200, 300])
    }

    @Test func aGapMarksTheStreamIncompleteAndKeepsWhatCameBefore() {
        let first = PacketBuilder.query(id: 1, "a.example.")
        let lost = PacketBuilder.query(id: 2, "lost.example.")
        let third = PacketBuilder.query(id: 3, "c.example.")
        let transcript = Self.extract([
            Self.segment(at: 100, sequence: 1000, flags: TCPFlags.SYN),
            Self.segment(at: 200, sequence: 1001, PacketBuilder.framed(first)),
            // The segment carrying `lost` was not captured.
            Self.segment(at: 400, sequence: 1001 + UInt32(first.count + 2 + lost.count + 2), PacketBuilder.framed(third)),
        ])
        #expect(transcript.messages.map(\.bytes) == [first])
        #expect(transcript.incompleteStreams.count == 1)
        #expect(transcript.incompleteStreams.first?.from.description == "10.0.0.2:40001")
        #expect(transcript.incompleteStreams.first?.to.description == "10.96.0.10:53")
    }

    @Test func theSYNDefinesWhereTheStreamStarts() {
        // The first data segment was lost; without the SYN's sequence the hole would be invisible.
        let lost = PacketBuilder.query(id: 1, "lost.example.")
        let second = PacketBuilder.query(id: 2, "b.example.")
        let transcript = Self.extract([
            Self.segment(at: 100, sequence: 7000, flags: TCPFlags.SYN),
            Self.segment(at: 300, sequence: 7001 + UInt32(lost.count + 2), PacketBuilder.framed(second)),
        ])
        #expect(transcript.messages.isEmpty)
        #expect(transcript.incompleteStreams.count == 1)
    }

    @Test func sequenceNumbersWrapAround() {
        let stream = PacketBuilder.framed(PacketBuilder.query(id: 9, "wrap.example."))
        let transcript = Self.extract([
            Self.segment(at: 100, sequence: 0xffff_fff9, flags: TCPFlags.SYN),
            Self.segment(at: 200, sequence: 0xffff_fffa, Array(stream.prefix(10))),
            Self.segment(at: 300, sequence: 0x0000_0004, Array(stream.dropFirst(10))),
        ])
        #expect(transcript.messages.map(\.bytes) == [PacketBuilder.query(id: 9, "wrap.example.")])
        #expect(transcript.incompleteStreams.isEmpty)
    }

    @Test func eachDirectionAndConnectionIsItsOwnStream() {
        let query = PacketBuilder.query(id: 1, "a.example.")
        var reply = query
        reply[2] |= 0x80
        let other = PacketBuilder.query(id: 2, "b.example.")
        let transcript = Self.extract([
            Self.segment(at: 100, sequence: 1000, flags: TCPFlags.SYN),
            Self.frame(at: 110, PacketBuilder.tcp(from: Self.server, 53, to: Self.client, 40001, sequence: 9000,
                                                  flags: TCPFlags.SYN | 0x10)),
            Self.frame(at: 120, PacketBuilder.tcp(from: Self.client, 40002, to: Self.server, 53, sequence: 3000, flags: TCPFlags.SYN)),
            Self.segment(at: 200, sequence: 1001, PacketBuilder.framed(query)),
            Self.frame(at: 250, PacketBuilder.tcp(from: Self.client, 40002, to: Self.server, 53, sequence: 3001,
                                                  PacketBuilder.framed(other))),
            Self.frame(at: 300, PacketBuilder.tcp(from: Self.server, 53, to: Self.client, 40001, sequence: 9001,
                                                  PacketBuilder.framed(reply))),
        ])
        #expect(transcript.messages.map(\.bytes) == [query, other, reply])
        #expect(transcript.messages.map(\.source.port) == [40001, 40002, 53])
        #expect(transcript.incompleteStreams.isEmpty)
    }

    @Test func tcpToOtherPortsIsDropped() {
        let transcript = Self.extract([
            Self.frame(at: 100, PacketBuilder.tcp(from: Self.client, 40001, to: Self.server, 853, sequence: 1000, flags: TCPFlags.SYN)),
            Self.frame(at: 200, PacketBuilder.tcp(from: Self.client, 40001, to: Self.server, 853, sequence: 1001,
                                                  PacketBuilder.framed(PacketBuilder.query(id: 1, "a.example.")))),
        ])
        #expect(transcript.messages.isEmpty)
        #expect(transcript.incompleteStreams.isEmpty)
    }

    // MARK: ICMP

    @Test func portUnreachableBecomesAnEvent() throws {
        let transcript = Self.extract([Self.frame(at: 500, Fixture.icmpPortUnreachable)])
        let event = try #require(transcript.unreachable.first)
        #expect(transcript.unreachable.count == 1)
        #expect(event.timestampMicroseconds == 500)
        #expect(event.server.address == Fixture.closedServer)
        #expect(event.server.port == 53)
        #expect(event.clientPort == 40000)
        #expect(transcript.messages.isEmpty)
    }

    @Test func portUnreachableForAnotherPortIsDropped() {
        var bounce = Fixture.icmpPortUnreachable
        bounce[50] = 0x00  // the refused datagram went to port 123, not 53
        bounce[51] = 0x7b
        #expect(Self.extract([Self.frame(at: 500, bounce)]).unreachable.isEmpty)
    }

    // MARK: Order

    @Test("messages come out in capture order, not timestamp order: a late stamp cannot reorder the wire")
    func messagesComeOutInCaptureOrder() {
        let first = PacketBuilder.query(id: 1, "first.example.")
        let second = PacketBuilder.query(id: 2, "second.example.")
        let third = PacketBuilder.query(id: 3, "third.example.")
        let transcript = Self.extract([
            Self.frame(at: 300, PacketBuilder.udp(from: Self.client, 40000, to: Self.server, 53, first)),
            Self.segment(at: 50, sequence: 1000, flags: TCPFlags.SYN),
            Self.segment(at: 100, sequence: 1001, PacketBuilder.framed(second)),
            Self.frame(at: 200, PacketBuilder.udp(from: Self.client, 40000, to: Self.server, 53, third)),
        ])
        #expect(transcript.messages.map(\.bytes) == [first, second, third])
        #expect(transcript.messages.map(\.timestampMicroseconds) == [300, 100, 200])
    }

    @Test("a TCP connection that ends inside a message leaves that message, marked cut short")
    func cutShortMessage() {
        let message = PacketBuilder.query(id: 4, "cut.example.")
        let framed = PacketBuilder.framed(message)
        let transcript = Self.extract([
            Self.segment(at: 100, sequence: 1000, flags: TCPFlags.SYN),
            Self.segment(at: 200, sequence: 1001, Array(framed.prefix(framed.count - 5))),
        ])
        #expect(transcript.messages.count == 1)
        #expect(transcript.messages.first?.cutShort == true)
        #expect(transcript.messages.first?.bytes == Array(message.prefix(message.count - 5)))
        #expect(transcript.incompleteStreams.isEmpty, "a connection that closed mid-message lost nothing in the capture")
    }
}
