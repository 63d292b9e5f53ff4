import Capture
import DNSWire
import Testing

/// Packet fixtures, byte for byte, annotated. Checksums of IPv4 headers are real; transport checksums
/// are not verified by the dissector and say so.
enum Fixture {
    static let client = IPAddress.v4(IPv4Address(10, 0, 0, 2))
    static let server = IPAddress.v4(IPv4Address(10, 96, 0, 10))
    static let closedServer = IPAddress.v4(IPv4Address(10, 96, 0, 11))
    static let client6 = IPAddress("fd00::17") ?? .v6(.unspecified)
    static let server6 = IPAddress("fd00::10") ?? .v6(.unspecified)
    static let closedServer6 = IPAddress("fd00::11") ?? .v6(.unspecified)

    /// The DNS payload most fixtures carry: `a.example.` A, ID 0x1234, RD set (27 octets).
    static let dnsQuery = hex("""
        1234 0100               ; ID 0x1234; flags: RD
        0001 0000 0000 0000     ; 1 question, no records
        01 61 07 6578616d706c65 00 ; a.example.
        0001 0001               ; type A, class IN
        """)

    /// 10.0.0.2:40000 → 10.96.0.10:53, UDP, carrying `dnsQuery`.
    static let ipv4UDPQuery = hex("""
        45 00 0037      ; IPv4, IHL 5; DSCP 0; total length 55
        abcd 0000       ; identification; no flags, fragment offset 0
        40 11 ba7d      ; TTL 64, protocol 17 (UDP), header checksum
        0a000002        ; source 10.0.0.2
        0a60000a        ; destination 10.96.0.10
        9c40 0035       ; UDP source port 40000, destination port 53
        0023 0000       ; UDP length 35 (8 + 27), no checksum
        """) + dnsQuery

    /// The same query, 10.0.0.2:40001 → 10.96.0.10:53 over TCP, length-prefixed (RFC 1035 4.2.2).
    static let ipv4TCPQuery = hex("""
        45 00 0045      ; IPv4, IHL 5; total length 69
        abce 4000       ; identification; DF, fragment offset 0
        40 06 7a79      ; TTL 64, protocol 6 (TCP), header checksum
        0a000002        ; source 10.0.0.2
        0a60000a        ; destination 10.96.0.10
        9c41 0035       ; TCP source port 40001, destination port 53
        11223344        ; sequence number
        aabbccdd        ; acknowledgment number
        50 18           ; data offset 5 (20 octets); flags PSH|ACK
        ffff 0000 0000  ; window; checksum (not verified); urgent pointer
        001b            ; DNS message length 27
        """) + dnsQuery

    /// Ethernet header of a frame on `lo`: both MACs zero, then `etherType`.
    static let ethernetIPv4 = hex("""
        000000000000    ; destination MAC (lo: all zero)
        000000000000    ; source MAC
        0800            ; EtherType IPv4
        """)

    static let ethernetIPv6 = hex("""
        000000000000    ; destination MAC
        000000000000    ; source MAC
        86dd            ; EtherType IPv6
        """)

