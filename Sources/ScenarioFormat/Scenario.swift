import DNSWire
import Kubelet

/// A scenario file, format v1 (design.md, "Scenario format v1"), decoded and validated.
public struct Scenario: Sendable {
    public var name: String
    public var description: String?
    public var tags: [String]
    /// Namespaces the scenario lists; nil when it lists none. `net`, `mount`, `uts`, `ipc` and `pid` are
    /// always created, `user` when not root or when listed (see `ScenarioNamespace`).
    public var namespaces: [ScenarioNamespace]?
    public var hostname: String?
    public var addresses: [AddressPrefix]
    /// The exact bytes of the sandbox's `/etc/resolv.conf` (made from `kubernetes` when the scenario has that key).
    public var resolvConf: String
    /// The pod's and the node's DNS settings the resolv.conf was made from, as the kubelet would.
    public var kubernetes: KubernetesDNS?
    public var hosts: String
    /// Other files shown in the sandbox, by absolute path, in file order.
    public var files: [(path: String, contents: String)]
    public var servers: [Server]
    /// Programs started before the lookups, stopped after them.
    public var daemons: [Daemon] = []
    public var lookups: [Lookup]
    public var expect: Expectation?
    /// Commands that must be on PATH; when one is missing the scenario is skipped, not failed.
    public var requires: [String]
    /// Host paths lookups may write; the rest of the host's filesystem is read-only in the sandbox.
    public var writable: [String]
    public var timeoutMs: Int
    /// The clients the built-in lookups run under, one run each (`clients`); nil: glibc, in-process, as
    /// a scenario without the key always ran.
    public var clients: [ResolverClient]?
    /// The client this copy of the scenario runs under (`under(_:)`); nil for the scenario as written.
    public var client: ResolverClient?
    /// `expect.clients`: the whole scenario-level expectation for a client whose behaviour differs, the
    /// shared one with that client's keys replaced (nil: that client is checked on lookups only).
    public var clientExpect: [ResolverClient: Expectation?] = [:]

    public static let defaultHosts = "127.0.0.1 localhost\n::1 localhost\n"
    public static let defaultTimeoutMs = 10_000
    /// `timeoutMs`: long enough to start a lookup, short enough that a stuck suite ends.
    public static let timeoutMsRange = 100...600_000
    /// The kernel's limit on a host name (`HOST_NAME_MAX`).
    public static let hostnameMaxLength = 64

    public init(name: String, description: String? = nil, tags: [String] = [], namespaces: [ScenarioNamespace]? = nil,
                hostname: String? = nil, addresses: [AddressPrefix] = [], resolvConf: String = "",
                kubernetes: KubernetesDNS? = nil, hosts: String = Scenario.defaultHosts, files: [(path: String, contents: String)] = [],
                servers: [Server] = [], lookups: [Lookup] = [], expect: Expectation? = nil,
                requires: [String] = [], writable: [String] = [], timeoutMs: Int = Scenario.defaultTimeoutMs) {
        self.name = name
        self.description = description
        self.tags = tags
        self.namespaces = namespaces
        self.hostname = hostname
        self.addresses = addresses
        self.resolvConf = resolvConf
        self.kubernetes = kubernetes
        self.hosts = hosts
        self.files = files
        self.servers = servers
        self.lookups = lookups
        self.expect = expect
        self.requires = requires
        self.writable = writable
        self.timeoutMs = timeoutMs
    }
}

extension Scenario {
    /// True when a lookup is a call resolvlab makes (not a command), so a client can make it instead.
    public var hasBuiltInLookups: Bool { lookups.contains { $0.call.kind != .exec } }

    /// The clients this scenario runs under: `requested` (`--clients`) or its own `clients`; none when
    /// it names none or has no built-in lookup (its commands are the clients then).
    public func clientRuns(requested: [ResolverClient]?) -> [ResolverClient] {
        guard hasBuiltInLookups else { return [] }
        return requested ?? clients ?? []
    }

    /// This scenario as it runs under `client`: that client's expectations in place of the shared ones.
    public func under(_ client: ResolverClient) -> Scenario {
        var copy = self
        copy.client = client
        if let override = clientExpect[client] { copy.expect = override }
        copy.clientExpect = [:]
        copy.lookups = lookups.map { lookup in
            var lookup = lookup
            if let override = lookup.clientExpect[client] { lookup.expect = override }
            lookup.clientExpect = [:]
            lookup.client = client
            return lookup
        }
        return copy
    }

    /// True when the scenario is built to wait: a silent server, a delayed reply, or a lookup that
    /// must take time. Suites start these first so their waits overlap the other scenarios.
    public var expectsToWait: Bool {
        servers.contains { $0.mode == .silent || $0.rules.contains { $0.delayMs > 0 } }
            || lookups.contains { ($0.expect?.minMs ?? 0) > 0 }
    }
}

/// The namespaces a scenario may list. `net`, `mount`, `uts`, `ipc` and `pid` are always created;
/// `user` is created when not root, or when listed (to run as an unprivileged user would, as root).
public enum ScenarioNamespace: String, CaseIterable, Sendable, Hashable, Codable {
    case user, net, mount, uts, ipc, pid
}

