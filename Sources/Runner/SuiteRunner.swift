import CResolvLab
import Capture
import Glibc
import Judge
import Observation
import ScenarioFormat
import SystemCalls
import SystemPackage

/// Where each scenario's capture goes, and which ones are kept (`--pcap-dir`, `--pcap-all`).
public struct CaptureFilePolicy: Sendable {
    public var directory: String
    public var keep: @Sendable (ScenarioResult) -> Bool
    public var name: @Sendable (ScenarioResult) -> String

    public init(directory: String, keep: @escaping @Sendable (ScenarioResult) -> Bool,
                name: @escaping @Sendable (ScenarioResult) -> String) {
        self.directory = directory
        self.keep = keep
        self.name = name
    }
}

/// How the parent runs scenarios.
/// Runs a request in a forked child and ends it; the second argument is the parent's pid.
public typealias ForkedProbe = @Sendable (ProbeRequest, pid_t) -> Never

public struct RunConfiguration: Sendable {
    /// The executable to spawn as the sandbox child (this binary).
    public var executable: String
    /// Scenarios busy at once.
    public var jobs: Int
    /// Time a child gets beyond `timeoutMs` for setup and the drain before it is killed.
    public var graceMs: Int
    /// Scenarios that gave up their slot while waiting still count here: at most this many per job run at once.
    public var maximumInFlightPerJob: Int
    public var outputLimit: Int
    public var captureFiles: CaptureFilePolicy?
    public var isRoot: Bool
    /// Keep the whole observation of passing scenarios (a report details them); otherwise a pass
    /// keeps only its figures, so a suite's memory does not grow with every query it ever saw.
    public var keepsPassingObservations: Bool
    /// The sandbox child's code, when it is linked into this process (`Probe.run`): while this
    /// process has a single thread, each child is then a fork that runs it on the request in
    /// memory, skipping an exec, a runtime start-up and the request's JSON. Otherwise (nil, or a
    /// multi-threaded host such as a test runner) the child is `executable __sandbox`.
    public var forkedProbe: ForkedProbe?
    /// A fork server started before the scenarios were read (`ForkServer`, its payload a request
    /// in WireJSON): when there is one, sandbox children are forked by it, whose memory does not
    /// grow with the suite, rather than by this process. Its owner closes it.
    public var forkServer: ForkServer?
    /// Commands of `exec` lookups get this process's standard input, output and error instead of
    /// pipes, and their output is not kept (`resolvlab trace`).
    public var passesCommandStreams: Bool
    /// Sandbox children join this running process's namespaces instead of building a sandbox
    /// (`resolvlab trace --target`): the scenario's lookups run there, its commands are found on
    /// the target's PATH, and nothing of the scenario's sandbox (servers, files, addresses) is made.
    public var attach: AttachRequest?
    /// Further ports the capture counts as DNS (`resolvlab trace --port`).
    public var extraDNSPorts: [UInt16]

    public init(executable: String = RunConfiguration.currentExecutable(), jobs: Int, graceMs: Int = 5000,
                maximumInFlightPerJob: Int = 8, outputLimit: Int = ProbeRequest.defaultOutputLimit,
                captureFiles: CaptureFilePolicy? = nil, isRoot: Bool = geteuid() == 0,
                keepsPassingObservations: Bool = true, forkedProbe: ForkedProbe? = nil, forkServer: ForkServer? = nil,
                passesCommandStreams: Bool = false, attach: AttachRequest? = nil, extraDNSPorts: [UInt16] = []) {
        self.passesCommandStreams = passesCommandStreams
        self.attach = attach
        self.extraDNSPorts = extraDNSPorts
        self.forkServer = forkServer
        self.executable = executable
        self.jobs = min(max(1, jobs), Self.maximumJobs)
        self.graceMs = graceMs
        self.maximumInFlightPerJob = maximumInFlightPerJob
        self.outputLimit = outputLimit
        self.captureFiles = captureFiles
        self.isRoot = isRoot
        self.keepsPassingObservations = keepsPassingObservations
        self.forkedProbe = forkedProbe
    }

