import ArgumentParser
import Glibc
import Observation
import Probe
import Recording
import Reports
import Runner
import ScenarioFormat
import SystemCalls
import Tracing

/// `trace --target PID` and `trace --netns PATH`: the command (or a passive capture) in a running
/// process's namespaces.
extension TraceCommand {
    func runAttached() throws {
        let attachTarget = try Self.attachTarget(pid: target, netns: netns, command: "trace")
        let snapshot = try Self.snapshot(of: attachTarget, command: "trace")
        if let emitScenario {
            do {
                try FileReplacement.checkWritable(emitScenario)
            } catch {
                printError("resolvlab trace: --emit-scenario \(emitScenario): \(error)")
                throw ExitCode(ExitStatus.invalid)
            }
        }
        let passive = command.isEmpty
        let ports = port.map { UInt16($0) }
        let log = try TraceOutput(path: output)
        if !json {
            log.write(TraceLog.attachHeader(target: attachTarget, snapshot: snapshot, ports: ports, passive: passive,
                                            durationSeconds: duration))
        }
        let durationMs = duration.map { max(1, Int(($0 * 1000).rounded())) }
        let scenario = Scenario(name: "trace " + (attachTarget.pid.map { "--target \($0)" } ?? "--netns \(attachTarget.networkNamespace)"),
                                lookups: passive ? [] : [Lookup(call: .exec(ExecCall(arguments: command)))],
                                timeoutMs: passive ? durationMs ?? Self.unboundedMs : timeoutMs ?? Scenario.defaultTimeoutMs)
        let configuration = RunConfiguration(jobs: 1, forkedProbe: ResolvLab.forkedProbe, passesCommandStreams: true,
                                             attach: AttachRequest(target: attachTarget, durationMs: durationMs),
                                             extraDNSPorts: ports)
        let (result, observation, interruption) = try runTraced(
            LoadedScenario(path: scenario.name, content: .success(scenario)), configuration: configuration, log: log,
            extraClosingLines: { passive ? [TraceLog.passiveEnding($0)].compactMap { $0 } : [] })
        // Ctrl-C is how a passive capture is meant to end: once it has drained, that is success.
        if passive, observation.finished != nil, observation.setupFailure == nil { throw ExitCode(ExitStatus.passed) }
        if let interruption {
            printError("resolvlab trace: interrupted by \(SignalName.name(interruption) ?? "signal \(interruption)")")
            throw ExitCode(ExitStatus.interrupted(by: interruption))
        }
        if let failure = observation.outcome(ofLookup: 0)?.failure {
            // Looked for on the target's PATH, by the child in its mount namespace.
            printError("resolvlab trace: \(failure) (in \(attachTarget.owner)'s mount namespace)")
            throw ExitCode(failure.hasPrefix("command not found") ? 127 : 126)
        }
        if let reason = result.errorReason {
            printError("resolvlab trace: \(VerdictText.describe(reason))")
            throw ExitCode(reason.kind == "namespaces" ? ExitStatus.noNamespaces : ExitStatus.failed)
        }
        if passive { throw ExitCode(ExitStatus.failed) }
        guard let outcome = observation.outcome(ofLookup: 0) else { throw ExitCode(ExitStatus.failed) }
        if outcome.timedOut {
            printError("resolvlab trace: \(command[0]) did not end within \(scenario.timeoutMs) ms and was killed")
            throw ExitCode(ExitStatus.failed)
        }
        if let emitScenario {
            try emitReplay(snapshot: snapshot, target: attachTarget, result: result, to: emitScenario, log: log)
        }
        switch outcome.exit {
        case .exited(let code): throw ExitCode(code)
        case .signaled(let signal): throw ExitCode(128 + signal)
        case nil: throw ExitCode(ExitStatus.failed)
        }
    }

    /// A passive capture without `--duration` runs until it is stopped: a year stands for never.
    static let unboundedMs = 365 * 24 * 3_600_000

    /// The target `--target PID` or `--netns PATH` names, once it is known to exist (else exit 2).
    static func attachTarget(pid: Int32?, netns: String?, command: String) throws -> AttachTarget {
        if let pid {
            guard access("/proc/\(pid)", F_OK) == 0 else {
                printError("resolvlab \(command): --target \(pid): no such process")
                throw ExitCode(ExitStatus.invalid)
            }
            return .process(pid)
        }
        let path = netns ?? ""
        var info = stat()
        guard stat(path, &info) == 0 else {
            printError("resolvlab \(command): --netns \(TextEscaping.line(path)): \(String(cString: strerror(errno)))")
            throw ExitCode(ExitStatus.invalid)
        }
        return .networkNamespace(path)
    }

    /// What the target's resolver sees, read by a child that joins it: exit 3 when this process
    /// may not, 1 when reading failed otherwise.
    static func snapshot(of target: AttachTarget, command: String) throws -> TargetSnapshot {
        do {
            return try TargetSnapshotting.take(target, forked: { TargetReader.run($0) })
        } catch {
            printError("resolvlab \(command): \(error.message)")
            throw ExitCode(error.refused ? ExitStatus.noNamespaces : ExitStatus.failed)
        }
    }

    /// `--emit-scenario` after `--target`: the process's sandbox with servers replaying what they
    /// answered, recorded like any trace.
    func emitReplay(snapshot: TargetSnapshot, target: AttachTarget, result: ScenarioResult, to path: String,
                    log: TraceOutput) throws {
        let observation = result.observation ?? ScenarioObservation()
        let made = TargetScenario(snapshot: snapshot, target: target)
        let replay = ReplayServers(observed: observation.queriesInWireOrder, servers: made.nameservers, keepDelays: keepDelays)
        // A slow command replays slowly too (delays kept): give it room beyond the default budget.
        let took = observation.outcome(ofLookup: 0)?.durationMs ?? 0
        let needed = Int(took * 2) + 1000
        let source = made.source(
            name: "trace --target: " + command.joined(separator: " "),
            description: "Written by resolvlab trace --target: the process's resolv.conf, hosts, nsswitch.conf, hostname and "
                + "addresses, a server per nameserver replaying the replies it got, the command as the only lookup, and the "
                + "queries it sent as the expectation.",
            tags: ["trace", "attach"], servers: replay.scripts.map(\.json),
            lookups: [.object([("exec", .array(command.map(JSONValue.init)))])],
            timeoutMs: needed > Scenario.defaultTimeoutMs ? min(needed, Scenario.timeoutMsRange.upperBound) : nil)
        let scenario: Scenario
        do {
            scenario = try ScenarioDecoder.decode(source, file: path, options: .init(allowNoAssertions: true))
        } catch {
            printError("resolvlab trace: --emit-scenario \(path): what was observed does not make a valid scenario:")
            for problem in error.errors.prefix(ScenarioErrors.printedLimit) { printError("  \(problem)") }
            throw ExitCode(ExitStatus.failed)
        }
        log.write((made.notes + replay.notes).map { TraceLog.prefix + "note: " + TextEscaping.line($0) })
        try emit(source: source, scenario: scenario, result: result, to: path, log: log)
    }
}