    /// The UDP query behind each link-layer header libpcap may hand us.
    static let linkFrames: [LinkFrame] = [
        LinkFrame("EN10MB", .EN10MB, ethernetIPv4 + ipv4UDPQuery),
        LinkFrame("EN10MB, one 802.1Q tag", .EN10MB, hex("""
            000000000000    ; destination MAC
            000000000000    ; source MAC
            8100 0064       ; 802.1Q TPID; PCP 0, VID 100
            0800            ; EtherType IPv4, at offset 16
            """) + ipv4UDPQuery),
        LinkFrame("EN10MB, two 802.1Q tags", .EN10MB, hex("""
            000000000000    ; destination MAC
            000000000000    ; source MAC
            8100 00c8       ; outer 802.1Q tag, VID 200
            8100 0064       ; inner 802.1Q tag, VID 100
            0800            ; EtherType IPv4, at offset 20
            """) + ipv4UDPQuery),
        LinkFrame("EN10MB, 802.1ad outer tag", .EN10MB, hex("""
            000000000000    ; destination MAC
            000000000000    ; source MAC
            88a8 00c8       ; 802.1ad service tag, VID 200
            8100 0064       ; 802.1Q customer tag, VID 100
            0800            ; EtherType IPv4
            """) + ipv4UDPQuery),
        LinkFrame("LINUX_SLL", .LINUX_SLL, hex("""
            0000            ; packet type: PACKET_HOST
            0304            ; ARPHRD_LOOPBACK (772)
            0006            ; link-layer address length 6
            000000000000 0000 ; address, padded to 8 octets
            0800            ; protocol IPv4, at offset 14
            """) + ipv4UDPQuery),
        LinkFrame("LINUX_SLL2", .LINUX_SLL2, hex("""
            0800            ; protocol IPv4, at offset 0
            0000            ; reserved
            00000001        ; interface index 1 (lo)
            0304            ; ARPHRD_LOOPBACK (772)
            00              ; packet type: PACKET_HOST
            06              ; link-layer address length 6
            000000000000 0000 ; address, padded to 8 octets
            """) + ipv4UDPQuery),
        LinkFrame("RAW (DLT 12)", .RAW, ipv4UDPQuery),
        LinkFrame("RAW (LINKTYPE 101)", .LINKTYPE_RAW, ipv4UDPQuery),
        LinkFrame("NULL", .NULL, hex("02000000 ; AF_INET in host (little-endian) order") + ipv4UDPQuery),
        LinkFrame("LOOP", .LOOP, hex("00000002 ; AF_INET in network order") + ipv4UDPQuery),
    ]

    /// fd00::17:40000 → fd00::10:53, UDP, carrying `dnsQuery`.
    static let ipv6UDPQuery = hex("""
        60000000        ; version 6, traffic class 0, flow label 0
        0023 11 40      ; payload length 35; next header 17 (UDP); hop limit 64
        fd00 0000 0000 0000 0000 0000 0000 0017 ; source fd00::17
        fd00 0000 0000 0000 0000 0000 0000 0010 ; destination fd00::10
        9c40 0035       ; UDP source port 40000, destination port 53
        0023 0000       ; UDP length 35; checksum (not verified)
        """) + dnsQuery

    /// The IPv6 query behind a hop-by-hop options header.
    static let ipv6HopByHopQuery = hex("""
        60000000        ; version 6
        002b 00 40      ; payload length 43 (8 + 35); next header 0 (hop-by-hop); hop limit 64
        fd00 0000 0000 0000 0000 0000 0000 0017 ; source fd00::17
        fd00 0000 0000 0000 0000 0000 0000 0010 ; destination fd00::10
        11 00           ; hop-by-hop: next header 17 (UDP); length 0 (8 octets in all)
        01 04 00000000  ; PadN option, 4 octets of padding
        9c40 0035       ; UDP source port 40000, destination port 53
        0023 0000       ; UDP length 35; checksum (not verified)
        """) + dnsQuery

    /// The UDP query with a 4-octet IP option (IHL 6): UDP starts at offset 24.
    static let ipv4WithOptionsQuery = hex("""
        46 00 003b      ; IPv4, IHL 6 (24 octets); total length 59
        abcd 0000       ; identification; no fragmentation
        40 11 2575      ; TTL 64, UDP, header checksum
        0a000002        ; source 10.0.0.2
        0a60000a        ; destination 10.96.0.10
        94 04 0000      ; option: router alert (RFC 2113), length 4
        9c40 0035       ; UDP source port 40000, destination port 53
        0023 0000       ; UDP length 35, no checksum
        """) + dnsQuery

