import Capture
import DNSWire
import PropertyBased
import Testing

/// Frames a broken or hostile sender could put on the wire: the dissector returns nil or a packet
/// whose payload lies inside the frame, and never traps.
@Suite("Hostile frames")
struct HostileFrameTests {
    @Test func ipv4HeaderLengthBelowFiveIsRejected() {
        var frame = Fixture.ipv4UDPQuery
        frame[0] = 0x44  // IHL 4: 16 octets, shorter than the fixed header
        #expect(PacketDissector.dissect(frame, linkType: .RAW) == nil)
        frame[0] = 0x40  // IHL 0
        #expect(PacketDissector.dissect(frame, linkType: .RAW) == nil)
    }

    @Test func ipv4TotalLengthShorterThanHeaderIsRejected() {
        let frame = hex("""
            45 00 0010      ; IPv4, IHL 5 (20 octets) but total length 16
            abcd 0000 40 11 0000 0a000002 0a60000a
            9c40 0035 0023 0000
            """) + Fixture.dnsQuery
        #expect(PacketDissector.dissect(frame, linkType: .RAW) == nil)
    }

    @Test func ipv4HeaderLongerThanTheFrameIsRejected() {
        let frame = hex("""
            4f 00 0037      ; IHL 15 (60 octets), but the frame has 28
            abcd 0000 40 11 0000 0a000002 0a60000a
            9c40 0035 0023 0000
            """)
        #expect(PacketDissector.dissect(frame, linkType: .RAW) == nil)
    }

    @Test(arguments: [0, 1, 7] as [UInt16])
    func udpLengthBelowEightIsRejected(_ length: UInt16) {
        var frame = Fixture.ipv4UDPQuery
        frame[24] = UInt8(length >> 8)
        frame[25] = UInt8(length & 0xff)
        #expect(PacketDissector.dissect(frame, linkType: .RAW) == nil)
    }

    @Test func udpLengthBeyondTheFrameYieldsOnlyTheOctetsPresent() throws {
        let frame = hex("""
            45 00 0037 abcd 0000 40 11 ba7d 0a000002 0a60000a ; as ipv4UDPQuery
            9c40 0035 ffff 0000 ; UDP length 65535, far beyond the 35 octets present
            """) + Fixture.dnsQuery
        // Tolerated like a snapped frame: never more than what was captured.
        let packet = try #require(PacketDissector.dissect(frame, linkType: .RAW))
        #expect(packet.content == .udp(payload: Fixture.dnsQuery))
    }

    @Test func udpHeaderCutShortIsRejected() {
        let frame = hex("""
            45 00 001a abcd 0000 40 11 0000 0a000002 0a60000a ; total length 26
            9c40 0035 0023  ; 6 octets of UDP header
            """)
        #expect(PacketDissector.dissect(frame, linkType: .RAW) == nil)
    }

    @Test(arguments: [0x00, 0x10, 0x40] as [UInt8])
    func tcpDataOffsetBelowFiveIsRejected(_ offsetByte: UInt8) {
        var frame = Fixture.ipv4TCPQuery
        frame[32] = offsetByte  // data offset 0, 1 or 4 words
        #expect(PacketDissector.dissect(frame, linkType: .RAW) == nil)
    }

    @Test func tcpDataOffsetBeyondTheSegmentIsRejected() {
        var frame = Fixture.ipv4TCPQuery
        frame[32] = 0xf0  // 60 octets of header, but the segment has 49
        #expect(PacketDissector.dissect(frame, linkType: .RAW) == nil)
    }

    @Test func truncatedIPv6ExtensionChainIsRejected() {
        let frame = hex("""
            60000000        ; version 6
            0010 00 40      ; payload length 16; next header 0 (hop-by-hop)
            fd00 0000 0000 0000 0000 0000 0000 0017 ; source
            fd00 0000 0000 0000 0000 0000 0000 0010 ; destination
            11 02           ; hop-by-hop: next header UDP; length 2 (24 octets), but only 16 follow
            01 04 00000000 9c40 0035 0023 0000
            """)
        #expect(PacketDissector.dissect(frame, linkType: .RAW) == nil)
    }

