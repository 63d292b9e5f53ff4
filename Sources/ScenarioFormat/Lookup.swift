import DNSWire

/// One lookup the sandbox performs, in order (`lookups[]`).
public struct Lookup: Sendable {
    public enum Kind: Sendable {
        /// getaddrinfo(3) called in the sandbox process itself.
        case getaddrinfo(host: String, family: AddressFamily, flags: [AddrInfoFlag], service: String?)
        /// A command run in the sandbox (`argv[0]` searched on PATH).
        case exec(arguments: [String])
    }

    public var kind: Kind
    public var expect: LookupExpectation?

    public init(kind: Kind, expect: LookupExpectation? = nil) {
        self.kind = kind
        self.expect = expect
    }

    /// A short label for reports: `getaddrinfo ycwu314.top` or `exec getent ahosts x`.
    public var label: String {
        switch kind {
        case .getaddrinfo(let host, _, _, _): "getaddrinfo \(host)"
        case .exec(let arguments): "exec \(arguments.joined(separator: " "))"
        }
    }
}

/// `family`: the `ai_family` hint.
public enum AddressFamily: String, CaseIterable, Sendable {
    case unspec, inet, inet6
}

/// `flags`: `ai_flags` bits, by their `AI_*` names in lower case.
public enum AddrInfoFlag: String, CaseIterable, Sendable {
    case addrconfig, all, canonname, numerichost, passive, v4mapped
}

/// A lookup's `expect`.
public struct LookupExpectation: Sendable {
    /// getaddrinfo: the addresses in the order returned (one per address: the hints ask for SOCK_STREAM).
    public var addresses: [IPAddress]?
    /// getaddrinfo: the `EAI_*` name of the error it must return.
    public var error: String?
    /// getaddrinfo: `ai_canonname` of the first result (needs the `canonname` flag).
    public var canonname: String?
    /// exec: the exit code.
    public var exitCode: Int?
    /// exec: strings standard output must contain.
    public var stdoutContains: [String]
    public var minMs: Int?
    public var maxMs: Int?

    public init(addresses: [IPAddress]? = nil, error: String? = nil, canonname: String? = nil, exitCode: Int? = nil,
                stdoutContains: [String] = [], minMs: Int? = nil, maxMs: Int? = nil) {
        self.addresses = addresses
        self.error = error
        self.canonname = canonname
        self.exitCode = exitCode
        self.stdoutContains = stdoutContains
        self.minMs = minMs
        self.maxMs = maxMs
    }

    /// getaddrinfo error names a scenario may expect (glibc's `EAI_*`).
    public static let errorNames = [
        "EAI_ADDRFAMILY", "EAI_AGAIN", "EAI_BADFLAGS", "EAI_FAIL", "EAI_FAMILY", "EAI_MEMORY",
        "EAI_NODATA", "EAI_NONAME", "EAI_OVERFLOW", "EAI_SERVICE", "EAI_SOCKTYPE", "EAI_SYSTEM",
    ]
}
