import Glibc
import SystemCalls
import SystemPackage

/// Everything that makes a sandbox: which namespaces, and what the resolver sees inside them.
public struct SandboxConfiguration: Sendable {
    public var namespaces: Set<Namespace>
    public var hostname: String?
    /// Added to `lo` after it is brought up (server addresses and the scenario's own).
    public var addresses: [InterfaceAddress]
    public var files: [FilePlacement]
    /// Directories covered by an empty tmpfs (the nscd socket directory: a host nscd would answer
    /// lookups from outside the sandbox).
    public var hiddenDirectories: [String]

    public init(namespaces: Set<Namespace>, hostname: String? = nil, addresses: [InterfaceAddress] = [],
                files: [FilePlacement] = [], hiddenDirectories: [String] = ["/var/run/nscd", "/run/nscd"]) {
        self.namespaces = namespaces
        self.hostname = hostname
        self.addresses = addresses
        self.files = files
        self.hiddenDirectories = hiddenDirectories
    }

    /// The namespaces a sandbox needs whatever the scenario lists: `net` and `mount` keep every
    /// packet and file change inside; `user` is what lets an unprivileged user create the rest.
    public static func effectiveNamespaces(requested: Set<Namespace>, isRoot: Bool) -> Set<Namespace> {
        var namespaces = requested.union([.net, .mount])
        if !isRoot { namespaces.insert(.user) }
        return namespaces
    }
}

public enum SandboxSetup {
    /// Everything after `Namespaces.unshare` (which must come first, while the process is
    /// single-threaded): private mounts, lo and its addresses, hidden directories, files, hostname.
    public static func configure(_ configuration: SandboxConfiguration) throws(SandboxError) {
        try Mounts.makeAllPrivate()
        try configureLoopback(addresses: configuration.addresses)
        for directory in configuration.hiddenDirectories {
            if let resolved = try? PathResolution.resolve(directory), resolved.exists {
                var info = stat()
                if stat(resolved.path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
                    try Mounts.tmpfs(at: resolved.path)
                }
            }
        }
        try FileOverlay(placements: configuration.files).apply()
        if let hostname = configuration.hostname {
            try Namespaces.setHostname(hostname)
        }
    }

    /// `lo` is the only interface in a new network namespace, and it starts down.
    static func configureLoopback(addresses: [InterfaceAddress]) throws(SandboxError) {
        let index = Int32(if_nametoindex("lo"))
        guard index > 0 else { throw .system(step: "finding lo", errno: Errno(rawValue: errno)) }
        let socket: RouteNetlinkSocket
        do {
            socket = try RouteNetlinkSocket()
        } catch {
            throw .netlink(request: "open socket", errno: error)
        }
        var session = NetlinkSession(socket: socket)
        try session.linkSetUp(index: index)
        for address in addresses {
            try session.addressAdd(index: index, address: address)
        }
    }
}
