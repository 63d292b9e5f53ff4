import CResolvLab
import DNSWire
import Glibc
import SystemPackage

public extension SocketAddress {
    var family: Int32 {
        switch address {
        case .v4: AF_INET
        case .v6: AF_INET6
        }
    }

    /// Calls `body` with a `sockaddr` pointer and length for this address.
    func withSockaddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) throws(Errno) -> R) throws(Errno) -> R {
        var storage = sockaddr_storage()
        let length: socklen_t
        switch address {
        case .v4(let v4):
            var raw = sockaddr_in()
            raw.sin_family = sa_family_t(AF_INET)
            raw.sin_port = port.bigEndian
            raw.sin_addr.s_addr = v4.value.bigEndian
            withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: raw, as: sockaddr_in.self) }
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
        case .v6(let v6):
            var raw = sockaddr_in6()
            raw.sin6_family = sa_family_t(AF_INET6)
            raw.sin6_port = port.bigEndian
            withUnsafeMutableBytes(of: &raw.sin6_addr) { buffer in
                for (index, byte) in v6.bytes.enumerated() { buffer[index] = byte }
            }
            withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: raw, as: sockaddr_in6.self) }
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
        }
        return try withUnsafePointer(to: &storage) { pointer throws(Errno) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address throws(Errno) in
                try body(address, length)
            }
        }
    }

    /// Reads a `sockaddr_in`/`sockaddr_in6`; nil for other families.
    init?(storage: sockaddr_storage) {
        var storage = storage
        switch Int32(storage.ss_family) {
        case AF_INET:
            let raw = withUnsafeBytes(of: &storage) { $0.load(as: sockaddr_in.self) }
            self.init(address: .v4(IPv4Address(value: UInt32(bigEndian: raw.sin_addr.s_addr))), port: UInt16(bigEndian: raw.sin_port))
        case AF_INET6:
            let raw = withUnsafeBytes(of: &storage) { $0.load(as: sockaddr_in6.self) }
            let bytes = withUnsafeBytes(of: raw.sin6_addr) { Array($0) }
            guard let v6 = IPv6Address(bytes: bytes) else { return nil }
            self.init(address: .v6(v6), port: UInt16(bigEndian: raw.sin6_port))
        default:
            return nil
        }
    }

    /// The local address a socket is bound to. The corresponding C function is `getsockname`.
    static func local(of socket: FileDescriptor) throws(Errno) -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        try Syscall.retrying {
            withUnsafeMutablePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket.rawValue, $0, &length) }
            }
        }
        guard let address = SocketAddress(storage: storage) else { throw .addressFamilyNotSupported }
        return address
    }
}

/// Socket calls through `Syscall`, on owned descriptors.
public enum Sockets {
    /// A new non-blocking, close-on-exec socket. The corresponding C function is `socket`.
    public static func open(family: Int32, type: Int32, protocol: Int32 = 0) throws(Errno) -> FileDescriptor {
        FileDescriptor(rawValue: try Syscall.retrying {
            socket(family, type | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), `protocol`)
        })
    }

    public static func bind(_ socket: FileDescriptor, to address: SocketAddress) throws(Errno) {
        try address.withSockaddr { raw, length throws(Errno) in
            _ = try Syscall.retrying { Glibc.bind(socket.rawValue, raw, length) }
        }
    }

    public static func setOption(_ socket: FileDescriptor, level: Int32, name: Int32, value: Int32) throws(Errno) {
        var value = value
        try Syscall.retrying { setsockopt(socket.rawValue, level, name, &value, socklen_t(MemoryLayout<Int32>.size)) }
    }

    /// Sends one datagram; throws `EAGAIN` when the socket buffer is full.
    public static func send(_ socket: FileDescriptor, _ bytes: [UInt8], to address: SocketAddress) throws(Errno) {
        try address.withSockaddr { raw, length throws(Errno) in
            _ = try bytes.withBytes { buffer throws(Errno) in
                try Syscall.retrying { sendto(socket.rawValue, buffer.baseAddress, buffer.count, Int32(MSG_DONTWAIT), raw, length) }
            }
        }
    }

    /// Sends on a connected socket; returns how many bytes went (a short send when the buffer fills).
    public static func send(_ socket: FileDescriptor, _ bytes: ArraySlice<UInt8>) throws(Errno) -> Int {
        let array = Array(bytes)
        return try array.withBytes { buffer throws(Errno) in
            try Syscall.retrying { Glibc.send(socket.rawValue, buffer.baseAddress, buffer.count, Int32(MSG_DONTWAIT | MSG_NOSIGNAL)) }
        }
    }

    /// Receives one datagram into `buffer`; returns its length and sender, nil when none is waiting.
    public static func receive(_ socket: FileDescriptor, into buffer: inout [UInt8]) throws(Errno) -> (Int, SocketAddress)? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        do {
            let got = try buffer.withMutableBytes { raw throws(Errno) in
                try Syscall.retrying {
                    withUnsafeMutablePointer(to: &storage) { pointer in
                        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                            recvfrom(socket.rawValue, raw.baseAddress, raw.count, Int32(MSG_DONTWAIT | MSG_TRUNC), $0, &length)
                        }
                    }
                }
            }
            guard let peer = SocketAddress(storage: storage) else { return nil }
            return (min(got, buffer.count), peer)
        } catch .wouldBlock {
            return nil
        }
    }

    /// Accepts one connection (non-blocking, close-on-exec); nil when none is waiting.
    public static func accept(_ listener: FileDescriptor) throws(Errno) -> (FileDescriptor, SocketAddress)? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        do {
            let fd = try Syscall.retrying {
                withUnsafeMutablePointer(to: &storage) { pointer in
                    pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        resolvlab_accept4(listener.rawValue, $0, &length, Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue))
                    }
                }
            }
            guard let peer = SocketAddress(storage: storage) else {
                FileDescriptor(rawValue: fd).closeIgnoringErrors()
                return nil
            }
            return (FileDescriptor(rawValue: fd), peer)
        } catch .wouldBlock {
            return nil
        }
    }

    /// Reads what a connected socket has; empty at end of stream, nil when nothing is waiting.
    public static func receive(_ socket: FileDescriptor, limit: Int = 65536) throws(Errno) -> [UInt8]? {
        do {
            return try socket.readSome(limit: limit)
        } catch .wouldBlock {
            return nil
        }
    }
}
