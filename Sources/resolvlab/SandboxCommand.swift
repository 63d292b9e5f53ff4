import ArgumentParser
import Foundation
import Glibc
import Runner
import Sandbox
import ScenarioFormat

/// The sandbox child: the parent runs this binary with this hidden subcommand, one process per
/// scenario, and reads the observation JSON from its standard output.
struct SandboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: ScenarioRunner.sandboxCommand,
        abstract: "Run one scenario inside new namespaces (internal; used by `run`).",
        shouldDisplay: false
    )

    @Option(help: "The scenario's path, for messages; its contents come on standard input.")
    var file: String

    @Option(help: "Comma-separated namespaces to create.")
    var namespaces: String

    /// Writes the observation and ends both output pipes (pointing fds 1 and 2 at /dev/null, so
    /// they cannot be reused by mistake): the parent has its result at once, while this process
    /// still tears the sandbox down.
    static func deliver(_ observation: Observation) {
        let encoded = (try? JSONEncoder().encode(observation)) ?? Data()
        FileHandle.standardOutput.write(encoded)
        let null = open("/dev/null", O_WRONLY | O_CLOEXEC)
        if null >= 0 {
            dup2(null, STDOUT_FILENO)
            dup2(null, STDERR_FILENO)
            close(null)
        }
    }

    func run() throws {
        // First act, while the process is single-threaded: unshare(CLONE_NEWUSER) refuses otherwise.
        let kinds = Set(namespaces.split(separator: ",").compactMap { Namespace(rawValue: String($0)) })
        if let failure = SandboxChild.enterNamespaces(kinds) {
            var observation = Observation()
            observation.setupFailure = failure
            Self.deliver(observation)
            return
        }
        let input = FileHandle.standardInput.readDataToEndOfFile()
        let scenario: Scenario
        do {
            scenario = try ScenarioDecoder.decode([UInt8](input), file: file, options: .init(allowNoAssertions: true))
        } catch {
            var observation = Observation()
            observation.setupFailure = .init(kind: .sandbox, message: error.description)
            Self.deliver(observation)
            return
        }
        SandboxChild.run(scenario, namespaces: kinds, deliver: Self.deliver)
    }
}
