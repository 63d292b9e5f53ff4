import Foundation
import Testing

/// What a user sees when a scenario fails, errors, or is not a scenario at all.
@Suite("Outcomes and exit codes", .serialized)
struct ReportingTests {
    @Test("a changed expectation fails with a diff and exit code 1")
    func changedExpectationFails() throws {
        let directory = try TemporaryDirectory()
        let seed = try String(contentsOfFile: seedScenario, encoding: .utf8)
        let changed = seed.replacingOccurrences(of: "\"A ycwu314.top.\",", with: "\"A ycwu314.top.example.\",")
        #expect(changed != seed)
        let file = try directory.write("changed.json", changed)

        let result = try resolvlab(["run", file])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.output.contains("FAIL  kubernetes ndots:5"), "\(result)")
        #expect(result.output.contains("expected 8 queries, observed 8: missing A ycwu314.top.example."), "\(result)")
        // The diff: the expected query that never came, then what came instead, with server, transport, rcode.
        #expect(result.output.contains("- A ycwu314.top.example.\n"), "\(result)")
        #expect(result.output.range(of: #"\+ A ycwu314\.top\. +@10\.96\.0\.10:53 udp  NOERROR"#, options: .regularExpression) != nil,
                "\(result)")
        #expect(result.output.contains("0 passed, 1 failed"), "\(result)")
    }

    @Test("a wrong lookup expectation fails and names the lookup")
    func lookupExpectationFails() throws {
        let directory = try TemporaryDirectory()
        let seed = try String(contentsOfFile: seedScenario, encoding: .utf8)
        let changed = seed.replacingOccurrences(of: "\"104.24.99.9\"] } }", with: "\"104.24.99.10\"] } }")
        let file = try directory.write("lookup.json", changed)
        let result = try resolvlab(["run", file])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.output.contains("lookups[0] getaddrinfo ycwu314.top: expected addresses "
                                       + "[2606:4700:3033::6818:6309, 104.24.99.10], got [2606:4700:3033::6818:6309, 104.24.99.9]"),
                "\(result)")
    }

    @Test("an invalid file is an error with file, line, column, JSON path and the expectation; exit code 2")
    func invalidFileExitsTwo() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("bad.json", """
            {
              "name": "bad reply",
              "resolvConf": "nameserver 10.96.0.10\\n",
              "servers": [ { "address": "10.96.0.10", "rules": [ { "reply": "nxdomian" } ] } ],
              "lookups": [ { "getaddrinfo": "x" } ],
              "expect": { "queries": [] }
            }
            """)
        for command in ["run", "check"] {
            let result = try resolvlab([command, file])
            #expect(result.exitCode == 2, "\(command): \(result)")
            let all = result.output + result.errors
            #expect(all.contains("\(file):4:65: servers[0].rules[0].reply: expected one of nxdomain, nodata, servfail, "
                                 + "refused, drop, truncate, answer; found \"nxdomian\" (did you mean \"nxdomain\"?)"),
                    "\(command): \(result)")
        }
    }

    @Test("a JSON syntax error gives line and column")
    func syntaxErrorHasLineAndColumn() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("syntax.json", "{\n  \"name\": \"x\",\n  \"lookups\": [ 1 ] ,,\n}\n")
        let result = try resolvlab(["check", file])
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.errors.contains("\(file):3:21: invalid JSON:"), "\(result)")
    }

    @Test("a path that does not exist is a usage error")
    func missingPathExitsTwo() throws {
        let result = try resolvlab(["run", "/nonexistent/scenario.json"])
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.errors.contains("/nonexistent/scenario.json: no such file or directory"), "\(result)")
    }

    @Test("an invalid file outranks a failing one: exit code 2")
    func invalidOutranksFailure() throws {
        let directory = try TemporaryDirectory()
        let seed = try String(contentsOfFile: seedScenario, encoding: .utf8)
        try directory.write("a-fail.json", seed.replacingOccurrences(of: "\"A ycwu314.top.\",", with: "\"A other.\","))
        try directory.write("b-invalid.json", "{ \"name\": \"x\" }")
        let result = try resolvlab(["run", directory.path])
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.output.contains("0 passed, 1 failed, 1 error, 0 skipped"), "\(result)")
    }

    @Test("a command that is not installed is an error that suggests requires; a listed requirement skips")
    func missingCommand() throws {
        let directory = try TemporaryDirectory()
        let body = """
            "resolvConf": "nameserver 10.96.0.10\\n",
            "lookups": [ { "exec": ["resolvlab-no-such-command"], "expect": { "exitCode": 0 } } ]
            """
        let missing = try directory.write("missing.json", "{ \"name\": \"missing\", \(body) }")
        let result = try resolvlab(["run", missing])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.output.contains("ERROR missing"), "\(result)")
        #expect(result.output.contains("command not found: resolvlab-no-such-command"), "\(result)")
        #expect(result.output.contains("\"requires\": [\"resolvlab-no-such-command\"]"), "\(result)")

        let skipped = try directory.write("skipped.json",
                                          "{ \"name\": \"skipped\", \"requires\": [\"resolvlab-no-such-command\"], \(body) }")
        let skip = try resolvlab(["run", skipped])
        #expect(skip.exitCode == 0, "\(skip)")
        #expect(skip.output.contains("SKIP  skipped"), "\(skip)")
        #expect(skip.output.contains("requires resolvlab-no-such-command, which is not on PATH"), "\(skip)")
        #expect(skip.output.contains("0 passed, 0 failed, 0 errors, 1 skipped"), "\(skip)")
    }

    @Test("a scenario that outlives timeoutMs is an error, not a hang")
    func timeoutIsAnError() throws {
        let directory = try TemporaryDirectory()
        // A silent server and a 30 s resolver timeout: getaddrinfo would block for 30 s.
        let file = try directory.write("slow.json", """
            {
              "name": "slower than its timeout",
              "resolvConf": ["nameserver 10.96.0.10", "options timeout:30 attempts:1"],
              "servers": [ { "address": "10.96.0.10", "mode": "silent" } ],
              "lookups": [ { "getaddrinfo": "x.example", "family": "inet", "expect": { "error": "EAI_AGAIN" } } ],
              "timeoutMs": 200
            }
            """)
        let pcaps = directory.path + "/pcaps"
        let result = try resolvlab(["run", "--pcap-dir", pcaps, file])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.output.contains("ERROR slower than its timeout"), "\(result)")
        #expect(result.output.contains("timed out: the scenario did not finish within timeoutMs (200 ms)"), "\(result)")
        // The sandbox was killed, yet its capture is a file readers take, holding the query sent.
        let kept = try FileManager.default.contentsOfDirectory(atPath: pcaps)
        #expect(kept.count == 1, "\(kept)")
        let capture = try #require(FileManager.default.contents(atPath: pcaps + "/" + (kept.first ?? "")))
        #expect(capture.count > 24 && Array(capture.prefix(4)) == [0xD4, 0xC3, 0xB2, 0xA1], "a pcap header and frames")
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/tcpdump") {
            let read = try run("/usr/bin/tcpdump", ["-n", "-r", pcaps + "/" + kept[0]])
            #expect(read.exitCode == 0, "\(read)")
            #expect(read.output.contains("A? x.example."), "\(read)")
        }
    }
}
