import Foundation
import Glibc
import SystemCalls
import Testing

/// Nothing a scenario starts outlives it, the host's files stay as they were, and hostile or
/// heavy lookups get a correct outcome instead of a false ERROR or a hang.
@Suite("Containment", .serialized)
struct ContainmentTests {
    /// Processes whose command line contains `marker`.
    static func processes(containing marker: String) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(pid_t.init).filter { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            return String(decoding: data, as: UTF8.self).contains(marker)
        }
    }

    /// The number of the system call the first thread of `pid` is blocked in (`/proc/PID/syscall`).
    static func currentSyscall(of pid: pid_t) -> Int? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/task/\(pid)/syscall") else { return nil }
        return String(decoding: data, as: UTF8.self).split(separator: " ").first.flatMap { Int($0) }
    }

    /// Waits up to 3 s for the processes whose command line contains `marker` to be gone: a
    /// sandbox killed as its run ends takes a moment to tear its namespaces down.
    static func gone(_ marker: String) -> Bool {
        let started = MonotonicInstant.now()
        while !processes(containing: marker).isEmpty {
            if started.milliseconds(to: .now()) > 3000 { return false }
            usleep(20_000)
        }
        return true
    }

    /// A unique word for a test's processes to carry in their command line.
    static func marker() -> String { "resolvlab-marker-\(getpid())-\(UInt32.random(in: 0...UInt32.max))" }

    static func scenario(name: String, lookups: [[String: Any]], extra: [String: Any] = [:]) throws -> String {
        var object: [String: Any] = [
            "name": name,
            "resolvConf": ["nameserver 10.96.0.10"],
            "servers": [["address": "10.96.0.10", "records": ["a.example.": ["A": ["10.0.0.5"]]]]],
            "lookups": lookups,
            "expect": ["queries": []],
        ]
        for (key, value) in extra { object[key] = value }
        return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    @Test("a daemon a lookup starts with setsid dies with the sandbox")
    func daemonsDie() throws {
        let directory = try TemporaryDirectory()
        let marker = Self.marker()
        // The daemon leaves the lookup's session and process group, and outlives the lookup.
        let file = try directory.write("daemon.json", try Self.scenario(name: "starts a daemon", lookups: [
            ["exec": ["sh", "-c", "setsid sh -c 'sleep 300; true' \(marker) </dev/null >/dev/null 2>&1 & echo started"],
             "expect": ["exitCode": 0, "stdoutContains": "started"]],
        ]))
        #expect(Self.processes(containing: marker).isEmpty)
        let result = try resolvlab(["run", file])
        #expect(result.exitCode == 0, "\(result)")
        #expect(Self.processes(containing: marker).isEmpty, "the daemon is gone once resolvlab has exited")
        // The same command outside resolvlab does leave the daemon behind: the check above can fail.
        // (Spawned and reaped without killing its process group, which the daemon may not have
        // left yet when the shell exits.)
        let shell = try ChildProcess.spawn(SpawnRequest(
            path: "/bin/sh", arguments: ["sh", "-c", "setsid sh -c 'sleep 300; true' \(marker) </dev/null >/dev/null 2>&1 &"],
            standardInput: .null, standardOutput: .null, standardError: .null))
        shell.reap()
        let started = MonotonicInstant.now()
        var leftovers = Self.processes(containing: marker)
        while leftovers.isEmpty, started.milliseconds(to: .now()) < 5000 {
            usleep(20_000)
            leftovers = Self.processes(containing: marker)
        }
        #expect(!leftovers.isEmpty)
        // The daemon leads a session and process group of its own: its `sleep` goes with it.
        for pid in leftovers {
            kill(-pid, SIGKILL)
            kill(pid, SIGKILL)
        }
    }

    /// SIGINT and SIGTERM stop the run: sandboxes and their lookups end, the summary marks what
    /// had not finished as interrupted, reports are still written, and the exit code says which signal.
    /// With 16 quick scenarios more, the suite is large enough for its sandboxes to come from a
    /// fork server, which must end with the run as well.
    @Test("SIGINT and SIGTERM stop the sandboxes, print the summary, write the reports and exit 130 or 143",
          arguments: [(SIGINT, Int32(130), 0), (SIGTERM, Int32(143), 0), (SIGINT, Int32(130), 16)])
    func interruption(signal: Int32, exitCode: Int32, morePassing: Int) throws {
        let directory = try TemporaryDirectory()
        let marker = Self.marker()
        let quickScenario = try Self.scenario(name: "quick", lookups: [
            ["getaddrinfo": "a.example", "family": "inet", "expect": ["addresses": ["10.0.0.5"]]],
        ]).replacingOccurrences(of: "\"queries\":[]", with: "\"queries\":[\"A a.example.\"]")
        let quick = try directory.write("1-quick.json", quickScenario)
        let more = try (0..<morePassing).map { try directory.write("1-quick-\($0).json", quickScenario) }
        let slow = try directory.write("2-slow.json", try Self.scenario(name: "slow", lookups: [
            ["exec": ["sh", "-c", "sleep 300; true", marker], "expect": ["exitCode": 0]],
        ], extra: ["timeoutMs": 600_000]))
        let report = directory.path + "/report.json"
        let process = try ChildProcess.spawn(SpawnRequest(
            path: resolvlabBinary,
            arguments: [resolvlabBinary, "run", "--jobs", "1", "--report", "json=\(report)", quick] + more + [slow],
            standardInput: .null, newProcessGroup: false))
        // Wait for the slow lookup to be running, then interrupt the run.
        let started = MonotonicInstant.now()
        while Self.processes(containing: marker).isEmpty, started.milliseconds(to: .now()) < 20_000 { usleep(20_000) }
        #expect(!Self.processes(containing: marker).isEmpty, "the slow lookup started")
        if geteuid() == 0, let lookup = Self.processes(containing: marker).first, let sandbox = ForkServerTests.parents()[lookup] {
            // As root, the sandbox is started as the init of its PID namespace (by the run itself
            // in a small run, by its fork server in a large one), which shields it from SIGTERM
            // and SIGINT unless it asks for them: it must still stop at once.
            #expect(ForkServerTests.namespacePIDs(of: sandbox).last == 1, "the sandbox is PID 1 of its namespace")
            if morePassing == 0 { #expect(ForkServerTests.parents()[sandbox] == process.pid, "the sandbox is the run's child") }
        }
        if let lookup = Self.processes(containing: marker).first, let sandbox = ForkServerTests.parents()[lookup] {
            // The sandbox's first thread, forked with its parent's thread id cached in the Swift
            // runtime's locks, only waits (futex, in pthread_join) while a thread of its own runs
            // the scenario (FreshThread): were it running the lookups, it would wait in wait4 or poll.
            #expect(Self.currentSyscall(of: sandbox) == 202, "the sandbox's first thread only waits for its worker")
        }
        let signalled = MonotonicInstant.now()
        process.signal(signal)
        var collector = OutputCollector(input: [], process: process, limit: 1 << 20)
        let ended = collector.run(until: MonotonicInstant.now().adding(milliseconds: 20_000))
        #expect(ended, "the run ended soon after the signal")
        // A sandbox that ignored the run's SIGTERM would be killed only after the 3 s grace.
        #expect(signalled.milliseconds(to: .now()) < 2900, "the sandboxes stopped when asked, not when killed")
        collector.closeAll()
        _ = process.waitForExit(until: MonotonicInstant.now().adding(milliseconds: 5000))
        let status = process.reap()
        let (stdout, stderr) = (collector.output.text, collector.errors.text)
        #expect(status == .exited(exitCode), "\(status) \(stdout) \(stderr)")
        #expect(stdout.contains("PASS  quick"), "\(stdout)")
        #expect(stdout.contains("\(1 + morePassing) passed, 0 failed, 1 error, 0 skipped"), "\(stdout)")
        #expect(stderr.contains("interrupted by SIG"), "\(stderr)")
        #expect(Self.processes(containing: marker).isEmpty, "the lookup's process died with its sandbox")
        #expect(Self.gone(directory.path), "no resolvlab process (a sandbox, a fork server) is left")
        let data = try Data(contentsOf: URL(fileURLWithPath: report))
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let outcomes = (document["scenarios"] as? [[String: Any]])?.map { "\($0["outcome"] ?? "") \($0["errorKind"] ?? "")" }
        #expect(outcomes == Array(repeating: "pass <null>", count: 1 + morePassing) + ["error interrupted"], "\(document)")
    }

    /// Also by the way kernels before 5.12 get there (no mount_setattr: each mount remounted).
    @Test("the host's files are read-only to lookups, /tmp is theirs alone, and `writable` opens a host directory",
          arguments: [false, true])
    func readOnlyHost(legacyRemount: Bool) throws {
        let environment = legacyRemount ? ["RESOLVLAB_LEGACY_REMOUNT": "1"] : [:]
        let directory = try TemporaryDirectory()
        // A host directory outside the sandbox's private ones (/tmp, /run, ...): under the package.
        let hostDirectory = packageRoot + "/.build/writable-test-\(getpid())"
        try FileManager.default.createDirectory(atPath: hostDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: hostDirectory) }
        let tmpFile = "/tmp/resolvlab-written-\(getpid())"
        let refused = try directory.write("refused.json", try Self.scenario(name: "writes the host", lookups: [
            ["exec": ["sh", "-c", "echo x > \(hostDirectory)/file"], "expect": ["exitCode": 2, "stderrContains": "Read-only file system"]],
            ["exec": ["sh", "-c", "echo x > \(tmpFile) && cat \(tmpFile)"], "expect": ["exitCode": 0, "stdoutContains": "x"]],
        ]))
        let result = try resolvlab(["run", refused], environment: environment)
        #expect(result.exitCode == 0, "\(result)")
        #expect(!FileManager.default.fileExists(atPath: hostDirectory + "/file"))
        #expect(!FileManager.default.fileExists(atPath: tmpFile), "the sandbox's /tmp is its own")
        let allowed = try directory.write("allowed.json", try Self.scenario(name: "writes where allowed", lookups: [
            ["exec": ["sh", "-c", "echo x > \(hostDirectory)/file"], "expect": ["exitCode": 0]],
        ], extra: ["writable": [hostDirectory]]))
        let second = try resolvlab(["run", allowed], environment: environment)
        #expect(second.exitCode == 0, "\(second)")
        #expect(FileManager.default.contents(atPath: hostDirectory + "/file") == Data("x\n".utf8))
    }

    /// Each lookup to a `closed` server costs two frames (the query and the ICMP port unreachable):
    /// hundreds of them once overflowed the capture ring and were lost without a word.
    @Test("hundreds of queries to a closed server are all captured with their bounces",
          .enabled(if: FileManager.default.isExecutableFile(atPath: toolsDirectory + "/resolvlab-load")))
    func closedServerFlood() throws {
        let directory = try TemporaryDirectory()
        let count = 300
        let queries = (0..<count).map { "A q\($0).closed.example. @10.96.0.10 udp" }
        let object: [String: Any] = [
            "name": "a closed server bounces every query",
            "resolvConf": ["nameserver 10.96.0.10", "options attempts:1"],
            "servers": [["address": "10.96.0.10", "mode": "closed"]],
            "lookups": [["exec": ["resolvlab-load", "-n", "\(count)", "-f", "inet", "q%d.closed.example."],
                         "expect": ["exitCode": 1, "stdoutContains": "\(count) lookups, 0 answered, \(count) failed"]]],
            "expect": ["queries": queries],
        ]
        let file = try directory.write("closed.json", String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
        let result = try resolvlab(["run", "--report", "json=\(directory.path)/report.json", file],
                                   environment: ["PATH": toolsDirectory + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "")])
        #expect(result.exitCode == 0, "\(result)")
        let data = try Data(contentsOf: URL(fileURLWithPath: directory.path + "/report.json"))
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let entry = try #require((document["scenarios"] as? [[String: Any]])?.first)
        let observed = try #require(entry["queries"] as? [[String: Any]])
        #expect(observed.count == count)
        #expect(observed.allSatisfy { $0["unreachable"] as? Bool == true }, "every query met its port unreachable")
        #expect((entry["capture"] as? [String: Any])?["kernelDrops"] as? Int == 0)
    }

    /// /tmp is the sandbox's own, but a run started from a directory in it (a checkout in /tmp)
    /// still finds its working directory, read-only, and a `writable` directory there is the host's.
    @Test("a working directory and a writable directory under /tmp stay the host's inside the sandbox")
    func workingDirectoryUnderTmp() throws {
        let directory = try TemporaryDirectory()   // under /tmp
        try directory.write("here/marker.txt", "marker\n")
        try FileManager.default.createDirectory(atPath: directory.path + "/out", withIntermediateDirectories: true)
        let file = try directory.write("here/scenario.json", try Self.scenario(name: "from /tmp", lookups: [
            ["exec": ["sh", "-c", "cd \"$PWD\" && cat marker.txt && echo y > marker.txt"],
             "expect": ["exitCode": 2, "stdoutContains": "marker", "stderrContains": "Read-only file system"]],
            ["exec": ["sh", "-c", "echo written > \(directory.path)/out/file"], "expect": ["exitCode": 0]],
        ], extra: ["writable": [directory.path + "/out"]]))
        let result = try run("/bin/sh", ["-c", "cd \(directory.path)/here && exec \(resolvlabBinary) run scenario.json"])
        #expect(result.exitCode == 0, "\(result) \(file)")
        #expect(FileManager.default.contents(atPath: directory.path + "/here/marker.txt") == Data("marker\n".utf8))
        #expect(FileManager.default.contents(atPath: directory.path + "/out/file") == Data("written\n".utf8))
    }

    /// A client that sends a datagram that is no DNS message: the capture sees what the server
    /// received, so it is no capture loss; the judge sees a malformed query.
    @Test("a malformed datagram from a client is reported as such, not as capture loss")
    func malformedDatagram() throws {
        let directory = try TemporaryDirectory()
        let send = "import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); "
            + "s.sendto(b'\\x12\\x34\\x01', ('10.96.0.10', 53)); s.sendto(b'\\x00' * 11, ('10.96.0.10', 53)); print('sent')"
        let file = try directory.write("malformed.json", try Self.scenario(name: "sends garbage", lookups: [
            ["exec": ["python3", "-c", send], "expect": ["exitCode": 0, "stdoutContains": "sent"]],
            ["getaddrinfo": "a.example", "family": "inet", "expect": ["addresses": ["10.0.0.5"]]],
        ]))
        let result = try resolvlab(["run", "-v", "--report", "json=\(directory.path)/report.json", file])
        // Not an ERROR: the garbage is an unexpected query the expectation did not list.
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.output.contains("FAIL  sends garbage"), "\(result)")
        #expect(!result.output.contains("capture loss"), "\(result)")
        #expect(!result.output.split(separator: "\n").contains { $0.hasPrefix("ERROR") }, "\(result)")
        let data = try Data(contentsOf: URL(fileURLWithPath: directory.path + "/report.json"))
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let observed = try #require((document["scenarios"] as? [[String: Any]])?.first?["queries"] as? [[String: Any]])
        #expect(observed.filter { $0["malformed"] is String }.count == 2, "\(observed)")
        #expect(observed.contains { $0["name"] as? String == "a.example." && $0["rcode"] as? String == "NOERROR" })
    }

    @Test("a lookup that prints 3 MB is judged on its exit code; its output is cut and says so")
    func hugeOutput() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("huge.json", try Self.scenario(name: "prints 3 MB", lookups: [
            ["exec": ["sh", "-c", "head -c 3000000 /dev/zero | tr '\\000' x; echo; echo tail-line"],
             "expect": ["exitCode": 0]],
        ]))
        let result = try resolvlab(["run", "-v", "--report", "json=\(directory.path)/report.json", file])
        #expect(result.exitCode == 0, "\(result.exitCode) \(result.errors)")
        #expect(result.output.contains("PASS  prints 3 MB"))
        #expect(result.output.contains("not shown"), "the excerpt says what it left out")
        #expect(result.output.utf8.count < 100_000, "the terminal gets an excerpt, not 3 MB")
        let data = try Data(contentsOf: URL(fileURLWithPath: directory.path + "/report.json"))
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let lookup = try #require(((document["scenarios"] as? [[String: Any]])?.first?["lookups"] as? [[String: Any]])?.first)
        let omitted = try #require(lookup["stdoutOmittedBytes"] as? Int, "\(lookup.keys.sorted())")
        // 3,000,011 bytes printed; the first ProbeRequest.defaultOutputLimit (1 MiB) are kept.
        #expect(omitted == 3_000_011 - 1_048_576, "the report says how much was cut")
    }

    /// The responder serves every connection from one thread: a client that pipelines queries
    /// and never reads must not stop it from answering anyone else.
    @Test("a TCP client that pipelines queries and never reads does not hold up other lookups")
    func pipeliningClient() throws {
        let directory = try TemporaryDirectory()
        let flood = """
            import socket, struct, time
            q = bytes.fromhex('1234 0100 0001 0000 0000 0000 01 62 07 6578616d706c65 00 0001 0001'.replace(' ', ''))
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)   # replies back up at once
            s.connect(('10.96.0.10', 53))
            s.setblocking(False)
            sent = 0
            for _ in range(20000):
                try:
                    s.send(struct.pack('!H', len(q)) + q); sent += 1
                except BlockingIOError:
                    break
            print('pipelined', sent)
            time.sleep(3)
            """
        let file = try directory.write("pipelining.json", try Self.scenario(name: "pipelining client", lookups: [
            ["exec": ["sh", "-c", "python3 -c \"$0\" & sleep 1; getent ahostsv4 a.example; wait", flood],
             "expect": ["exitCode": 0, "stdoutContains": "10.0.0.5", "maxMs": 6000]],
        ], extra: ["resolvConf": ["nameserver 10.96.0.10", "options use-vc"],
                   "expect": ["queries": ["A a.example. tcp"], "order": "subsequence"]]))
        let result = try resolvlab(["run", "-v", file])
        #expect(result.exitCode == 0, "\(result)")
        #expect(!result.output.split(separator: "\n").contains { $0.hasPrefix("ERROR") }, "\(result)")
        #expect(result.output.contains("pipelined"), "\(result)")
        #expect(result.output.contains("10.0.0.5"), "the lookup behind the flood was answered: \(result)")
    }
}
