import CResolvLab
import Capture
import DNSWire
import Glibc
import Lookups
import Observation
import Responder
import Sandbox
import ScenarioFormat
import SystemCalls
import SystemPackage

/// The sandbox child: what `resolvlab __sandbox` does, in this order (design.md, "Process model"):
/// read the request, enter the namespaces while still single-threaded, start the PID namespace's
/// init, build the sandbox, start the responder and the capture, run the lookups, drain, cross-check.
/// Events go to standard output as they happen; the parent needs nothing else.
public enum Probe {
    /// The `__sandbox` command: the request arrives as JSON on standard input. Call first thing in
    /// `main`, before anything can start a thread.
    public static func main() -> Never {
        let parent = getppid()
        let bytes: [UInt8]
        do {
            bytes = try FileDescriptor.standardInput.readToEnd()
        } catch {
            refuse("cannot read the request: \(error)")
        }
        prepare(bytes, parent: parent)()
    }

    /// What a child runs for a request in WireJSON (`bytes`): the decoded request, or a report that
    /// it did not decode. A fork server calls this before it forks, so the child starts with the
    /// request decoded.
    public static func prepare(_ bytes: [UInt8], parent: pid_t) -> () -> Never {
        do {
            let request = try WireJSON.decode(ProbeRequest.self, from: bytes)
            return { run(request, parent: parent) }
        } catch {
            return { refuse("cannot read the request: \(error)") }
        }
    }

    private static func refuse(_ message: String) -> Never {
        DirectEventWriter.write(.setupFailed(SetupFailure(kind: .request, message: message)), to: .standardOutput)
        _exit(0)
    }

    /// Runs `request` in this process, which must have one thread, and ends it (`_exit`: a forked
    /// child must not run the parent's exit handlers). Events go to standard output. Called after
    /// `__sandbox` decoded its request, or in a child the parent `parent` forked with the request
    /// already in memory.
    public static func run(_ request: ProbeRequest, parent: pid_t) -> Never {
        // If the parent dies, so does the sandbox: nothing outlives the run.
        _ = resolvlab_set_parent_death_signal(SIGKILL)
        // Started as the init of its PID namespace (`SpawnRequest.newPIDNamespace`), this process
        // sees no parent; whether anyone still listens is what counts, and is asked of the pipe.
        let isInit = getpid() == 1
        if isInit ? !Self.anyoneListening(on: .standardOutput) : getppid() != parent {
            _exit(0)   // the parent died before the line above took effect
        }
        // The kernel shields a namespace's init from SIGTERM and SIGINT, which ask it to stop.
        if isInit { _ = resolvlab_exit_on_termination() }
        let output = FileDescriptor.standardOutput
        if request.passesCommandStreams {
            for descriptor in ProbeRequest.passedStreamDescriptors { _ = resolvlab_set_cloexec(descriptor) }
        }
        if let attach = request.attach {
            AttachSession.run(request, attach, output: output, timestamps: KernelTimestamps.hold())
        }
        // Asked for first, so the kernel's timestamping switch is on by the time packets flow.
        let timestamps = KernelTimestamps.hold()
        // The capture file and the passed streams (above) must not leak into the lookups'
        // processes (a command gets the streams as its 0, 1 and 2).
        if let pcap = request.capture.pcapDescriptor { _ = resolvlab_set_cloexec(pcap) }
        let namespaces = Set(request.namespaces.map(Self.namespace))
        let created = isInit ? namespaces.subtracting([.pid]) : namespaces
        do {
            try Namespaces.unshare(created)
        } catch {
            DirectEventWriter.write(.setupFailed(Self.failure(error, namespaces: namespaces)), to: output)
            _exit(0)
        }
        for variable in HermeticFiles.scrubbedEnvironment { unsetenv(variable) }
        if created.contains(.pid) {
            do {
                try PIDNamespace.becomeInit()
            } catch {
                DirectEventWriter.write(.setupFailed(SetupFailure(kind: .sandbox, message: error.description)), to: output)
                _exit(0)
            }
        }
        // From here on threads may start, so the rest runs on a thread started here (see
        // `FreshThread`: this one carries its parent's thread id in per-thread caches).
        FreshThread.continueOnNewThread { session(request, namespaces: namespaces, output: output, timestamps: timestamps) }
    }