    @Test func ipv6ExtensionHeaderCutInsideItsFirstTwoOctetsIsRejected() {
        let frame = hex("""
            60000000 0001 00 40 ; payload length 1; next header 0 (hop-by-hop)
            fd00 0000 0000 0000 0000 0000 0000 0017
            fd00 0000 0000 0000 0000 0000 0000 0010
            11              ; next header, then nothing
            """)
        #expect(PacketDissector.dissect(frame, linkType: .RAW) == nil)
    }

    @Test func endlessIPv6ExtensionChainIsCut() {
        // Twenty destination-options headers each pointing at another: no transport is ever reached.
        let chain = (0..<20).flatMap { _ in hex("3c 00 01 04 00000000 ; next: destination options; PadN") }
        let frame = hex("""
            60000000 00a0 3c 40 ; payload length 160; next header 60 (destination options)
            fd00 0000 0000 0000 0000 0000 0000 0017
            fd00 0000 0000 0000 0000 0000 0000 0010
            """) + chain
        #expect(PacketDissector.dissect(frame, linkType: .RAW) == nil)
    }

    @Test func icmpQuotingATruncatedHeaderIsRejected() {
        let frame = Array(Fixture.icmpPortUnreachable.prefix(20 + 8 + 12))  // the quote stops inside the inner header
        #expect(PacketDissector.dissect(frame, linkType: .RAW) == nil)
    }

    @Test(arguments: Fixture.linkFrames)
    func everyPrefixOfAFrameIsHandled(_ frame: LinkFrame) {
        for length in 0..<frame.bytes.count {
            let prefix = Array(frame.bytes.prefix(length))
            if let packet = PacketDissector.dissect(prefix, linkType: frame.linkType) {
                expectPayloadInside(packet, prefix)
            }
        }
    }

    // MARK: Properties

    static let linkTypes: [LinkType] = [.EN10MB, .LINUX_SLL, .LINUX_SLL2, .RAW, .LINKTYPE_RAW, .NULL, .LOOP,
                                        LinkType(rawValue: 147)]

    /// Every valid frame in the fixtures, with its link type.
    static let validFrames: [LinkFrame] = Fixture.linkFrames + [
        LinkFrame("IPv6 UDP", .EN10MB, Fixture.ethernetIPv6 + Fixture.ipv6UDPQuery),
        LinkFrame("IPv6 hop-by-hop", .RAW, Fixture.ipv6HopByHopQuery),
        LinkFrame("TCP", .LINUX_SLL2, hex("0800 0000 00000001 0304 00 06 0000000000000000") + Fixture.ipv4TCPQuery),
        LinkFrame("IPv4 options", .LINUX_SLL, hex("0000 0304 0006 0000000000000000 0800") + Fixture.ipv4WithOptionsQuery),
        LinkFrame("padded ACK", .EN10MB, Fixture.paddedTCPAck),
        LinkFrame("ICMP", .RAW, Fixture.icmpPortUnreachable),
        LinkFrame("ICMPv6", .EN10MB, Fixture.ethernetIPv6 + Fixture.icmpv6PortUnreachable),
    ]

    static let randomBytes = Gen<UInt8>.uint8().array(of: 0...200)

    static let mutatedFrames = Generator(run: { rng in
        let original = validFrames.randomElement(using: &rng) ?? Fixture.linkFrames[0]
        // Mostly under the frame's own link type, sometimes under another one.
        let linkType = Int.random(in: 0..<8, using: &rng) == 0
            ? linkTypes.randomElement(using: &rng) ?? original.linkType : original.linkType
        return LinkFrame("mutated \(original.name)", linkType, mutate(original.bytes, using: &rng))
    })

    static let mutatedCaptures = Generator(run: { rng in
        (0..<Int.random(in: 1...8, using: &rng)).map { _ in
            let original = validFrames.randomElement(using: &rng) ?? Fixture.linkFrames[0]
            return CapturedFrame(timestampMicroseconds: .random(in: 0...1_000_000, using: &rng), originalLength: 0,
                                 bytes: mutate(original.bytes, using: &rng))
        }
    })

