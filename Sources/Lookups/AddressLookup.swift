import DNSWire
import Glibc
import Observation
import ScenarioFormat
import SystemCalls

/// gethostbyaddr(3), called in the sandbox process itself through its reentrant `_r` form (as
/// gethostbyname is): the address's bytes, length and family, so glibc asks the PTR record of its
/// in-addr.arpa or ip6.arpa name.
public enum GethostbyaddrLookup: LookupPerformer {
    public static func perform(_ request: GethostbyaddrCall, context: LookupContext) -> LookupOutcome {
        let bytes = request.address.bytes
        let family = if case .v4 = request.address { AF_INET } else { AF_INET6 }
        return GethostbynameLookup.reentrant({ entry, buffer, size, result, hostError in
            bytes.withUnsafeBytes { address in
                gethostbyaddr_r(address.baseAddress, socklen_t(bytes.count), family, &entry, buffer, size, &result, &hostError)
            }
        }, read: { found, outcome in
            var names: [String] = []
            if let name = found.h_name {
                outcome.canonname = String(cString: name)
                names.append(String(cString: name))
            }
            if var alias = found.h_aliases {
                while let name = alias.pointee {
                    names.append(String(cString: name))
                    alias += 1
                }
            }
            outcome.names = names
        })
    }
}

/// getnameinfo(3) for the host part only (no service buffer), called in the sandbox process itself.
public enum GetnameinfoLookup: LookupPerformer {
    public static func perform(_ request: GetnameinfoCall, context: LookupContext) -> LookupOutcome {
        var storage = sockaddr_storage()
        let length: Int
        switch request.address {
        case .v4(let address):
            var socket = sockaddr_in()
            socket.sin_family = sa_family_t(AF_INET)
            socket.sin_addr.s_addr = address.value.bigEndian
            withUnsafeBytes(of: socket) { source in
                withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: source) }
            }
            length = MemoryLayout<sockaddr_in>.size
        case .v6(let address):
            var socket = sockaddr_in6()
            socket.sin6_family = sa_family_t(AF_INET6)
            withUnsafeMutableBytes(of: &socket.sin6_addr) { $0.copyBytes(from: address.bytes) }
            withUnsafeBytes(of: socket) { source in
                withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: source) }
            }
            length = MemoryLayout<sockaddr_in6>.size
        }
        let flags = request.flags.reduce(Int32(0)) { $0 | flagBit($1) }
        var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        let started = MonotonicInstant.now()
        let code = withUnsafePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                getnameinfo(address, socklen_t(length), &host, socklen_t(host.count), nil, 0, flags)
            }
        }
        let systemError = errno
        var outcome = LookupOutcome(durationMs: started.milliseconds(to: .now()))
        guard code == 0 else {
            let detail = code == EAI_SYSTEM ? String(cString: strerror(systemError)) : nil
            outcome.error = LookupError(name: GetaddrinfoErrorName.name(of: code), code: code, detail: detail)
            return outcome
        }
        outcome.names = [String(cString: host)]
        return outcome
    }

    static func flagBit(_ flag: NameInfoFlag) -> Int32 {
        switch flag {
        case .namereqd: NI_NAMEREQD
        case .nofqdn: NI_NOFQDN
        case .numerichost: NI_NUMERICHOST
        }
    }
}
