import DNSWire
import Glibc
import Observation
import Synchronization
import SystemCalls
import SystemPackage

/// The sandbox's capture, read continuously on its own thread while the lookups run: each frame is
/// dissected, DNS messages are extracted and paired, and events go out as they happen. Nothing is
/// kept but the state of open exchanges, so memory does not grow with the length of a scenario
/// (frames go to the pcap file when one is wanted).
///
/// Packets the capture lacks turn a verdict into a guess, so the end of a capture is found by a
/// sentinel, never by a timer (design.md, "Capture that cannot silently lose packets"): `drain`
/// sends a datagram with a fresh random token and waits until the reader has seen it, by which
/// time everything queued before it has been handled.
public final class CaptureSession: @unchecked Sendable {
    public let interface: CaptureInterface
    public let filter: CaptureFilter
    public var linkType: LinkType { socket.linkType }
    public var receiveBufferBytes: Int { socket.receiveBufferBytes }

    private let socket: PacketSocket
    private let sentinel: SentinelChannel
    private let sink: any EventSink
    private let clientMessage: @Sendable (WireMessage) -> Void
    private let tick: @Sendable () -> Void
    private let dnsPorts: Set<UInt16>
    private let pcap: PcapWriter?
    private let wake: WakeSignal
    private let found: WakeSignal
    private let shared = Mutex(Shared())
    private var thread: JoinableThread?
    // Owned by the reader thread until `finish` joins it.
    private var extractor: MessageExtractor
    private var conversation: Conversation
    private var frames = 0
    private var truncatedFrames = 0
    private var readFailure: Errno?

    struct Shared {
        var awaitedToken: [UInt8]?
        var tokenSeen = false
        var stopping = false
        /// Frames the reader has handled: while it grows, a drain waits on, however long the backlog.
        /// (Messages within a frame are not counted: a 64 KiB segment holds at most ~3,000 queries,
        /// which take well under the drain's 3 s stall limit.)
        var handled = 0
    }

    /// How often `tick` runs on the reader thread (for the activity monitor).
    public static let tickMilliseconds = 50

    /// Opens the capture. `clientMessage` is called on the reader thread for every message a
    /// client sent to a server port (the responder's cross-check), `tick` every few milliseconds.
    public init(request: CaptureRequest, interface: CaptureInterface = .loopback, sink: any EventSink,
                clientMessage: @escaping @Sendable (WireMessage) -> Void = { _ in },
                tick: @escaping @Sendable () -> Void = {}) throws(CaptureError) {
        self.interface = interface
        filter = request.filter
        self.sink = sink
        self.clientMessage = clientMessage
        self.tick = tick
        dnsPorts = Set(request.dnsPorts)
        sentinel = try SentinelChannel(endpoint: request.sentinel)
        let socket = try PacketSocket(interface: interface, filter: request.filter)
        self.socket = socket
        pcap = request.pcapDescriptor.map { PcapWriter(descriptor: FileDescriptor(rawValue: $0), linkType: socket.linkType) }
        extractor = MessageExtractor(linkType: socket.linkType, dnsPorts: Set(request.dnsPorts))
        conversation = Conversation(dnsPorts: dnsPorts, keepsAnswers: request.answers)
        do {
            wake = try WakeSignal()
            found = try WakeSignal()
        } catch {
            socket.close()
            throw .open(interface: interface.description, message: "\(error)")
        }
    }

    /// Starts the reader thread.
    public func start() throws(CaptureError) {
        do {
            thread = try JoinableThread { [self] in readLoop() }
        } catch {
            throw .open(interface: interface.description, message: "cannot start the capture thread: \(error)")
        }
    }

    /// What a drain established.
    public struct Drained: Sendable {
        public var sentinelsSent: Int
        public var milliseconds: Double
    }

