import DNSWire

/// What a frame carried, down to the transport payload.
public struct DissectedPacket: Hashable, Sendable {
    public enum Content: Hashable, Sendable {
        case udp(payload: [UInt8])
        case tcp(sequence: UInt32, flags: UInt8, payload: [UInt8])
        /// ICMP/ICMPv6 "port unreachable" about a datagram we sent to `destination`.
        case portUnreachable(originalDestination: IPAddress, originalDestinationPort: UInt16, originalSourcePort: UInt16)
    }

    public var source: IPAddress
    public var destination: IPAddress
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    public var content: Content

    public var transport: Transport? {
        switch content {
        case .udp: .udp
        case .tcp: .tcp
        case .portUnreachable: nil
        }
    }
}

/// TCP header flag bits.
public enum TCPFlags {
    public static let FIN: UInt8 = 0x01
    public static let SYN: UInt8 = 0x02
    public static let RST: UInt8 = 0x04
}

/// Link-layer, IP and transport decapsulation. Total: any bytes give a packet or nil, never a trap.
public enum PacketDissector {
    public static func dissect(_ frame: [UInt8], linkType: LinkType) -> DissectedPacket? {
        let view = ByteView(frame)
        switch linkType {
        case .EN10MB:
            // 14-byte Ethernet header; each 802.1Q/802.1ad tag adds 4 bytes before the real EtherType.
            var offset = 12
            var etherType = view.u16(offset)
            var tags = 0
            while etherType == 0x8100 || etherType == 0x88A8, tags < 4 {
                offset += 4
                tags += 1
                etherType = view.u16(offset)
            }
            guard let etherType, let payload = view.slice(from: offset + 2) else { return nil }
            return network(protocol: etherType, payload)
        case .LINUX_SLL:
            // 16-byte cooked header, protocol at offset 14.
            guard let proto = view.u16(14), let payload = view.slice(from: 16) else { return nil }
            return network(protocol: proto, payload)
        case .LINUX_SLL2:
            // 20-byte cooked v2 header, protocol at offset 0 (interface index at 4).
            guard let proto = view.u16(0), let payload = view.slice(from: 20) else { return nil }
            return network(protocol: proto, payload)
        case .RAW, .LINKTYPE_RAW:
            return ip(view)
        case .NULL, .LOOP:
            // 4-byte address family, host order for NULL, network order for LOOP; the IP version nibble decides.
            guard let payload = view.slice(from: 4) else { return nil }
            return ip(payload)
        default:
            return nil
        }
    }

    static func network(protocol etherType: UInt16, _ payload: ByteView) -> DissectedPacket? {
        switch etherType {
        case 0x0800: ipv4(payload)
        case 0x86DD: ipv6(payload)
        default: nil
        }
    }

    static func ip(_ view: ByteView) -> DissectedPacket? {
        switch view.u8(0).map({ $0 >> 4 }) {
        case 4: ipv4(view)
        case 6: ipv6(view)
        default: nil
        }
    }

    static func ipv4Header(_ view: ByteView) -> (source: IPAddress, destination: IPAddress, protocol: UInt8, payload: ByteView, firstFragment: Bool)? {
        guard let first = view.u8(0), first >> 4 == 4 else { return nil }
        let headerLength = Int(first & 0x0f) * 4
        guard headerLength >= 20,
              let totalLength = view.u16(2),
              let fragment = view.u16(6),
              let proto = view.u8(9),
              let sourceBytes = view.slice(from: 12, length: 4),
              let destinationBytes = view.slice(from: 16, length: 4),
              let source = IPv4Address(bytes: sourceBytes.array()),
              let destination = IPv4Address(bytes: destinationBytes.array()) else { return nil }
        // Use the IP length, not the frame length (Ethernet pads short frames), but tolerate snapped frames.
        let end = min(Int(totalLength), view.count)
        guard end >= headerLength, let payload = view.slice(from: headerLength, length: end - headerLength) else { return nil }
        let firstFragment = fragment & 0x1fff == 0
        return (.v4(source), .v4(destination), proto, payload, firstFragment)
    }

    static func ipv4(_ view: ByteView) -> DissectedPacket? {
        guard let header = ipv4Header(view), header.firstFragment else { return nil }
        return transport(header.protocol, source: header.source, destination: header.destination, header.payload)
    }

