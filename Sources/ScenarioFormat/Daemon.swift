import DNSWire

/// A real program started in the sandbox before the lookups and stopped after them (`daemons[]`):
/// a caching server or stub (dnsmasq, unbound, nscd) in front of the scripted servers, so a
/// scenario shows what it adds or hides. Its queries are captured like any others.
public struct Daemon: Sendable, Codable, Hashable {
    /// How reports name it, and the hop its queries are attributed to.
    public var name: String
    /// The command and its arguments; it must stay in the foreground.
    public var command: [String]
    /// The address it listens on and sends from, added to the sandbox's `lo`.
    public var address: IPAddress?
    /// When it is ready for the lookups.
    public var ready: Readiness
    /// How long it may take to become ready.
    public var readyTimeoutMs: Int

    public static let readyTimeoutRange = 10...60_000
    public static let defaultReadyTimeoutMs = 5000

    /// What says a daemon is ready: a socket bound to an address and port, or a path that exists
    /// (nscd's UNIX socket).
    public enum Readiness: Sendable, Codable, Hashable, CustomStringConvertible {
        case udp(SocketAddress)
        case tcp(SocketAddress)
        case path(String)

        public var description: String {
            switch self {
            case .udp(let endpoint): "listening on \(endpoint) udp"
            case .tcp(let endpoint): "listening on \(endpoint) tcp"
            case .path(let path): "\(path) exists"
            }
        }
    }

    public init(name: String, command: [String], address: IPAddress? = nil, ready: Readiness,
                readyTimeoutMs: Int = Daemon.defaultReadyTimeoutMs) {
        self.name = name
        self.command = command
        self.address = address
        self.ready = ready
        self.readyTimeoutMs = readyTimeoutMs
    }
}

extension Daemon {
    /// The hop a query from `client` to `server` belongs to when the scenario has daemons:
    /// `client → dnsmasq` for a query to a daemon's address, `dnsmasq → 10.96.0.20` for one a
    /// daemon sent from its address to another server; nil for a query neither touches. On the
    /// sandbox's lo a client's query leaves from the address it goes to, so the server decides first.
    public static func hop(client: SocketAddress, server: SocketAddress, daemons: [Daemon]) -> String? {
        if let target = daemons.first(where: { $0.address == server.address }) { return "client → \(target.name)" }
        if let source = daemons.first(where: { $0.address == client.address }) { return "\(source.name) → \(server.address)" }
        return nil
    }
}
