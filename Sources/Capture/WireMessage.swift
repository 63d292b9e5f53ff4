import DNSWire

/// A DNS message as it crossed the wire: who sent it to whom, how, and when.
public struct WireMessage: Hashable, Sendable {
    public var timestampMicroseconds: Int64
    public var source: IPAddress
    public var sourcePort: UInt16
    public var destination: IPAddress
    public var destinationPort: UInt16
    public var transport: DissectedPacket.Transport
    public var bytes: [UInt8]

    public init(timestampMicroseconds: Int64, source: IPAddress, sourcePort: UInt16, destination: IPAddress,
                destinationPort: UInt16, transport: DissectedPacket.Transport, bytes: [UInt8]) {
        self.timestampMicroseconds = timestampMicroseconds
        self.source = source
        self.sourcePort = sourcePort
        self.destination = destination
        self.destinationPort = destinationPort
        self.transport = transport
        self.bytes = bytes
    }
}

/// A datagram to a server that the kernel bounced: nobody listens there (a `closed` server).
public struct PortUnreachableEvent: Hashable, Sendable {
    public var timestampMicroseconds: Int64
    public var server: IPAddress
    public var serverPort: UInt16
    public var clientPort: UInt16
}

/// The DNS conversation recovered from a capture.
public struct WireTranscript: Sendable {
    public var messages: [WireMessage] = []
    public var unreachable: [PortUnreachableEvent] = []
    /// TCP streams with a hole in them (a lost segment): their later messages are missing.
    public var incompleteStreams: [String] = []

    public init() {}

    /// Extracts DNS messages from frames: UDP datagrams and length-prefixed TCP streams (RFC 1035
    /// 4.2.2) to or from one of `dnsPorts`, in time order.
    public static func extract(frames: [CapturedFrame], linkType: LinkType, dnsPorts: Set<UInt16>) -> WireTranscript {
        var transcript = WireTranscript()
        var streams: [TCPStreamKey: TCPStream] = [:]
        var streamOrder: [TCPStreamKey] = []
        for frame in frames {
            guard let packet = PacketDissector.dissect(frame.bytes, linkType: linkType) else { continue }
            switch packet.content {
            case .udp(let payload):
                guard dnsPorts.contains(packet.destinationPort) || dnsPorts.contains(packet.sourcePort) else { continue }
                transcript.messages.append(WireMessage(
                    timestampMicroseconds: frame.timestampMicroseconds, source: packet.source,
                    sourcePort: packet.sourcePort, destination: packet.destination,
                    destinationPort: packet.destinationPort, transport: .udp, bytes: payload))
            case let .tcp(sequence, flags, payload):
                guard dnsPorts.contains(packet.destinationPort) || dnsPorts.contains(packet.sourcePort) else { continue }
                let key = TCPStreamKey(source: packet.source, sourcePort: packet.sourcePort,
                                       destination: packet.destination, destinationPort: packet.destinationPort)
                if streams[key] == nil { streamOrder.append(key) }
                streams[key, default: TCPStream()].add(sequence: sequence, flags: flags, payload: payload,
                                                       timestamp: frame.timestampMicroseconds)
            case let .portUnreachable(destination, destinationPort, sourcePort):
                guard dnsPorts.contains(destinationPort) else { continue }
                transcript.unreachable.append(PortUnreachableEvent(
                    timestampMicroseconds: frame.timestampMicroseconds, server: destination,
                    serverPort: destinationPort, clientPort: sourcePort))
            }
        }
        for key in streamOrder {
            guard let stream = streams[key] else { continue }
            let (messages, complete) = stream.messages()
            if !complete { transcript.incompleteStreams.append("\(key.source):\(key.sourcePort) → \(key.destination):\(key.destinationPort)") }
            for (timestamp, bytes) in messages {
                transcript.messages.append(WireMessage(
                    timestampMicroseconds: timestamp, source: key.source, sourcePort: key.sourcePort,
                    destination: key.destination, destinationPort: key.destinationPort, transport: .tcp, bytes: bytes))
            }
        }
        transcript.messages.sort { $0.timestampMicroseconds < $1.timestampMicroseconds }
        return transcript
    }
}

struct TCPStreamKey: Hashable {
    var source: IPAddress
    var sourcePort: UInt16
    var destination: IPAddress
    var destinationPort: UInt16
}

/// One direction of a TCP connection, reassembled by sequence number (retransmissions and
/// overlaps are dropped; a gap ends the usable stream).
struct TCPStream {
    private var initialSequence: UInt32?
    private var segments: [(sequence: UInt32, payload: [UInt8], timestamp: Int64)] = []

    mutating func add(sequence: UInt32, flags: UInt8, payload: [UInt8], timestamp: Int64) {
        if flags & TCPFlags.SYN != 0 { initialSequence = sequence &+ 1 }
        if !payload.isEmpty { segments.append((sequence, payload, timestamp)) }
    }

    /// The complete DNS messages in the stream, each stamped with the arrival of its first byte;
    /// `complete` is false when a hole stopped the reassembly.
    func messages() -> (messages: [(Int64, [UInt8])], complete: Bool) {
        guard let base = initialSequence ?? segments.map(\.sequence).min() else { return ([], true) }
        let ordered = segments.sorted { ($0.sequence &- base) < ($1.sequence &- base) }
        var stream: [UInt8] = []
        var starts: [(offset: Int, timestamp: Int64)] = []
        var complete = true
        for segment in ordered {
            let offset = Int(segment.sequence &- base)
            if offset > stream.count { complete = false; break }
            let fresh = segment.payload.dropFirst(stream.count - offset)
            if fresh.isEmpty { continue }
            starts.append((stream.count, segment.timestamp))
            stream.append(contentsOf: fresh)
        }
        var result: [(Int64, [UInt8])] = []
        var offset = 0
        let split = TCPFraming.split(stream)
        for message in split.messages {
            let timestamp = starts.last(where: { $0.offset <= offset })?.timestamp ?? 0
            result.append((timestamp, message))
            offset += message.count + 2
        }
        if split.consumed < stream.count { complete = false }
        return (result, complete)
    }
}
