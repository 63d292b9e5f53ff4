import Capture
import DNSWire
import Testing

@Suite("PacketDissector")
struct PacketDissectorTests {
    @Test("a UDP/IPv4 DNS query is found behind each link-layer header", arguments: Fixture.linkFrames)
    func udpQueryBehindLinkHeader(_ frame: LinkFrame) throws {
        let packet = try #require(PacketDissector.dissect(frame.bytes, linkType: frame.linkType))
        #expect(packet.source == Fixture.client)
        #expect(packet.destination == Fixture.server)
        #expect(packet.sourcePort == 40000)
        #expect(packet.destinationPort == 53)
        #expect(packet.transport == .udp)
        #expect(packet.content == .udp(payload: Fixture.dnsQuery))
    }

    @Test func anUnknownLinkTypeGivesNil() {
        // DLT_USER0 (147): a perfectly good IPv4 packet behind a header we do not know.
        #expect(PacketDissector.dissect(Fixture.ipv4UDPQuery, linkType: LinkType(rawValue: 147)) == nil)
        #expect(PacketDissector.dissect(Fixture.ethernetIPv4 + Fixture.ipv4UDPQuery, linkType: LinkType(rawValue: 105)) == nil)
    }

    @Test func aNonIPEtherTypeGivesNil() {
        let arp = hex("""
            ffffffffffff 000000000000 ; broadcast, from zero MAC
            0806                      ; EtherType ARP
            0001 0800 06 04 0001      ; Ethernet/IPv4 request
            000000000000 0a000002 000000000000 0a60000a
            """)
        #expect(PacketDissector.dissect(arp, linkType: .EN10MB) == nil)
    }

    @Test func udpOverIPv6() throws {
        let packet = try #require(PacketDissector.dissect(Fixture.ethernetIPv6 + Fixture.ipv6UDPQuery, linkType: .EN10MB))
        #expect(packet.source == Fixture.client6)
        #expect(packet.destination == Fixture.server6)
        #expect(packet.sourcePort == 40000)
        #expect(packet.destinationPort == 53)
        #expect(packet.content == .udp(payload: Fixture.dnsQuery))
    }

    @Test func ipv6OnARawLinkIsRecognisedByItsVersion() throws {
        let packet = try #require(PacketDissector.dissect(Fixture.ipv6UDPQuery, linkType: .RAW))
        #expect(packet.destination == Fixture.server6)
        #expect(packet.content == .udp(payload: Fixture.dnsQuery))
    }

    @Test func ipv6HopByHopHeaderIsSkipped() throws {
        let packet = try #require(PacketDissector.dissect(Fixture.ipv6HopByHopQuery, linkType: .RAW))
        #expect(packet.source == Fixture.client6)
        #expect(packet.destinationPort == 53)
        #expect(packet.content == .udp(payload: Fixture.dnsQuery))
    }

    @Test func ipv6FirstFragmentIsDissectedLaterOnesAreNot() throws {
        func fragment(offsetAndFlags: String) -> [UInt8] {
            hex("""
                60000000        ; version 6
                002b 2c 40      ; payload length 43 (8 + 35); next header 44 (fragment); hop limit 64
                fd00 0000 0000 0000 0000 0000 0000 0017 ; source fd00::17
                fd00 0000 0000 0000 0000 0000 0000 0010 ; destination fd00::10
                11 00           ; fragment header: next header 17 (UDP); reserved
                """) + hex(offsetAndFlags) + hex("""
                00000001        ; identification
                9c40 0035 0023 0000 ; UDP 40000 → 53, or fragment data that looks like it
                """) + Fixture.dnsQuery
        }
        let first = try #require(PacketDissector.dissect(fragment(offsetAndFlags: "0001 ; offset 0, M set"), linkType: .RAW))
        #expect(first.content == .udp(payload: Fixture.dnsQuery))
        #expect(PacketDissector.dissect(fragment(offsetAndFlags: "05a8 ; offset 181 (1448 octets)"), linkType: .RAW) == nil)
    }

    @Test func tcpSegmentGivesSequenceFlagsAndPayload() throws {
        let packet = try #require(PacketDissector.dissect(Fixture.ethernetIPv4 + Fixture.ipv4TCPQuery, linkType: .EN10MB))
        #expect(packet.source == Fixture.client)
        #expect(packet.destination == Fixture.server)
        #expect(packet.sourcePort == 40001)
        #expect(packet.destinationPort == 53)
        #expect(packet.transport == .tcp)
        #expect(packet.content == .tcp(sequence: 0x1122_3344, flags: 0x18, payload: [0x00, 0x1b] + Fixture.dnsQuery))
    }

