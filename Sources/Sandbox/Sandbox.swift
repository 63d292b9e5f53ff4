import CResolvLab
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
    /// Host paths lookups may write despite `readOnlyHost`; one under a private directory is
    /// bound back into the sandbox's tmpfs first.
    public var writable: [String]
    /// Directories covered by an empty tmpfs of the sandbox's own: scratch space lookups may write,
    /// and no host unix socket (nscd, systemd-resolved, D-Bus) is reachable through them.
    public var privateDirectories: [String]
    /// Host files that stay reachable at their own paths when they lie under a private directory:
    /// the commands `exec` lookups run (a tool built into `/tmp/ci/bin` must still run). Their
    /// directories are bound, read-only like the rest of the host, into the sandbox's tmpfs.
    public var keptVisible: [String]
    /// Host directories that stay reachable at their own paths when they lie under a private
    /// directory, read-only like the rest of the host: the working directory the lookups start in
    /// (a run from a checkout in /tmp: programs that change to `$PWD`, such as pyenv's shims).
    public var keptVisibleDirectories: [String]

    public static let defaultPrivateDirectories = ["/tmp", "/var/tmp", "/run", "/var/run", "/dev/shm", "/var/run/nscd"]

    public init(namespaces: Set<Namespace>, hostname: String? = nil, addresses: [AddressPrefix] = [],
                files: [FilePlacement] = [], readOnlyHost: Bool = true, writable: [String] = [],
                privateDirectories: [String] = SandboxConfiguration.defaultPrivateDirectories,
                keptVisible: [String] = [], keptVisibleDirectories: [String] = []) {
        self.keptVisibleDirectories = keptVisibleDirectories
        self.namespaces = namespaces
        self.hostname = hostname
        self.addresses = addresses
        self.files = files
        self.readOnlyHost = readOnlyHost
        self.writable = writable
        self.privateDirectories = privateDirectories
        self.keptVisible = keptVisible
    }
}

public enum SandboxSetup {
    /// Everything after `Namespaces.unshare` (which must come first, while the process is
    /// single-threaded): private mounts, a read-only host with private scratch directories, the
    /// writable exceptions, files, hostname (`configureFiles`), then lo and its addresses
    /// (`configureNetwork`).
    public static func configure(_ configuration: SandboxConfiguration) throws(SandboxError) {
        try configureFiles(configuration)
        try configureNetwork(addresses: configuration.addresses)
    }

    /// The mount and UTS namespaces' part of `configure`. It touches nothing `configureNetwork`
    /// does, so the two may run at once, on two threads.
    public static func configureFiles(_ configuration: SandboxConfiguration) throws(SandboxError) {
        try Mounts.makeAllPrivate()
        if configuration.readOnlyHost { try Mounts.makeReadOnly("/") }
        var covered: [String] = []
        for directory in configuration.privateDirectories {
            guard let resolved = try? PathResolution.resolve(directory), resolved.exists, isDirectory(resolved.path),
                  !covered.contains(resolved.path) else { continue }
            covered.append(resolved.path)
        }
        // One inside another (/run/nscd once nscd is installed, under /run) is covered by the
        // outer tmpfs already, and no longer exists to be mounted on once that is in place.
        covered = covered.filter { directory in !covered.contains { $0 != directory && directory.isWithin($0) } }
        // Held open across the tmpfs mounts that hide them, then bound back in place.
        let hidden = try hiddenDirectories(of: configuration.keptVisible,
                                           directories: configuration.keptVisibleDirectories + configuration.writable,
                                           under: covered)
        for directory in covered {
            try Mounts.tmpfs(at: directory, mode: directory.hasSuffix("tmp") || directory == "/dev/shm" ? 0o1777 : 0o755)
        }
        for (path, handle) in hidden {
            defer { handle.closeIgnoringErrors() }
            try Mounts.createMountPoint(path)
            try Mounts.bind("/proc/self/fd/\(handle.rawValue)", onto: path, recursive: true)
        }
        for path in configuration.writable {
            guard let resolved = try? PathResolution.resolve(path), resolved.exists else {
                throw .filePlacement(path: path, reason: "it does not exist, so it cannot be made writable")
            }
            try Mounts.makeWritable(resolved.path)
        }
        try FileOverlay(placements: configuration.files, ownedDirectories: Set(covered)).apply()
        if let hostname = configuration.hostname {
            try Namespaces.setHostname(hostname)
        }
    }

    /// The network namespace's part of `configure`: `lo` up, with `addresses`.
    public static func configureNetwork(addresses: [AddressPrefix]) throws(SandboxError) {
        try configureLoopback(addresses: addresses)
    }

    /// The directories holding `files`, and the directories `directories` themselves (as found,
    /// and with every symlink followed), that a tmpfs on one of `privateDirectories` would hide,
    /// each opened `O_PATH` so it can be bound back. The shallowest wins: a directory below
    /// another kept one is visible through it. A private directory itself is never bound back.
    static func hiddenDirectories(of files: [String], directories wanted: [String] = [],
                                  under privateDirectories: [String])
        throws(SandboxError) -> [(path: String, handle: FileDescriptor)] {
        var directories: [String] = []
        var candidateSets: [[String]] = []
        // A wanted path that is a file (a writable file) is kept as files are: by its directory.
        let wantedFiles = wanted.filter { !isDirectory($0) }
        for file in (files + wantedFiles) where file.hasPrefix("/") {
            let asFound = String(file[..<(file.lastIndex(of: "/") ?? file.startIndex)])
            var candidates = [asFound.isEmpty ? "/" : asFound]
            if let resolved = try? PathResolution.resolve(file), resolved.exists {
                candidates.append(resolved.deepestExisting)
            }
            candidateSets.append(candidates)
        }
        for directory in wanted where directory.hasPrefix("/") && isDirectory(directory) { candidateSets.append([directory]) }
        for candidates in candidateSets {
            for candidate in candidates {
                guard let resolved = try? PathResolution.resolve(candidate), resolved.exists,
                      privateDirectories.contains(where: { resolved.path.isWithin($0) && resolved.path != $0 }) else { continue }
                directories.append(resolved.path)
            }
        }
        let shallowest = directories.filter { directory in
            !directories.contains { $0 != directory && directory.isWithin($0) }
        }
        var opened: [(path: String, handle: FileDescriptor)] = []
        for directory in Set(shallowest).sorted() {
            do {
                opened.append((directory, try FileDescriptor.open(directory, flags: resolvlab_O_PATH | O_DIRECTORY | O_CLOEXEC)))
            } catch {
                for (_, handle) in opened { handle.closeIgnoringErrors() }
                throw .system(step: "opening \(directory) to keep it visible", errno: error)
            }
        }
        return opened
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