    /// The most scenarios busy at once: far beyond what a machine's cores or pids serve, and small
    /// enough that the in-flight bound (`jobs` × `maximumInFlightPerJob`) cannot overflow.
    public static let maximumJobs = 4096

    /// This process's own binary (`/proc/self/exe`).
    public static func currentExecutable() -> String {
        let path = PathResolution.readLink("/proc/self/exe")
        return path.isEmpty ? CommandLine.arguments.first ?? "resolvlab" : path
    }
}

/// Runs many scenarios, each in its own sandbox child, on one poll loop in the calling thread:
/// requests go out on the children's standard input, events come back on their standard output
/// and are folded into each scenario's observation as they arrive. Results are handed back in
/// input order, so output and reports do not depend on `jobs`.
///
/// `jobs` scenarios may be busy at once. A scenario gives up its slot only when its sandbox
/// reports that it is waiting (its processes used almost no CPU for a while: a silent server, a
/// resolver timeout), never merely for having run long: a lookup that computes keeps its slot.
public final class SuiteRunner {
    public let configuration: RunConfiguration

    public init(configuration: RunConfiguration) {
        self.configuration = configuration
    }

    /// Where a run stands, for progress displays.
    public struct Progress: Sendable {
        public var finished: Int
        public var running: Int
        public var total: Int
    }

    /// Runs `scenarios`; `completed` is called once per scenario, in input order. `startFirst`
    /// marks scenarios expected to spend long waiting: they start before the others, so their waits
    /// overlap the rest of the run instead of trailing it. `observed`, when given, sees each event
    /// the moment it arrives from a sandbox: the scenario's index, the event, and the observation
    /// with the event already applied (`resolvlab trace` prints from it while the lookups run).
    /// Returns the signal that interrupted the run, if one did (every scenario not finished by then
    /// is reported as interrupted).
    @discardableResult
    public func run(_ scenarios: [LoadedScenario], signals: SignalWatch? = nil,
                    startFirst: (LoadedScenario) -> Bool = { _ in false },
                    progress: ((Progress) -> Void)? = nil,
                    observed: ((Int, ProbeEvent, ScenarioObservation) -> Void)? = nil,
                    completed: (Int, ScenarioResult) -> Void) -> Int32? {
        var loop = EventLoop(configuration: configuration, scenarios: scenarios, startFirst: startFirst, observed: observed)
        return loop.run(signals: signals, progress: progress, completed: completed)
    }

    /// Runs one scenario to its result (no interruption handling).
    public func run(_ scenario: LoadedScenario) -> ScenarioResult {
        var result: ScenarioResult?
        run([scenario]) { _, finished in result = finished }
        return result ?? ScenarioResult(path: scenario.path, name: scenario.path, verdict: .error(.noResult(index: 0, label: "run")))
    }
}

/// Which scenario starts next: `jobs` slots, each held by a busy scenario. A scenario lends its slot
/// while its sandbox reports that it is waiting, and takes one back when it is busy again and one
/// is free. At most `maximumInFlight` run at once, waiting or not.
struct SlotScheduler {
    private(set) var freeSlots: Int
    let maximumInFlight: Int
    private var order: [Int]
    private var next = 0
    /// Running scenarios, and whether each holds a slot.
    private(set) var running: [Int: Bool] = [:]

    init(jobs: Int, maximumInFlight: Int, order: [Int]) {
        freeSlots = max(1, jobs)
        self.maximumInFlight = max(1, maximumInFlight)
        self.order = order
    }

    var hasMore: Bool { next < order.count }

    /// The next scenario to start, taking a slot for it; nil when none may start now.
    mutating func start() -> Int? {
        guard next < order.count, freeSlots > 0, running.count < maximumInFlight else { return nil }
        let index = order[next]
        next += 1
        freeSlots -= 1
        running[index] = true
        return index
    }

    /// A scenario whose start failed at once: it gives its slot back.
    mutating func abandon(_ index: Int) { finish(index) }

