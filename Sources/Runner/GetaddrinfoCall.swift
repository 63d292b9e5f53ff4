import CResolvLab
import DNSWire
import Glibc
import ScenarioFormat

/// getaddrinfo(3) with the scenario's hints, called in the sandbox process itself.
enum GetaddrinfoCall {
    struct Outcome {
        var addresses: [String] = []
        var error: String?
        var canonname: String?
    }

    /// Hints: the scenario's family and flags, `SOCK_STREAM` so each address is listed once
    /// (with `ai_socktype` 0 glibc repeats every address for stream, datagram and raw).
    static func perform(host: String, family: AddressFamily, flags: [AddrInfoFlag], service: String?) -> Outcome {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = switch family {
        case .unspec: AF_UNSPEC
        case .inet: AF_INET
        case .inet6: AF_INET6
        }
        hints.ai_flags = flags.reduce(0) { $0 | flagBit($1) }
        var list: UnsafeMutablePointer<addrinfo>?
        let code = getaddrinfo(host, service, &hints, &list)
        defer { if let list { freeaddrinfo(list) } }
        var outcome = Outcome()
        guard code == 0 else {
            let name = resolvlab_eai_name(code).map { String(cString: $0) } ?? "EAI_\(code)"
            outcome.error = code == EAI_SYSTEM ? "\(name) (\(String(cString: strerror(errno))))" : name
            return outcome
        }
        var entry = list
        if let name = list?.pointee.ai_canonname { outcome.canonname = String(cString: name) }
        while let current = entry {
            if let address = current.pointee.ai_addr, let text = describe(address) {
                outcome.addresses.append(text)
            }
            entry = current.pointee.ai_next
        }
        return outcome
    }

    static func flagBit(_ flag: AddrInfoFlag) -> Int32 {
        switch flag {
        case .addrconfig: AI_ADDRCONFIG
        case .all: AI_ALL
        case .canonname: AI_CANONNAME
        case .numerichost: AI_NUMERICHOST
        case .passive: AI_PASSIVE
        case .v4mapped: AI_V4MAPPED
        }
    }

    static func describe(_ address: UnsafeMutablePointer<sockaddr>) -> String? {
        switch Int32(address.pointee.sa_family) {
        case AF_INET:
            let raw = UnsafeRawPointer(address).loadUnaligned(as: sockaddr_in.self)
            return IPv4Address(value: UInt32(bigEndian: raw.sin_addr.s_addr)).description
        case AF_INET6:
            let raw = UnsafeRawPointer(address).loadUnaligned(as: sockaddr_in6.self)
            return withUnsafeBytes(of: raw.sin6_addr) { IPv6Address(bytes: Array($0))?.description }
        default:
            return nil
        }
    }
}
