import Foundation
import SystemCalls
import Testing
@testable import Sandbox

@Suite("Child processes")
struct ChildProcessTests {
    static func deadline(_ milliseconds: Int = 10_000) -> MonotonicInstant { .now().adding(milliseconds: milliseconds) }

    @Test("stdin is fed, stdout and stderr are collected, the exit code is reported")
    func streams() throws {
        let process = ChildProcess(executable: "sh", arguments: ["-c", "cat; echo oops >&2; exit 3"],
                                   standardInput: Array("hello\n".utf8))
        let output = try process.run(deadline: Self.deadline())
        #expect(output.status == .exited(3))
        #expect(String(decoding: output.standardOutput, as: UTF8.self) == "hello\n")
        #expect(String(decoding: output.standardError, as: UTF8.self) == "oops\n")
        #expect(!output.timedOut)
    }

    @Test("a command that exits after closing its own stdout is reported by exit code, not as killed")
    func closesStdoutBeforeExit() throws {
        // Like coreutils: stdout closed first, exit a moment later.
        let process = ChildProcess(executable: "sh", arguments: ["-c", "exec 1>&- 2>&-; sleep 0.2; exit 7"])
        let output = try process.run(deadline: Self.deadline())
        #expect(output.status == .exited(7))
    }

    @Test("the deadline kills the process group and says so")
    func timeout() throws {
        let process = ChildProcess(executable: "sh", arguments: ["-c", "sleep 30"])
        let output = try process.run(deadline: Self.deadline(300))
        #expect(output.timedOut)
        #expect(output.status == .signaled(9))
    }

    @Test("a background child holding the output open does not hold up the result, and is killed")
    func backgroundChild() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("resolvlab-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let marker = "\(directory)/survived"
        let process = ChildProcess(executable: "sh", arguments: ["-c", "(sleep 1; touch \(marker)) & echo started"])
        let output = try process.run(deadline: Self.deadline(20_000))
        #expect(output.status == .exited(0))
        #expect(!output.timedOut)
        #expect(String(decoding: output.standardOutput, as: UTF8.self) == "started\n")
        Thread.sleep(forTimeInterval: 1.5)
        #expect(!FileManager.default.fileExists(atPath: marker), "the background child was killed with the group")
    }

    @Test("a missing command is a spawn error")
    func missingCommand() {
        #expect(throws: SandboxError.self) {
            try ChildProcess(executable: "resolvlab-no-such-command", arguments: []).run(deadline: Self.deadline())
        }
        #expect(ChildProcess.findExecutable("sh") != nil)
        #expect(ChildProcess.findExecutable("resolvlab-no-such-command") == nil)
    }

    @Test("wait statuses decode like WIFEXITED/WTERMSIG", arguments: [
        (Int32(0x0000), TerminationStatus.exited(0)), (0x0300, .exited(3)), (0xff00, .exited(255)),
        (0x0009, .signaled(9)), (0x000f, .signaled(15)),
    ])
    func waitStatus(raw: Int32, expected: TerminationStatus) {
        #expect(TerminationStatus(waitStatus: raw) == expected)
    }
}
