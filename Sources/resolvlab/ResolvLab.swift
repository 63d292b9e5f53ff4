import ArgumentParser
import Glibc
import Observation
import Probe
import Runner
import SystemCalls

@main
struct ResolvLab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolvlab",
        abstract: "Test DNS stub resolver behaviour in throwaway Linux namespaces.",
        discussion: """
            A scenario file (JSON) describes /etc/resolv.conf, scripted DNS servers, lookups to run and the \
            DNS queries that must appear on the wire. resolvlab runs each scenario in new network, mount, UTS, \
            IPC and PID namespaces (plus a user namespace when not root), captures the traffic and compares it \
            with the expectation. Nothing leaves the sandbox.

            Exit codes: 0 every scenario passed or was skipped; 1 a scenario failed or could not be judged; \
            2 invalid scenario file or usage; 3 this machine cannot create the namespaces; 130 or 143 the run \
            was interrupted by SIGINT or SIGTERM.
            """,
        version: "0.2.0",
        subcommands: [RunCommand.self, CheckCommand.self, RecordCommand.self, TraceCommand.self, SnapshotCommand.self,
                      KubeletResolvConfCommand.self, SchemaCommand.self, DocCommand.self]
    )

    /// ArgumentParser's own main, except that the sandbox child is dispatched first (it must stay
    /// single-threaded and start fast, so it never reaches the argument parser) and usage errors
    /// exit 2 (design.md) instead of 64.
    static func main() {
        if CommandLine.arguments.count == 2, CommandLine.arguments[1] == ProbeRequest.command {
            Probe.main()
        }
        if CommandLine.arguments.count == 2, CommandLine.arguments[1] == TargetSnapshotting.command {
            TargetReader.main()
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            // How every command ends: it has printed what it had to say. (ArgumentParser's own
            // handling of any error builds the help text first: 0.4 ms of each run.)
            Glibc.exit(code.rawValue)
        } catch {
            if exitCode(for: error) == .validationFailure {
                printError(fullMessage(for: error))
                Glibc.exit(ExitStatus.invalid)
            }
            exit(withError: error)
        }
    }
}

extension ResolvLab {
    /// The sandbox child's code, for the runner to fork instead of executing `__sandbox`.
    static let forkedProbe: ForkedProbe = { request, parent in Probe.run(request, parent: parent) }

    /// From this many scenarios on, a run forks its sandboxes from a fork server started before it
    /// reads them (see `ForkServer`): every fork costs in proportion to the forking process's
    /// memory, which grows with the suite. Below it the parent's memory is small and the server
    /// would only add its own start (a fork, and decoding its first request).
    static let forkServerThreshold = 16

    /// A fork server for a run of `scenarios` scenarios; nil for a small run or where none can start
    /// (the sandboxes are then forked by this process, or spawned).
    static func forkServer(scenarios: Int) -> ForkServer? {
        guard scenarios >= forkServerThreshold else { return nil }
        return try? ForkServer.start { payload, server in Probe.prepare(payload, parent: server) }
    }
}

/// Exit codes from design.md, "Outcome and exit codes".
enum ExitStatus {
    static let passed: Int32 = 0
    static let failed: Int32 = 1
    static let invalid: Int32 = 2
    static let noNamespaces: Int32 = 3

    /// The codes that outrank a command's own verdict: 3 when the namespaces are unavailable,
    /// else 2 for an invalid file; nil when neither applies.
    static func precedence(_ results: [ScenarioResult]) -> Int32? {
        if results.contains(where: { $0.errorReason?.kind == "namespaces" }) { return noNamespaces }
        if results.contains(where: { $0.errorReason?.kind == "invalid" }) { return invalid }
        return nil
    }

    /// 128 + the signal, as a shell reports a process it killed.
    static func interrupted(by signal: Int32) -> Int32 { 128 + signal }
}
