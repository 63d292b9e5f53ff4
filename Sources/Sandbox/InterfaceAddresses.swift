import DNSWire
import Glibc

/// The interfaces of the current network namespace and their addresses, as `ip -brief address`
/// lists them. The corresponding C function is `getifaddrs`.
public enum InterfaceAddresses {
    public struct Interface: Sendable, Hashable {
        public var name: String
        public var addresses: [AddressPrefix]
    }

    /// Every interface in the order the kernel lists them, each with its IPv4 and IPv6 addresses
    /// and their prefix lengths; empty when they cannot be read.
    public static func read() -> [Interface] {
        var first: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&first) == 0 else { return [] }
        defer { freeifaddrs(first) }
        var interfaces: [Interface] = []
        var entry = first
        while let current = entry?.pointee {
            defer { entry = current.ifa_next }
            guard let cName = current.ifa_name else { continue }
            let name = String(cString: cName)
            if !interfaces.contains(where: { $0.name == name }) { interfaces.append(Interface(name: name, addresses: [])) }
            guard let address = current.ifa_addr.flatMap(Self.address) else { continue }
            let prefix = current.ifa_netmask.flatMap(Self.address).map(Self.prefixLength) ?? address.bytes.count * 8
            if let index = interfaces.firstIndex(where: { $0.name == name }) {
                interfaces[index].addresses.append(AddressPrefix(address: address, prefixLength: prefix))
            }
        }
        return interfaces
    }

    /// The address a `sockaddr` holds, for `AF_INET` and `AF_INET6`.
    static func address(_ socketAddress: UnsafeMutablePointer<sockaddr>) -> IPAddress? {
        switch Int32(socketAddress.pointee.sa_family) {
        case AF_INET:
            return socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                withUnsafeBytes(of: pointer.pointee.sin_addr) { IPAddress(bytes: Array($0)) }
            }
        case AF_INET6:
            return socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                withUnsafeBytes(of: pointer.pointee.sin6_addr) { IPAddress(bytes: Array($0)) }
            }
        default:
            return nil
        }
    }

    /// The number of leading one bits of a netmask.
    static func prefixLength(_ mask: IPAddress) -> Int {
        var length = 0
        for byte in mask.bytes {
            if byte == 0xFF { length += 8; continue }
            length += byte.leadingZeroBitCount == 0 ? (~byte).leadingZeroBitCount : 0
            break
        }
        return length
    }
}