    /// Segments of one connection with random sequence numbers, flags and (often framed) payloads.
    static let randomStreams = Generator(run: { rng in
        let base = UInt32.random(in: 0...UInt32.max, using: &rng)
        return (0..<Int.random(in: 1...10, using: &rng)).map { _ in
            let payload: [UInt8] = (0..<Int.random(in: 0...40, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let sequence = Bool.random(using: &rng) ? base &+ UInt32.random(in: 0...120, using: &rng) : .random(in: 0...UInt32.max, using: &rng)
            let bytes = PacketBuilder.tcp(from: IPv4Address(10, 0, 0, 2), 40001, to: IPv4Address(10, 96, 0, 10), 53,
                                          sequence: sequence, flags: .random(in: 0...255, using: &rng),
                                          Bool.random(using: &rng) ? PacketBuilder.framed(payload) : payload)
            return CapturedFrame(timestampMicroseconds: .random(in: 0...1000, using: &rng), originalLength: 0, bytes: bytes)
        }
    })

    @Test(arguments: linkTypes)
    func randomBytesNeverTrapTheDissector(_ linkType: LinkType) async {
        await propertyCheck(count: 1000, input: Self.randomBytes) { bytes in
            if let packet = PacketDissector.dissect(bytes, linkType: linkType) {
                expectPayloadInside(packet, bytes)
            }
        }
    }

    @Test func mutatedFramesNeverTrapTheDissector() async {
        await propertyCheck(count: 5000, input: Self.mutatedFrames) { frame in
            if let packet = PacketDissector.dissect(frame.bytes, linkType: frame.linkType) {
                expectPayloadInside(packet, frame.bytes)
            }
        }
    }

    @Test(arguments: linkTypes)
    func randomCapturesNeverTrapTheTranscript(_ linkType: LinkType) async {
        await propertyCheck(count: 300, input: Self.mutatedCaptures) { frames in
            let transcript = WireTranscript.extract(frames: frames, linkType: linkType, dnsPorts: [53])
            expectSortedAndBounded(transcript, frames)
        }
    }

    @Test func randomTCPSegmentsNeverTrapTheReassembly() async {
        await propertyCheck(count: 2000, input: Self.randomStreams) { frames in
            let transcript = WireTranscript.extract(frames: frames, linkType: .RAW, dnsPorts: [53])
            expectSortedAndBounded(transcript, frames)
        }
    }

    /// Random changes biased towards the octets that steer a dissector: lengths, versions, protocols.
    static func mutate(_ original: [UInt8], using rng: inout some RandomNumberGenerator) -> [UInt8] {
        ByteMutation.mutate(original, interesting: [0x00, 0x01, 0x04, 0x05, 0x06, 0x07, 0x08, 0x11, 0x3a, 0x3c, 0x2c, 0x2b,
                                                    0x40, 0x45, 0x4f, 0x50, 0x60, 0x80, 0x81, 0x86, 0xdd, 0xff], using: &rng)
    }
}

/// A dissected payload is a run of the frame's own octets: nothing invented, nothing read past the end.
func expectPayloadInside(_ packet: DissectedPacket, _ frame: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
    let payload: [UInt8]
    switch packet.content {
    case .udp(let bytes): payload = bytes
    case .tcp(_, _, let bytes): payload = bytes
    case .portUnreachable: return
    }
    guard payload.count <= frame.count else {
        Issue.record("payload of \(payload.count) octets from a frame of \(frame.count)", sourceLocation: sourceLocation)
        return
    }
    let found = (0...(frame.count - payload.count)).contains { start in
        frame[start..<(start + payload.count)].elementsEqual(payload)
    }
    #expect(found, "payload \(payload) is not inside frame \(frame)", sourceLocation: sourceLocation)
}

/// No message is longer than everything captured.
func expectSortedAndBounded(_ transcript: WireTranscript, _ frames: [CapturedFrame], sourceLocation: SourceLocation = #_sourceLocation) {
    let captured = frames.reduce(0) { $0 + $1.bytes.count }
    #expect(transcript.messages.allSatisfy { $0.bytes.count <= captured }, sourceLocation: sourceLocation)
}