    @Test func tcpOptionsAreSkippedByDataOffset() throws {
        let syn = hex("""
            45 00 003c abcf 4000 40 06 0000 ; IPv4, total length 60; TCP; checksum (not verified)
            0a000002 0a60000a               ; 10.0.0.2 → 10.96.0.10
            9c41 0035                       ; TCP 40001 → 53
            11223343 00000000               ; initial sequence number; no ack
            a0 02                           ; data offset 10 (40 octets); flags SYN
            faf0 0000 0000                  ; window; checksum; urgent pointer
            020405b4 0402080a 00000001 00000000 01030307 ; MSS, SACK-permitted, timestamps, NOP, window scale
            """)
        let packet = try #require(PacketDissector.dissect(syn, linkType: .RAW))
        #expect(packet.content == .tcp(sequence: 0x1122_3343, flags: TCPFlags.SYN, payload: []))
    }

    @Test func ipv4OptionsAreSkippedByIHL() throws {
        let packet = try #require(PacketDissector.dissect(Fixture.ipv4WithOptionsQuery, linkType: .RAW))
        #expect(packet.sourcePort == 40000)
        #expect(packet.destinationPort == 53)
        #expect(packet.content == .udp(payload: Fixture.dnsQuery))
    }

    @Test func ethernetPaddingIsNotTCPPayload() throws {
        #expect(Fixture.paddedTCPAck.count == 60)
        let packet = try #require(PacketDissector.dissect(Fixture.paddedTCPAck, linkType: .EN10MB))
        #expect(packet.content == .tcp(sequence: 0x1122_3361, flags: 0x10, payload: []))
    }

    @Test func ethernetPaddingIsNotUDPPayload() throws {
        #expect(Fixture.paddedUDP.count == 60)
        let packet = try #require(PacketDissector.dissect(Fixture.paddedUDP, linkType: .EN10MB))
        #expect(packet.content == .udp(payload: [0xab, 0xcd]))
    }

    @Test func laterIPv4FragmentIsIgnored() {
        #expect(PacketDissector.dissect(Fixture.ipv4LaterFragment, linkType: .RAW) == nil)
    }

    @Test func firstIPv4FragmentIsDissected() throws {
        var first = Fixture.ipv4UDPQuery
        first[6] = 0x20  // MF set, offset 0: the UDP header is here
        let packet = try #require(PacketDissector.dissect(first, linkType: .RAW))
        #expect(packet.destinationPort == 53)
    }

    @Test func icmpPortUnreachableNamesTheRefusedDestination() throws {
        let packet = try #require(PacketDissector.dissect(Fixture.icmpPortUnreachable, linkType: .RAW))
        #expect(packet.source == Fixture.closedServer)
        #expect(packet.destination == Fixture.client)
        #expect(packet.transport == nil)
        #expect(packet.content == .portUnreachable(originalDestination: Fixture.closedServer,
                                                   originalDestinationPort: 53, originalSourcePort: 40000))
    }

    @Test func icmpv6PortUnreachableNamesTheRefusedDestination() throws {
        let packet = try #require(PacketDissector.dissect(Fixture.ethernetIPv6 + Fixture.icmpv6PortUnreachable, linkType: .EN10MB))
        #expect(packet.source == Fixture.closedServer6)
        #expect(packet.destination == Fixture.client6)
        #expect(packet.content == .portUnreachable(originalDestination: Fixture.closedServer6,
                                                   originalDestinationPort: 53, originalSourcePort: 40000))
    }

    @Test func otherICMPMessagesAreIgnored() {
        var hostUnreachable = Fixture.icmpPortUnreachable
        hostUnreachable[21] = 1  // code 1: host unreachable, not port unreachable
        #expect(PacketDissector.dissect(hostUnreachable, linkType: .RAW) == nil)
        var echoReply = Fixture.icmpPortUnreachable
        echoReply[20] = 0  // type 0: echo reply
        echoReply[21] = 0
        #expect(PacketDissector.dissect(echoReply, linkType: .RAW) == nil)
    }

    @Test func otherIPProtocolsAreIgnored() {
        var gre = Fixture.ipv4UDPQuery
        gre[9] = 47
        #expect(PacketDissector.dissect(gre, linkType: .RAW) == nil)
    }
}
