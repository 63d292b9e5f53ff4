import DNSWire
import ScenarioFormat

/// Everything the sandbox child needs to run one scenario, sent by the parent on the child's
/// standard input: the scenario as decoded once by the parent (never the file again), plus what
/// the parent decided about the capture.
public struct ProbeRequest: Sendable, Codable {
    /// The hidden subcommand that runs the sandbox child; `main` recognises it before parsing arguments.
    public static let command = "__sandbox"

    /// The scenario's path, for messages.
    public var path: String
    /// The namespaces to create (the parent has added the ones that are always created).
    public var namespaces: [ScenarioNamespace]
    public var hostname: String?
    /// Added to `lo`: every server address, then the scenario's own.
    public var addresses: [AddressPrefix]
    public var resolvConf: String
    public var hosts: String
    public var files: [FileEntry]
    public var writable: [String]
    public var servers: [Server]
    public var lookups: [LookupStep]
    public var timeoutMs: Int
    public var capture: CaptureRequest
    /// Bytes of each command's standard output and error kept for checks and reports.
    public var outputLimit: Int
    /// When true (`resolvlab trace`), `exec` lookups get the parent's standard input, output and
    /// error, inherited by the child at `passedStreamDescriptors`, instead of pipes: their output
    /// reaches the user as it is written, and none of it is kept.
    public var passesCommandStreams: Bool
    /// Programs started before the lookups and stopped after them.
    public var daemons: [Daemon] = []
    /// When set (`resolvlab trace --target`), the child joins a running process's namespaces and
    /// builds nothing there: no addresses, mounts, hostname, files or servers.
    public var attach: AttachRequest?

    /// Where the child finds the parent's standard input, output and error when it passes them on
    /// (descriptor 3 is the capture file's).
    public static let passedStreamDescriptors: [Int32] = [4, 5, 6]

    public struct FileEntry: Sendable, Codable, Hashable {
        public var path: String
        public var contents: String

        public init(path: String, contents: String) {
            self.path = path
            self.contents = contents
        }
    }

    public init(path: String, namespaces: [ScenarioNamespace], hostname: String?, addresses: [AddressPrefix],
                resolvConf: String, hosts: String, files: [FileEntry], writable: [String], servers: [Server],
                lookups: [LookupStep], timeoutMs: Int, capture: CaptureRequest, outputLimit: Int,
                passesCommandStreams: Bool = false, attach: AttachRequest? = nil) {
        self.passesCommandStreams = passesCommandStreams
        self.attach = attach
        self.path = path
        self.namespaces = namespaces
        self.hostname = hostname
        self.addresses = addresses
        self.resolvConf = resolvConf
        self.hosts = hosts
        self.files = files
        self.writable = writable
        self.servers = servers
        self.lookups = lookups
        self.timeoutMs = timeoutMs
        self.capture = capture
        self.outputLimit = outputLimit
    }

    /// The request for `scenario`; `namespaces` is the effective set.
    public init(scenario: Scenario, path: String, namespaces: [ScenarioNamespace], capture: CaptureRequest,
                outputLimit: Int = ProbeRequest.defaultOutputLimit, passesCommandStreams: Bool = false,
                attach: AttachRequest? = nil) {
        var addresses: [AddressPrefix] = []
        // The servers' addresses, and those their rules send replies from (`faults.sourceAddress`).
        let sources = scenario.servers.flatMap { server in [server.address] + server.rules.compactMap(\.shaping.sourceAddress) }
            + scenario.daemons.compactMap(\.address)
        for address in sources {
            let host = AddressPrefix(address: address, prefixLength: address.bytes.count * 8)
            if !addresses.contains(where: { $0.address == host.address }) { addresses.append(host) }
        }
        for prefix in scenario.addresses where !addresses.contains(where: { $0.address == prefix.address }) {
            addresses.append(prefix)
        }
        self.init(path: path, namespaces: namespaces, hostname: scenario.hostname, addresses: addresses,
                  resolvConf: scenario.resolvConf, hosts: scenario.hosts,
                  files: scenario.files.map { FileEntry(path: $0.path, contents: $0.contents) }, writable: scenario.writable,
                  servers: scenario.servers, lookups: scenario.lookups.map(\.step), timeoutMs: scenario.timeoutMs,
                  capture: capture, outputLimit: outputLimit, passesCommandStreams: passesCommandStreams, attach: attach)
        daemons = scenario.daemons
    }

    /// 1 MiB per stream: enough for any check a scenario makes, bounded for a command that floods.
    public static let defaultOutputLimit = 1 << 20
}

/// What the capture listens to and keeps.
public struct CaptureRequest: Sendable, Codable {
    /// The kernel filter (`SandboxFilter`), assembled by the parent.
    public var filter: CaptureFilter
    /// Ports a DNS server listens on: traffic to or from them is DNS.
    public var dnsPorts: [UInt16]
    /// Where the drain sentinel goes: an address and port no scenario server uses.
    public var sentinel: SocketAddress
    /// The descriptor (inherited from the parent) to write every captured frame to as a pcap file;
    /// nil when no capture file is wanted.
    public var pcapDescriptor: Int32?
    /// Capture on every interface (`resolvlab trace --target`: the target's namespace has more than
    /// `lo`); the filter must then be `SandboxFilter`'s cooked one.
    public var everyInterface: Bool
    /// Reply events carry their answer records (`resolvlab trace --target`, whose emitted scenario
    /// replays them).
    public var answers: Bool

    public init(filter: CaptureFilter, dnsPorts: [UInt16], sentinel: SocketAddress, pcapDescriptor: Int32? = nil,
                everyInterface: Bool = false, answers: Bool = false) {
        self.everyInterface = everyInterface
        self.answers = answers
        self.filter = filter
        self.dnsPorts = dnsPorts
        self.sentinel = sentinel
        self.pcapDescriptor = pcapDescriptor
    }
}

/// A classic BPF program and the pcap expression it came from.
public struct CaptureFilter: Sendable, Codable, Hashable {
    public struct Instruction: Sendable, Codable, Hashable {
        public var code: UInt16
        public var jt: UInt8
        public var jf: UInt8
        public var k: UInt32

        public init(code: UInt16, jt: UInt8, jf: UInt8, k: UInt32) {
            self.code = code
            self.jt = jt
            self.jf = jf
            self.k = k
        }

        public init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            code = try container.decode(UInt16.self)
            jt = try container.decode(UInt8.self)
            jf = try container.decode(UInt8.self)
            k = try container.decode(UInt32.self)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.unkeyedContainer()
            try container.encode(code)
            try container.encode(jt)
            try container.encode(jf)
            try container.encode(k)
        }
    }

    public var expression: String
    /// The DLT_ link type the program was compiled for.
    public var linkType: Int32
    public var instructions: [Instruction]

    public init(expression: String, linkType: Int32, instructions: [Instruction]) {
        self.expression = expression
        self.linkType = linkType
        self.instructions = instructions
    }
}
