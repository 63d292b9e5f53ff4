import Foundation
import Glibc
import SystemCalls
import Testing

/// `resolvlab record`: re-recording expectations from a real run, the golden workflow end to end.
@Suite("record", .serialized)
struct RecordTests {
    static func bytes(_ path: String) throws -> Data {
        try #require(FileManager.default.contents(atPath: path), "\(path) is readable")
    }

    static func mode(_ path: String) -> mode_t {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & 0o7777 : 0
    }

    @Test("damaged expected queries are re-recorded to the bundled file's exact bytes, and then pass")
    func damagedSeedIsRestored() throws {
        let directory = try TemporaryDirectory()
        let original = try String(contentsOfFile: seedScenario, encoding: .utf8)
        let damaged = original
            .replacingOccurrences(of: "\"A ycwu314.top.\",", with: "\"A ycwu314.top.example.\",")
            .replacingOccurrences(of: "      \"AAAA ycwu314.top.cluster.local.\",\n", with: "")
        #expect(damaged != original)
        let file = try directory.write("seed.json", damaged)
        chmod(file, 0o640)
        #expect(try resolvlab(["run", file]).exitCode == 1, "the damaged copy fails before recording")

        let record = try resolvlab(["record", file])
        #expect(record.exitCode == 0, "\(record)")
        #expect(record.output.contains("UPDATED   kubernetes ndots:5"), "\(record)")
        #expect(record.output.contains("expect.queries:\n        - A ycwu314.top.example.\n"), "\(record)")
        #expect(record.output.contains("        + AAAA ycwu314.top.cluster.local.\n"), "\(record)")
        #expect(record.output.contains("1 updated, 0 unchanged, 0 not recorded"), "\(record)")
        #expect(try Self.bytes(file) == Self.bytes(seedScenario), "the recorded file is byte-identical to the bundled one")
        #expect(Self.mode(file) == 0o640, "permissions are kept")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(leftovers == ["seed.json"], "no temporary file is left behind")

        let rerun = try resolvlab(["run", file])
        #expect(rerun.exitCode == 0, "\(rerun)")
    }

    @Test("a changed resolv.conf is recorded as the new behaviour; recording again changes nothing")
    func changedSettingIsRecordedOnce() throws {
        let directory = try TemporaryDirectory()
        let original = try String(contentsOfFile: seedScenario, encoding: .utf8)
        let changed = original.replacingOccurrences(of: "\"options ndots:5\"", with: "\"options ndots:1\"")
        #expect(changed != original)
        let file = try directory.write("ndots1.json", changed)

        let first = try resolvlab(["record", file])
        #expect(first.exitCode == 0, "\(first)")
        #expect(first.output.contains("- A ycwu314.top.prophet.svc.cluster.local."), "\(first)")
        let recorded = try String(contentsOfFile: file, encoding: .utf8)
        // Only the queries array differs from the input: everything before and after it is kept.
        let head = try #require(changed.range(of: "    \"queries\": ["))
        let tail = try #require(changed.range(of: "\n    ],\n    \"order\": \"exact\""))
        #expect(recorded == changed[..<head.lowerBound] + "    \"queries\": [\"A ycwu314.top.\", \"AAAA ycwu314.top.\"],\n    \"order\": \"exact\""
                + changed[tail.upperBound...])
        #expect(try resolvlab(["run", file]).exitCode == 0)

