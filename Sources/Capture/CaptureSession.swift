import CPcap
import DNSWire
import Glibc
import SystemCalls

/// A libpcap capture of the sandbox's DNS traffic, drained by sentinel rather than by sleeping.
///
/// The BPF filter keeps DNS to and from the scripted servers' ports (UDP and TCP), ICMP (port
/// unreachable from `closed` servers), and the sentinel datagrams.
public final class CaptureSession {
    public let linkType: LinkType
    public let filter: String
    private let handle: OpaquePointer
    private let sentinel: SentinelChannel
    private var frames: [CapturedFrame] = []
    /// Warnings `pcap_activate` returned (positive codes): capture works but the caller may want to know.
    public private(set) var warnings: [String] = []

    /// Starts capturing on `interface` (immediate mode, so packets are handed over as they arrive).
    public init(interface: String = "lo", dnsPorts: Set<UInt16>, bufferBytes: Int32 = 4 << 20) throws(CaptureError) {
        sentinel = try SentinelChannel()
        var errorBuffer = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE))
        guard let handle = pcap_create(interface, &errorBuffer) else {
            throw .open(interface: interface, message: String(nulTerminated: errorBuffer))
        }
        self.handle = handle
        pcap_set_snaplen(handle, 262_144)
        pcap_set_immediate_mode(handle, 1)
        pcap_set_buffer_size(handle, bufferBytes)
        pcap_set_timeout(handle, 1)
        let status = pcap_activate(handle)
        if status < 0 {
            let message = String(cString: pcap_geterr(handle))
            pcap_close(handle)
            throw .open(interface: interface, message: "\(String(cString: pcap_statustostr(status))): \(message)")
        }
        if status > 0 { warnings.append(String(cString: pcap_statustostr(status))) }
        linkType = LinkType(rawValue: pcap_datalink(handle))

        let ports = dnsPorts.sorted().map(String.init).joined(separator: " or ")
        filter = "((udp or tcp) and port (\(ports))) or (udp and dst port \(sentinel.port)) or icmp or icmp6"
        var program = bpf_program()
        guard pcap_compile(handle, &program, filter, 1, PCAP_NETMASK_UNKNOWN) == 0 else {
            let message = String(cString: pcap_geterr(handle))
            pcap_close(handle)
            throw .filter(expression: filter, message: message)
        }
        defer { pcap_freecode(&program) }
        guard pcap_setfilter(handle, &program) == 0 else {
            let message = String(cString: pcap_geterr(handle))
            pcap_close(handle)
            throw .filter(expression: filter, message: message)
        }
        guard pcap_setnonblock(handle, 1, &errorBuffer) == 0 else {
            pcap_close(handle)
            throw .open(interface: interface, message: String(nulTerminated: errorBuffer))
        }
    }

    deinit { pcap_close(handle) }

    /// What a drain established.
    public struct Drained: Sendable {
        /// Every captured frame except the sentinels, in capture order.
        public var frames: [CapturedFrame]
        public var sentinelsSent: Int
        public var milliseconds: Double
    }

    /// Reads until a sentinel carrying a fresh random token has been captured: every packet sent
    /// before the first sentinel is then known to be in hand. libpcap (TPACKET_V3, immediate mode)
    /// hands over the newest packet only when a later one arrives, so the sentinel is resent every
    /// `resendMilliseconds` until one is read (design.md, "Capture that cannot silently lose packets").
    public func drain(timeoutMilliseconds: Int = 3000, resendMilliseconds: Int32 = 1) throws(CaptureError) -> Drained {
        let token = Array("resolvlab-drain:".utf8) + SystemRandom.bytes(16)
        let started = MonotonicInstant.now()
        let deadline = started.adding(milliseconds: timeoutMilliseconds)
        var sent = 0
        let selectable = pcap_get_selectable_fd(handle)
        while true {
            sentinel.send(token)
            sent += 1
            if try readAvailable(lookingFor: token) {
                return Drained(frames: frames, sentinelsSent: sent, milliseconds: started.milliseconds(to: .now()))
            }
            if MonotonicInstant.now() >= deadline {
                throw .drainTimedOut(milliseconds: timeoutMilliseconds, sentinelsSent: sent)
            }
            var descriptor = pollfd(fd: selectable, events: Int16(POLLIN), revents: 0)
            _ = poll(&descriptor, 1, resendMilliseconds)
        }
    }

    /// Copies every frame libpcap has ready; true once a sentinel with `token` was among them.
    private func readAvailable(lookingFor token: [UInt8]) throws(CaptureError) -> Bool {
        var found = false
        while true {
            var header: UnsafeMutablePointer<pcap_pkthdr>?
            var data: UnsafePointer<UInt8>?
            let result = pcap_next_ex(handle, &header, &data)
            switch result {
            case 1:
                guard let header, let data else { continue }
                let length = Int(header.pointee.caplen)
                let bytes = Array(UnsafeBufferPointer(start: data, count: length))
                let timestamp = Int64(header.pointee.ts.tv_sec) * 1_000_000 + Int64(header.pointee.ts.tv_usec)
                if let sentinelToken = sentinelPayload(bytes) {
                    if sentinelToken == token { found = true }
                    continue
                }
                frames.append(CapturedFrame(timestampMicroseconds: timestamp,
                                            originalLength: Int(header.pointee.len), bytes: bytes))
            case 0:
                return found
            case -2:
                return found
            default:
                throw .read(message: String(cString: pcap_geterr(handle)))
            }
        }
    }

    /// The payload of a sentinel datagram, or nil if `frame` is something else.
    private func sentinelPayload(_ frame: [UInt8]) -> [UInt8]? {
        guard let packet = PacketDissector.dissect(frame, linkType: linkType),
              packet.destinationPort == sentinel.port, case .udp(let payload) = packet.content,
              packet.destination == .v4(IPv4Address(127, 0, 0, 1)) else { return nil }
        return payload
    }

    /// libpcap's counters so far. The corresponding C function is `pcap_stats`.
    public func statistics() -> CaptureStatistics? {
        var stats = pcap_stat()
        guard pcap_stats(handle, &stats) == 0 else { return nil }
        return CaptureStatistics(received: stats.ps_recv, dropped: stats.ps_drop, interfaceDropped: stats.ps_ifdrop)
    }
}