    mutating func activity(_ index: Int, idle: Bool) {
        guard let holds = running[index] else { return }
        if idle, holds {
            running[index] = false
            freeSlots += 1
        } else if !idle, !holds, freeSlots > 0 {
            running[index] = true
            freeSlots -= 1
        }
    }

    mutating func finish(_ index: Int) {
        guard let holds = running.removeValue(forKey: index) else { return }
        if holds { freeSlots += 1 }
    }

    /// Every scenario not started yet, in start order; none will start after this.
    mutating func takeRemaining() -> [Int] {
        defer { next = order.count }
        return Array(order[next...])
    }
}

/// One scenario's child process while it runs.
private final class RunningScenario {
    let index: Int
    let loaded: LoadedScenario
    let scenario: Scenario
    let process: ChildProcess
    let started: MonotonicInstant
    let deadline: MonotonicInstant
    var input: [UInt8]
    var inputOffset = 0
    var standardInput: FileDescriptor?
    var standardOutput: FileDescriptor?
    var standardError: FileDescriptor?
    var lines: [UInt8] = []
    var observation = ScenarioObservation()
    var errorTail: [UInt8] = []
    var exited = false
    var timedOut = false
    /// When a sandbox asked to stop at its timeout is killed outright.
    var killDeadline: MonotonicInstant?
    var pcap: FileDescriptor?

    init(index: Int, loaded: LoadedScenario, scenario: Scenario, process: ChildProcess, input: [UInt8],
         deadline: MonotonicInstant, pcap: FileDescriptor?) {
        self.index = index
        self.loaded = loaded
        self.scenario = scenario
        self.process = process
        self.input = input
        self.deadline = deadline
        self.pcap = pcap
        started = .now()
        standardInput = process.standardInput
        standardOutput = process.standardOutput
        standardError = process.standardError
        try? standardInput?.setNonBlocking()
        try? standardOutput?.setNonBlocking()
        try? standardError?.setNonBlocking()
    }

    /// Every event is in (the child said so and closed its output) or it has died.
    var isComplete: Bool { standardOutput == nil && (observation.finished != nil || observation.setupFailure != nil || exited) }
}

private struct EventLoop {
    let configuration: RunConfiguration
    let scenarios: [LoadedScenario]
    var launcher: ProbeLauncher
    var slots: SlotScheduler
    var running: [RunningScenario] = []
    /// Finished children still tearing their sandbox down: reaped when they exit.
    var exiting: [ChildProcess] = []
    var results: [Int: ScenarioResult] = [:]
    var delivered = 0
    var finishedCount = 0
    let observed: ((Int, ProbeEvent, ScenarioObservation) -> Void)?

    init(configuration: RunConfiguration, scenarios: [LoadedScenario], startFirst: (LoadedScenario) -> Bool,
         observed: ((Int, ProbeEvent, ScenarioObservation) -> Void)?) {
        self.configuration = configuration
        self.scenarios = scenarios
        self.observed = observed
        launcher = ProbeLauncher(executable: configuration.executable, outputLimit: configuration.outputLimit,
                                 isRoot: configuration.isRoot, passesCommandStreams: configuration.passesCommandStreams,
                                 attach: configuration.attach, extraDNSPorts: configuration.extraDNSPorts)
        let early = scenarios.indices.filter { startFirst(scenarios[$0]) }
        slots = SlotScheduler(jobs: configuration.jobs, maximumInFlight: configuration.jobs * configuration.maximumInFlightPerJob,
                              order: early + scenarios.indices.filter { !startFirst(scenarios[$0]) })
    }

