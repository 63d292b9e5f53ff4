import Foundation
import Glibc
import Sandbox
import ScenarioFormat
import SystemCalls

/// Runs scenarios from the parent process: validates the file, spawns one sandbox child per
/// scenario (this same binary, hidden subcommand), judges what the child observed.
public struct ScenarioRunner: Sendable {
    /// The executable to spawn as the sandbox child.
    public var executable: String
    /// The hidden subcommand's name.
    public static let sandboxCommand = "__sandbox"
    /// Time a child gets beyond `timeoutMs` for setup and the drain before it is killed.
    public static let graceMs = 5_000

    /// How files are decoded (`record` accepts scenarios that assert nothing yet).
    public var decodeOptions: ScenarioDecoder.Options

    public init(executable: String = ScenarioRunner.currentExecutable(), decodeOptions: ScenarioDecoder.Options = .init()) {
        self.executable = executable
        self.decodeOptions = decodeOptions
    }

    /// This process's own binary (`/proc/self/exe`).
    public static func currentExecutable() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return CommandLine.arguments.first ?? "resolvlab" }
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The namespaces the child creates for `scenario` on this machine.
    public static func namespaces(for scenario: Scenario, isRoot: Bool = geteuid() == 0) -> Set<Namespace> {
        let requested = scenario.namespaces.map { Set($0.compactMap { Namespace(rawValue: $0.rawValue) }) }
            ?? [.net, .mount, .uts]
        return SandboxConfiguration.effectiveNamespaces(requested: requested, isRoot: isRoot)
    }

    /// Loads, validates and runs the scenario at `path`.
    public func run(path: String) -> ScenarioResult {
        let started = MonotonicInstant.now()
        let bytes: [UInt8]
        let scenario: Scenario
        do {
            bytes = try ScenarioLoader.read(path)
            scenario = try ScenarioDecoder.decode(bytes, file: path, options: decodeOptions)
        } catch {
            return ScenarioResult(path: path, name: path, outcome: .error, errorKind: .invalid, reason: error.description,
                                  durationMs: started.milliseconds(to: .now()))
        }
        var result = run(scenario, bytes: bytes, path: path)
        result.durationMs = started.milliseconds(to: .now())
        return result
    }

    /// Runs an already decoded scenario; `bytes` are its file's contents, handed to the child.
    public func run(_ scenario: Scenario, bytes: [UInt8], path: String) -> ScenarioResult {
        var result = ScenarioResult(path: path, name: scenario.name, tags: scenario.tags, outcome: .error, scenario: scenario)
        if let missing = scenario.requires.first(where: { ChildProcess.findExecutable($0) == nil }) {
            result.outcome = .skip
            result.reason = "requires \(missing), which is not on PATH"
            return result
        }
        for (index, lookup) in scenario.lookups.enumerated() {
            if case .exec(let arguments) = lookup.kind, ChildProcess.findExecutable(arguments[0]) == nil {
                result.errorKind = .sandbox
                result.reason = "lookups[\(index)]: command not found: \(arguments[0]) (install it, or add "
                    + "\"requires\": [\"\(arguments[0])\"] to skip the scenario where it is missing)"
                return result
            }
        }

        let namespaces = Self.namespaces(for: scenario)
        let child = ChildProcess(
            executable: executable,
            arguments: [Self.sandboxCommand, "--file", path,
                        "--namespaces", namespaces.sorted().map(\.rawValue).joined(separator: ",")],
            environment: Self.childEnvironment(), standardInput: bytes)
        let deadline = MonotonicInstant.now().adding(milliseconds: scenario.timeoutMs + Self.graceMs)
        let process: RunningProcess
        do {
            process = try child.start()
        } catch {
            result.errorKind = .sandbox
            result.reason = "cannot start the sandbox: \(error)"
            return result
        }
        let complete = process.collectOutput(until: deadline)
        // A complete observation is all that is needed; the child's exit is reaped in the background.
        if complete, let observation = try? JSONDecoder().decode(Observation.self, from: Data(process.standardOutput)) {
            process.detach()
            return ScenarioJudge.judge(scenario, observation: observation, into: result)
        }
        let output = process.finish(deadline: deadline, outputTimedOut: !complete)
        if output.timedOut {
            result.errorKind = .timeout
            result.reason = "timed out: the scenario did not finish within timeoutMs (\(scenario.timeoutMs) ms) plus "
                + "\(Self.graceMs) ms; raise timeoutMs if the resolver is expected to wait that long"
            return result
        }
        result.errorKind = .sandbox
        let stderr = String(decoding: output.standardError.suffix(2000), as: UTF8.self)
        result.reason = "the sandbox process ended with \(output.status) and no result"
            + (stderr.isEmpty ? "" : ":\n\(stderr)")
        return result
    }

    /// The parent's environment without the variables that steer glibc's resolver.
    static func childEnvironment() -> [String] {
        ProcessInfo.processInfo.environment
            .filter { !HermeticFiles.scrubbedEnvironment.contains($0.key) }
            .map { "\($0.key)=\($0.value)" }
            .sorted()
    }
}

/// Decides pass/fail/error from an observation.
public enum ScenarioJudge {
    public static func judge(_ scenario: Scenario, observation: Observation, into base: ScenarioResult) -> ScenarioResult {
        var result = base
        result.observation = observation
        result.outcome = .error
        if let failure = observation.setupFailure {
            result.errorKind = switch failure.kind {
            case .namespaces: .namespaces
            case .capture, .drain: .capture
            case .sandbox, .responder: .sandbox
            }
            result.reason = failure.message
            return result
        }
        if !observation.lost.isEmpty {
            result.errorKind = .capture
            let lost = observation.lost.map { "\($0.type ?? "?") \($0.name ?? "?") @\($0.server) \($0.transport.rawValue) (id \($0.id))" }
            result.reason = "capture loss: the responder received \(observation.lost.count) "
                + "quer\(observation.lost.count == 1 ? "y" : "ies") the capture lacks: \(lost.joined(separator: "; "))"
            return result
        }
        if !observation.incompleteStreams.isEmpty {
            result.errorKind = .capture
            result.reason = "capture loss: TCP stream(s) with missing segments: \(observation.incompleteStreams.joined(separator: ", "))"
            return result
        }
        for (index, lookup) in observation.lookups.enumerated() {
            if let failure = lookup.failure {
                result.errorKind = .sandbox
                result.reason = "lookups[\(index)] \(lookup.label): \(failure)"
                return result
            }
        }
        // A lookup without a result has unchecked expectations: that is no pass.
        if observation.lookups.count < scenario.lookups.count {
            let index = observation.lookups.count
            result.errorKind = .sandbox
            result.reason = "lookups[\(index)] \(scenario.lookups[index].label): the sandbox reported no result"
            return result
        }
        result.errorKind = nil
        var problems: [String] = []
        if let expected = scenario.expect?.queries {
            let match = QueryMatcher.match(expected, order: scenario.expect?.order ?? .exact, observed: observation.queries)
            result.queryDiff = match.lines
            if !match.passed {
                result.firstMismatch = match.firstMismatch
                problems.append("queries (\(scenario.expect?.order.rawValue ?? "exact")): \(match.firstMismatch ?? "differ")")
            }
        }
        for (index, (lookup, outcome)) in zip(scenario.lookups, observation.lookups).enumerated() {
            problems += LookupChecker.check(lookup, outcome, index: index)
        }
        if result.firstMismatch == nil { result.firstMismatch = problems.first }
        result.problems = problems
        result.outcome = problems.isEmpty ? .pass : .fail
        return result
    }
}
