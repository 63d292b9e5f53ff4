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

extension ResolverClient {
    /// Why this client cannot make `call`, or nil when it can (commands run as they are, under any client).
    /// Each helper's README row says the same; a test runs every helper on every call to keep them agreed.
    public func cannotMake(_ call: LookupCall) -> String? {
        switch (self, call) {
        case (_, .exec), (.glibc, _): return nil
        case (_, .getnameinfo(let request)) where request.flags != GetnameinfoCall.defaultFlags:
            return "the helpers call getnameinfo with NI_NAMEREQD alone"
        case (.musl, _): return nil
        case (_, .resQuery(let request)) where request.domain != nil:
            return "\(rawValue) has no res_querydomain"
        case (_, .getaddrinfo(let request)) where request.service != nil:
            return "the helpers resolve host names only; a service is looked up by glibc alone"
        case (.go, .resQuery), (.goCgo, .resQuery):
            return "Go's net package has no general query call (res_query, res_search): its MX and TXT lookups return "
                + "decoded records without the reply's rcode"
        case (.go, .getaddrinfo(let request)) where !request.flags.isEmpty, (.goCgo, .getaddrinfo(let request)) where !request.flags.isEmpty:
            return "Go's LookupIP takes no getaddrinfo flags (\(Self.flagNames(request.flags))): its cgo mode always "
                + "passes AI_CANONNAME|AI_V4MAPPED|AI_ALL"
        case (.dnspython, .getaddrinfo(let request)) where request.flags.contains(where: { $0 != .canonname }):
            return "dnspython's getaddrinfo has no equivalent of \(Self.flagNames(request.flags.filter { $0 != .canonname }))"
        default: return nil
        }
    }

    static func flagNames(_ flags: [AddrInfoFlag]) -> String {
        flags.map { "AI_" + $0.rawValue.uppercased() }.joined(separator: ", ")
    }

    /// The helper's request for `call` (`tools/clients/README.md`): `CALL NAME [KEY=VALUE ...]`.
    public static func helperArguments(for call: LookupCall) -> [String] {
        switch call {
        case .getaddrinfo(let request):
            var arguments = ["getaddrinfo", request.host, "family=\(request.family.rawValue)"]
            if !request.flags.isEmpty { arguments.append("flags=" + request.flags.map(\.rawValue).joined(separator: ",")) }
            return arguments
        case .gethostbyname(let request):
            guard let family = request.family else { return ["gethostbyname", request.name] }
            return ["gethostbyname2", request.name, "family=\(family.rawValue)"]
        case .resQuery(let request):
            if let domain = request.domain { return ["res_querydomain", request.name, "type=\(request.type)", "domain=\(domain)"] }
            return [request.search ? "res_search" : "res_query", request.name, "type=\(request.type)"]
        case .gethostbyaddr(let request):
            return ["gethostbyaddr", request.address.description]
        case .getnameinfo(let request):
            return ["getnameinfo", request.address.description]
        case .exec(let request):
            return request.arguments
        }
    }
}