    mutating func run(signals: SignalWatch?, progress: ((SuiteRunner.Progress) -> Void)?,
                      completed: (Int, ScenarioResult) -> Void) -> Int32? {
        var lastReported = (finished: -1, running: -1)
        var interruption: Int32?
        // Memory freed while the scenarios were read (their JSON trees) goes back to the system
        // before the first fork: a forked child counts every resident page it shares with the parent.
        _ = resolvlab_release_free_memory()
        // Keeps the kernel stamping packets on arrival for the whole run (see KernelTimestamps).
        let timestamps = KernelTimestamps.hold()
        defer { timestamps?.closeIgnoringErrors() }
        while delivered < scenarios.count {
            if interruption == nil { startWhatFits() }
            if let progress, (finishedCount, running.count) != lastReported {
                lastReported = (finishedCount, running.count)
                progress(SuiteRunner.Progress(finished: finishedCount, running: running.count, total: scenarios.count))
            }
            deliver(completed)
            guard delivered < scenarios.count else { break }
            if let signal = interruption ?? waitAndHandle(signals: signals) {
                interruption = signal
                interrupt(signal)
            }
        }
        reapExited()
        return interruption
    }

    /// Starts scenarios while a slot is free.
    mutating func startWhatFits() {
        while let index = slots.start() { start(index) }
    }

    mutating func start(_ index: Int) {
        let loaded = scenarios[index]
        let started = MonotonicInstant.now()
        func finish(_ verdict: Verdict, scenario: Scenario? = nil) {
            slots.abandon(index)
            record(ScenarioResult(path: loaded.path, name: scenario?.name ?? loaded.path, tags: scenario?.tags ?? [],
                                  verdict: verdict, scenario: scenario, durationMs: started.milliseconds(to: .now())), index: index)
        }
        let scenario: Scenario
        switch loaded.content {
        case .failure(let errors): return finish(.error(.invalid(errors.description)))
        case .success(let decoded): scenario = decoded
        }
        if let missing = scenario.requires.first(where: { (try? ExecutableSearch.find($0).get()) == nil }) {
            return finish(.skip(.missingRequirement(missing)), scenario: scenario)
        }
        if let client = scenario.client, configuration.attach == nil {
            if let helper = client.helper, (try? ExecutableSearch.find(helper).get()) == nil {
                return finish(.skip(.clientMissing(client: client.rawValue, helper: helper, package: client.package)), scenario: scenario)
            }
            for (position, lookup) in scenario.lookups.enumerated() {
                guard let reason = client.cannotMake(lookup.call) else { continue }
                return finish(.skip(.clientCannot(client: client.rawValue, lookup: position, label: lookup.label, reason: reason)),
                              scenario: scenario)
            }
        }
        // An attached command is looked for on the target's PATH, by the child that joined it.
        for (position, lookup) in scenario.lookups.enumerated() where configuration.attach == nil {
            guard case .exec(let call) = lookup.call, let command = call.arguments.first else { continue }
            if case .failure(let problem) = ExecutableSearch.find(command) {
                var message = problem.description
                if case .notFound = problem {
                    message += " (install it, or add \"requires\": [\"\(command)\"] to skip the scenario where it is missing)"
                }
                return finish(.error(.lookupFailed(index: position, label: lookup.label, message: message)), scenario: scenario)
            }
        }
        var pcap: FileDescriptor?
        if let policy = configuration.captureFiles {
            do {
                pcap = try UnnamedFile.create(in: policy.directory)
            } catch {
                return finish(.error(.setup(.capture, "cannot keep the capture: \(error)")), scenario: scenario)
            }
        }
        let request = launcher.request(for: scenario, path: loaded.path, pcap: pcap != nil)
        let process: ChildProcess
        let input: [UInt8]
        do {
            (process, input) = try launcher.start(request, pcap: pcap, forked: configuration.forkedProbe,
                                                  server: configuration.forkServer)
        } catch {
            pcap?.closeIgnoringErrors()
            return finish(.error(.spawn(error.description)), scenario: scenario)
        }
        let deadline = started.adding(milliseconds: scenario.timeoutMs + configuration.graceMs)
        let child = RunningScenario(index: index, loaded: loaded, scenario: scenario, process: process,
                                    input: input, deadline: deadline, pcap: pcap)
        running.append(child)
        feed(child)
    }

