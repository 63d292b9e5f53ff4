import DNSWire
import Glibc
import SystemCalls
import SystemPackage

/// The drain sentinel's path: a UDP socket bound on 127.0.0.1 that receives (and ignores) the
/// sentinel datagrams, so they cause no ICMP, and a socket that sends them.
public final class SentinelChannel {
    public let port: UInt16
    private let receiver: CInt
    private let sender: CInt

    public init() throws(CaptureError) {
        let loopback = SocketAddress(address: .v4(IPv4Address(127, 0, 0, 1)), port: 0)
        var receiver: CInt = -1
        var sender: CInt = -1
        do {
            receiver = try Syscall.retrying { socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
            let fd = receiver
            try loopback.withSockaddr { address, length throws(Errno) in
                _ = try Syscall.retrying { bind(fd, address, length) }
            }
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let named = withUnsafeMutablePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            guard named == 0, let bound = SocketAddress(storage: storage) else { throw Errno(rawValue: errno) }
            sender = try Syscall.retrying { socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
            self.receiver = receiver
            self.sender = sender
            self.port = bound.port
        } catch {
            if receiver >= 0 { close(receiver) }
            throw .sentinel(message: "\(error)")
        }
    }

    deinit {
        close(receiver)
        close(sender)
    }

    /// Sends one sentinel datagram carrying `token`.
    func send(_ token: [UInt8]) {
        let target = SocketAddress(address: .v4(IPv4Address(127, 0, 0, 1)), port: port)
        _ = try? target.withSockaddr { address, length throws(Errno) in
            token.withUnsafeBytes { raw in sendto(sender, raw.baseAddress, raw.count, Int32(MSG_DONTWAIT), address, length) }
        }
    }
}