    /// The sandbox's work once its namespaces exist: events, setup, lookups, drain; ends the process.
    static func session(_ request: ProbeRequest, namespaces: Set<Namespace>, output: FileDescriptor,
                        timestamps: FileDescriptor?) -> Never {
        let sink: PipeEventWriter
        do {
            sink = try PipeEventWriter(descriptor: output)
        } catch {
            DirectEventWriter.write(.setupFailed(SetupFailure(kind: .sandbox, message: "cannot start the event writer: \(error)")),
                                    to: output)
            _exit(0)
        }
        var session = Session(request: request, namespaces: namespaces, sink: sink)
        session.run()
        // Nothing a lookup started may outlive the scenario, and the parent reports it as over
        // once the event pipe closes: end them first.
        PIDNamespace.endOtherProcesses()
        sink.close()
        // The parent has everything: end the pipes, then tear down (closing the capture socket waits
        // out an RCU grace period the parent need not wait for).
        if let null = try? FileDescriptor.open("/dev/null", flags: O_WRONLY) {
            _ = dup2(null.rawValue, STDOUT_FILENO)
            _ = dup2(null.rawValue, STDERR_FILENO)
            null.closeIgnoringErrors()
        }
        session.close()
        timestamps?.closeIgnoringErrors()
        // As PID 1 of the sandbox's namespace, this exit ends every process a lookup left behind.
        _exit(0)
    }

    /// False once the read end of `pipe` is closed everywhere: the parent that reads the events is gone.
    static func anyoneListening(on pipe: FileDescriptor) -> Bool {
        var entries = [PollEntry(pipe, events: PollEntry.writable)]
        guard (try? Poll.wait(&entries, until: .now())) != nil else { return true }
        return !entries[0].hasError
    }

    /// Every scenario namespace is a sandbox namespace; a new case is a compile error here, never a silent drop.
    static func namespace(_ namespace: ScenarioNamespace) -> Namespace {
        switch namespace {
        case .user: .user
        case .net: .net
        case .mount: .mount
        case .uts: .uts
        case .ipc: .ipc
        case .pid: .pid
        }
    }

    static func failure(_ error: SandboxError, namespaces: Set<Namespace>) -> SetupFailure {
        if case .namespacesUnavailable = error { return SetupFailure(kind: .namespaces, message: error.description) }
        if case .joinRefused = error { return SetupFailure(kind: .namespaces, message: error.description) }
        let unprivileged = namespaces.contains(.user) && getuid() != 0
        if case .system(_, let errno) = error, unprivileged, errno == .notPermitted || errno == .permissionDenied {
            // AppArmor's userns restriction shows up here, after unshare itself succeeded.
            return SetupFailure(kind: .namespaces, message: SandboxError.namespacesUnavailable(
                step: error.description, errno: errno, unprivileged: true).description)
        }
        return SetupFailure(kind: .sandbox, message: error.description)
    }
}

/// The network side of a session's setup, which runs on a thread of its own while the files side
/// is set up: `lo` and its addresses, the check that packets are stamped on arrival, the responder
/// and the capture, each started; where one fails, what failed and nothing after it.
final class NetworkSetup: @unchecked Sendable {
    let request: ProbeRequest
    let namespaces: Set<Namespace>
    let sink: any EventSink
    let ledger: DeliveryLedger
    let activity: ActivityMonitor
    // Written by `run`, read after it (the thread's join orders the two).
    private(set) var stamping = false
    private(set) var responder: Responder?
    private(set) var capture: CaptureSession?
    private(set) var failure: SetupFailure?

    init(request: ProbeRequest, namespaces: Set<Namespace>, sink: any EventSink, ledger: DeliveryLedger,
         activity: ActivityMonitor) {
        self.request = request
        self.namespaces = namespaces
        self.sink = sink
        self.ledger = ledger
        self.activity = activity
    }