        let second = try resolvlab(["record", file])
        #expect(second.exitCode == 0, "\(second)")
        #expect(second.output.contains("UNCHANGED kubernetes ndots:5"), "\(second)")
        #expect(second.output.contains("0 updated, 1 unchanged, 0 not recorded"), "\(second)")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == recorded)
    }

    @Test("a scenario without any expectation gets them all, and then passes")
    func scenarioWithoutExpectationsGetsThem() throws {
        let directory = try TemporaryDirectory()
        let source = """
            // Written by hand; record fills in the expectations.
            {
                "name": "a new scenario",
                "resolvConf": ["search corp.example", "nameserver 10.96.0.10"],
                "servers": [{ "address": "10.96.0.10", "records": { "db.corp.example.": { "A": ["10.0.0.1"] } } }],
                "lookups": [
                    { "getaddrinfo": "db", "family": "inet" },
                    { "getaddrinfo": "nothing.example", "family": "inet" },
                ],
            }

            """
        let file = try directory.write("new.json", source)
        #expect(try resolvlab(["run", file]).exitCode == 2, "without expectations the file is not valid for run")

        let record = try resolvlab(["record", file])
        #expect(record.exitCode == 0, "\(record)")
        let recorded = try String(contentsOfFile: file, encoding: .utf8)
        let expected = """
            // Written by hand; record fills in the expectations.
            {
                "name": "a new scenario",
                "resolvConf": ["search corp.example", "nameserver 10.96.0.10"],
                "servers": [{ "address": "10.96.0.10", "records": { "db.corp.example.": { "A": ["10.0.0.1"] } } }],
                "lookups": [
                    { "getaddrinfo": "db", "family": "inet", "expect": { "addresses": ["10.0.0.1"] } },
                    { "getaddrinfo": "nothing.example", "family": "inet", "expect": { "error": "EAI_NONAME" } },
                ],
                "expect": {
                    "queries": ["A db.corp.example.", "A nothing.example.", "A nothing.example.corp.example."]
                },
            }

            """
        #expect(recorded == expected, "\(record)")
        #expect(record.output.contains("lookups[1].expect.error: none → EAI_NONAME"), "\(record)")
        let rerun = try resolvlab(["run", file])
        #expect(rerun.exitCode == 0, "\(rerun)")
        #expect(try resolvlab(["record", file]).output.contains("UNCHANGED a new scenario"))
        #expect(try String(contentsOfFile: file, encoding: .utf8) == expected)
    }

    @Test("a scenario that errors is not recorded: its file stays byte-identical and exit code is 1")
    func erroringScenarioIsLeftAlone() throws {
        let directory = try TemporaryDirectory()
        let source = """
            {
              "name": "missing command",
              "resolvConf": "nameserver 10.96.0.10\\n",
              "lookups": [ { "exec": ["resolvlab-no-such-command"], "expect": { "exitCode": 3 } } ],
              "expect": { "queries": ["A stale.example."] }
            }
            """
        let file = try directory.write("error.json", source)
        let seed = try directory.write("seed.json", try String(contentsOfFile: seedScenario, encoding: .utf8))
        let result = try resolvlab(["record", file, seed])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.output.contains("ERROR missing command"), "\(result)")
        #expect(result.output.contains("command not found: resolvlab-no-such-command"), "\(result)")
        #expect(result.output.contains("not recorded: the file was left unchanged"), "\(result)")
        #expect(result.output.contains("UNCHANGED kubernetes ndots:5"), "the other file is still recorded: \(result)")
        #expect(result.output.contains("0 updated, 1 unchanged, 1 not recorded"), "\(result)")
        #expect(try Self.bytes(file) == Data(source.utf8))
    }

    @Test("an invalid file is reported like run reports it, left alone, and the exit code is 2")
    func invalidFileExitsTwo() throws {
        let directory = try TemporaryDirectory()
        let source = "{ \"name\": \"bad\", \"lookups\": [ { \"getaddrinfo\": \"x\", \"famliy\": \"inet\" } ] }\n"
        let file = try directory.write("bad.json", source)
        let result = try resolvlab(["record", file])
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.output.contains("\(file):1:"), "\(result)")
        #expect(result.output.contains("lookups[0]"), "\(result)")
        #expect(try Self.bytes(file) == Data(source.utf8))

        let missing = try resolvlab(["record", directory.path + "/nope.json"])
        #expect(missing.exitCode == 2, "\(missing)")
        #expect(missing.errors.contains("no such file or directory"), "\(missing)")
    }

    /// musl's client helper: on PATH (where `make test` puts .build/tools), else in .build/tools; nil
    /// when it is not built here. Found on PATH first because the sandbox cannot see a package root
    /// under /tmp.
    static let muslHelper: String? = {
        if case .success(let path) = ExecutableSearch.find("resolvlab-client-musl") { return path }
        let built = toolsDirectory + "/resolvlab-client-musl"
        return FileManager.default.isExecutableFile(atPath: built) ? built : nil
    }()

    static let servfailScenario = """
        {
          // glibc walks on after a SERVFAIL for the first search domain, musl stops there
          "name": "servfail on the first search domain",
          "clients": ["glibc", "musl"],
          "resolvConf": ["search a.example b.example", "nameserver 10.96.0.10", "options ndots:5 timeout:1 attempts:2"],
          "servers": [
            {
              "address": "10.96.0.10",
              "records": { "web.": { "A": ["10.0.0.5"] } },
              "rules": [{ "name": "web.a.example.", "reply": "servfail" }]
            }
          ],
          "lookups": [{ "getaddrinfo": "web", "family": "inet" }]
        }

        """

    @Test("under glibc and musl: glibc's run is the shared expectation, musl's differences its overrides; recording again changes nothing",
          .enabled(if: muslHelper != nil, "resolvlab-client-musl is not built (make tools)"))
    func clientsAreRecordedAsOverrides() throws {
        let helper = try #require(Self.muslHelper)
        let path = (helper as NSString).deletingLastPathComponent + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let directory = try TemporaryDirectory()
        let file = try directory.write("servfail.json", Self.servfailScenario)

        let record = try resolvlab(["record", file], environment: ["PATH": path])
        #expect(record.exitCode == 0, "\(record)")
        #expect(record.output.contains("UPDATED   servfail on the first search domain  (\(file))  [glibc, musl]"), "\(record)")
        #expect(record.output.contains("      expect.clients.musl.queries:\n        - A web.b.example.\n        - A web.\n"), "\(record)")
        #expect(record.output.contains("lookups[0].expect.clients.musl.error: none → EAI_AGAIN"), "\(record)")
        let recorded = try String(contentsOfFile: file, encoding: .utf8)
        let expected = Self.servfailScenario.replacingOccurrences(of: """
              "lookups": [{ "getaddrinfo": "web", "family": "inet" }]
            }
            """, with: """
              "lookups": [{ "getaddrinfo": "web", "family": "inet", "expect": {
                "addresses": ["10.0.0.5"],
                "clients": { "musl": { "addresses": null, "error": "EAI_AGAIN" } }
              } }],
              "expect": {
                "queries": ["A web.a.example.", "A web.a.example.", "A web.b.example.", "A web."],
                "clients": {
                  "musl": {
                    "queries": [
                      "A web.a.example.",
                      "A web.a.example.",
                      "A web.a.example.",
                      "A web.a.example.",
                      "A web.a.example.",
                      "A web.a.example."
                    ]
                  }
                }
              }
            }
            """)
        #expect(recorded == expected, "overrides for musl only: \(record)")
        #expect(!recorded.contains("\"glibc\": {"))

        let rerun = try resolvlab(["run", file], environment: ["PATH": path])
        #expect(rerun.exitCode == 0, "\(rerun)")
        #expect(rerun.output.contains("2 passed"), "both clients pass: \(rerun)")

        let second = try resolvlab(["record", file], environment: ["PATH": path])
        #expect(second.exitCode == 0, "\(second)")
        #expect(second.output.contains("UNCHANGED servfail on the first search domain"), "\(second)")
        #expect(second.output.contains("0 updated, 1 unchanged, 0 not recorded"), "\(second)")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == recorded)

        // Without the helper musl is skipped: glibc is still recorded (unchanged), musl's overrides stay.
        let skipped = try resolvlab(["record", file], environment: ["PATH": "/usr/bin:/bin"])
        #expect(skipped.exitCode == 1, "a client that could not be recorded: \(skipped)")
        #expect(skipped.output.contains("not recorded under musl, its expectations were left as written: SKIP: "), "\(skipped)")
        #expect(skipped.output.contains("1 client run left as written"), "\(skipped)")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == recorded)
    }
}
