import DNSWire

/// The namespaces of a running process, or one network namespace file, that `resolvlab trace
/// --target` joins instead of making a sandbox of its own.
public struct AttachTarget: Sendable, Codable, Hashable {
    /// The process whose namespaces they are; nil for a bare network namespace file (`--netns`).
    public var pid: Int32?
    /// `/proc/PID/ns/net`, or a network namespace file such as `/run/netns/NAME`.
    public var networkNamespace: String
    /// `/proc/PID/ns/mnt` and `/proc/PID/ns/uts` for a process; nil for `--netns`, whose command
    /// sees this machine's files and hostname.
    public var mountNamespace: String?
    public var utsNamespace: String?

    public init(pid: Int32?, networkNamespace: String, mountNamespace: String?, utsNamespace: String?) {
        self.pid = pid
        self.networkNamespace = networkNamespace
        self.mountNamespace = mountNamespace
        self.utsNamespace = utsNamespace
    }

    /// The network, mount and UTS namespaces of process `pid`, like `nsenter -t PID -n -m -u`.
    public static func process(_ pid: Int32) -> AttachTarget {
        AttachTarget(pid: pid, networkNamespace: "/proc/\(pid)/ns/net", mountNamespace: "/proc/\(pid)/ns/mnt",
                     utsNamespace: "/proc/\(pid)/ns/uts")
    }

    /// Only the network namespace at `path`, like `nsenter --net=PATH`.
    public static func networkNamespace(_ path: String) -> AttachTarget {
        AttachTarget(pid: nil, networkNamespace: path, mountNamespace: nil, utsNamespace: nil)
    }

    /// For messages: `process 4242`, or the namespace file.
    public var owner: String { pid.map { "process \($0)" } ?? networkNamespace }
}

/// What the sandbox child does instead of building a sandbox: join `target`, capture on every
/// interface there, and run the lookups (the traced command) or, with none, capture passively.
public struct AttachRequest: Sendable, Codable, Hashable {
    public var target: AttachTarget
    /// A passive capture's length; nil captures until SIGINT or SIGTERM.
    public var durationMs: Int?

    public init(target: AttachTarget, durationMs: Int? = nil) {
        self.target = target
        self.durationMs = durationMs
    }
}

/// What a running process's resolver sees, read from inside its namespaces
/// (`resolvlab snapshot`): the files, the hostname and every interface's addresses. A file it does
/// not have is nil.
public struct TargetSnapshot: Sendable, Codable, Hashable {
    public struct Interface: Sendable, Codable, Hashable {
        public var name: String
        public var addresses: [AddressPrefix]

        public init(name: String, addresses: [AddressPrefix]) {
            self.name = name
            self.addresses = addresses
        }
    }

    public var hostname: String?
    public var resolvConf: String?
    public var hosts: String?
    public var nsswitchConf: String?
    public var gaiConf: String?
    public var interfaces: [Interface]

    public init(hostname: String? = nil, resolvConf: String? = nil, hosts: String? = nil, nsswitchConf: String? = nil,
                gaiConf: String? = nil, interfaces: [Interface] = []) {
        self.hostname = hostname
        self.resolvConf = resolvConf
        self.hosts = hosts
        self.nsswitchConf = nsswitchConf
        self.gaiConf = gaiConf
        self.interfaces = interfaces
    }

    /// The files a snapshot reads, by where they are in the target.
    public static let filePaths = ["/etc/resolv.conf", "/etc/hosts", "/etc/nsswitch.conf", "/etc/gai.conf"]
}

/// One record of a reply's answer section, its data as scenario files write it (`10.0.0.5`,
/// `web.example.`, `10 mail.example.`).
public struct AnswerRecord: Sendable, Codable, Hashable {
    public var name: DNSName
    public var type: DNSType
    public var data: String

    public init(name: DNSName, type: DNSType, data: String) {
        self.name = name
        self.type = type
        self.data = data
    }
}
