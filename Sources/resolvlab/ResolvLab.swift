import ArgumentParser
import Foundation
import Runner

@main
struct ResolvLab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolvlab",
        abstract: "Test DNS stub resolver behaviour in throwaway Linux namespaces.",
        discussion: """
            A scenario file (JSON) describes /etc/resolv.conf, scripted DNS servers, lookups to run and the \
            DNS queries that must appear on the wire. resolvlab runs each scenario in new network, mount and \
            UTS namespaces (plus a user namespace when not root), captures the traffic with libpcap and \
            compares it with the expectation. Nothing leaves the sandbox.

            Exit codes: 0 every scenario passed or was skipped; 1 a scenario failed or could not be judged; \
            2 invalid scenario file or usage; 3 this machine cannot create the namespaces.
            """,
        version: "0.1.0",
        subcommands: [RunCommand.self, CheckCommand.self, RecordCommand.self, SchemaCommand.self, SandboxCommand.self],
        defaultSubcommand: RunCommand.self
    )

    /// ArgumentParser's own main, except that usage errors exit 2 (design.md) instead of 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(ExitStatus.invalid)
            }
            exit(withError: error)
        }
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
        if results.contains(where: { $0.errorKind == .namespaces }) { return noNamespaces }
        if results.contains(where: { $0.errorKind == .invalid }) { return invalid }
        return nil
    }
}