    /// Waits for something to happen and handles it; returns a signal that asks the run to stop.
    mutating func waitAndHandle(signals: SignalWatch?) -> Int32? {
        var entries: [PollEntry] = []
        var owners: [(RunningScenario, Int)] = []   // which child and which stream (0 in, 1 out, 2 err, 3 exit)
        if let signals { entries.append(PollEntry(signals.descriptor)) }
        for child in running {
            if let fd = child.standardInput { entries.append(PollEntry(fd, events: PollEntry.writable)); owners.append((child, 0)) }
            if let fd = child.standardOutput { entries.append(PollEntry(fd)); owners.append((child, 1)) }
            if let fd = child.standardError { entries.append(PollEntry(fd)); owners.append((child, 2)) }
            if !child.exited, let fd = child.process.exitDescriptor { entries.append(PollEntry(fd)); owners.append((child, 3)) }
        }
        let exitingStart = entries.count
        for process in exiting { if let fd = process.exitDescriptor { entries.append(PollEntry(fd)) } }
        let wake = running.map { $0.timedOut ? ($0.killDeadline ?? .now().adding(milliseconds: 1000)) : $0.deadline }.min()
            .map { min($0, .now().adding(milliseconds: 1000)) }
            ?? .now().adding(milliseconds: 1000)
        _ = try? Poll.wait(&entries, until: wake)
        if let signals, entries[0].isReady, let signal = signals.next() { return signal }
        let base = signals == nil ? 0 : 1
        for (offset, (child, stream)) in owners.enumerated() where entries[base + offset].isReady {
            switch stream {
            case 0: feed(child)
            case 1: readEvents(child)
            case 2: readErrors(child)
            default:
                // Collect the last events before judging an exit.
                readEvents(child)
                if child.process.reapIfExited() != nil { child.exited = true }
            }
        }
        if exitingStart < entries.count { reapExited() }
        let now = MonotonicInstant.now()
        for child in running where !child.timedOut && now >= child.deadline {
            child.timedOut = true
            child.process.signal(SIGTERM)   // the sandbox ends its namespace, then exits
            child.killDeadline = now.adding(milliseconds: Self.stopGraceMs)
        }
        for child in running where child.timedOut && !child.exited {
            if let killDeadline = child.killDeadline, now >= killDeadline {
                child.process.signal(SIGKILL)
                child.killDeadline = nil
            }
        }
        for child in running where child.isComplete || (child.timedOut && child.exited) {
            complete(child)
        }
        return nil
    }

    func feed(_ child: RunningScenario) {
        guard let fd = child.standardInput else { return }
        while child.inputOffset < child.input.count {
            do {
                let sent = try child.input.withBytes { raw throws(Errno) in
                    try Syscall.retrying { write(fd.rawValue, raw.baseAddress.map { $0 + child.inputOffset }, raw.count - child.inputOffset) }
                }
                child.inputOffset += sent
            } catch .wouldBlock {
                return
            } catch {
                break   // the child is gone; its exit is reported
            }
        }
        fd.closeIgnoringErrors()
        child.standardInput = nil
        child.input = []
    }

    mutating func readEvents(_ child: RunningScenario) {
        guard let fd = child.standardOutput else { return }
        while true {
            let chunk: [UInt8]
            do {
                chunk = try fd.readSome()
            } catch .wouldBlock {
                break
            } catch {
                chunk = []
            }
            if chunk.isEmpty {
                fd.closeIgnoringErrors()
                child.standardOutput = nil
                if !child.lines.isEmpty { child.lines.append(0x0A) }   // a last line without its newline
            } else {
                child.lines += chunk
            }
            for result in EventLines.take(from: &child.lines) {
                switch result {
                case .success(let event):
                    child.observation.apply(event)
                    observed?(child.index, event, child.observation)
                    if case .activity(let activity) = event { slots.activity(child.index, idle: activity.idle) }
                case .failure(let line): child.observation.noteUndecodable(line)
                }
            }
            if chunk.isEmpty { break }
        }
    }

    func readErrors(_ child: RunningScenario) {
        guard let fd = child.standardError else { return }
        while true {
            let chunk: [UInt8]
            do {
                chunk = try fd.readSome()
            } catch .wouldBlock {
                return
            } catch {
                chunk = []
            }
            if chunk.isEmpty {
                fd.closeIgnoringErrors()
                child.standardError = nil
                return
            }
            child.errorTail = Array((child.errorTail + chunk).suffix(4096))
        }
    }

