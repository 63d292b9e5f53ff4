import Foundation
import Glibc
import SystemCalls
import Testing

/// From 16 scenarios on, `run` forks its sandboxes from a fork server started before it reads the
/// files, so no fork pays for a heap that grows with the suite. The server must be invisible:
/// same outcomes, captures kept, timeouts enforced, nothing left behind.
@Suite("Fork server", .serialized)
struct ForkServerTests {
    /// The parent pid of each process.
    static func parents() -> [pid_t: pid_t] {
        var result: [pid_t: pid_t] = [:]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = pid_t(entry), let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { continue }
            let text = String(decoding: data, as: UTF8.self)
            // After the command's closing parenthesis: state, then the parent pid.
            guard let close = text.lastIndex(of: ")") else { continue }
            let fields = text[text.index(after: close)...].split(separator: " ")
            if fields.count > 1, let parent = pid_t(fields[1]) { result[pid] = parent }
        }
        return result
    }

    /// The pids of a process from the outermost PID namespace to its own (`NSpid`).
    static func namespacePIDs(of pid: pid_t) -> [Int] {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/status") else { return [] }
        let line = String(decoding: data, as: UTF8.self).split(separator: "\n").first { $0.hasPrefix("NSpid:") }
        return line.map { $0.dropFirst("NSpid:".count).split(whereSeparator: \.isWhitespace).compactMap { Int($0) } } ?? []
    }

    @Test("a large suite's sandboxes are forked by a server that ends with the run; outcomes, captures and lookup timeouts are unchanged")
    func largeSuite() throws {
        let directory = try TemporaryDirectory()
        let marker = ContainmentTests.marker()
        let quick = try ContainmentTests.scenario(name: "quick", lookups: [
            ["getaddrinfo": "a.example", "family": "inet", "expect": ["addresses": ["10.0.0.5"]]],
        ]).replacingOccurrences(of: "\"queries\":[]", with: "\"queries\":[\"A a.example.\"]")
        for index in 0..<17 { try directory.write("scenarios/quick-\(index).json", quick) }
        try directory.write("scenarios/slow.json", try ContainmentTests.scenario(name: "slow", lookups: [
            ["exec": ["sh", "-c", "sleep 300; true", marker], "expect": ["exitCode": 0]],
        ], extra: ["timeoutMs": 1000]))
        let pcaps = directory.path + "/pcaps"
        let report = directory.path + "/report.json"
        let process = try ChildProcess.spawn(SpawnRequest(
            path: resolvlabBinary,
            arguments: [resolvlabBinary, "run", "--jobs", "2", "--pcap-dir", pcaps, "--pcap-all", "--report", "json=\(report)",
                        directory.path + "/scenarios"],
            standardInput: .null, newProcessGroup: false))
        var collector = OutputCollector(input: [], process: process, limit: 1 << 20)
        // While the slow lookup runs: its sandbox's parent is a child of the run, not the run.
        let started = MonotonicInstant.now()
        var sandboxParent: pid_t?
        var lookupSandbox: pid_t?
        while sandboxParent == nil, started.milliseconds(to: .now()) < 20_000 {
            _ = collector.run(until: MonotonicInstant.now().adding(milliseconds: 20))
            let parents = Self.parents()
            let servers = Set(parents.filter { $0.value == process.pid }.map(\.key))
            if let lookup = ContainmentTests.processes(containing: marker).first {
                sandboxParent = parents.values.first { servers.contains($0) }
                lookupSandbox = parents[lookup]
            }
        }
        #expect(sandboxParent != nil, "a sandbox runs as the child of a child of the run (its fork server)")
        if geteuid() == 0, let lookupSandbox {
            // As root, the server starts each sandbox as the init of its PID namespace: the slow
            // lookup's parent is the server's child, and PID 1 where it lives.
            #expect(sandboxParent == Self.parents()[lookupSandbox], "the lookup's parent is the server's child")
            #expect(Self.namespacePIDs(of: lookupSandbox).last == 1, "the sandbox is PID 1 of its namespace")
        }
        let ended = collector.run(until: MonotonicInstant.now().adding(milliseconds: 30_000))
        #expect(ended, "the run ended")
        collector.closeAll()
        let status = process.reap()
        let stdout = collector.output.text
        #expect(status == .exited(1), "\(status) \(stdout) \(collector.errors.text)")
        #expect(stdout.contains("17 passed, 1 failed, 0 errors, 0 skipped"), "\(stdout)")
        #expect(stdout.contains("expected exit code 0, but it timed out"), "the sandbox ended the lookup at timeoutMs")
        #expect(ContainmentTests.processes(containing: marker).isEmpty, "the timed-out lookup is gone")
        #expect(ContainmentTests.gone(directory.path), "the fork server and its sandboxes are gone")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report)))
            as? [String: Any])
        let kinds = ((document["scenarios"] as? [[String: Any]]) ?? []).map { "\($0["outcome"] ?? "") \($0["errorKind"] ?? "")" }
        #expect(kinds.sorted() == (Array(repeating: "pass <null>", count: 17) + ["fail <null>"]).sorted(), "\(kinds)")
        // Every capture was handed to its sandbox through the server and kept: a pcap file each.
        let files = try FileManager.default.contentsOfDirectory(atPath: pcaps).filter { $0.hasSuffix(".pcap") }
        #expect(files.count == 18, "\(files)")
        for file in files {
            let bytes = try #require(FileManager.default.contents(atPath: pcaps + "/" + file))
            #expect(bytes.count >= 24 && Array(bytes.prefix(4)) == [0xD4, 0xC3, 0xB2, 0xA1], "\(file) is a pcap file")
        }
    }
}
