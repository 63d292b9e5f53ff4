@_exported import TestSupport
import Testing
import Foundation

/// Real frames as libpcap hands them over on `lo` (LINKTYPE_ETHERNET, both MACs zero), annotated.
/// IPv4 header checksums are real, so tcpdump prints them without complaint.
enum DNSFrames {
    /// 10.244.154.23:40000 → 10.96.0.10:53 UDP: `ycwu314.top.` A?, ID 0x1234 (4660), RD.
    static let queryA = hex("""
        000000000000 000000000000 0800  ; Ethernet on lo: destination, source MAC; EtherType IPv4
        45 00 0039      ; IPv4, IHL 5; total length 57 (20 + 8 + 29)
        abcd 0000       ; identification; no flags, fragment offset 0
        40 11 1f72      ; TTL 64, protocol 17 (UDP), header checksum
        0af49a17        ; source 10.244.154.23
        0a60000a        ; destination 10.96.0.10
        9c40 0035       ; UDP source port 40000, destination port 53
        0025 0000       ; UDP length 37 (8 + 29), no checksum
        1234 0100       ; DNS ID 0x1234; flags: RD
        0001 0000 0000 0000              ; 1 question, no records
        07 79637775333134 03 746f70 00   ; ycwu314.top.
        0001 0001       ; type A, class IN
        """)

    /// The same lookup's AAAA query, ID 0x1235 (4661), from port 40000 too (glibc sends both on one socket).
    static let queryAAAA = hex("""
        000000000000 000000000000 0800  ; Ethernet on lo
        45 00 0039      ; IPv4, total length 57
        abce 0000       ; identification
        40 11 1f71      ; TTL 64, UDP, header checksum
        0af49a17        ; source 10.244.154.23
        0a60000a        ; destination 10.96.0.10
        9c40 0035       ; UDP 40000 → 53
        0025 0000       ; UDP length 37, no checksum
        1235 0100       ; DNS ID 0x1235; flags: RD
        0001 0000 0000 0000              ; 1 question
        07 79637775333134 03 746f70 00   ; ycwu314.top.
        001c 0001       ; type AAAA (28), class IN
        """)

    /// Both, as an observation stores them: base64, with microsecond timestamps 1.5 ms apart.
    static let observed: [(timestampMicroseconds: Int64, bytes: [UInt8])] = [
        (1_700_000_000_000_000, queryA), (1_700_000_000_001_500, queryAAAA),
    ]
}

