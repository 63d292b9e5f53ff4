import ArgumentParser
import Glibc
import Observation
import Recording
import Reports
import Runner
import ScenarioFormat
import SystemCalls
import Tracing

extension Server.Fallback: ExpressibleByArgument {}

struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Run a command in a throwaway sandbox and show every DNS query it makes.",
        discussion: """
            The command runs in new namespaces like a scenario's lookups, with a resolv.conf made from the \
            options (or read from --resolv-conf FILE) and a scripted DNS server for every nameserver in it \
            (10.53.0.1 when none is given). Nothing leaves the sandbox: no query reaches a real nameserver, \
            and the host's files are not changed.

            Each query and each reply is printed to standard error the moment it crosses the sandbox's \
            loopback: offset, query number, type and name, server, transport, then the reply code (or \
            "no reply") and how long the reply took. Every line starts with ";; ". The command's own \
            standard input, output and error are its own: `resolvlab trace -- getent hosts x | grep` \
            greps getent's output only. At the end: how many queries, how many search rounds, how many \
            queries went out before the first answer, and how long the resolver waited for replies that \
            never came.

            Exit status: the command's own (128 + N when a signal N killed it); 127 or 126 when it is not \
            found or cannot be executed; 1 when the sandbox could not be built or run, the capture lost \
            packets, or the command outlived --timeout-ms; 2 for a usage error; 3 when this machine cannot \
            create the namespaces; 130 or 143 when interrupted.

            Examples:
              resolvlab trace --search a.example b.example --ndots 5 -- getent ahosts api
              resolvlab trace --zone api.example=10.0.0.5 --otherwise servfail -- getent hosts api.example
              resolvlab trace --resolv-conf pod-resolv.conf --emit-scenario pod.json -- curl -sI http://web
              resolvlab trace --scenario scenarios/transport/glibc/use-vc-queries-over-tcp.json -- getent hosts api.example
              resolvlab trace --pod pod.yaml --address fd00::17/128 --zone ycwu314.top=104.24.99.9 -- getent ahosts ycwu314.top
            """
    )

    @Option(help: ArgumentHelp("Use this file's contents as the sandbox's /etc/resolv.conf (the host's file is "
                               + "never changed); each of its nameservers gets a scripted server.", valueName: "file"))
    var resolvConf: String?

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Search domains (the resolv.conf search line).", valueName: "domain"))
    var search: [String] = []

    @Option(help: ArgumentHelp("options ndots:N (0 to 15).", valueName: "n"))
    var ndots: Int?

    @Option(parsing: .upToNextOption,
            help: ArgumentHelp("Nameserver addresses, each served by a scripted server (default: \(TraceSetup.defaultNameserver)).",
                               valueName: "ip"))
    var nameserver: [String] = []

    @Option(name: .customLong("option"), parsing: .upToNextOption,
            help: ArgumentHelp("Further resolv.conf options (edns0, timeout:1, attempts:1, use-vc, ...).", valueName: "option"))
    var options: [String] = []

    @OptionGroup(title: "A pod's resolv.conf, made as the kubelet makes it (instead of the options above)")
    var podOptions: PodOptions

    @Option(help: ArgumentHelp("Use this file's contents as the sandbox's /etc/hosts (default: localhost only).",
                               valueName: "file"))
    var hosts: String?

    @Option(help: ArgumentHelp("The sandbox's hostname.", valueName: "name"))
    var hostname: String?

    @Option(name: .customLong("address"), parsing: .upToNextOption,
            help: ArgumentHelp("Extra addresses on the sandbox's lo, ADDRESS/PREFIX or a bare address (an IPv6 one "
                               + "turns on AAAA queries under AI_ADDRCONFIG).", valueName: "cidr"))
    var addresses: [String] = []

    @Option(parsing: .upToNextOption,
            help: ArgumentHelp("Records every scripted server answers: an A record for an IPv4 address, AAAA for IPv6.",
                               valueName: "name=ip"))
    var zone: [String] = []

    @Option(help: ArgumentHelp("What the scripted servers answer for other names (default: nxdomain).", valueName: "reply"))
    var otherwise: Server.Fallback?

    @Option(help: ArgumentHelp("Take the sandbox (files, servers, addresses, hostname) from this scenario file; the "
                               + "command replaces its lookups.", valueName: "file"))
    var scenario: String?

    @Option(help: ArgumentHelp("Kill the command after this many milliseconds (100 to 600000; default 10000).",
                               valueName: "ms"))
    var timeoutMs: Int?

    @Flag(help: "Print the sandbox's events (queries, replies, the command's start and end) as JSON lines, then a summary line.")
    var json = false

    @Option(help: ArgumentHelp("Write the trace here instead of standard error.", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("Write a scenario reproducing this run, the observed queries as its expectation; "
                               + "`resolvlab run FILE` then passes.", valueName: "file"))
    var emitScenario: String?

    @Option(help: ArgumentHelp("Attach to this running process instead of building a sandbox: join its network, mount "
                               + "and UTS namespaces (like nsenter -t PID -n -m -u) and run the command there, or, with "
                               + "no command, capture passively. Nothing in the process's namespaces is changed.",
                               valueName: "pid"))
    var target: Int32?

    @Option(help: ArgumentHelp("Attach to this network namespace only (/run/netns/NAME, /proc/PID/ns/net): the command "
                               + "sees this machine's files and hostname.", valueName: "path"))
    var netns: String?

    @Option(parsing: .upToNextOption,
            help: ArgumentHelp("With --target or --netns: further ports carrying DNS, besides 53.", valueName: "port"))
    var port: [Int] = []

    @Option(help: ArgumentHelp("With --target or --netns and no command: capture for this many seconds (default: until "
                               + "Ctrl-C).", valueName: "seconds"))
    var duration: Double?

    @Flag(help: "With --target and --emit-scenario: replay each reply as late as it came (delayMs).")
    var keepDelays = false

    @Argument(parsing: .postTerminator, help: ArgumentHelp("The command and its arguments, after --.", valueName: "command"))
    var command: [String] = []

    /// Attached to a running process or a network namespace rather than in a sandbox of its own.
    var attaches: Bool { target != nil || netns != nil }

    func validate() throws {
        if attaches {
            try validateAttached()
        } else if let first = [("--port", !port.isEmpty), ("--duration", duration != nil),
                               ("--keep-delays", keepDelays)].first(where: \.1) {
            throw ValidationError("\(first.0) applies only when attaching, with --target PID or --netns PATH")
        }
        if command.isEmpty && !attaches {
            throw ValidationError("missing the command to trace, after --: resolvlab trace [OPTIONS] -- COMMAND [ARGUMENTS...]"
                                  + " (or --target PID to attach to a running process)")
        }
        let resolverOptions = [("--search", !search.isEmpty), ("--ndots", ndots != nil), ("--nameserver", !nameserver.isEmpty),
                               ("--option", !options.isEmpty)].filter(\.1).map(\.0)
        if resolvConf != nil, let first = resolverOptions.first {
            throw ValidationError("--resolv-conf gives the whole resolv.conf; it cannot be combined with \(first)")
        }
        if podOptions.pod == nil, let first = podOptions.given.first {
            throw ValidationError("\(first) describes the pod's node; it needs --pod POD.yaml")
        }
        if podOptions.pod != nil, let first = resolverOptions.first ?? (resolvConf != nil ? "--resolv-conf" : nil) {
            throw ValidationError("--pod makes the resolv.conf as the kubelet would; it cannot be combined with \(first)")
        }
        let setupOptions = resolverOptions + podOptions.given + [("--resolv-conf", resolvConf != nil), ("--hosts", hosts != nil),
                                              ("--hostname", hostname != nil), ("--address", !addresses.isEmpty),
                                              ("--zone", !zone.isEmpty), ("--otherwise", otherwise != nil)].filter(\.1).map(\.0)
        if scenario != nil, let first = setupOptions.first {
            throw ValidationError("--scenario takes the whole sandbox from its file; it cannot be combined with \(first)")
        }
        if let timeoutMs, !Scenario.timeoutMsRange.contains(timeoutMs) {
            throw ValidationError("--timeout-ms must be from \(Scenario.timeoutMsRange.lowerBound) to \(Scenario.timeoutMsRange.upperBound)")
        }
        if let output, output == emitScenario { throw ValidationError("--output and --emit-scenario name the same file") }
    }

    /// `--target` and `--netns`: the process's own files and servers, so none of the sandbox's options.
    func validateAttached() throws {
        if target != nil, netns != nil {
            throw ValidationError("--target and --netns exclude each other: --target PID joins the process's network, mount "
                                  + "and UTS namespaces, --netns PATH one network namespace")
        }
        let option = target != nil ? "--target" : "--netns"
        let sandboxOptions = [("--resolv-conf", resolvConf != nil), ("--search", !search.isEmpty), ("--ndots", ndots != nil),
                              ("--nameserver", !nameserver.isEmpty), ("--option", !options.isEmpty), ("--hosts", hosts != nil),
                              ("--hostname", hostname != nil), ("--address", !addresses.isEmpty), ("--zone", !zone.isEmpty),
                              ("--otherwise", otherwise != nil), ("--scenario", scenario != nil)]
        if let first = sandboxOptions.first(where: \.1) {
            throw ValidationError("\(option) traces in a running process's own namespaces, with its own resolv.conf and "
                                  + "servers; it cannot be combined with \(first.0)")
        }
        if let target, target <= 0 { throw ValidationError("--target \(target): expected a process ID, such as 4242") }
        if let netns, netns.isEmpty { throw ValidationError("--netns: expected a path, such as /run/netns/NAME") }
        for value in port where !(1...65535).contains(value) {
            throw ValidationError("--port \(value): expected a port from 1 to 65535")
        }
        if command.isEmpty {
            if emitScenario != nil {
                throw ValidationError("--emit-scenario needs a command to replay: resolvlab trace \(option) ... "
                                      + "--emit-scenario FILE -- COMMAND")
            }
            if timeoutMs != nil {
                throw ValidationError("--timeout-ms limits the command; a passive capture ends after --duration or at Ctrl-C")
            }
            if let duration, !(duration > 0 && duration <= Self.maximumDuration) {
                throw ValidationError("--duration \(duration): expected seconds from more than 0 to \(Int(Self.maximumDuration))")
            }
        } else if duration != nil {
            throw ValidationError("--duration is for a passive capture, without a command; a command's trace ends with it")
        }
        if emitScenario != nil, netns != nil {
            throw ValidationError("--emit-scenario takes the process's files and hostname, so it needs --target PID, not --netns")
        }
        if keepDelays, emitScenario == nil { throw ValidationError("--keep-delays applies to --emit-scenario") }
    }

    /// A day: a passive capture meant to run longer can be left to Ctrl-C.
    static let maximumDuration = 86_400.0

    func run() throws {
        SignalMask.block([SIGINT, SIGTERM])
        signal(SIGPIPE, SIG_IGN)
        if attaches { return try runAttached() }
        if case .failure(let problem) = ExecutableSearch.find(command[0]) {
            printError("resolvlab trace: \(problem)")
            throw ExitCode(Self.notFound(problem) ? 127 : 126)
        }
        let (source, scenario, notes) = try setup()
        if let emitScenario {
            do {
                try FileReplacement.checkWritable(emitScenario)
            } catch {
                printError("resolvlab trace: --emit-scenario \(emitScenario): \(error)")
                throw ExitCode(ExitStatus.invalid)
            }
        }
        let log = try TraceOutput(path: output)
        if !json {
            log.write(notes.map { TraceLog.prefix + "note: " + TextEscaping.line($0) })
            log.write(Self.header(scenario))
        }
        let configuration = RunConfiguration(jobs: 1, forkedProbe: ResolvLab.forkedProbe, passesCommandStreams: true)
        let (result, observation, interruption) = try runTraced(LoadedScenario(path: emitScenario ?? "trace", content: .success(scenario)),
                                                                configuration: configuration, log: log)
        if let interruption {
            printError("resolvlab trace: interrupted by \(SignalName.name(interruption) ?? "signal \(interruption)")")
            throw ExitCode(ExitStatus.interrupted(by: interruption))
        }
        if let failure = observation.outcome(ofLookup: 0)?.failure {
            // Found on PATH, but exec refused it (a format the kernel cannot run): a shell's 126.
            printError("resolvlab trace: \(failure)")
            throw ExitCode(126)
        }
        if let reason = result.errorReason {
            printError("resolvlab trace: \(VerdictText.describe(reason))")
            throw ExitCode(reason.kind == "namespaces" ? ExitStatus.noNamespaces : ExitStatus.failed)
        }
        guard let outcome = observation.outcome(ofLookup: 0) else { throw ExitCode(ExitStatus.failed) }
        if outcome.timedOut {
            printError("resolvlab trace: \(command[0]) did not end within \(scenario.timeoutMs) ms and was killed")
            throw ExitCode(ExitStatus.failed)
        }
        if let emitScenario { try emit(source: source, scenario: scenario, result: result, to: emitScenario, log: log) }
        switch outcome.exit {
        case .exited(let code): throw ExitCode(code)
        case .signaled(let signal): throw ExitCode(128 + signal)
        case nil: throw ExitCode(ExitStatus.failed)
        }
    }

    /// Runs `loaded` as trace does, in a sandbox or attached: its events on `log` as they come
    /// (lines, or JSON lines with `--json`), then the closing lines and any `extraClosingLines`, or
    /// the summary line. Returns the result, its observation and the signal that interrupted it.
    func runTraced(_ loaded: LoadedScenario, configuration: RunConfiguration, log: TraceOutput,
                   extraClosingLines: (ScenarioObservation) -> [String] = { _ in [] })
        throws -> (ScenarioResult, ScenarioObservation, Int32?) {
        var result: ScenarioResult?
        let signals = try? SignalWatch([SIGINT, SIGTERM])
        let json = self.json
        let interruption = SuiteRunner(configuration: configuration).run(
            [loaded], signals: signals,
            observed: { _, event, observation in
                if json { log.write(bytes: EventLines.encode(event)) } else { log.write(TraceLog.lines(for: event, in: observation)) }
            },
            completed: { _, finished in result = finished })
        guard let result else { throw ExitCode(ExitStatus.failed) }
        let observation = result.observation ?? ScenarioObservation()
        let summary = TraceSummary(observation)
        if json {
            log.write(bytes: summary.jsonLine())
        } else {
            log.write(TraceLog.closingLines(observation, summary: summary, command: command) + extraClosingLines(observation))
        }
        return (result, observation, interruption)
    }

    static func notFound(_ problem: SpawnError) -> Bool {
        if case .notFound = problem { true } else { false }
    }

    /// The scenario text and the scenario it decodes to, with notes for the user; usage errors exit 2.
    func setup() throws -> (source: [UInt8], scenario: Scenario, notes: [String]) {
        let source: [UInt8]
        var notes: [String] = []
        if let scenario {
            do {
                source = try TraceSetup.source(scenarioFile: scenario, command: command, timeoutMs: timeoutMs)
            } catch {
                printError(error.description)
                throw ExitCode(ExitStatus.invalid)
            }
        } else {
            var resolver: TraceSetup.ResolverConfiguration = resolvConf.map { .file(path: $0) }
                ?? .options(search: search, ndots: ndots, nameservers: nameserver, options: options)
            if podOptions.pod != nil {
                let (dns, podName) = try podOptions.applied()
                resolver = .kubernetes(dns, podName: podName)
            }
            let setup = TraceSetup(resolver: resolver, hostsFile: hosts, hostname: hostname, addresses: addresses, zone: zone,
                                   otherwise: otherwise, timeoutMs: timeoutMs, command: command)
            do {
                (source, notes) = try setup.source()
            } catch {
                printError("resolvlab trace: \(error)")
                throw ExitCode(ExitStatus.invalid)
            }
        }
        do {
            let decoded = try ScenarioDecoder.decode(source, file: scenario ?? "trace", options: .init(allowNoAssertions: true))
            return (source, decoded, notes)
        } catch {
            // What the options made does not decode: say which option, in the decoder's words.
            for problem in error.errors.prefix(ScenarioErrors.printedLimit) {
                let option = Self.optionNames[problem.path.split(whereSeparator: { $0 == "." || $0 == "[" }).first.map(String.init) ?? ""]
                printError("resolvlab trace: \(option ?? "the options"): \(problem.message)")
            }
            throw ExitCode(ExitStatus.invalid)
        }
    }

    /// The option a scenario key comes from, for the decoder's messages about what the options made.
    static let optionNames = ["hostname": "--hostname", "addresses": "--address", "resolvConf": "--resolv-conf",
                              "hosts": "--hosts", "servers": "--nameserver or --zone", "lookups": "the command",
                              "timeoutMs": "--timeout-ms",
                              "kubernetes": "--pod"]

    /// `;; resolv.conf: search a.example | nameserver 10.53.0.1` and the scripted servers.
    static func header(_ scenario: Scenario) -> [String] {
        let lines = scenario.resolvConf.split(separator: "\n").map { TextEscaping.line(String($0)) }
        let servers = scenario.servers.map { server in
            "\(server.address)\(server.port == 53 ? "" : ":\(server.port)") (\(server.mode.rawValue), "
                + "\(Plural.count(server.records.entries.count, "name")), otherwise \(server.otherwise.rawValue))"
        }
        return [TraceLog.prefix + "resolv.conf: " + (lines.isEmpty ? "(empty)" : lines.joined(separator: " | ")),
                TraceLog.prefix + "scripted servers: " + (servers.isEmpty ? "none" : servers.joined(separator: ", "))]
    }

    /// Writes the scenario reproducing the run: the setup's text with what was observed recorded
    /// into it, exactly as `record` would.
    func emit(source: [UInt8], scenario: Scenario, result: ScenarioResult, to path: String, log: TraceOutput) throws {
        do {
            let recording = try ExpectationRecorder.record(source: source, scenario: scenario, result: result)
            try FileReplacement.write(recording.source, to: path)
            let warnings = recording.notes + recording.stillFailing.map(VerdictText.describe)
                + (recording.unjudgeable.map { [VerdictText.describe($0)] } ?? [])
            log.write(["\(TraceLog.prefix)wrote \(TextEscaping.line(path)): \(Plural.count(result.observation?.queries.count ?? 0, "expected query", "expected queries"))"]
                      + warnings.map { "\(TraceLog.prefix)warning: \(TextEscaping.line($0))" })
        } catch {
            printError("resolvlab trace: --emit-scenario \(path): \(error)")
            throw ExitCode(ExitStatus.failed)
        }
    }
}

/// Where trace lines go: standard error, or the `--output` file.
final class TraceOutput {
    let descriptor: Int32

    init(path: String?) throws {
        guard let path else {
            descriptor = STDERR_FILENO
            return
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            printError("resolvlab trace: --output \(path): \(String(cString: strerror(errno)))")
            throw ExitCode(ExitStatus.invalid)
        }
        descriptor = fd
    }

    func write(_ lines: [String]) {
        guard !lines.isEmpty else { return }
        write(bytes: Array((lines.joined(separator: "\n") + "\n").utf8))
    }

    func write(bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress.map { $0 + offset }, bytes.count - offset) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}
