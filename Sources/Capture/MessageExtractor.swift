import DNSWire

/// A DNS message as it crossed the wire: who sent it to whom, how, and when.
public struct WireMessage: Hashable, Sendable {
    public var timestampMicroseconds: Int64
    public var source: SocketAddress
    public var destination: SocketAddress
    public var transport: Transport
    public var bytes: [UInt8]
    /// For a TCP connection that ended mid-message: the message is cut short (its length prefix
    /// promised more).
    public var cutShort: Bool

    public init(timestampMicroseconds: Int64, source: SocketAddress, destination: SocketAddress, transport: Transport,
                bytes: [UInt8], cutShort: Bool = false) {
        self.timestampMicroseconds = timestampMicroseconds
        self.source = source
        self.destination = destination
        self.transport = transport
        self.bytes = bytes
        self.cutShort = cutShort
    }
}

/// A datagram to a server that the kernel bounced: nobody listens there (a `closed` server).
public struct PortUnreachableEvent: Hashable, Sendable {
    public var timestampMicroseconds: Int64
    public var server: SocketAddress
    public var clientPort: UInt16

    public init(timestampMicroseconds: Int64, server: SocketAddress, clientPort: UInt16) {
        self.timestampMicroseconds = timestampMicroseconds
        self.server = server
        self.clientPort = clientPort
    }
}

/// What the extractor found in one frame.
public enum WireItem: Hashable, Sendable {
    case message(WireMessage)
    case unreachable(PortUnreachableEvent)
}

/// Turns captured frames into DNS messages, frame by frame: UDP datagrams and length-framed TCP
/// streams (RFC 1035 4.2.2) to or from one of `dnsPorts`, and ICMP port unreachable about them.
public struct MessageExtractor {
    public let linkType: LinkType
    public let dnsPorts: Set<UInt16>
    private var streams: [StreamKey: TCPStream] = [:]
    private var streamOrder: [StreamKey] = []

    struct StreamKey: Hashable {
        var source: SocketAddress
        var destination: SocketAddress
    }

    public init(linkType: LinkType, dnsPorts: Set<UInt16>) {
        self.linkType = linkType
        self.dnsPorts = dnsPorts
    }

    public func isDNS(_ packet: DissectedPacket) -> Bool {
        dnsPorts.contains(packet.destinationPort) || dnsPorts.contains(packet.sourcePort)
    }

    /// The messages and bounces `frame` carries (a TCP segment can complete several messages).
    public mutating func add(_ frame: CapturedFrame) -> [WireItem] {
        guard let packet = PacketDissector.dissect(frame.bytes, linkType: linkType) else { return [] }
        return add(packet, timestamp: frame.timestampMicroseconds)
    }

    public mutating func add(_ packet: DissectedPacket, timestamp: Int64) -> [WireItem] {
        let source = SocketAddress(address: packet.source, port: packet.sourcePort)
        let destination = SocketAddress(address: packet.destination, port: packet.destinationPort)
        switch packet.content {
        case .udp(let payload):
            guard isDNS(packet) else { return [] }
            return [.message(WireMessage(timestampMicroseconds: timestamp, source: source, destination: destination,
                                         transport: .udp, bytes: payload))]
        case let .tcp(sequence, flags, payload):
            guard isDNS(packet) else { return [] }
            let key = StreamKey(source: source, destination: destination)
            if streams[key] == nil {
                streams[key] = TCPStream()
                streamOrder.append(key)
            }
            let messages = streams[key]?.add(sequence: sequence, flags: flags, payload: payload, timestamp: timestamp) ?? []
            return messages.map {
                .message(WireMessage(timestampMicroseconds: $0.timestamp, source: source, destination: destination,
                                     transport: .tcp, bytes: $0.bytes))
            }
        case let .portUnreachable(destination, destinationPort, sourcePort):
            guard dnsPorts.contains(destinationPort) else { return [] }
            return [.unreachable(PortUnreachableEvent(timestampMicroseconds: timestamp,
                                                      server: SocketAddress(address: destination, port: destinationPort),
                                                      clientPort: sourcePort))]
        }
    }

    /// At the end of the capture: TCP streams with a gap (a lost segment: their later messages are
    /// missing) and the cut-short messages of connections that ended mid-message.
    public func finish() -> (gaps: [(from: SocketAddress, to: SocketAddress)], cutShort: [WireMessage]) {
        var gaps: [(SocketAddress, SocketAddress)] = []
        var cut: [WireMessage] = []
        for key in streamOrder {
            guard let stream = streams[key] else { continue }
            if stream.hasGap { gaps.append((key.source, key.destination)) }
            if let (timestamp, bytes) = stream.leftover {
                cut.append(WireMessage(timestampMicroseconds: timestamp, source: key.source, destination: key.destination,
                                       transport: .tcp, bytes: Array(bytes.dropFirst(2)), cutShort: true))
            }
        }
        return (gaps, cut)
    }
}

/// The DNS conversation recovered from a whole capture at once (tests and pcap files), in capture
/// order: the order the capture socket received the frames, which is the order on the wire.
public struct WireTranscript: Sendable {
    public var messages: [WireMessage] = []
    public var unreachable: [PortUnreachableEvent] = []
    public var incompleteStreams: [(from: SocketAddress, to: SocketAddress)] = []

    public init() {}

    public static func extract(frames: [CapturedFrame], linkType: LinkType, dnsPorts: Set<UInt16>) -> WireTranscript {
        var extractor = MessageExtractor(linkType: linkType, dnsPorts: dnsPorts)
        var transcript = WireTranscript()
        for frame in frames {
            for item in extractor.add(frame) {
                switch item {
                case .message(let message): transcript.messages.append(message)
                case .unreachable(let event): transcript.unreachable.append(event)
                }
            }
        }
        let (gaps, cut) = extractor.finish()
        transcript.incompleteStreams = gaps
        transcript.messages += cut
        return transcript
    }
}
