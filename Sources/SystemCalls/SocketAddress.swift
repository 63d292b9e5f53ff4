import DNSWire
import Glibc
import SystemPackage

/// An IP address and port as the socket API wants it.
public struct SocketAddress: Hashable, Sendable, CustomStringConvertible {
    public var address: IPAddress
    public var port: UInt16

    public init(address: IPAddress, port: UInt16) {
        self.address = address
        self.port = port
    }

    public var family: Int32 {
        switch address {
        case .v4: AF_INET
        case .v6: AF_INET6
        }
    }

    /// `1.2.3.4:53`, `[fd00::1]:53`.
    public var description: String {
        switch address {
        case .v4: "\(address):\(port)"
        case .v6: "[\(address)]:\(port)"
        }
    }

    /// Calls `body` with a `sockaddr` pointer and length for this address.
    public func withSockaddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) throws(Errno) -> R) throws(Errno) -> R {
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
    public init?(storage: sockaddr_storage) {
        var storage = storage
        switch Int32(storage.ss_family) {
        case AF_INET:
            let raw = withUnsafeBytes(of: &storage) { $0.load(as: sockaddr_in.self) }
            address = .v4(IPv4Address(value: UInt32(bigEndian: raw.sin_addr.s_addr)))
            port = UInt16(bigEndian: raw.sin_port)
        case AF_INET6:
            let raw = withUnsafeBytes(of: &storage) { $0.load(as: sockaddr_in6.self) }
            let bytes = withUnsafeBytes(of: raw.sin6_addr) { Array($0) }
            guard let v6 = IPv6Address(bytes: bytes) else { return nil }
            address = .v6(v6)
            port = UInt16(bigEndian: raw.sin6_port)
        default:
            return nil
        }
    }
}

public extension IPAddress {
    var isIPv4: Bool {
        if case .v4 = self { true } else { false }
    }
}