    static func ipv6Header(_ view: ByteView) -> (source: IPAddress, destination: IPAddress, protocol: UInt8, payload: ByteView)? {
        guard let first = view.u8(0), first >> 4 == 6,
              let payloadLength = view.u16(4),
              var next = view.u8(6),
              let sourceBytes = view.slice(from: 8, length: 16),
              let destinationBytes = view.slice(from: 24, length: 16),
              let source = IPv6Address(bytes: sourceBytes.array()),
              let destination = IPv6Address(bytes: destinationBytes.array()) else { return nil }
        let end = min(40 + Int(payloadLength), view.count)
        guard var payload = view.slice(from: 40, length: max(0, end - 40)) else { return nil }
        // Skip extension headers: hop-by-hop (0), routing (43), destination options (60); a fragment (44) only if first.
        var hops = 0
        while [0, 43, 44, 60].contains(next), hops < 8 {
            hops += 1
            guard let following = payload.u8(0), let lengthUnits = payload.u8(1) else { return nil }
            let length = next == 44 ? 8 : (Int(lengthUnits) + 1) * 8
            if next == 44, let offset = payload.u16(2), offset & 0xfff8 != 0 { return nil }
            guard let rest = payload.slice(from: length) else { return nil }
            next = following
            payload = rest
        }
        return (.v6(source), .v6(destination), next, payload)
    }

    static func ipv6(_ view: ByteView) -> DissectedPacket? {
        guard let header = ipv6Header(view) else { return nil }
        return transport(header.protocol, source: header.source, destination: header.destination, header.payload)
    }

    static func transport(_ proto: UInt8, source: IPAddress, destination: IPAddress, _ view: ByteView) -> DissectedPacket? {
        switch proto {
        case 17:
            guard let sourcePort = view.u16(0), let destinationPort = view.u16(2), let length = view.u16(4),
                  length >= 8, let payload = view.slice(from: 8, length: min(Int(length), view.count) - 8) else { return nil }
            return DissectedPacket(source: source, destination: destination, sourcePort: sourcePort,
                                   destinationPort: destinationPort, content: .udp(payload: payload.array()))
        case 6:
            guard let sourcePort = view.u16(0), let destinationPort = view.u16(2), let sequence = view.u32(4),
                  let offsetByte = view.u8(12), let flags = view.u8(13) else { return nil }
            let headerLength = Int(offsetByte >> 4) * 4
            guard headerLength >= 20, let payload = view.slice(from: headerLength) else { return nil }
            return DissectedPacket(source: source, destination: destination, sourcePort: sourcePort,
                                   destinationPort: destinationPort,
                                   content: .tcp(sequence: sequence, flags: flags, payload: payload.array()))
        case 1:
            // ICMP destination unreachable (3), port unreachable (3).
            return portUnreachable(view, type: 3, code: 3, source: source, destination: destination) { inner in
                ipv4Header(inner).map { ($0.destination, $0.protocol, $0.payload) }
            }
        case 58:
            // ICMPv6 destination unreachable (1), port unreachable (4).
            return portUnreachable(view, type: 1, code: 4, source: source, destination: destination) { inner in
                ipv6Header(inner).map { ($0.destination, $0.protocol, $0.payload) }
            }
        default:
            return nil
        }
    }

    /// An ICMP(v6) port unreachable of the given type and code: the offending IP header and at
    /// least 8 bytes of its UDP header follow the 8-byte ICMP header.
    static func portUnreachable(_ view: ByteView, type: UInt8, code: UInt8, source: IPAddress, destination: IPAddress,
                                originalHeader: (ByteView) -> (destination: IPAddress, protocol: UInt8, payload: ByteView)?)
        -> DissectedPacket? {
        guard view.u8(0) == type, view.u8(1) == code, let inner = view.slice(from: 8),
              let original = originalHeader(inner), original.protocol == 17,
              let sourcePort = original.payload.u16(0), let destinationPort = original.payload.u16(2) else { return nil }
        return DissectedPacket(source: source, destination: destination, sourcePort: 0, destinationPort: 0,
                               content: .portUnreachable(originalDestination: original.destination,
                                                         originalDestinationPort: destinationPort,
                                                         originalSourcePort: sourcePort))
    }
}
