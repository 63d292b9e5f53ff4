import Foundation
import Glibc
import SystemCalls
import SystemPackage
import Testing

/// Hostile or mistaken input, end to end through the built binary: what the project promises to
/// refuse (with the file, the JSON path and what was expected), to escape, or to keep apart. Each
/// refusal must be a clear message and exit code 2, never a crash, a hang, a raw error dump or a
/// silent pass.
@Suite("Refusing bad input", .serialized)
struct InputRefusalTests {
    static let unshareAvailable = FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare")
    static let setprivAvailable = FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")

    /// A scenario file: `name`, a resolv.conf naming 10.96.0.10, and `members` (JSON text) after them.
    static func scenario(_ name: String, _ members: String) -> String {
        "{\n  \"name\": \(jsonString(name)),\n  \"resolvConf\": \"nameserver 10.96.0.10\\n\",\n\(members)\n}\n"
    }

    /// The lines of `text` that contain `fragment`.
    static func lines(of text: String, containing fragment: String) -> [Substring] {
        text.split(separator: "\n").filter { $0.contains(fragment) }
    }

    static func bytes(_ path: String) throws -> Data {
        try #require(FileManager.default.contents(atPath: path), "\(path) is readable")
    }

    static func listing(_ directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }

    // MARK: 1. NUL bytes

