/// A stub resolver a scenario's built-in lookups can run under (`clients`, `--clients`). glibc is
/// resolvlab's own libc: its calls are made in the sandbox process. Every other client is a helper
/// program built by `make tools` that takes the same request and prints the same typed result
/// (`tools/clients/README.md`), so one expectation compares across clients.
public enum ResolverClient: String, CaseIterable, Sendable, Hashable, Codable, Comparable {
    case glibc
    case musl
    case go
    case goCgo = "go-cgo"
    case cAres = "c-ares"
    case dnspython

    /// The helper program that performs lookups for this client, searched on PATH; nil for glibc.
    public var helper: String? {
        switch self {
        case .glibc: nil
        case .musl: "resolvlab-client-musl"
        case .go, .goCgo: "resolvlab-client-go"
        case .cAres: "resolvlab-client-cares"
        case .dnspython: "resolvlab-client-dnspython"
        }
    }

    /// Set in the helper's environment: Go's resolver is chosen by `GODEBUG`.
    public var environment: [String: String] {
        switch self {
        case .go: ["GODEBUG": "netdns=go+2"]
        case .goCgo: ["GODEBUG": "netdns=cgo+2"]
        default: [:]
        }
    }

    /// Where the helper comes from, for the reason a scenario is skipped when it is missing.
    public var package: String {
        switch self {
        case .glibc: "the system's libc"
        case .musl: "musl-tools (musl-gcc)"
        case .go, .goCgo: "golang-go"
        case .cAres: "libc-ares-dev"
        case .dnspython: "python3-dnspython"
        }
    }

    /// Columns and runs in declaration order: glibc first.
    public static func < (lhs: ResolverClient, rhs: ResolverClient) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}