    /// Sends sentinels until the reader has seen one: every packet sent before the first sentinel
    /// has then been handled. A sentinel can be lost like any datagram, so another follows after
    /// `firstResendMilliseconds`, then at doubling intervals (a reader working through a backlog
    /// needs no more of them). The drain fails only after `stallMilliseconds` in which the reader
    /// handled nothing.
    public func drain(stallMilliseconds: Int = 3000, firstResendMilliseconds: Int = 1) throws(CaptureError) -> Drained {
        let token = Array("resolvlab-drain:".utf8) + SystemRandom.bytes(16)
        shared.withLock { $0.awaitedToken = token; $0.tokenSeen = false }
        let started = MonotonicInstant.now()
        var deadline = started.adding(milliseconds: stallMilliseconds)
        var handled = shared.withLock { $0.handled }
        var interval = firstResendMilliseconds
        var sent = 0
        while true {
            sentinel.send(token)
            sent += 1
            found.wait(until: min(deadline, .now().adding(milliseconds: interval)))
            let state = shared.withLock { ($0.tokenSeen, $0.handled) }
            if state.0 { return Drained(sentinelsSent: sent, milliseconds: started.milliseconds(to: .now())) }
            if let readFailure { throw .read(message: "\(readFailure)") }
            if state.1 != handled {
                handled = state.1
                deadline = MonotonicInstant.now().adding(milliseconds: stallMilliseconds)
            }
            if MonotonicInstant.now() >= deadline {
                throw .drainTimedOut(milliseconds: stallMilliseconds, sentinelsSent: sent)
            }
            interval = min(interval * 2, 64)
        }
    }

    /// Stops the reader, reports what the end of the capture reveals (TCP streams with a gap,
    /// messages cut short by a closed connection), flushes the pcap file, and returns the counters.
    /// The socket stays open: closing it waits out an RCU grace period, which `close` does later.
    public func finish() -> CaptureStatistics {
        shared.withLock { $0.stopping = true }
        wake.signal()
        thread?.join()
        thread = nil
        let (gaps, cutShort) = extractor.finish()
        for message in cutShort { sink.emit(conversation.add(message)) }
        for gap in gaps { sink.emit(.incompleteStream(IncompleteStream(from: gap.from, to: gap.to))) }
        pcap?.flush()
        let counters = socket.kernelCounters()
        return CaptureStatistics(frames: frames, kernelPackets: counters.packets, kernelDrops: counters.drops,
                                 truncatedFrames: truncatedFrames)
    }

    /// Why the pcap file could not be written, if it could not.
    public var pcapFailure: Errno? { pcap?.failure }

    /// Releases the socket (slow: see `finish`).
    public func close() {
        socket.close()
    }

    private func readLoop() {
        let buffer = FrameBuffer()
        var nextTick = MonotonicInstant.now().adding(milliseconds: Self.tickMilliseconds)
        while true {
            var entries = [PollEntry(socket.descriptor), PollEntry(wake.readable)]
            _ = try? Poll.wait(&entries, until: nextTick)
            if entries[0].isReady {
                do {
                    while true {
                        let count = try buffer.receive(from: socket)
                        for index in 0..<count {
                            handle(buffer.frame(index, cooked: socket.cooked), truncated: buffer.isTruncated(index))
                            // Counted per frame, not per batch: one batch of segments full of
                            // pipelined queries takes long, and the drain must see it progress.
                            shared.withLock { $0.handled += 1 }
                        }
                        if count < FrameBuffer.slots { break }
                    }
                } catch {
                    readFailure = error
                    found.signal()
                    return
                }
            }
            if MonotonicInstant.now() >= nextTick {
                // What a killed sandbox (a timeout) leaves in the capture file is at most one tick old.
                pcap?.flush()
                tick()
                nextTick = MonotonicInstant.now().adding(milliseconds: Self.tickMilliseconds)
            }
            if entries[1].isReady {
                wake.drain()
                if shared.withLock({ $0.stopping }) { return }
            }
        }
    }

    private func handle(_ frame: CapturedFrame, truncated: Bool) {
        guard let packet = PacketDissector.dissect(frame.bytes, linkType: socket.linkType) else {
            record(frame, truncated: truncated)
            return
        }
        if case .udp(let payload) = packet.content, packet.destinationPort == sentinel.endpoint.port,
           packet.destination == sentinel.endpoint.address {
            shared.withLock { state in
                if let token = state.awaitedToken, payload == token { state.tokenSeen = true }
            }
            found.signal()
            return
        }
        record(frame, truncated: truncated)
        for item in extractor.add(packet, timestamp: frame.timestampMicroseconds) {
            switch item {
            case .message(let message):
                let event = conversation.add(message)
                if case .query = event { clientMessage(message) }
                sink.emit(event)
            case .unreachable(let unreachable):
                sink.emit(conversation.add(unreachable))
            }
        }
    }

    private func record(_ frame: CapturedFrame, truncated: Bool) {
        frames += 1
        if truncated { truncatedFrames += 1 }
        pcap?.write(frame)
    }
}
