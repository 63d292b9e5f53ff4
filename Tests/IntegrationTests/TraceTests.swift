import Foundation
import Glibc
import Testing

/// `resolvlab trace`: a command in a throwaway sandbox, its queries and replies as they happen.
@Suite("trace", .serialized)
struct TraceTests {
    /// Trace lines with their timings replaced: offsets by `+T`, latencies and durations by `T`.
    static func normalised(_ text: String) -> String {
        var text = text
        let patterns = [
            (#";;\s+[+-]\d+\.\d ms"#, ";; +T"),
            (#"(in|after|waited) \d+(\.\d+)? (ms|s)\b"#, "$1 T"),
            (#"\d+(\.\d+)? (ms|s) waiting"#, "T waiting"),
        ]
        for (pattern, template) in patterns {
            let expression = try! NSRegularExpression(pattern: pattern)
            text = expression.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text),
                                                       withTemplate: template)
        }
        return text
    }

    /// Runs a shell command line (for pipes and standard input), with resolvlab as `$R`.
    func shell(_ line: String) throws -> CommandResult {
        try run("sh", ["-c", line], environment: ["R": resolvlabBinary])
    }

    @Test("a search walk under ndots:5: each query and reply, the summary, and getent's output alone on stdout")
    func searchWalkIsPinned() throws {
        let result = try resolvlab(["trace", "--search", "a.example", "b.example", "--ndots", "5",
                                    "--zone", "api=10.0.0.5", "--", "getent", "ahosts", "api"])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.output == "10.0.0.5        STREAM api\n10.0.0.5        DGRAM  \n10.0.0.5        RAW    \n", "\(result)")
        #expect(Self.normalised(result.errors) == """
            ;; resolv.conf: search a.example b.example | nameserver 10.53.0.1 | options ndots:5
            ;; scripted servers: 10.53.0.1 (serve, 1 name, otherwise nxdomain)
            ;; +T  query #1   A api.a.example.                     @10.53.0.1:53 udp
            ;; +T  reply #1   A api.a.example.                     @10.53.0.1:53 udp  NXDOMAIN  in T
            ;; +T  query #2   A api.b.example.                     @10.53.0.1:53 udp
            ;; +T  reply #2   A api.b.example.                     @10.53.0.1:53 udp  NXDOMAIN  in T
            ;; +T  query #3   A api.                               @10.53.0.1:53 udp
            ;; +T  reply #3   A api.                               @10.53.0.1:53 udp  NOERROR, 1 answer  in T
            ;; 3 queries, 3 answered, 0 without reply; 2 queries before the first answer; T waiting for replies that never came
            ;; 3 search rounds: api.a.example. → api.b.example. → api.
            ;; getent exited 0 after T

            """, "\(result)")
    }

    @Test("as nobody, trace builds a sandbox of its own (a user namespace) and shows the same walk",
          .enabled(if: isRoot && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")))
    func unprivileged() throws {
        let nobody = try InputRefusalTests.Nobody()
        try nobody.skipWithoutUserNamespaces()
        let result = try nobody.resolvlab(["trace", "--search", "a.example", "b.example", "--ndots", "5",
                                           "--zone", "api=10.0.0.5", "--", "getent", "ahosts", "api"])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.output.hasPrefix("10.0.0.5        STREAM api\n"), "\(result)")
        let queries = result.errors.split(separator: "\n").filter { $0.contains(" query #") }.map { $0.split(separator: " ").filter { $0.hasSuffix(".") } }
        #expect(queries == [["api.a.example."], ["api.b.example."], ["api."]], "\(result)")
    }

    @Test("a dropped query shows as no reply, and the timeout it cost is the time spent waiting")
    func droppedQueryIsNoReply() throws {
        let result = try resolvlab(["trace", "--option", "timeout:1", "attempts:1", "--otherwise", "drop",
                                    "--", "getent", "ahosts", "gone.example"])
        #expect(result.exitCode == 2, "getent's own exit status for a name it cannot resolve: \(result)")
        #expect(Self.normalised(result.errors).contains("""
            ;; +T  query #1   A gone.example.                      @10.53.0.1:53 udp
            ;; +T  reply #1   A gone.example.                      @10.53.0.1:53 udp  no reply  waited T
            ;; 1 query, 0 answered, 1 without reply; no answer with records; T waiting for replies that never came
            """), "\(result)")
        let waited = try #require(result.errors.firstMatch(of: /(\d+\.\d+) s waiting/), "\(result)")
        #expect((0.99...1.5).contains(Double(waited.1) ?? 0), "timeout:1 costs one second: \(result)")
    }

    @Test("the command keeps its streams: a pipe sees only its output, standard input reaches it, its exit status is trace's")
    func commandStreamsAndStatus() throws {
        let piped = try shell(#""$R" trace --zone api.example=10.0.0.5 -- getent hosts api.example | tr -s ' ' "#)
        #expect(piped.output == "10.0.0.5 api.example\n", "\(piped)")
        #expect(piped.errors.contains("query #1"), "\(piped)")
        let input = try shell(#"echo from-stdin | "$R" trace -- cat"#)
        #expect(input.output == "from-stdin\n", "\(input)")
        #expect(try resolvlab(["trace", "--", "sh", "-c", "exit 7"]).exitCode == 7)
        #expect(try resolvlab(["trace", "--", "sh", "-c", "kill -9 $$"]).exitCode == 128 + 9)
    }

    @Test("--emit-scenario writes a scenario that check accepts and run passes, the observed queries as its expectation")
    func emittedScenarioPasses() throws {
        let directory = try TemporaryDirectory()
        let file = directory.path + "/walk.json"
        let trace = try resolvlab(["trace", "--search", "a.example", "b.example", "--ndots", "5", "--address", "fd00::17/128",
                                   "--zone", "api.b.example=10.0.0.5", "api.b.example=fd00::5", "--emit-scenario", file,
                                   "--", "getent", "ahosts", "api"])
        #expect(trace.exitCode == 0, "\(trace)")
        #expect(trace.errors.contains(";; wrote \(file): 4 expected queries"), "\(trace)")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let document = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        let expect = document?["expect"] as? [String: Any]
        #expect(expect?["queries"] as? [String] == ["A api.a.example.", "AAAA api.a.example.", "A api.b.example.", "AAAA api.b.example."],
                "\(text)")
        let lookup = (document?["lookups"] as? [[String: Any]])?.first
        #expect(lookup?["exec"] as? [String] == ["getent", "ahosts", "api"], "\(text)")
        #expect((lookup?["expect"] as? [String: Any])?["exitCode"] as? Int == 0, "\(text)")
        let check = try resolvlab(["check", file])
        #expect(check.exitCode == 0, "\(check)")
        let run = try resolvlab(["run", file])
        #expect(run.exitCode == 0, "\(run)")
        #expect(run.output.hasPrefix("PASS  trace: getent ahosts api"), "\(run)")
    }

    @Test("--scenario takes a scenario's sandbox: its truncating server sends the command over TCP; the emitted file passes")
    func scenarioSandbox() throws {
        let directory = try TemporaryDirectory()
        let file = directory.path + "/tcp.json"
        let source = packageRoot + "/scenarios/transport/glibc/truncated-answer-retried-over-tcp.json"
        let trace = try resolvlab(["trace", "--scenario", source, "--emit-scenario", file, "--", "getent", "ahosts", "big.example"])
        #expect(trace.exitCode == 0, "\(trace)")
        #expect(Self.normalised(trace.errors).contains("""
            ;; +T  reply #1   A big.example.                       @10.96.0.10:53 udp  NOERROR, 0 answers, truncated  in T
            ;; +T  query #2   A big.example.                       @10.96.0.10:53 tcp
            """), "\(trace)")
        #expect(try resolvlab(["run", file]).exitCode == 0)
    }

    @Test("--resolv-conf copies a file into the sandbox: its nameserver is scripted, the host's file is untouched")
    func resolvConfFromAFile() throws {
        let before = FileManager.default.contents(atPath: "/etc/resolv.conf")
        let directory = try TemporaryDirectory()
        let conf = try directory.write("resolv.conf", "search corp.example\nnameserver 192.0.2.53\noptions ndots:1\n")
        let result = try resolvlab(["trace", "--resolv-conf", conf, "--zone", "db.corp.example=10.1.1.1",
                                    "--", "getent", "hosts", "db"])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.output.hasPrefix("10.1.1.1"), "the scripted server answered: \(result)")
        #expect(result.errors.contains("@192.0.2.53:53 udp"), "\(result)")
        #expect(FileManager.default.contents(atPath: "/etc/resolv.conf") == before)
    }

    @Test("--json: every event as a JSON line, then a summary that agrees with them")
    func jsonLines() throws {
        let result = try resolvlab(["trace", "--json", "--zone", "api.example=10.0.0.5", "--", "getent", "ahosts", "api.example"])
        #expect(result.exitCode == 0, "\(result)")
        let lines = result.errors.split(separator: "\n")
        let objects = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:] }
        #expect(objects.allSatisfy { $0.count == 1 }, "one kind per line: \(result)")
        let kinds = objects.compactMap(\.keys.first)
        #expect(kinds.first == "started" && kinds.last == "summary", "\(kinds)")
        #expect(kinds.contains("lookupEnded") && kinds.contains("finished"), "\(kinds)")
        let summary = try #require(objects.last?["summary"] as? [String: Any])
        #expect(summary["queries"] as? Int == kinds.filter { $0 == "query" }.count)
        #expect(summary["queries"] as? Int == 1, "\(result)")
        #expect(summary["searchRounds"] as? [String] == ["api.example."])
    }

    @Test("a file that passes for a command but cannot be started exits 126, like a shell")
    func commandThatCannotStart() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("not-a-program", "\u{7F}ELF but not really\n")
        chmod(file, 0o755)
        let result = try resolvlab(["trace", "--", file])
        #expect(result.exitCode == 126, "\(result)")
        #expect(result.errors.contains("resolvlab trace: cannot start \(file): Exec format error"), "\(result)")
    }

    @Test("a command outliving --timeout-ms is killed and trace exits 1 saying so")
    func timeout() throws {
        let result = try resolvlab(["trace", "--timeout-ms", "300", "--", "sleep", "5"])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.errors.contains("resolvlab trace: sleep did not end within 300 ms and was killed"), "\(result)")
    }

    @Test("bad options and commands get clear errors and their exit codes", arguments: [
        ([String](), 2, "missing the command to trace, after --"),
        (["getent", "hosts", "x"], 2, "missing the command to trace, after --"),
        (["--resolv-conf", "/etc/resolv.conf", "--ndots", "2", "--", "true"], 2,
         "--resolv-conf gives the whole resolv.conf; it cannot be combined with --ndots"),
        (["--scenario", "x.json", "--hostname", "h", "--", "true"], 2,
         "--scenario takes the whole sandbox from its file; it cannot be combined with --hostname"),
        (["--zone", "api", "--", "true"], 2, "--zone api: expected NAME=IP"),
        (["--nameserver", "dns.example", "--", "true"], 2, "--nameserver dns.example: expected an IPv4 or IPv6 address"),
        (["--ndots", "16", "--", "true"], 2, "--ndots 16: expected a number from 0 to 15"),
        (["--otherwise", "nxdomian", "--", "true"], 2, "'nxdomain', 'nodata', 'servfail', 'refused' or 'drop'"),
        (["--address", "10.0.0.1/33", "--", "true"], 2, "--address 10.0.0.1/33: expected ADDRESS/PREFIX"),
        (["--hostname", "bad name", "--", "true"], 2, "resolvlab trace: --hostname: expected a host name"),
        (["--hosts", "/nonexistent/hosts", "--", "true"], 2, "--hosts /nonexistent/hosts: cannot be read: No such file or directory"),
        (["--resolv-conf", "/bin/sh", "--", "true"], 2, "--resolv-conf /bin/sh: expected a text file"),
        (["--scenario", "/nonexistent/s.json", "--", "true"], 2, "/nonexistent/s.json: no such file"),
        (["--timeout-ms", "50", "--", "true"], 2, "--timeout-ms must be from 100 to 600000"),
        (["--emit-scenario", "/nonexistent/dir/s.json", "--", "true"], 2, "--emit-scenario /nonexistent/dir/s.json"),
        (["--", "no-such-command-here"], 127, "command not found: no-such-command-here"),
        (["--", "/tmp/resolvlab-trace-not-executable"], 126, "cannot execute /tmp/resolvlab-trace-not-executable"),
    ])
    func refusals(arguments: [String], exitCode: Int32, message: String) throws {
        _ = FileManager.default.createFile(atPath: "/tmp/resolvlab-trace-not-executable", contents: Data("x\n".utf8),
                                       attributes: [.posixPermissions: 0o644])
        let result = try resolvlab(["trace"] + arguments)
        #expect(result.exitCode == exitCode, "\(result)")
        #expect(result.errors.contains(message), "\(result)")
        #expect(!result.errors.contains("query #"), "nothing ran: \(result)")
    }
}