    /// A NUL would cut the name or argument short where the C call reads it, so the lookup would
    /// silently test something other than what the file says: both commands must refuse the file.
    @Test("a NUL in a getaddrinfo name, a service or an exec argument is refused by check and run with exit code 2")
    func nulIsRefused() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("nul.json", Self.scenario("nul bytes", """
              "servers": [ { "address": "10.96.0.10" } ],
              "lookups": [
                { "getaddrinfo": "evil\\u0000.example", "family": "inet", "expect": { "error": "EAI_NONAME" } },
                { "getaddrinfo": "ok.example", "service": "4\\u00003", "family": "inet", "expect": { "error": "EAI_NONAME" } },
                { "exec": ["getent", "hosts", "evil\\u0000.example"], "expect": { "exitCode": 2 } },
                { "exec": ["getent\\u0000", "hosts"], "expect": { "exitCode": 2 } }
              ]
            """))
        for command in ["check", "run"] {
            let result = try resolvlab([command, file])
            #expect(result.exitCode == 2, "\(command): \(result)")
            let all = result.output + result.errors
            for path in ["lookups[0].getaddrinfo", "lookups[1].service", "lookups[2].exec[2]", "lookups[3].exec[0]"] {
                let matching = Self.lines(of: all, containing: "\(file):")
                    .filter { $0.contains(": \(path): ") && $0.contains("NUL") }
                #expect(matching.count == 1, "\(command) names \(file) and \(path) once: \(result)")
            }
            #expect(!all.utf8.contains(0), "the message shows the NUL escaped, not raw: \(result)")
            #expect(!result.output.contains("PASS") && !result.output.contains("FAIL"), "nothing ran: \(result)")
        }
    }

    // MARK: 2. Terminal escaping

    /// A scenario name (or anything a scenario or its commands print) is shown on the user's
    /// terminal: a raw ESC could repaint the FAIL headline as a green PASS or clear the screen.
    @Test("--repeat beyond 1,000,000 and --jobs beyond 4,096 (or either below 1) are usage errors, exit code 2, not a crash",
          arguments: [["run", "--repeat", "0"], ["run", "--repeat", "1000001"], ["run", "--repeat", "9223372036854775807"],
                      ["run", "--jobs", "0"], ["run", "--jobs", "4097"], ["run", "--jobs", "9223372036854775807"],
                      ["record", "--jobs", "9223372036854775807"]])
    func countsAreBounded(arguments: [String]) throws {
        // A copy: record writes into the files it runs, should the refusal ever fail.
        let directory = try TemporaryDirectory()
        let file = try directory.write("seed.json", String(contentsOfFile: seedScenario, encoding: .utf8))
        let result = try resolvlab(arguments + [file])
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.errors.contains("\(arguments[1]) must be at"), "\(result)")
    }

    @Test("a scenario name with escape sequences is shown escaped: no raw ESC byte, and the FAIL headline stays")
    func escapeSequencesAreEscaped() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("evil.json", Self.scenario("\u{1B}[32mPASS\u{1B}[0m evil", """
              "description": "\\u001b]0;title\\u0007 and \\u001b[2J",
              "servers": [ { "address": "10.96.0.10" } ],
              "lookups": [
                { "getaddrinfo": "x\\u001b[2J.example", "family": "inet", "expect": { "addresses": ["192.0.2.1"] } },
                { "exec": ["sh", "-c", "printf '\\\\033[32mPASS\\\\n'; printf '\\\\033[2J' >&2; exit 3"],
                  "expect": { "exitCode": 0 } }
              ]
            """))
        for arguments in [["run", file], ["run", "-v", file], ["run", "-q", file]] {
            let result = try resolvlab(arguments)
            #expect(result.exitCode == 1, "\(arguments): \(result)")
            #expect(!result.output.utf8.contains(0x1B) && !result.errors.utf8.contains(0x1B),
                    "\(arguments): no raw ESC byte in the output: \(result)")
            let headline = result.output.split(separator: "\n").first { $0.hasPrefix("FAIL") }
            #expect(headline?.contains("PASS\\u{1B}[0m evil") == true, "\(arguments): the FAIL headline, escaped: \(result)")
            #expect(!result.output.split(separator: "\n").contains { $0.hasPrefix("PASS") }, "\(arguments): \(result)")
            #expect(result.output.contains("0 passed, 1 failed"), "\(arguments): \(result)")
        }
    }

    /// `check` prints file names too: one with an ESC in it must not reach the terminal raw either.
    @Test("check shows a file name with an escape sequence escaped")
    func checkEscapesFileNames() throws {
        let directory = try TemporaryDirectory()
        let valid = try directory.write("ok\u{1B}[2J.json", Self.scenario("fine", """
              "servers": [ { "address": "10.96.0.10" } ],
              "lookups": [ { "getaddrinfo": "x.example", "family": "inet", "expect": { "error": "EAI_NONAME" } } ]
            """))
        let invalid = try directory.write("bad\u{1B}[32m.json", "{ \"name\": 1 }")
        let result = try resolvlab(["check", valid, invalid, directory.path + "/missing\u{1B}[1m.json"])
        #expect(result.exitCode == 2, "\(result)")
        #expect(!result.output.utf8.contains(0x1B) && !result.errors.utf8.contains(0x1B), "no raw ESC byte: \(result)")
        #expect(result.output.contains("ok    \(directory.path)/ok\\u{1B}[2J.json"), "\(result)")
        #expect(result.output.contains("error \(directory.path)/bad\\u{1B}[32m.json"), "\(result)")
        #expect(result.errors.contains("\(directory.path)/bad\\u{1B}[32m.json:1:"), "\(result)")
        #expect(result.errors.contains("missing\\u{1B}[1m.json: no such file or directory"), "\(result)")
    }

    // MARK: 3. files paths through symlinks

    /// The sandbox shows the host's filesystem, so a `files` key that reaches a kernel tree or the
    /// files with their own keys through a symlink is the same mistake as naming them directly.
    @Test("a files path that leads into /proc, /sys, /dev or onto resolv.conf or hosts through a symlink is refused by check")
    func filesThroughSymlinksAreRefused() throws {
        let directory = try TemporaryDirectory()
        let links = [("kernel", "/proc/sys/kernel"), ("sys", "/sys/kernel"), ("dev", "/dev"),
                     ("resolv", "/etc/resolv.conf"), ("hosts", "/etc/hosts"), ("etc", "/etc")]
        for (name, target) in links {
            try FileManager.default.createSymbolicLink(atPath: "\(directory.path)/\(name)", withDestinationPath: target)
        }
        let cases: [(key: String, message: String)] = [
            ("\(directory.path)/kernel/hostname", "files under /proc cannot be replaced (\(directory.path)/kernel/hostname leads to /proc/sys/kernel/hostname)"),
            ("\(directory.path)/sys/x", "files under /sys cannot be replaced"),
            ("\(directory.path)/dev/null", "files under /dev cannot be replaced"),
            // "leads to /etc/resolv.conf", or on to where it leads on hosts where it is a symlink.
            ("\(directory.path)/resolv", "set it with the \"resolvConf\" key"),
            ("\(directory.path)/etc/resolv.conf", "set it with the \"resolvConf\" key"),
            ("\(directory.path)/hosts", "set it with the \"hosts\" key"),
        ]
        for (index, item) in cases.enumerated() {
            let file = try directory.write("files-\(index).json", Self.scenario("files through a symlink", """
                  "files": { \(jsonString(item.key)): "x\\n" },
                  "lookups": [ { "getaddrinfo": "x.example", "family": "inet", "expect": { "error": "EAI_NONAME" } } ]
                """))
            let result = try resolvlab(["check", file])
            #expect(result.exitCode == 2, "\(item.key): \(result)")
            #expect(Self.lines(of: result.errors, containing: "\(file):")
                        .contains { $0.contains("files[\(jsonString(item.key))]: ") && $0.contains(item.message) },
                    "\(item.key): \(result)")
            #expect(result.errors.contains("\(item.key) leads to "), "the message says where the path leads: \(result)")
        }
    }

    /// Where /etc/resolv.conf or /etc/hosts is a symlink (Ubuntu: into /run/systemd/resolve, often
    /// dangling in containers), the sandbox places the scenario's resolv.conf at the link's target:
    /// a `files` entry for that target, named directly or through another symlink, would fight it.
    /// Checked in a private mount namespace whose /etc is a copy with both files turned into symlinks.
    @Test("a files path that leads where /etc/resolv.conf or /etc/hosts points is refused when they are symlinks",
          .enabled(if: isRoot && unshareAvailable))
    func filesOntoSymlinkedResolvConfTargetsAreRefused() throws {
        let directory = try TemporaryDirectory()
        let etc = directory.path + "/etc"
        #expect(try run("/bin/cp", ["-a", "/etc", etc]).exitCode == 0)
        // Dangling and relative, like Ubuntu's stub-resolv.conf inside a container; hosts to an existing file.
        let stubDirectory = "/run/resolvlab-test-\(getpid())-missing"
        let hostsTarget = try directory.write("hosts-target", "127.0.0.1 localhost\n")
        try FileManager.default.removeItem(atPath: etc + "/resolv.conf")
        try FileManager.default.createSymbolicLink(atPath: etc + "/resolv.conf",
                                                   withDestinationPath: "..\(stubDirectory)/stub-resolv.conf")
        try FileManager.default.removeItem(atPath: etc + "/hosts")
        try FileManager.default.createSymbolicLink(atPath: etc + "/hosts", withDestinationPath: hostsTarget)
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/stub", withDestinationPath: stubDirectory)
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/resolv", withDestinationPath: "/etc/resolv.conf")

        let cases: [(key: String, message: String)] = [
            ("\(stubDirectory)/stub-resolv.conf", "\"resolvConf\" key"),
            ("\(directory.path)/stub/stub-resolv.conf", "\"resolvConf\" key"),
            // A link to /etc/resolv.conf itself now leads on to the stub: still refused.
            ("\(directory.path)/resolv", "leads to \(stubDirectory)/stub-resolv.conf, where /etc/resolv.conf leads; set it with the \"resolvConf\" key"),
            (hostsTarget, "\"hosts\" key"),
        ]
        var files: [String] = []
        for (index, item) in cases.enumerated() {
            files.append(try directory.write("target-\(index).json", Self.scenario("files onto resolv.conf's target", """
                  "files": { \(jsonString(item.key)): "x\\n" },
                  "lookups": [ { "getaddrinfo": "x.example", "family": "inet", "expect": { "error": "EAI_NONAME" } } ]
                """)))
        }
        let result = try run("/usr/bin/unshare", ["--mount", "--propagation", "private", "/bin/sh", "-c",
                                                  "mount --bind \"$1\" /etc && shift && exec \"$0\" check \"$@\"",
                                                  resolvlabBinary, etc] + files)
        #expect(result.exitCode == 2, "\(result)")
        for (file, item) in zip(files, cases) {
            #expect(result.output.contains("error \(file)"), "\(item.key): \(result)")
            #expect(Self.lines(of: result.errors, containing: "\(file):")
                        .contains { $0.contains("files[\(jsonString(item.key))]: ") && $0.contains(item.message) },
                    "\(item.key): \(result)")
        }
        // The host's own /etc was never touched: the bind mount lived in the private namespace only.
        #expect(try Self.bytes("/etc/hosts") != Data(), "the host's /etc/hosts is still there")
    }

    // MARK: 4. Server addresses

    /// A responder cannot serve unicast DNS from a group or the broadcast address: the scenario
    /// would only ever time out, so check says so up front.
    @Test("a multicast or broadcast server address is refused by check with a clear message")
    func multicastAndBroadcastServersAreRefused() throws {
        let directory = try TemporaryDirectory()
        for address in ["224.0.0.251", "255.255.255.255", "ff02::fb"] {
            let file = try directory.write("server-\(address).json", Self.scenario("group address", """
                  "servers": [ { "address": \(jsonString(address)) } ],
                  "lookups": [ { "getaddrinfo": "x.example", "family": "inet", "expect": { "error": "EAI_NONAME" } } ]
                """))
            let result = try resolvlab(["check", file])
            #expect(result.exitCode == 2, "\(address): \(result)")
            #expect(Self.lines(of: result.errors, containing: "\(file):").contains {
                $0.contains("servers[0].address: \(address) is a multicast or broadcast address; a DNS server needs a unicast address")
            }, "\(address): \(result)")
        }
    }

    // MARK: 5. Error cap

    /// A generated file full of mistakes must give a readable report quickly: the first 50
    /// problems, then a count, in bounded time and memory.
    @Test("200,000 invalid record values print 50 problems and '... and N more problems in FILE', in bounded time",
          .timeLimit(.minutes(2)))
    func errorFloodIsCapped() throws {
        let directory = try TemporaryDirectory()
        let count = 200_000
        let values = Array(repeating: "\"not-an-address\"", count: count).joined(separator: ",")
        let file = try directory.write("flood.json", Self.scenario("a generated flood of mistakes", """
              "servers": [ { "address": "10.96.0.10", "records": { "x.example.": { "A": [\(values)] } } } ],
              "lookups": [ { "getaddrinfo": "x.example", "family": "inet", "expect": { "error": "EAI_NONAME" } } ]
            """))
        // Decoding 3.6 MB takes seconds of CPU in a debug build: at the lowest priority, so that suites
        // running alongside and timing CPU-bound scenarios (SuiteTests) keep the cores they measure.
        let started = MonotonicInstant.now()
        let check = try run("/usr/bin/nice", ["-n", "19", resolvlabBinary, "check", file])
        let seconds = started.milliseconds(to: .now()) / 1000
        #expect(check.exitCode == 2, "\(check.exitCode)")
        #expect(seconds < 100, "check took \(seconds) s")
        let lines = check.errors.split(separator: "\n")
        let problems = lines.filter { $0.hasPrefix("\(file):") }
        #expect(problems.count == 50, "\(lines.prefix(3)) ... \(lines.suffix(3))")
        #expect(problems.first?.contains("servers[0].records[\"x.example.\"].A[0]: expected an IPv4 address for A") == true)
        #expect(lines.count == 51, "\(lines.count) lines on stderr")
        #expect(lines.last == "... and \(count - 50) more problems in \(file)", "\(lines.suffix(2))")
        // `run` prints an invalid file's problems through the same ScenarioErrors text; not repeated here
        // to keep this test's CPU time small.
    }

    // MARK: 6. Commands that cannot run

    /// "command not found" for a file that is there but lacks its x bit sends the user looking for
    /// the wrong problem: the two must be told apart, and only a missing command suggests `requires`.
    @Test("a non-executable command is an ERROR saying it cannot be executed; a missing one says not found and suggests requires")
    func nonExecutableAndMissingCommands() throws {
        let directory = try TemporaryDirectory()
        let script = try directory.write("not-executable.sh", "#!/bin/sh\nexit 0\n")
        chmod(script, 0o644)
        let missing = directory.path + "/no-such-command"
        for (command, name) in [(script, "not-executable"), (missing, "missing-path"), ("resolvlab-no-such-command", "missing-name")] {
            let file = try directory.write("\(name).json", Self.scenario(name, """
                  "lookups": [ { "exec": [\(jsonString(command)), "x"], "expect": { "exitCode": 0 } } ]
                """))
            let result = try resolvlab(["run", file])
            #expect(result.exitCode == 1, "\(name): \(result)")
            #expect(result.output.contains("ERROR \(name)"), "\(name): \(result)")
            if command == script {
                #expect(result.output.contains("cannot execute \(script): permission denied"), "\(result)")
                #expect(!result.output.contains("not found") && !result.output.contains("requires"), "\(result)")
            } else {
                #expect(result.output.contains("command not found: \(command)"), "\(name): \(result)")
                #expect(result.output.contains("\"requires\": [\(jsonString(command))]"), "\(name): \(result)")
                #expect(!result.output.contains("permission denied"), "\(name): \(result)")
            }
        }
    }

    // MARK: 7. Output paths checked first

    /// A report or capture directory that cannot be written must stop the run before it starts:
    /// one line saying why, exit 2, no scenario run, and no empty or half-made file left behind.
    @Test("report and pcap paths that cannot be written stop run before any scenario, with one line and exit code 2")
    func unwritableOutputsStopTheRun() throws {
        let directory = try TemporaryDirectory()
        let reportDirectory = directory.path + "/reports"
        try FileManager.default.createDirectory(atPath: reportDirectory, withIntermediateDirectories: false)
        let good = directory.path + "/good.json"
        let cases: [(arguments: [String], mentions: String)] = [
            (["--report", "json=/nonexistent-dir/r.json"], "/nonexistent-dir/r.json: no such file or directory"),
            (["--report", "junit=\(reportDirectory)"], "\(reportDirectory): it is a directory"),
            (["--report", "json=\(good)", "--report", "tap=/nonexistent-dir/r.tap"], "/nonexistent-dir/r.tap"),
            (["--report", "json=/proc/resolvlab-report.json"], "/proc/resolvlab-report.json"),
            (["--pcap-dir", "/proc/nonexistent"], "--pcap-dir /proc/nonexistent: "),
            (["--pcap-dir", "/proc/nonexistent", "--pcap-all"], "--pcap-dir /proc/nonexistent: "),
        ]
        for item in cases {
            let result = try resolvlab(["run"] + item.arguments + [seedScenario])
            #expect(result.exitCode == 2, "\(item.arguments): \(result)")
            let lines = result.errors.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            #expect(lines.count == 1 && lines.first?.hasPrefix("resolvlab: ") == true, "\(item.arguments): \(result)")
            #expect(result.errors.contains(item.mentions), "\(item.arguments): \(result)")
            #expect(result.output.isEmpty, "\(item.arguments): no scenario ran: \(result)")
            #expect(!FileManager.default.fileExists(atPath: good), "\(item.arguments): no report was started")
            #expect(try Self.listing(reportDirectory).isEmpty, "\(item.arguments)")
            #expect(!FileManager.default.fileExists(atPath: "/proc/resolvlab-report.json"))
        }
    }

    // MARK: 8. Shared capture directory

    /// Two CI jobs (or a developer and a watch loop) may share one `--pcap-dir`. Capture file names
    /// come from the scenario path, so both runs want the same name: neither may overwrite the
    /// other's file, or a file kept from an earlier run.
    @Test("two concurrent runs sharing --pcap-dir keep two distinct, readable pcap files and overwrite nothing")
    func sharedPcapDirectory() throws {
        let directory = try TemporaryDirectory()
        let pcaps = directory.path + "/pcaps"
        let earlier = try resolvlab(["run", "--pcap-dir", pcaps, "--pcap-all", seedScenario])
        #expect(earlier.exitCode == 0, "\(earlier)")
        let kept = try Self.listing(pcaps)
        try #require(kept.count == 1, "\(kept)")
        let keptBytes = try Self.bytes(pcaps + "/" + kept[0])

        let processes = try (0..<2).map { _ in
            try ChildProcess.spawn(SpawnRequest(path: resolvlabBinary,
                                                arguments: [resolvlabBinary, "run", "--pcap-dir", pcaps, "--pcap-all", seedScenario],
                                                standardInput: .null))
        }
        let deadline = MonotonicInstant.now().adding(milliseconds: 60_000)
        for process in processes {
            let exited = process.waitForExit(until: deadline)
            #expect(exited, "resolvlab run finished within a minute")
            if !exited { process.signalGroup(SIGKILL) }
            // The output is a few lines: it fits in the pipe, so reading after the exit cannot block.
            let output = String(decoding: (try? process.standardOutput?.readToEnd()) ?? [], as: UTF8.self)
            let errors = String(decoding: (try? process.standardError?.readToEnd()) ?? [], as: UTF8.self)
            process.standardOutput?.closeIgnoringErrors()
            process.standardError?.closeIgnoringErrors()
            #expect(process.reap() == .exited(0), "\(output)\n\(errors)")
            #expect(output.contains("kept 1 capture in \(pcaps)"), "\(output)\n\(errors)")
        }

        let names = try Self.listing(pcaps)
        #expect(names.count == 3, "one earlier file and one per concurrent run: \(names)")
        #expect(Set(names).count == names.count && names.allSatisfy { $0.hasSuffix(".pcap") && !$0.hasPrefix(".") }, "\(names)")
        #expect(try Self.bytes(pcaps + "/" + kept[0]) == keptBytes, "the earlier capture was not overwritten")
        var inodes: Set<UInt> = []
        for name in names {
            let path = pcaps + "/" + name
            let data = try Self.bytes(path)
            // pcap magic in either byte order, microsecond or nanosecond timestamps; a header and a packet at least.
            let magic = Array(data.prefix(4))
            #expect([[0xD4, 0xC3, 0xB2, 0xA1], [0xA1, 0xB2, 0xC3, 0xD4], [0x4D, 0x3C, 0xB2, 0xA1], [0xA1, 0xB2, 0x3C, 0x4D]]
                        .contains(magic), "\(name) starts with \(magic)")
            #expect(data.count > 24 + 16, "\(name) holds packets: \(data.count) bytes")
            var info = stat()
            #expect(stat(path, &info) == 0)
            inodes.insert(UInt(info.st_ino))
            if FileManager.default.isExecutableFile(atPath: "/usr/bin/tcpdump") {
                let read = try run("/usr/bin/tcpdump", ["-n", "-r", path])
                #expect(read.exitCode == 0, "\(name): \(read)")
                #expect(read.output.contains("A? ycwu314.top."), "\(name): \(read)")
            }
        }
        #expect(inodes.count == 3, "three distinct files, not links to one")
    }

    // MARK: 9. record as an unprivileged user

    /// Everything `nobody` needs: the binary (copied, readable by all), a PATH, and whether
    /// unprivileged user namespaces work for nobody here (the same probe as PrivilegeTests).
    struct Nobody {
        let directory: TemporaryDirectory
        let binary: String
        let path: String
        let namespacesWork: Bool
        static let setprivArguments = ["--reuid=65534", "--regid=65534", "--clear-groups"]

        init() throws {
            directory = try TemporaryDirectory()
            binary = directory.path + "/resolvlab"
            // cp, not FileManager: its write descriptor lacks O_CLOEXEC (see PrivilegeTests).
            #expect(try run("/bin/cp", [resolvlabBinary, binary]).exitCode == 0)
            chmod(binary, 0o755)
            path = directory.path + ":/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"
            let probe = try run("/usr/bin/setpriv", Self.setprivArguments + ["/usr/bin/unshare", "--user", "--map-root-user", "--net", "true"])
            namespacesWork = probe.exitCode == 0
        }

        /// Skips the test (rather than failing it) where nobody cannot create a user namespace:
        /// record then exits 3 before running anything, which PrivilegeTests already checks.
        func skipWithoutUserNamespaces() throws {
            if !namespacesWork {
                try Test.cancel("skipped: unprivileged user namespaces are not available to nobody on this machine")
            }
        }

        /// `resolvlab ARGUMENTS` as nobody.
        func resolvlab(_ arguments: [String]) throws -> CommandResult {
            try run("/usr/bin/setpriv", Self.setprivArguments + [binary] + arguments, environment: ["HOME": "/", "PATH": path])
        }

        /// A request to start `resolvlab ARGUMENTS` as nobody.
        func request(_ arguments: [String]) -> SpawnRequest {
            var environment = ProcessInfo.processInfo.environment
            environment["HOME"] = "/"
            environment["PATH"] = path
            return SpawnRequest(path: "/usr/bin/setpriv", arguments: ["/usr/bin/setpriv"] + Self.setprivArguments + [binary] + arguments,
                                environment: environment.map { "\($0.key)=\($0.value)" }, standardInput: .null,
                                standardOutput: .null, standardError: .null)
        }
    }

    static func owner(_ path: String) -> (uid: uid_t, gid: gid_t, mode: mode_t)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (info.st_uid, info.st_gid, info.st_mode & 0o7777)
    }

    /// The seed scenario with ndots:1: recording it changes expect.queries to the two absolute queries.
    static func ndots1Seed() throws -> String {
        let seed = try String(contentsOfFile: seedScenario, encoding: .utf8)
        let changed = seed.replacingOccurrences(of: "\"options ndots:5\"", with: "\"options ndots:1\"")
        #expect(changed != seed)
        return changed
    }

    /// A user records their own scenario in a shared directory they cannot write: the file must
    /// stay theirs with its mode (a root-owned or world-readable replacement would be a leak or a lockout).
    @Test("record as nobody keeps the owner and mode 0640 of a file in a directory nobody cannot write",
          .enabled(if: isRoot && setprivAvailable && unshareAvailable))
    func recordAsNobodyKeepsOwnerAndMode() throws {
        let nobody = try Nobody()
        try nobody.skipWithoutUserNamespaces()
        let directory = try TemporaryDirectory()  // root's, 0755: nobody cannot create files in it
        let file = try directory.write("mine.json", try Self.ndots1Seed())
        #expect(chown(file, 65534, 65534) == 0)
        #expect(chmod(file, 0o640) == 0)

        let result = try nobody.resolvlab(["record", file])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.output.contains("UPDATED   kubernetes ndots:5"), "\(result)")
        #expect(result.output.contains("1 updated, 0 unchanged, 0 not recorded"), "\(result)")
        let recorded = try String(contentsOfFile: file, encoding: .utf8)
        #expect(recorded.contains("\"queries\": [\"A ycwu314.top.\", \"AAAA ycwu314.top.\"]"), "\(recorded)")
        let after = try #require(Self.owner(file))
        #expect(after.uid == 65534 && after.gid == 65534, "owner kept: \(after)")
        #expect(after.mode == 0o640, "mode kept: \(String(after.mode, radix: 8))")
        #expect(try Self.listing(directory.path) == ["mine.json"], "no temporary file is left behind")
    }

    /// A file the user may not write is refused with one line saying so, and not one byte changes.
    @Test("record as nobody refuses a root-owned 0644 file with one clear line and leaves it byte-identical",
          .enabled(if: isRoot && setprivAvailable))
    func recordAsNobodyRefusesUnwritableFile() throws {
        let nobody = try Nobody()
        let directory = try TemporaryDirectory()
        let source = try Self.ndots1Seed()
        let file = try directory.write("roots.json", source)
        #expect(chmod(file, 0o644) == 0)

        let result = try nobody.resolvlab(["record", file])
        if nobody.namespacesWork {
            #expect(result.exitCode == 1, "\(result)")
            let refusals = Self.lines(of: result.output + result.errors, containing: "cannot write \(file): permission denied")
            #expect(refusals.count == 1, "one line says why: \(result)")
            #expect(result.output.contains("0 updated, 0 unchanged, 1 not recorded"), "\(result)")
        } else {
            #expect(result.exitCode == 3, "user namespaces are off for nobody here: \(result)")
        }
        #expect(try Self.bytes(file) == Data(source.utf8), "the file is byte-identical")
        let after = try #require(Self.owner(file))
        #expect(after.uid == 0 && after.mode == 0o644)
        #expect(try Self.listing(directory.path) == ["roots.json"])
    }

    /// SIGKILL cannot be caught: whatever record has made by then must vanish with it, so a killed
    /// run never leaves a stray temporary file beside the user's scenario.
    @Test("record as nobody killed with SIGKILL mid-run leaves the directory listing and the file unchanged",
          .enabled(if: isRoot && setprivAvailable && unshareAvailable))
    func killedRecordLeavesNothing() throws {
        let nobody = try Nobody()
        try nobody.skipWithoutUserNamespaces()
        let directory = try TemporaryDirectory()
        // nobody may create files here, so a temporary file could be left if record made one.
        #expect(chown(directory.path, 65534, 65534) == 0)
        let source = """
            {
              "name": "a lookup that waits two seconds on a silent server",
              "resolvConf": ["nameserver 10.96.0.10", "options timeout:2 attempts:1"],
              "servers": [ { "address": "10.96.0.10", "mode": "silent" } ],
              "lookups": [ { "getaddrinfo": "x.example", "family": "inet" } ]
            }

            """
        let file = try directory.write("slow.json", source)
        #expect(chown(file, 65534, 65534) == 0)
        let before = try Self.listing(directory.path)

        let process = try ChildProcess.spawn(nobody.request(["record", file]))
        usleep(500_000)
        #expect(process.reapIfExited() == nil, "record is still running after 0.5 s")
        process.signal(SIGKILL)
        #expect(process.reap() == .signaled(SIGKILL))
        // The sandbox child dies with its parent (PR_SET_PDEATHSIG); give it a moment all the same.
        usleep(200_000)
        #expect(try Self.listing(directory.path) == before, "no temporary file is left behind")
        #expect(try Self.bytes(file) == Data(source.utf8), "the file is byte-identical")
    }
}
