import Glibc
import Observation
import SystemCalls

/// Why a running process's snapshot could not be taken.
public struct SnapshotFailure: Error, Sendable, CustomStringConvertible {
    /// This process may not join the target's namespaces (exit code 3); else it failed otherwise.
    public var refused: Bool
    public var message: String

    public var description: String { message }
}

/// Takes a `TargetSnapshot` of a running process from a child that joins its namespaces (this
/// process never leaves its own): a fork running `forked` while this process has one thread, else
/// `executable __snapshot` with the target on its standard input.
public enum TargetSnapshotting {
    /// The hidden subcommand that reads a target; `main` recognises it before parsing arguments.
    public static let command = "__snapshot"
    /// What the child exits with when it may not join (`TargetReader.refusedStatus`).
    public static let refusedStatus: Int32 = 3

    public static func take(_ target: AttachTarget, executable: String = RunConfiguration.currentExecutable(),
                            forked: (@Sendable (AttachTarget) -> Never)?) throws(SnapshotFailure) -> TargetSnapshot {
        let process: ChildProcess
        var input: [UInt8] = []
        do {
            let request = SpawnRequest(path: executable, arguments: [executable, command])
            if let forked, ChildProcess.canFork {
                process = try ChildProcess.fork(request) { forked(target) }
            } else {
                process = try ChildProcess.spawn(request)
                input = (try? WireJSON.encode(target)) ?? []
            }
        } catch {
            throw SnapshotFailure(refused: false, message: "cannot start the reader of \(target.owner): \(error)")
        }
        var collector = OutputCollector(input: input, process: process, limit: 8 << 20)
        let deadline = MonotonicInstant.now().adding(milliseconds: 10_000)
        let finished = collector.run(until: deadline)
        collector.closeAll()
        if !finished || !process.waitForExit(until: deadline) { process.signal(SIGKILL) }
        let status = process.reap()
        let errors = collector.errors.text.trimmingTrailingNewlines
        switch status {
        case .exited(0):
            do {
                return try WireJSON.decode(TargetSnapshot.self, from: collector.output.bytes)
            } catch {
                throw SnapshotFailure(refused: false, message: "the reader of \(target.owner) sent no snapshot: \(error)")
            }
        case .exited(refusedStatus):
            throw SnapshotFailure(refused: true, message: errors)
        default:
            throw SnapshotFailure(refused: false, message: errors.isEmpty ? "the reader of \(target.owner) \(status)" : errors)
        }
    }
}

extension String {
    var trimmingTrailingNewlines: String {
        var text = self
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
