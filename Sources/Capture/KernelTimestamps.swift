import CResolvLab
import DNSWire
import Glibc
import SystemCalls
import SystemPackage

/// Kernel receive timestamps (SO_TIMESTAMPNS) are taken when a packet is queued only while the
/// kernel's global timestamping switch (the `netstamp_needed_key` static key) is on; the first
/// socket that asks for timestamps turns it on from a work queue, a moment later, and until then a
/// packet is stamped when it is read instead. A capture read by a busy thread would then order and
/// time its first packets by when it got round to them. So whoever runs sandboxes holds the switch
/// on for as long as it runs (`hold`), and the sandbox checks that it is on before the first
/// lookup (`waitUntilStamping`).
public enum KernelTimestamps {
    /// A socket that asks for timestamps; the switch stays on while it is open.
    public static func hold() -> FileDescriptor? {
        guard let fd = try? Sockets.open(family: AF_INET, type: Int32(SOCK_DGRAM.rawValue)) else { return nil }
        guard (try? Sockets.setOption(fd, level: SOL_SOCKET, name: SO_TIMESTAMPNS, value: 1)) != nil else {
            fd.closeIgnoringErrors()
            return nil
        }
        return fd
    }

    /// Sends datagrams to itself on `address` (a loopback address of this namespace) until one comes
    /// back stamped before it was read, i.e. stamped when it was queued; at most `timeoutMilliseconds`.
    /// Returns false when the switch never showed as on (timestamps may then lag for the first packets).
    public static func waitUntilStamping(on address: IPAddress, timeoutMilliseconds: Int = 200) -> Bool {
        guard let fd = try? Sockets.open(family: address.isIPv4 ? AF_INET : AF_INET6, type: Int32(SOCK_DGRAM.rawValue)) else {
            return false
        }
        defer { fd.closeIgnoringErrors() }
        guard (try? Sockets.setOption(fd, level: SOL_SOCKET, name: SO_TIMESTAMPNS, value: 1)) != nil,
              (try? Sockets.bind(fd, to: SocketAddress(address: address, port: 0))) != nil,
              let local = try? SocketAddress.local(of: fd) else { return false }
        let deadline = MonotonicInstant.now().adding(milliseconds: timeoutMilliseconds)
        var buffer = [UInt8](repeating: 0, count: 16)
        while MonotonicInstant.now() < deadline {
            guard (try? Sockets.send(fd, [0x52], to: local)) != nil else { return false }
            // A packet stamped when queued is older than this pause when it is read; one stamped
            // when read is a few microseconds old. The parent and the sandbox both hold the switch
            // on, so the first try normally succeeds: the pause is on every scenario's path.
            usleep(50)
            var stamp: Int64 = 0
            let got = buffer.withUnsafeMutableBytes { resolvlab_receive_stamped(fd.rawValue, $0.baseAddress, $0.count, &stamp) }
            let readAt = WallClock.nanoseconds()
            if got > 0, stamp > 0, readAt - stamp >= 40_000 { return true }
            usleep(1000)
        }
        return false
    }
}
