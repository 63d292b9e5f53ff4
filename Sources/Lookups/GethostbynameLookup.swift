import DNSWire
import Glibc
import Observation
import ScenarioFormat
import SystemCalls

/// gethostbyname(3) or gethostbyname2(3), called in the sandbox process itself through the reentrant
/// `_r` forms, so lookups started together on several threads do not share glibc's static result.
public enum GethostbynameLookup: LookupPerformer {
    /// The buffer the `_r` forms fill; doubled while they report `ERANGE`, up to `bufferLimit`.
    static let initialBuffer = 16 * 1024
    static let bufferLimit = 4 * 1024 * 1024

    public static func perform(_ request: GethostbynameCall, context: LookupContext) -> LookupOutcome {
        reentrant({ entry, buffer, size, result, hostError in
            switch request.family {
            case nil: gethostbyname_r(request.name, &entry, buffer, size, &result, &hostError)
            case .inet?: gethostbyname2_r(request.name, AF_INET, &entry, buffer, size, &result, &hostError)
            case .inet6?: gethostbyname2_r(request.name, AF_INET6, &entry, buffer, size, &result, &hostError)
            }
        }, read: { found, outcome in
            if let name = found.h_name { outcome.canonname = String(cString: name) }
            outcome.addresses = addresses(found)
        })
    }

    /// One of the reentrant `hostent` calls (gethostbyname_r and its kin): `call` with a buffer that is
    /// doubled while it reports `ERANGE`, up to `bufferLimit`; the entry found handed to `read` before
    /// the buffer it points into goes, or the `h_errno` failure as the outcome's error.
    static func reentrant(
        _ call: (inout hostent, UnsafeMutablePointer<CChar>, Int, inout UnsafeMutablePointer<hostent>?, inout Int32) -> Int32,
        read: (hostent, inout LookupOutcome) -> Void
    ) -> LookupOutcome {
        var size = initialBuffer
        let started = MonotonicInstant.now()
        while true {
            var entry = hostent()
            var result: UnsafeMutablePointer<hostent>?
            var hostError: Int32 = 0
            let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: size)
            defer { buffer.deallocate() }
            let code = call(&entry, buffer, size, &result, &hostError)
            if code == ERANGE, hostError == NETDB_INTERNAL, size < bufferLimit {
                size *= 2
                continue
            }
            var outcome = LookupOutcome(durationMs: started.milliseconds(to: .now()))
            guard let found = result else {
                let detail = hostError == NETDB_INTERNAL ? String(cString: strerror(code)) : nil
                outcome.error = LookupError(name: HostErrorName.name(of: hostError), code: hostError, detail: detail)
                return outcome
            }
            read(found.pointee, &outcome)
            return outcome
        }
    }

    /// `h_addr_list`, read as `h_length`-byte addresses of `h_addrtype`.
    static func addresses(_ entry: hostent) -> [IPAddress] {
        guard var pointer = entry.h_addr_list else { return [] }
        var addresses: [IPAddress] = []
        while let raw = pointer.pointee {
            let bytes = Array(UnsafeRawBufferPointer(start: raw, count: Int(entry.h_length)))
            switch (entry.h_addrtype, bytes.count) {
            case (AF_INET, 4):
                addresses.append(.v4(IPv4Address(value: bytes.reduce(0) { $0 << 8 | UInt32($1) })))
            case (AF_INET6, 16):
                if let address = IPv6Address(bytes: bytes) { addresses.append(.v6(address)) }
            default:
                break
            }
            pointer += 1
        }
        return addresses
    }
}
