import Capture
import DNSWire
import Glibc
import Observation
import ScenarioFormat
import SystemCalls
import SystemPackage

/// Builds the sandbox child's request for a scenario and starts the child.
struct ProbeLauncher {
    let executable: String
    let outputLimit: Int
    let isRoot: Bool
    /// Hand this process's standard streams to the commands of `exec` lookups (`resolvlab trace`).
    let passesCommandStreams: Bool
    /// Join this target instead of building a sandbox (`resolvlab trace --target`).
    let attach: AttachRequest?
    let extraDNSPorts: [UInt16]

    init(executable: String, outputLimit: Int, isRoot: Bool, passesCommandStreams: Bool = false, attach: AttachRequest? = nil,
         extraDNSPorts: [UInt16] = []) {
        self.executable = executable
        self.outputLimit = outputLimit
        self.isRoot = isRoot
        self.passesCommandStreams = passesCommandStreams
        self.attach = attach
        self.extraDNSPorts = extraDNSPorts
    }

    /// The descriptor number the child finds its capture file at.
    static let pcapDescriptorNumber: CInt = 3

    /// Where drain sentinels go: a loopback address no scenario is likely to use, on a port no
    /// server of this scenario listens on.
    static func sentinel(for scenario: Scenario) -> SocketAddress {
        let address = IPAddress.v4(IPv4Address(127, 254, 254, 254))
        var port: UInt16 = 9
        while scenario.servers.contains(where: { $0.address == address && $0.port == port }) { port += 1 }
        return SocketAddress(address: address, port: port)
    }

    /// The namespaces the child creates for `scenario` on this machine.
    func namespaces(for scenario: Scenario) -> [ScenarioNamespace] {
        // Attached, the child joins the target's namespaces; a command it runs lives in a PID
        // namespace of its own, so nothing it starts outlives the trace. (Without root no PID
        // namespace can be made outside a user namespace, from which the target's cannot be joined.)
        if attach != nil { return isRoot && !scenario.lookups.isEmpty ? [.pid] : [] }
        let requested = Set(scenario.namespaces ?? [])
        var namespaces = requested.union([.net, .mount, .uts, .ipc, .pid])
        if !isRoot { namespaces.insert(.user) }
        return ScenarioNamespace.allCases.filter(namespaces.contains)
    }

    func request(for scenario: Scenario, path: String, pcap: Bool) -> ProbeRequest {
        // Replies a rule sends from another port are DNS traffic too.
        let replyPorts = scenario.servers.flatMap { $0.rules.compactMap(\.shaping.sourcePort) }
        let ports = Array(Set(scenario.servers.map(\.port) + replyPorts + extraDNSPorts).union([53])).sorted()
        let sentinel = Self.sentinel(for: scenario)
        let filter = attach == nil ? SandboxFilter.filter(dnsPorts: ports, sentinelPort: sentinel.port)
            : SandboxFilter.everyInterfaceFilter(dnsPorts: ports, sentinelPort: sentinel.port)
        let capture = CaptureRequest(filter: filter, dnsPorts: ports, sentinel: sentinel,
                                     pcapDescriptor: pcap ? Self.pcapDescriptorNumber : nil,
                                     everyInterface: attach != nil, answers: attach != nil)
        return ProbeRequest(scenario: scenario, path: path, namespaces: namespaces(for: scenario), capture: capture,
                            outputLimit: outputLimit, passesCommandStreams: passesCommandStreams, attach: attach)
    }

    /// Starts the child on `request`: a fork of `server` when there is one, else a fork running
    /// `forked` when there is one and this process has a single thread, else `executable
    /// __sandbox`, whose request (`input`) the caller writes to its standard input.
    func start(_ request: ProbeRequest, pcap: FileDescriptor?, forked: ForkedProbe?, server: ForkServer? = nil)
        throws(SpawnError) -> (process: ChildProcess, input: [UInt8]) {
        var extra = pcap.map { [($0, Self.pcapDescriptorNumber)] } ?? []
        // A standard stream this process was started without is /dev/null to the command.
        var opened: [FileDescriptor] = []
        defer { for fd in opened { fd.closeIgnoringErrors() } }
        if request.passesCommandStreams {
            for (stream, number) in zip([STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO], ProbeRequest.passedStreamDescriptors) {
                if fcntl(stream, F_GETFD) != -1 {
                    extra.append((FileDescriptor(rawValue: stream), number))
                } else if let null = try? FileDescriptor.open("/dev/null", flags: stream == STDIN_FILENO ? O_RDONLY : O_WRONLY) {
                    opened.append(null)
                    extra.append((null, number))
                }
            }
        }
        let asInit = Self.startsAsInit(request)
        // A server that fails (it never should) is closed by it; the child is then started here.
        if let server, let process = try? server.spawn(payload: Self.encode(request), command: executable,
                                                          extraDescriptors: extra, newPIDNamespace: asInit) {
            return (process, [])
        }
        if let forked, ChildProcess.canFork {
            let parent = getpid()
            let process = try ChildProcess.fork(
                SpawnRequest(path: executable, arguments: [executable, ProbeRequest.command], standardInput: .null,
                             extraDescriptors: extra, newPIDNamespace: asInit),
                body: { forked(request, parent) })
            return (process, [])
        }
        let process = try ChildProcess.spawn(SpawnRequest(path: executable, arguments: [executable, ProbeRequest.command],
                                                          extraDescriptors: extra, newPIDNamespace: asInit))
        return (process, Self.encode(request))
    }

    /// Whether the child is started as the init of its PID namespace, saving it a fork and a
    /// process that only waits: when it needs one and no user namespace, which must come first
    /// (to own it). Where this process may not make it (not root), the child makes it itself.
    static func startsAsInit(_ request: ProbeRequest) -> Bool {
        request.namespaces.contains(.pid) && !request.namespaces.contains(.user)
    }

    static func encode(_ request: ProbeRequest) -> [UInt8] {
        (try? WireJSON.encode(request)) ?? []
    }
}
