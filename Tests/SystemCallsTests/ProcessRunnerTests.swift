import Glibc
import SystemCalls
import SystemPackage
import Testing

@Suite("Running processes")
struct ProcessRunnerTests {
    static func deadline(_ milliseconds: Int = 10_000) -> MonotonicInstant { .now().adding(milliseconds: milliseconds) }

    static func run(_ script: String, input: [UInt8] = [], limit: Int = 1 << 20, deadline: Int = 10_000) throws -> ProcessOutput {
        try ProcessRunner.run(SpawnRequest(path: "/bin/sh", arguments: ["sh", "-c", script]), input: input,
                              outputLimit: limit, deadline: Self.deadline(deadline))
    }

    @Test("stdin is fed, stdout and stderr are collected, the exit code is reported")
    func streams() throws {
        let output = try Self.run("cat; echo oops >&2; exit 3", input: Array("hello\n".utf8))
        #expect(output.status == .exited(3))
        #expect(output.standardOutput.text == "hello\n")
        #expect(output.standardError.text == "oops\n")
        #expect(!output.timedOut)
    }

    @Test("a command that exits after closing its own stdout is reported by exit code, not as killed")
    func closesStdoutBeforeExit() throws {
        // Like coreutils: stdout closed first, exit a moment later.
        let output = try Self.run("exec 1>&- 2>&-; sleep 0.2; exit 7")
        #expect(output.status == .exited(7))
    }

    @Test("the deadline kills the process group and says so")
    func timeout() throws {
        let output = try Self.run("sleep 30", deadline: 300)
        #expect(output.timedOut)
        #expect(output.status == .signaled(SIGKILL))
    }

    @Test("a background child holding the output open does not hold up the result, and is killed")
    func backgroundChild() throws {
        var template = Array("/tmp/resolvlab-test-XXXXXX".utf8CString)
        let directory = try #require(template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) }.map { String(cString: $0) }
        })
        defer { _ = rmdir(directory) }
        let marker = "\(directory)/survived"
        let output = try Self.run("(sleep 1; touch \(marker)) & echo started", deadline: 20_000)
        #expect(output.status == .exited(0))
        #expect(!output.timedOut)
        #expect(output.standardOutput.text == "started\n")
        usleep(1_500_000)
        #expect(access(marker, F_OK) != 0, "the background child was killed with the group")
        unlink(marker)
    }

    @Test("output beyond the limit is read, counted and dropped: the process never blocks on a full pipe")
    func outputLimit() throws {
        // 3 MiB of output with a 64 KiB limit.
        let output = try Self.run("head -c 3145728 /dev/zero | tr '\\\\0' x", limit: 65536)
        #expect(output.status == .exited(0))
        #expect(output.standardOutput.bytes.count == 65536)
        #expect(output.standardOutput.totalBytes == 3_145_728)
        #expect(output.standardOutput.isTruncated)
    }

    @Test("captured output travels as text when it is UTF-8 and as hex otherwise, whole either way")
    func capturedOutputCoding() throws {
        for bytes in [Array("héllo\n".utf8), [0xFF, 0x00, 0x41]] {
            let original = CapturedOutput(bytes: bytes, totalBytes: 10)
            let encoded = try JSONRoundTrip.roundTrip(original)
            #expect(encoded == original)
        }
    }

    @Test("a missing command, a directory and a file without the execute bit are told apart")
    func executableSearch() throws {
        #expect(throws: Never.self) { try ExecutableSearch.find("sh").get() }
        guard case .failure(.notFound) = ExecutableSearch.find("resolvlab-no-such-command") else {
            Issue.record("a missing command is not reported as not found")
            return
        }
        guard case .failure(.notExecutable(_, let reason)) = ExecutableSearch.find("/tmp") else {
            Issue.record("a directory is not reported as not executable")
            return
        }
        #expect(reason.contains("directory"))
        let path = "/tmp/resolvlab-test-noexec-\(getpid())"
        let fd = open(path, O_CREAT | O_WRONLY, 0o644)
        close(fd)
        defer { unlink(path) }
        guard case .failure(.notExecutable(_, let why)) = ExecutableSearch.find(path) else {
            Issue.record("a file without the execute bit is not reported as not executable")
            return
        }
        // Root may execute nothing without an x bit either: the kernel checks for at least one.
        #expect(why.contains("permission denied"), "\(why)")
        #expect(SpawnError.notExecutable(path: path, reason: why).description.contains("cannot execute"))
    }

    @Test("a spawned process can be killed through its pidfd and is reaped exactly once")
    func explicitKill() throws {
        let process = try ChildProcess.spawn(SpawnRequest(path: "/bin/sleep", arguments: ["sleep", "30"],
                                                          standardInput: .null, standardOutput: .null, standardError: .null))
        #expect(process.reapIfExited() == nil)
        process.signal(SIGTERM)
        #expect(process.waitForExit(until: Self.deadline(5000)))
        #expect(process.reap() == .signaled(SIGTERM))
        // A second reap returns the same status; signalling a reaped process does nothing.
        #expect(process.reap() == .signaled(SIGTERM))
        process.signal(SIGKILL)
    }

    /// The test runner has many threads, so the child only makes system calls before `_exit`.
    @Test("a forked child gets its streams and extra descriptors at their numbers, and nothing else")
    func forkPlacesDescriptors() throws {
        #expect(!ChildProcess.canFork, "the test runner has threads")
        let extra = try FileDescriptor.closeOnExecPipe()
        let unrelated = try FileDescriptor.closeOnExecPipe()   // open in the parent, must be closed in the child
        defer { for fd in [extra.readEnd, unrelated.readEnd, unrelated.writeEnd] { fd.closeIgnoringErrors() } }
        let unrelatedNumber = unrelated.writeEnd.rawValue
        let process = try ChildProcess.fork(
            SpawnRequest(path: "fork-test", arguments: [], standardInput: .null, standardError: .null,
                         extraDescriptors: [(extra.writeEnd, 3)]),
            body: {
                // fd 3 is the extra pipe; stdout is the parent's pipe; the unrelated descriptor is gone.
                var byte: UInt8 = fcntl(unrelatedNumber, F_GETFD) == -1 ? 1 : 0
                _ = write(3, &byte, 1)
                var text: [UInt8] = Array("out".utf8)
                _ = write(1, &text, 3)
                _exit(7)
            })
        extra.writeEnd.closeIgnoringErrors()
        #expect(process.waitForExit(until: Self.deadline(5000)))
        #expect(process.reap() == .exited(7))
        #expect(try extra.readEnd.readToEnd(limit: 16) == [1], "fd 3 received, and the unrelated descriptor was closed")
        #expect(try process.standardOutput?.readToEnd(limit: 16) == Array("out".utf8))
        process.standardOutput?.closeIgnoringErrors()
    }

    @Test("wait statuses decode like WIFEXITED/WTERMSIG", arguments: [
        (Int32(0x0000), TerminationStatus.exited(0)), (0x0300, .exited(3)), (0xff00, .exited(255)),
        (0x0009, .signaled(9)), (0x000f, .signaled(15)),
    ])
    func waitStatus(raw: Int32, expected: TerminationStatus) {
        #expect(TerminationStatus(waitStatus: raw) == expected)
    }
}
