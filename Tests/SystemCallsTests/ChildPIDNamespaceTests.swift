import Glibc
import SystemCalls
import SystemPackage
import Testing

/// `SpawnRequest.newPIDNamespace`: the child is the init of a PID namespace of its own from its
/// first instruction, and the starting thread's later children are back in this process's namespace.
@Suite("Children as the init of a new PID namespace", .serialized)
struct ChildPIDNamespaceTests {
    /// What `sh` reports about itself: its pid as it sees it, and its PID namespace.
    static func identity(newPIDNamespace: Bool) throws -> (pid: String, namespace: String) {
        let output = try ProcessRunner.run(
            SpawnRequest(path: "/bin/sh", arguments: ["sh", "-c", "echo $$; readlink /proc/self/ns/pid"],
                         newPIDNamespace: newPIDNamespace),
            input: [], outputLimit: 4096, deadline: .now().adding(milliseconds: 10_000))
        #expect(output.status == .exited(0), "\(output.standardError.text)")
        let lines = output.standardOutput.text.split(separator: "\n").map(String.init)
        return (lines.first ?? "", lines.dropFirst().first ?? "")
    }

    static var ownNamespace: String {
        var buffer = [CChar](repeating: 0, count: 256)
        let count = readlink("/proc/self/ns/pid", &buffer, buffer.count - 1)
        return count > 0 ? String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
    }

    @Test("as root, a spawned child is PID 1 of a new namespace, and the next child is back in ours",
          .enabled(if: geteuid() == 0, "creating a PID namespace without a user namespace takes root"))
    func spawnAsInit() throws {
        let own = Self.ownNamespace
        #expect(own.hasPrefix("pid:["))
        let first = try Self.identity(newPIDNamespace: true)
        #expect(first.pid == "1")
        #expect(first.namespace.hasPrefix("pid:[") && first.namespace != own)
        let second = try Self.identity(newPIDNamespace: false)
        #expect(second.pid != "1")
        #expect(second.namespace == own, "the spawning thread returned to its own namespace")
        let third = try Self.identity(newPIDNamespace: true)
        #expect(third.pid == "1" && third.namespace != first.namespace, "each child gets a namespace of its own")
    }

    /// The test runner has many threads, so the child only makes system calls before `_exit`.
    @Test("as root, a forked child is PID 1 of a new namespace; a child forked after it is not",
          .enabled(if: geteuid() == 0, "creating a PID namespace without a user namespace takes root"))
    func forkAsInit() throws {
        func forkedPID(newPIDNamespace: Bool) throws -> Int32 {
            let process = try ChildProcess.fork(
                SpawnRequest(path: "fork-test", arguments: [], standardInput: .null, standardError: .null,
                             newPIDNamespace: newPIDNamespace),
                body: {
                    var pid = getpid()
                    _ = withUnsafeBytes(of: &pid) { write(1, $0.baseAddress, $0.count) }
                    _exit(0)
                })
            #expect(process.waitForExit(until: .now().adding(milliseconds: 5000)))
            #expect(process.reap() == .exited(0))
            let bytes = try process.standardOutput?.readToEnd(limit: 16) ?? []
            process.standardOutput?.closeIgnoringErrors()
            #expect(bytes.count == 4)
            return bytes.count == 4 ? bytes.withUnsafeBytes { $0.loadUnaligned(as: Int32.self) } : -1
        }
        #expect(try forkedPID(newPIDNamespace: true) == 1)
        let plain = try forkedPID(newPIDNamespace: false)
        #expect(plain > 1, "the forking thread returned to its own namespace")
    }
}
