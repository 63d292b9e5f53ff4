import ArgumentParser
import Glibc
import Observation
import Reports
import ScenarioFormat
import SystemCalls
import SystemPackage
import Tracing

struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Print a scenario skeleton made from a running process's resolver setup.",
        discussion: """
            Joins the process's network, mount and UTS namespaces in a child process (like nsenter -t PID -n \
            -m -u; nothing in them is changed) and reads what its resolver sees: /etc/resolv.conf, /etc/hosts, \
            /etc/nsswitch.conf and /etc/gai.conf, the hostname, and every interface's addresses (so that \
            AI_ADDRCONFIG decides in the sandbox as it does there). It prints a format-v1 scenario with those, an \
            empty scripted server per nameserver, and the command after -- as its lookup (default: getent ahosts \
            localhost), expected to exit 0. `resolvlab check` accepts it; fill in the servers' records and the \
            expected queries, or let `resolvlab trace --target PID --emit-scenario FILE -- COMMAND` do that from \
            what the servers really answer.

            Exit status: 0 when the scenario was written; 1 when the process could not be read; 2 for a usage \
            error (a process that does not exist); 3 when this user may not join its namespaces (the message says \
            what is needed: root, or CAP_SYS_ADMIN and CAP_SYS_PTRACE).

            Examples:
              resolvlab snapshot --target 4242 > pod.json
              resolvlab snapshot --target "$(pgrep -f my-app)" --output pod.json -- getent ahosts api.example
            """
    )

    @Option(help: ArgumentHelp("The running process whose resolver setup to read.", valueName: "pid"))
    var target: Int32

    @Option(help: ArgumentHelp("Write the scenario here instead of standard output.", valueName: "file"))
    var output: String?

    @Argument(parsing: .postTerminator, help: ArgumentHelp("The scenario's lookup, after -- (default: getent ahosts localhost).",
                                                           valueName: "command"))
    var command: [String] = []

    /// The lookup of a skeleton with no command: one that any resolver setup answers from its files.
    static let defaultCommand = ["getent", "ahosts", "localhost"]

    func validate() throws {
        if target <= 0 { throw ValidationError("--target \(target): expected a process ID, such as 4242") }
    }

    func run() throws {
        let attachTarget = try TraceCommand.attachTarget(pid: target, netns: nil, command: "snapshot")
        if let output {
            do {
                try FileReplacement.checkWritable(output)
            } catch {
                printError("resolvlab snapshot: --output \(output): \(error)")
                throw ExitCode(ExitStatus.invalid)
            }
        }
        let snapshot = try TraceCommand.snapshot(of: attachTarget, command: "snapshot")
        let made = TargetScenario(snapshot: snapshot, target: attachTarget)
        let lookup = command.isEmpty ? Self.defaultCommand : command
        let source = made.source(
            name: "snapshot of process \(target)" + (snapshot.hostname.map { " (\($0))" } ?? ""),
            description: "Written by resolvlab snapshot: the process's resolv.conf, hosts, nsswitch.conf, hostname and "
                + "addresses, and an empty server per nameserver. Give the servers the records and rules of the real ones, "
                + "make the lookup the one that misbehaves, and add the queries it must send to expect.",
            tags: ["snapshot"], lookups: [.object([("exec", .array(lookup.map(JSONValue.init))),
                                                   ("expect", .object([("exitCode", JSONValue(0))]))])])
        for note in made.notes { printError("resolvlab snapshot: note: \(TextEscaping.line(note))") }
        guard let output else {
            _ = try? FileDescriptor.standardOutput.writeAll(source)
            return
        }
        do {
            try FileReplacement.write(source, to: output)
        } catch {
            printError("resolvlab snapshot: --output \(output): \(error)")
            throw ExitCode(ExitStatus.failed)
        }
    }
}