    /// The child is done (or dead): judge what it reported.
    mutating func complete(_ child: RunningScenario) {
        running.removeAll { $0 === child }
        slots.finish(child.index)
        for fd in [child.standardInput, child.standardOutput, child.standardError] { fd?.closeIgnoringErrors() }
        var result = ScenarioResult(path: child.loaded.path, name: child.scenario.name, tags: child.scenario.tags,
                                    verdict: .pass, observation: child.observation, scenario: child.scenario,
                                    durationMs: child.started.milliseconds(to: .now()))
        let observation = child.observation
        if child.timedOut {
            result.verdict = .error(.timeout(timeoutMs: child.scenario.timeoutMs, graceMs: configuration.graceMs))
        } else if observation.finished == nil && observation.setupFailure == nil {
            let status = child.process.reapIfExited()
            result.verdict = .error(.childDied(status: status, standardError: String(decoding: child.errorTail, as: UTF8.self)))
        } else {
            let judgement = ScenarioJudge.judge(child.scenario, observation: observation)
            result.verdict = judgement.verdict
            result.queryDiff = judgement.queryDiff
            result.queryAlternative = judgement.queryAlternative
        }
        if child.exited { child.process.reap() } else { exiting.append(child.process) }
        if let pcap = child.pcap {
            if let policy = configuration.captureFiles, policy.keep(result) {
                result.pcapPath = try? UnnamedFile.link(pcap, in: policy.directory, name: policy.name(result))
            }
            pcap.closeIgnoringErrors()
        }
        record(result, index: child.index)
    }

    mutating func record(_ result: ScenarioResult, index: Int) {
        results[index] = result.outcome == .pass && !configuration.keepsPassingObservations ? result.slimmed() : result
        finishedCount += 1
    }

    mutating func deliver(_ completed: (Int, ScenarioResult) -> Void) {
        while delivered < scenarios.count, let result = results.removeValue(forKey: delivered) {
            completed(delivered, result)
            delivered += 1
        }
    }

    /// Stops everything: each running sandbox is killed (its PID namespace goes with it) and every
    /// scenario without a result is reported as interrupted.
    /// How long a sandbox asked to stop (SIGTERM: it kills its namespace and waits for it) gets
    /// before it is killed outright.
    static let stopGraceMs = 3000

    mutating func interrupt(_ signal: Int32) {
        // Every sandbox is asked to stop, then waited for: when the run returns, the processes
        // its lookups started are gone, not merely doomed.
        let stopping = running.map(\.process)
        for process in stopping { process.signal(SIGTERM) }
        let deadline = MonotonicInstant.now().adding(milliseconds: Self.stopGraceMs)
        for process in stopping where !process.waitForExit(until: deadline) { process.signal(SIGKILL) }
        for child in running {
            readEvents(child)
            var result = ScenarioResult(path: child.loaded.path, name: child.scenario.name, tags: child.scenario.tags,
                                        verdict: .error(.interrupted(signal: signal)), observation: child.observation,
                                        scenario: child.scenario, durationMs: child.started.milliseconds(to: .now()))
            result.pcapPath = nil
            child.pcap?.closeIgnoringErrors()
            for fd in [child.standardInput, child.standardOutput, child.standardError] { fd?.closeIgnoringErrors() }
            exiting.append(child.process)
            record(result, index: child.index)
        }
        for child in running { slots.finish(child.index) }
        running.removeAll()
        for index in slots.takeRemaining() {
            let loaded = scenarios[index]
            record(ScenarioResult(path: loaded.path, name: loaded.scenario?.name ?? loaded.path, tags: loaded.scenario?.tags ?? [],
                                  verdict: .error(.interrupted(signal: signal)), scenario: loaded.scenario), index: index)
        }
    }

    /// Reaps children that have finished tearing down.
    mutating func reapExited() {
        exiting.removeAll { $0.reapIfExited() != nil }
    }
}
