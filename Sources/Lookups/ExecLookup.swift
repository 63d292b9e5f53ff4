import Observation
import ScenarioFormat
import Glibc
import SystemCalls

/// A command run in the sandbox: searched on PATH, its output kept up to the limit, its process
/// group killed when it ends (what it left in the background) or when time is up.
public enum ExecLookup: LookupPerformer {
    public static func perform(_ request: ExecCall, context: LookupContext) -> LookupOutcome {
        let started = MonotonicInstant.now()
        guard let command = request.arguments.first else {
            return LookupOutcome(durationMs: 0, failure: "no command")
        }
        let path: String
        switch ExecutableSearch.find(command) {
        case .success(let found): path = found
        case .failure(let error): return LookupOutcome(durationMs: started.milliseconds(to: .now()), failure: error.description)
        }
        do {
            var spawn = SpawnRequest(path: path, arguments: request.arguments,
                                     environment: request.environment.isEmpty ? nil : Self.environment(overriding: request.environment),
                                     standardInput: .null)
            if let streams = context.commandStreams, streams.count == 3 {
                spawn.standardInput = .descriptor(streams[0])
                spawn.standardOutput = .descriptor(streams[1])
                spawn.standardError = .descriptor(streams[2])
            }
            let output = try ProcessRunner.run(spawn, outputLimit: context.outputLimit, deadline: context.deadline)
            return LookupOutcome(durationMs: output.durationMilliseconds, exit: output.status, timedOut: output.timedOut,
                                 standardOutput: output.standardOutput, standardError: output.standardError)
        } catch {
            return LookupOutcome(durationMs: started.milliseconds(to: .now()), failure: error.description)
        }
    }

    /// This process's environment (the sandbox's) with `overrides` set, as `NAME=VALUE` strings.
    static func environment(overriding overrides: [String: String]) -> [String] {
        var entries: [String] = []
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            let name = text.split(separator: "=", maxSplits: 1).first.map(String.init) ?? text
            if overrides[name] == nil { entries.append(text) }
            pointer += 1
        }
        return entries + overrides.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    }
}