    func run() {
        do {
            try SandboxSetup.configureNetwork(addresses: request.addresses)
        } catch {
            failure = Probe.failure(error, namespaces: namespaces)
            return
        }
        // Packets must be stamped when they arrive, not when the capture thread reads them.
        stamping = KernelTimestamps.waitUntilStamping(on: .v4(IPv4Address(127, 0, 0, 1)))
        do {
            let ledger = self.ledger
            let responder = try Responder(servers: request.servers, received: { ledger.received($0) })
            self.responder = responder
            try responder.start()
        } catch {
            failure = SetupFailure(kind: .responder, message: error.description)
            return
        }
        do {
            let (ledger, activity) = (self.ledger, self.activity)
            let capture = try CaptureSession(request: request.capture, sink: sink, clientMessage: { ledger.captured($0) },
                                             tick: { activity.tick() })
            self.capture = capture
            try capture.start()
        } catch {
            failure = SetupFailure(kind: .capture, message: error.description)
        }
    }
}

/// One scenario inside the sandbox.
struct Session {
    let request: ProbeRequest
    let namespaces: Set<Namespace>
    let sink: any EventSink
    var responder: Responder?
    var capture: CaptureSession?

    /// Resident memory when the session began. A forked sandbox starts with every page it shares
    /// with the parent counted as its own; what the scenario cost is the peak above this.
    let residentAtStart = Session.residentBytes()

    init(request: ProbeRequest, namespaces: Set<Namespace>, sink: any EventSink) {
        self.request = request
        self.namespaces = namespaces
        self.sink = sink
    }

