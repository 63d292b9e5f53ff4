import ArgumentParser
import Foundation
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

    func run() throws {
        // First act, while the process is single-threaded: unshare(CLONE_NEWUSER) refuses otherwise.
        let kinds = Set(namespaces.split(separator: ",").compactMap { Namespace(rawValue: String($0)) })
        var observation = Observation()
        if let failure = SandboxChild.enterNamespaces(kinds) {
            observation.setupFailure = failure
        } else {
            let input = FileHandle.standardInput.readDataToEndOfFile()
            do {
                let scenario = try ScenarioDecoder.decode([UInt8](input), file: file,
                                                          options: .init(allowNoAssertions: true))
                observation = SandboxChild.run(scenario, namespaces: kinds)
            } catch {
                observation.setupFailure = .init(kind: .sandbox, message: error.description)
            }
        }
        let encoded = try JSONEncoder().encode(observation)
        FileHandle.standardOutput.write(encoded)
    }
}
