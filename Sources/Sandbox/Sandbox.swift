import DNSWire
import Glibc
import SystemCalls
import SystemPackage

/// Everything that makes a sandbox: which namespaces, and what the resolver sees inside them.
public struct SandboxConfiguration: Sendable {
    public var namespaces: Set<Namespace>
    public var hostname: String?
    /// Added to `lo` after it is brought up (server addresses and the scenario's own).
    public var addresses: [AddressPrefix]
    public var files: [FilePlacement]
    /// Make the host's filesystem read-only inside (default), with private tmpfs on `privateDirectories`.
    public var readOnlyHost: Bool
    /// Host paths lookups may write despite `readOnlyHost`.
    public var writable: [String]
    /// Directories covered by an empty tmpfs of the sandbox's own: scratch space lookups may write,
    /// and no host unix socket (nscd, systemd-resolved, D-Bus) is reachable through them.
    public var privateDirectories: [String]

    public static let defaultPrivateDirectories = ["/tmp", "/var/tmp", "/run", "/var/run", "/dev/shm", "/var/run/nscd"]

    public init(namespaces: Set<Namespace>, hostname: String? = nil, addresses: [AddressPrefix] = [],
                files: [FilePlacement] = [], readOnlyHost: Bool = true, writable: [String] = [],
                privateDirectories: [String] = SandboxConfiguration.defaultPrivateDirectories) {
        self.namespaces = namespaces
        self.hostname = hostname
        self.addresses = addresses
        self.files = files
        self.readOnlyHost = readOnlyHost
        self.writable = writable
        self.privateDirectories = privateDirectories
    }
}

public enum SandboxSetup {
    /// Everything after `Namespaces.unshare` (which must come first, while the process is
    /// single-threaded): private mounts, a read-only host with private scratch directories, the
    /// writable exceptions, files, lo and its addresses, hostname.
    public static func configure(_ configuration: SandboxConfiguration) throws(SandboxError) {
        try Mounts.makeAllPrivate()
        if configuration.readOnlyHost { try Mounts.makeReadOnly("/") }
        var covered = Set<String>()
        for directory in configuration.privateDirectories {
            guard let resolved = try? PathResolution.resolve(directory), resolved.exists, isDirectory(resolved.path),
                  covered.insert(resolved.path).inserted else { continue }
            try Mounts.tmpfs(at: resolved.path, mode: resolved.path.hasSuffix("tmp") || resolved.path == "/dev/shm" ? 0o1777 : 0o755)
        }
        for path in configuration.writable {
            guard let resolved = try? PathResolution.resolve(path), resolved.exists else {
                throw .filePlacement(path: path, reason: "it does not exist, so it cannot be made writable")
            }
            try Mounts.makeWritable(resolved.path)
        }
        try FileOverlay(placements: configuration.files, ownedDirectories: covered).apply()
        try configureLoopback(addresses: configuration.addresses)
        if let hostname = configuration.hostname {
            try Namespaces.setHostname(hostname)
        }
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return Syscall.ignoringFailure({ stat(path, &info) }) == nil && info.st_mode & S_IFMT == S_IFDIR
    }

    /// `lo` is the only interface in a new network namespace, and it starts down.
    static func configureLoopback(addresses: [AddressPrefix]) throws(SandboxError) {
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
