import CResolvLab
import Glibc
import Observation
import SystemCalls
import SystemPackage

/// Which interfaces a capture listens on.
public enum CaptureInterface: Sendable, Hashable, CustomStringConvertible {
    /// The loopback interface: the only one a sandbox has.
    case loopback
    /// One interface by index, or every interface (index 0: frames get a LINUX_SLL2 header).
    case index(Int32)

    public var description: String {
        switch self {
        case .loopback: "lo"
        case .index(0): "any"
        case .index(let index): "interface \(index)"
        }
    }
}

/// A plain `AF_PACKET` socket read with `recvmmsg`, not libpcap's memory-mapped ring: setting up a
/// ring (`PACKET_RX_RING`) waits for an RCU grace period (about 10 ms here), a plain socket opens in
/// a fraction of a millisecond, and a socket read continuously cannot overflow a ring read only at
/// the end. The kernel filter is attached before the socket is bound, so nothing unfiltered is ever
/// queued. Copies of outgoing packets are ignored on loopback, where every packet is seen again
/// as incoming.
public final class PacketSocket: @unchecked Sendable {
    public let descriptor: FileDescriptor
    public let linkType: LinkType
    /// Frames from a cooked (`SOCK_DGRAM`) socket start at the network header; the session adds a
    /// LINUX_SLL2 header so the frames can be written to pcap files like libpcap's.
    public let cooked: Bool
    public let receiveBufferBytes: Int

    /// Receive buffer asked for: what a burst of large TCP answers needs while the reader is
    /// descheduled. Granted in full only with `CAP_NET_ADMIN` (root); otherwise up to
    /// `net.core.rmem_max`, and an overflow is reported (kernel drops make the scenario an error).
    public static let wantedBufferBytes: Int32 = 64 << 20

    public init(interface: CaptureInterface, filter: CaptureFilter) throws(CaptureError) {
        let index: Int32
        switch interface {
        case .loopback: index = Int32(if_nametoindex("lo"))
        case .index(let chosen): index = chosen
        }
        guard index >= 0 else { throw .open(interface: interface.description, message: "no such interface") }
        let hardwareType = index > 0 ? resolvlab_interface_type(index) : -1
        let raw = hardwareType == resolvlab_ARPHRD_ETHER || hardwareType == resolvlab_ARPHRD_LOOPBACK
        cooked = !raw
        linkType = raw ? .EN10MB : .LINUX_SLL2
        let fd: FileDescriptor
        do {
            fd = FileDescriptor(rawValue: try Syscall.retrying { resolvlab_packet_socket(raw ? 1 : 0) })
        } catch {
            throw .open(interface: interface.description, message: "socket(AF_PACKET): \(error)")
        }
        descriptor = fd
        do {
            var program = filter.instructions.map { resolvlab_bpf_instruction(code: $0.code, jt: $0.jt, jf: $0.jf, k: $0.k) }
            guard program.count <= Int(UInt16.max) else { throw Errno.invalidArgument }
            try Syscall.retrying { resolvlab_attach_filter(fd.rawValue, &program, UInt16(program.count)) }
            if interface == .loopback || index == Int32(if_nametoindex("lo")) {
                try Syscall.retrying { resolvlab_packet_ignore_outgoing(fd.rawValue) }
            }
            try Sockets.setOption(fd, level: SOL_SOCKET, name: SO_TIMESTAMPNS, value: 1)
            if Syscall.ignoringFailure({ Self.setBuffer(fd, force: true) }) != nil {
                Syscall.ignoringFailure { Self.setBuffer(fd, force: false) }
            }
            try Syscall.retrying { resolvlab_packet_bind(fd.rawValue, index) }
        } catch {
            fd.closeIgnoringErrors()
            throw .open(interface: interface.description, message: "\(error)")
        }
        var granted: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        Syscall.ignoringFailure { getsockopt(fd.rawValue, SOL_SOCKET, SO_RCVBUF, &granted, &length) }
        receiveBufferBytes = Int(granted)
    }

    private static func setBuffer(_ fd: FileDescriptor, force: Bool) -> Int32 {
        var size = Self.wantedBufferBytes
        return setsockopt(fd.rawValue, SOL_SOCKET, force ? SO_RCVBUFFORCE : SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Closing waits for an RCU grace period (synchronize_net): call it after the results are out.
    public func close() {
        descriptor.closeIgnoringErrors()
    }

    /// Packets the kernel passed to this socket and dropped since the last call.
    public func kernelCounters() -> (packets: UInt64, drops: UInt64) {
        var packets: UInt32 = 0
        var drops: UInt32 = 0
        guard Syscall.ignoringFailure({ resolvlab_packet_statistics(descriptor.rawValue, &packets, &drops) }) == nil else {
            return (0, 0)
        }
        return (UInt64(packets), UInt64(drops))
    }
}

/// Reusable slots for `recvmmsg`.
final class FrameBuffer {
    /// Large enough for a 64 KiB segment on `lo` (MTU 65536) and its headers.
    static let slotSize = 65536 + 1024
    static let slots = 32
    /// 2 MiB, left uninitialised: zeroing it cost the capture thread 2 ms at start, during which
    /// the first lookups' frames waited. The kernel's copies touch only the pages frames need.
    let storage: UnsafeMutableBufferPointer<UInt8>
    var infos: [resolvlab_frame_info]

    init() {
        storage = .allocate(capacity: Self.slotSize * Self.slots)
        infos = [resolvlab_frame_info](repeating: resolvlab_frame_info(), count: Self.slots)
    }

    deinit { storage.deallocate() }

    /// Reads what is queued (up to `slots` frames); 0 when nothing is.
    func receive(from socket: PacketSocket) throws(Errno) -> Int {
        let got = infos.withUnsafeMutableBufferPointer { frames in
            resolvlab_receive_frames(socket.descriptor.rawValue, storage.baseAddress, Self.slotSize, frames.baseAddress,
                                     Int32(Self.slots))
        }
        if got < 0 { throw Errno(rawValue: errno) }
        return Int(got)
    }

    /// Frame `index` of the last `receive`, as libpcap would hand it over.
    func frame(_ index: Int, cooked: Bool) -> CapturedFrame {
        let info = infos[index]
        let start = index * Self.slotSize
        var bytes: [UInt8] = []
        if cooked {
            // LINUX_SLL2: protocol, reserved, interface index, ARPHRD type, packet type, address length, address.
            bytes.reserveCapacity(20 + Int(info.captured))
            bytes += [UInt8(info.protocol >> 8), UInt8(info.protocol & 0xFF), 0, 0]
            let ifindex = UInt32(bitPattern: info.ifindex)
            bytes += [UInt8(ifindex >> 24), UInt8((ifindex >> 16) & 0xFF), UInt8((ifindex >> 8) & 0xFF), UInt8(ifindex & 0xFF)]
            bytes += [UInt8(info.hatype >> 8), UInt8(info.hatype & 0xFF), info.packet_type, info.address_length]
            bytes += withUnsafeBytes(of: info.address) { Array($0) }
        }
        bytes += UnsafeBufferPointer(rebasing: storage[start..<(start + Int(info.captured))])
        let extra = cooked ? 20 : 0
        return CapturedFrame(timestampMicroseconds: info.timestamp_ns / 1000, originalLength: Int(info.length) + extra,
                             bytes: bytes)
    }

    func isTruncated(_ index: Int) -> Bool { infos[index].length > infos[index].captured }
}
