import Capture
import DNSWire
import Testing

/// Builds RAW IPv4 frames for transcript tests, where the conversation matters more than the octets.
/// Pinned to the annotated fixtures by `PacketBuilderTests`.
enum PacketBuilder {
    static func udp(from source: IPv4Address, _ sourcePort: UInt16, to destination: IPv4Address, _ destinationPort: UInt16,
                    _ payload: [UInt8], identification: UInt16 = 0xabcd) -> [UInt8] {
        let udp = be16(sourcePort) + be16(destinationPort) + be16(UInt16(truncatingIfNeeded: 8 + payload.count)) + [0, 0]
        return ipv4(protocol: 17, from: source, to: destination, identification: identification, dontFragment: false,
                    udp + payload)
    }

    static func tcp(from source: IPv4Address, _ sourcePort: UInt16, to destination: IPv4Address, _ destinationPort: UInt16,
                    sequence: UInt32, acknowledgment: UInt32 = 0xaabb_ccdd, flags: UInt8 = 0x18, _ payload: [UInt8] = [],
                    identification: UInt16 = 0xabce) -> [UInt8] {
        let tcp = be16(sourcePort) + be16(destinationPort) + be32(sequence) + be32(acknowledgment)
            + [0x50, flags] + [0xff, 0xff, 0, 0, 0, 0]
        return ipv4(protocol: 6, from: source, to: destination, identification: identification, dontFragment: true,
                    tcp + payload)
    }

    static func ipv4(protocol proto: UInt8, from source: IPv4Address, to destination: IPv4Address,
                     identification: UInt16, dontFragment: Bool, _ payload: [UInt8]) -> [UInt8] {
        var header = [0x45, 0x00] + be16(UInt16(truncatingIfNeeded: 20 + payload.count)) + be16(identification)
            + [dontFragment ? 0x40 : 0x00, 0x00, 64, proto, 0, 0] + source.bytes + destination.bytes
        let checksum = internetChecksum(header)
        header[10] = UInt8(truncatingIfNeeded: checksum >> 8)
        header[11] = UInt8(truncatingIfNeeded: checksum)
        return header + payload
    }

    /// RFC 1071: one's complement of the one's complement sum of 16-bit words.
    static func internetChecksum(_ bytes: [UInt8]) -> UInt16 {
        var sum: UInt32 = 0
        for index in stride(from: 0, to: bytes.count, by: 2) {
            let low = index + 1 < bytes.count ? bytes[index + 1] : 0
            sum += UInt32(bytes[index]) << 8 | UInt32(low)
        }
        while sum > 0xffff { sum = (sum & 0xffff) + (sum >> 16) }
        return ~UInt16(truncatingIfNeeded: sum)
    }

    /// A stub resolver's query for `name`, encoded.
    static func query(id: UInt16, _ name: String, _ type: DNSType = .A, sourceLocation: SourceLocation = #_sourceLocation) -> [UInt8] {
        do {
            return try DNSMessage.query(id: id, name: DNSName(name), type: type).encode()
        } catch {
            Issue.record("cannot build query for \(name): \(error)", sourceLocation: sourceLocation)
            return []
        }
    }

    /// `message` with its 2-octet TCP length prefix.
    static func framed(_ message: [UInt8]) -> [UInt8] {
        be16(UInt16(truncatingIfNeeded: message.count)) + message
    }

    static func be16(_ value: UInt16) -> [UInt8] {
        [UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)]
    }

    static func be32(_ value: UInt32) -> [UInt8] {
        be16(UInt16(truncatingIfNeeded: value >> 16)) + be16(UInt16(truncatingIfNeeded: value))
    }
}

@Suite("Packet builder")
struct PacketBuilderTests {
    @Test func udpMatchesTheAnnotatedFixture() {
        let built = PacketBuilder.udp(from: IPv4Address(10, 0, 0, 2), 40000, to: IPv4Address(10, 96, 0, 10), 53, Fixture.dnsQuery)
        #expect(built == Fixture.ipv4UDPQuery)
    }

    @Test func tcpMatchesTheAnnotatedFixture() {
        let built = PacketBuilder.tcp(from: IPv4Address(10, 0, 0, 2), 40001, to: IPv4Address(10, 96, 0, 10), 53,
                                      sequence: 0x1122_3344, PacketBuilder.framed(Fixture.dnsQuery))
        #expect(built == Fixture.ipv4TCPQuery)
    }
}
