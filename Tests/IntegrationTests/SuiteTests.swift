import Foundation
import Testing

/// Suites as CI runs them: parallel, sharded, with report files and captures.
@Suite("Suites in CI", .serialized)
struct SuiteTests {
    /// Bundled scenarios that do not wait on timeouts, so these tests stay quick.
    static func fastScenarios() throws -> [String] {
        try bundledScenarios().filter { path in
            let text = try String(contentsOfFile: path, encoding: .utf8)
            return !text.contains("\"silent\"") && !text.contains("\"delayMs\"") && !text.contains("\"minMs\"")
        }
    }

    /// The output with durations removed: `41 ms`, `1.20 s`, `in 0.1 s`.
    static func withoutTimings(_ text: String) -> String {
        text.replacingOccurrences(of: #"[0-9.]+ (ms|s)\b"#, with: "T", options: .regularExpression)
            .replacingOccurrences(of: #"[+-][0-9.]+ ms"#, with: "T", options: .regularExpression)
    }

    @Test("--jobs 2 prints the same results in the same order, writes the same report and exits the same as --jobs 1")
    func parallelMatchesSerial() throws {
        let directory = try TemporaryDirectory()
        // One failing scenario in the middle, so order and exit code both matter.
        let seed = try String(contentsOfFile: seedScenario, encoding: .utf8)
        try directory.write("m-changed.json", seed.replacingOccurrences(of: "\"A ycwu314.top.\",", with: "\"A other.\","))
        let files = try Self.fastScenarios() + [directory.path + "/m-changed.json"]
        let serial = try resolvlab(["run", "--jobs", "1", "--report", "json=\(directory.path)/1.json"] + files)
        let parallel = try resolvlab(["run", "--jobs", "2", "--report", "json=\(directory.path)/2.json"] + files)
        #expect(serial.exitCode == 1 && parallel.exitCode == 1, "\(serial)\n\(parallel)")
        #expect(Self.withoutTimings(serial.output) == Self.withoutTimings(parallel.output))
        let outcomes = { (name: String) throws -> [String] in
            let data = try Data(contentsOf: URL(fileURLWithPath: "\(directory.path)/\(name)"))
            let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let scenarios = try #require(document["scenarios"] as? [[String: Any]])
            return scenarios.map { "\($0["path"] ?? "") \($0["outcome"] ?? "")" }
        }
        #expect(try outcomes("1.json") == outcomes("2.json"))
    }

    @Test("shards of a suite are disjoint and together run every scenario once")
    func shardsCoverTheSuite() throws {
        var seen: [String] = []
        for index in 1...3 {
            let result = try resolvlab(["run", "--shard", "\(index)/3", "--filter", "ndots|kubernetes|hosts|edns0|rotate",
                                        packageRoot + "/scenarios"])
            #expect(result.exitCode == 0, "\(result)")
            // A file that names clients runs once per client, all in the file's shard.
            seen += Set(result.output.split(separator: "\n").filter { $0.hasPrefix("PASS") }.map { line in
                String(line.split(separator: "(").last?.split(separator: ")").first ?? "")
            })
        }
        // Scenarios whose helper is not on PATH here (musl's, outside `make test`) skip instead.
        let missing = Set(try scenariosMissingRequirements())
        // --filter matches a scenario's path or its name.
        func name(_ file: String) -> String {
            let data = FileManager.default.contents(atPath: file) ?? Data()
            return ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any])?["name"] as? String ?? ""
        }
        let expected = bundledScenarios().filter { file in
            [file, name(file)].contains { $0.range(of: "ndots|kubernetes|hosts|edns0|rotate", options: .regularExpression) != nil }
                && !missing.contains(file)
        }
        #expect(seen.sorted() == expected.sorted())
        #expect(Set(seen).count == seen.count, "no scenario ran in two shards")
    }

    @Test("JUnit, JSON and TAP reports are written together and read back")
    func reportsReadBack() throws {
        let directory = try TemporaryDirectory()
        let seed = try String(contentsOfFile: seedScenario, encoding: .utf8)
        let failing = try directory.write("failing.json", seed.replacingOccurrences(of: "\"A ycwu314.top.\",", with: "\"A other.\","))
        let invalid = try directory.write("invalid.json", "{ \"name\": \"x\" }")
        let result = try resolvlab(["run", "--report", "junit=\(directory.path)/r.xml", "--report", "json=\(directory.path)/r.json",
                                    "--report", "tap=\(directory.path)/r.tap", seedScenario, failing, invalid])
        #expect(result.exitCode == 2, "\(result)")

        for schema in ["junit-windyroad.xsd", "junit-jenkins.xsd"] {
            let validation = try run("/usr/bin/xmllint", ["--noout", "--schema",
                                                          packageRoot + "/Tests/ReportsTests/Fixtures/" + schema,
                                                          "\(directory.path)/r.xml"])
            #expect(validation.exitCode == 0, "\(schema): \(validation)")
        }
        let junit = try String(contentsOfFile: "\(directory.path)/r.xml", encoding: .utf8)
        #expect(junit.contains(#"tests="3""#) && junit.contains(#"failures="1""#) && junit.contains(#"errors="1""#), "\(junit)")
        #expect(junit.contains("missing A other."), "the failure message is the first mismatch")

        let data = try Data(contentsOf: URL(fileURLWithPath: "\(directory.path)/r.json"))
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let scenarios = try #require(document["scenarios"] as? [[String: Any]])
        #expect(scenarios.map { $0["outcome"] as? String } == ["pass", "fail", "error"])
        let queries = try #require(scenarios.first?["queries"] as? [[String: Any]])
        #expect(queries.count == 8)
        #expect(queries.first?["name"] as? String == "ycwu314.top.prophet.svc.cluster.local.")
        #expect(queries.first?["rcode"] as? String == "NXDOMAIN")

        let tap = try String(contentsOfFile: "\(directory.path)/r.tap", encoding: .utf8).split(separator: "\n")
        #expect(tap.first == "TAP version 14")
        #expect(tap.contains("1..3"))
        #expect(tap.filter { $0.hasPrefix("ok ") }.count == 1)
        #expect(tap.filter { $0.hasPrefix("not ok ") }.count == 2)
    }

    @Test("--pcap-dir keeps the capture of a failing scenario only; tcpdump reads the same queries",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/tcpdump")))
    func capturesOfFailures() throws {
        let directory = try TemporaryDirectory()
        let seed = try String(contentsOfFile: seedScenario, encoding: .utf8)
        let failing = try directory.write("failing.json", seed.replacingOccurrences(of: "\"A ycwu314.top.\",", with: "\"A other.\","))
        let pcaps = directory.path + "/pcaps"
        _ = try resolvlab(["run", "--pcap-dir", pcaps, seedScenario, failing])
        let files = try FileManager.default.contentsOfDirectory(atPath: pcaps)
        #expect(files.count == 1 && files[0].hasSuffix(".pcap") && files[0].contains("failing"), "\(files)")
        let read = try run("/usr/bin/tcpdump", ["-nn", "-r", "\(pcaps)/\(files[0])"])
        let queries = read.output.split(separator: "\n").filter { $0.contains("? ycwu314.top") }
        #expect(queries.count == 8, "\(read)")
        #expect(queries.first?.contains("A? ycwu314.top.prophet.svc.cluster.local.") == true, "\(read)")

        _ = try resolvlab(["run", "--pcap-dir", pcaps, "--pcap-all", seedScenario])
        #expect(try FileManager.default.contentsOfDirectory(atPath: pcaps).count == 2, "--pcap-all adds the passing one")
    }
}
