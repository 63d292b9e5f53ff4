import DNSWire
import Glibc
import Observation
import ScenarioFormat
import SystemCalls

/// getaddrinfo(3) with the scenario's hints, called in the sandbox process itself.
public enum GetaddrinfoLookup: LookupPerformer {
    /// Hints: the scenario's family and flags, `SOCK_STREAM` so each address is listed once
    /// (with `ai_socktype` 0 glibc repeats every address for stream, datagram and raw).
    public static func perform(_ request: GetaddrinfoCall, context: LookupContext) -> LookupOutcome {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = switch request.family {
        case .unspec: AF_UNSPEC
        case .inet: AF_INET
        case .inet6: AF_INET6
        }
        hints.ai_flags = request.flags.reduce(0) { $0 | flagBit($1) }
        var list: UnsafeMutablePointer<addrinfo>?
        let started = MonotonicInstant.now()
        let code = getaddrinfo(request.host, request.service, &hints, &list)
        let systemError = errno
        var outcome = LookupOutcome(durationMs: started.milliseconds(to: .now()))
        defer { if let list { freeaddrinfo(list) } }
        guard code == 0 else {
            let detail = code == EAI_SYSTEM ? String(cString: strerror(systemError)) : nil
            outcome.error = LookupError(name: GetaddrinfoErrorName.name(of: code), code: code, detail: detail)
            return outcome
        }
        var addresses: [IPAddress] = []
        if let name = list?.pointee.ai_canonname { outcome.canonname = String(cString: name) }
        var entry = list
        while let current = entry {
            if let address = current.pointee.ai_addr, let ip = ipAddress(address) { addresses.append(ip) }
            entry = current.pointee.ai_next
        }
        outcome.addresses = addresses
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

    static func ipAddress(_ address: UnsafeMutablePointer<sockaddr>) -> IPAddress? {
        switch Int32(address.pointee.sa_family) {
        case AF_INET:
            let raw = UnsafeRawPointer(address).loadUnaligned(as: sockaddr_in.self)
            return .v4(IPv4Address(value: UInt32(bigEndian: raw.sin_addr.s_addr)))
        case AF_INET6:
            let raw = UnsafeRawPointer(address).loadUnaligned(as: sockaddr_in6.self)
            return withUnsafeBytes(of: raw.sin6_addr) { IPv6Address(bytes: Array($0)) }.map(IPAddress.v6)
        default:
            return nil
        }
    }
}