    /// This process's resident memory now (`/proc/self/statm`, second field, in pages).
    static func residentBytes() -> Int {
        guard let fd = try? FileDescriptor.open("/proc/self/statm", flags: O_RDONLY) else { return 0 }
        defer { fd.closeIgnoringErrors() }
        guard let bytes = try? fd.readToEnd(limit: 256) else { return 0 }
        let fields = bytes.split(separator: UInt8(ascii: " "))
        guard fields.count > 1, let pages = Int(String(decoding: fields[1], as: UTF8.self)) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Performs one lookup between its start and end events.
    static func perform(_ step: LookupStep, index: Int, context: LookupContext, sink: any EventSink) {
        sink.emit(.lookupStarted(LookupStarted(index: index, at: WallClock.microseconds())))
        let outcome = Lookups.perform(step.call, client: step.client, context: context)
        sink.emit(.lookupEnded(LookupEnded(index: index, at: WallClock.microseconds(), outcome: outcome)))
    }

    /// Writes a lookup's `before` files in place; returns why one could not be written.
    static func rewriteFiles(_ rewrite: FileRewrite?) -> String? {
        for (path, contents) in rewrite?.files ?? [] {
            do {
                try FileReplacement.overwrite(path, with: Array(contents.utf8))
            } catch {
                return "before the lookup: \(error)"
            }
        }
        return nil
    }

    /// The directory the lookups start in (this process's), when it can be named.
    static func workingDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Where the commands of `exec` lookups are on the host's PATH, found before private
    /// directories cover them.
    static func commandPaths(_ lookups: [LookupCall]) -> [String] {
        commandPaths(lookups.map { LookupStep(call: $0) })
    }

    /// The programs the lookups run: the commands of exec lookups, and the helper of each client that
    /// makes a built-in call (kept visible like the commands when they live under /tmp).
    static func commandPaths(_ steps: [LookupStep]) -> [String] {
        steps.compactMap { step in
            if case .exec(let call) = step.call {
                return call.arguments.first.flatMap { try? ExecutableSearch.find($0).get() }
            }
            return step.client?.helper.flatMap { try? ExecutableSearch.find($0).get() }
        }
    }

    mutating func run() {
        let ledger = DeliveryLedger()
        let activity = ActivityMonitor(sink: sink)
        // The network side (lo, the timestamping check, responder, capture) and the files side
        // (mounts, files, hostname) touch different namespaces: they are set up at once, on two
        // threads, which takes 0.3 ms off every scenario.
        let network = NetworkSetup(request: request, namespaces: namespaces, sink: sink, ledger: ledger, activity: activity)
        let thread = try? JoinableThread { network.run() }
        if thread == nil { network.run() }
        let files: Result<Void, SandboxError>
        do {
            try SandboxSetup.configureFiles(SandboxConfiguration(
                namespaces: namespaces, hostname: request.hostname, addresses: request.addresses,
                files: HermeticFiles.placements(for: request), writable: request.writable,
                keptVisible: Self.commandPaths(request.lookups) + Self.commandPaths(request.daemons.map { .exec(ExecCall(arguments: $0.command)) }),
                keptVisibleDirectories: Self.workingDirectory().map { [$0] } ?? []))
            files = .success(())
        } catch {
            files = .failure(error)
        }
        thread?.join()
        responder = network.responder
        self.capture = network.capture
        let failure: SetupFailure? = switch files {
        case .failure(let error): Probe.failure(error, namespaces: namespaces)
        case .success: network.failure
        }
        guard let capture = network.capture, failure == nil else {
            responder?.stop()
            _ = self.capture?.finish()
            return sink.emit(.setupFailed(failure ?? SetupFailure(kind: .capture, message: "the capture did not start")))
        }
        let stamping = network.stamping

        let started = WallClock.microseconds()
        sink.emit(.started(SandboxStarted(at: started, namespaces: request.namespaces, interface: capture.interface.description,
                                          linkType: capture.linkType.rawValue, filter: capture.filter.expression,
                                          receiveBufferBytes: capture.receiveBufferBytes,
                                          timestampsAtArrival: stamping)))
        let context = LookupContext(deadline: MonotonicInstant.now().adding(milliseconds: request.timeoutMs),
                                    outputLimit: request.outputLimit,
                                    commandStreams: request.passesCommandStreams
                                        ? ProbeRequest.passedStreamDescriptors.map(FileDescriptor.init(rawValue:)) : nil)
        let daemons = RunningDaemons()
        if let failure = daemons.start(request.daemons) {
            responder?.stop()
            _ = capture.finish()
            return sink.emit(.setupFailed(SetupFailure(kind: .daemon, message: failure)))
        }
        let steps = request.lookups
        let sink = self.sink
        for batch in LookupStep.batches(steps) {
            let rewritten = Self.rewriteFiles(steps[batch.lowerBound].before)
            // Lookups that start together each get a thread of their own; one alone runs here.
            let threads = batch.dropFirst().compactMap { index in
                try? JoinableThread { Self.perform(steps[index], index: index, context: context, sink: sink) }
            }
            if let failure = rewritten {
                let now = WallClock.microseconds()
                sink.emit(.lookupStarted(LookupStarted(index: batch.lowerBound, at: now)))
                sink.emit(.lookupEnded(LookupEnded(index: batch.lowerBound, at: now, outcome: LookupOutcome(durationMs: 0, failure: failure))))
            } else {
                Self.perform(steps[batch.lowerBound], index: batch.lowerBound, context: context, sink: sink)
            }
            for thread in threads { thread.join() }
            if threads.count < batch.count - 1 {
                let now = WallClock.microseconds()
                for index in batch.dropFirst(threads.count + 1) {
                    sink.emit(.lookupStarted(LookupStarted(index: index, at: now)))
                    sink.emit(.lookupEnded(LookupEnded(index: index, at: now,
                                                       outcome: LookupOutcome(durationMs: 0, failure: "no thread could be started for it"))))
                }
            }
        }

        let daemonFailure = daemons.stop()
        let drained: CaptureSession.Drained
        do {
            drained = try capture.drain()
        } catch {
            responder?.stop()
            _ = capture.finish()
            return sink.emit(.setupFailed(SetupFailure(kind: .drain, message: error.description)))
        }
        responder?.stop()
        let statistics = capture.finish()
        sink.emit(.statistics(statistics))
        if let daemonFailure { sink.emit(.setupFailed(SetupFailure(kind: .daemon, message: daemonFailure))) }
        for lost in ledger.lost() { sink.emit(.lost(lost)) }
        if let failure = capture.pcapFailure {
            sink.emit(.setupFailed(SetupFailure(kind: .capture, message: "cannot write the capture file: \(failure)")))
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        sink.emit(.finished(Finished(at: WallClock.microseconds(), drainMs: drained.milliseconds,
                                     sentinelsSent: drained.sentinelsSent,
                                     peakMemoryBytes: max(0, Int(usage.ru_maxrss) * 1024 - residentAtStart))))
    }

    func close() {
        capture?.close()
    }
}