    /// A pure ACK (40 IP octets) padded by Ethernet to the 60-octet minimum frame.
    static let paddedTCPAck = ethernetIPv4 + hex("""
        45 00 0028      ; IPv4, IHL 5; total length 40: no TCP payload
        abcf 4000       ; identification; DF
        40 06 7a95      ; TTL 64, TCP, header checksum
        0a000002        ; source 10.0.0.2
        0a60000a        ; destination 10.96.0.10
        9c41 0035       ; TCP 40001 → 53
        11223361        ; sequence number
        aabbccdd        ; acknowledgment number
        50 10           ; data offset 5; flags ACK
        ffff 0000 0000  ; window; checksum (not verified); urgent pointer
        000000000000    ; Ethernet padding up to 60 octets: not TCP payload
        """)

    /// A two-octet UDP datagram padded by Ethernet to 60 octets.
    static let paddedUDP = ethernetIPv4 + hex("""
        45 00 001e      ; IPv4, IHL 5; total length 30
        abd2 0000       ; identification; no fragmentation
        40 11 ba91      ; TTL 64, UDP, header checksum
        0a000002        ; source 10.0.0.2
        0a60000a        ; destination 10.96.0.10
        9c40 0035       ; UDP 40000 → 53
        000a 0000       ; UDP length 10 (2 octets of payload), no checksum
        abcd            ; payload
        00000000 00000000 00000000 00000000 ; Ethernet padding up to 60 octets
        """)

    /// The second fragment of a datagram: its first octets look like a UDP header but are not one.
    static let ipv4LaterFragment = hex("""
        45 00 0037      ; IPv4, IHL 5; total length 55
        abd0 00b9       ; identification; no MF, fragment offset 185 (1480 octets)
        40 11 b9c1      ; TTL 64, UDP, header checksum
        0a000002        ; source 10.0.0.2
        0a60000a        ; destination 10.96.0.10
        9c40 0035 0023 0000 ; fragment data that happens to look like UDP 40000 → 53
        """) + dnsQuery

    /// 10.96.0.11 (nothing listens on port 53) bounces the query from 10.0.0.2:40000.
    static let icmpPortUnreachable = hex("""
        45 c0 0038      ; IPv4, DSCP CS6; total length 56
        0001 0000       ; identification; no fragmentation
        40 01 6598      ; TTL 64, protocol 1 (ICMP), header checksum
        0a60000b        ; source 10.96.0.11
        0a000002        ; destination 10.0.0.2
        03 03 6064      ; ICMP type 3 (destination unreachable), code 3 (port unreachable); checksum
        00000000        ; unused
        ; the refused datagram: its IPv4 header and first 8 octets (RFC 792)
        45 00 0037 abd1 0000 40 11 ba78 ; total length 55 (only 28 quoted)
        0a000002        ; source 10.0.0.2
        0a60000b        ; destination 10.96.0.11
        9c40 0035 0023 0000 ; UDP 40000 → 53
        """)

    /// fd00::11 (nothing listens on port 53) bounces the query from [fd00::17]:40000.
    static let icmpv6PortUnreachable = hex("""
        60000000        ; version 6
        0038 3a 40      ; payload length 56; next header 58 (ICMPv6); hop limit 64
        fd00 0000 0000 0000 0000 0000 0000 0011 ; source fd00::11
        fd00 0000 0000 0000 0000 0000 0000 0017 ; destination fd00::17
        01 04 0000      ; ICMPv6 type 1 (destination unreachable), code 4 (port unreachable); checksum (not verified)
        00000000        ; unused
        ; the refused datagram, as much as fits (RFC 4443 3.1)
        60000000 0023 11 40 ; payload length 35; UDP; hop limit 64
        fd00 0000 0000 0000 0000 0000 0000 0017 ; source fd00::17
        fd00 0000 0000 0000 0000 0000 0000 0011 ; destination fd00::11
        9c40 0035 0023 0000 ; UDP 40000 → 53
        """)
}

/// A frame and the link type libpcap reported for it.
struct LinkFrame: Sendable, CustomStringConvertible {
    var name: String
    var linkType: LinkType
    var bytes: [UInt8]

    init(_ name: String, _ linkType: LinkType, _ bytes: [UInt8]) {
        self.name = name
        self.linkType = linkType
        self.bytes = bytes
    }

    var description: String { name }
}
