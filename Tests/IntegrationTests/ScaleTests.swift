import Foundation
import Testing

/// Scenarios at the size real resolver test suites reach: the capture must hold every query
/// (it once held about 64 frames, and anything past ~16 queries was an ERROR).
@Suite("Scale", .serialized)
struct ScaleTests {
    static let load = toolsDirectory + "/resolvlab-load"
    static let loadBuilt = FileManager.default.isExecutableFile(atPath: load)

    /// Runs `scenario` with a JSON report; returns the output and the report's only scenario entry.
    func runWithReport(_ scenario: [String: Any]) throws -> (CommandResult, [String: Any]) {
        let directory = try TemporaryDirectory()
        let data = try JSONSerialization.data(withJSONObject: scenario)
        let file = try directory.write("scale.json", String(decoding: data, as: UTF8.self))
        let report = directory.path + "/report.json"
        let result = try resolvlab(["run", "--report", "json=\(report)", file],
                                   environment: ["PATH": toolsDirectory + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "")])
        let document = try JSONSerialization.jsonObject(with: try Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any]
        let entry = try #require((document?["scenarios"] as? [[String: Any]])?.first)
        return (result, entry)
    }

    @Test("4,000 queries from 6 threads at once: every one captured, no kernel drop", .enabled(if: loadBuilt))
    func thousandsOfConcurrentQueries() throws {
        let count = 2000
        let queries = (0..<count).flatMap { ["A q\($0).scale.example. udp", "AAAA q\($0).scale.example. udp"] }
        let (result, entry) = try runWithReport([
            "name": "2,000 lookups from 6 threads",
            "resolvConf": ["nameserver 10.96.0.10"],
            "servers": [["address": "10.96.0.10",
                         "records": ["*.scale.example.": ["A": ["10.0.0.5"], "AAAA": ["fd00::5"]]]]],
            "lookups": [["exec": ["resolvlab-load", "-t", "6", "-n", "\(count)", "-f", "unspec", "q%d.scale.example."],
                         "expect": ["exitCode": 0, "stdoutContains": "\(count) lookups, \(count) answered, 0 failed"]]],
            "expect": ["queries": queries, "order": "unordered"],
        ])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.output.contains("4000 queries"), "\(result)")
        let capture = try #require(entry["capture"] as? [String: Any])
        #expect(capture["kernelDrops"] as? Int == 0)
        #expect(capture["frames"] as? Int == 2 * 2 * count, "a query and a reply frame each")
    }

    @Test("over TCP (use-vc): 64 KiB answers and hundreds of connections, each query once on the wire",
          .enabled(if: loadBuilt))
    func largeAnswersOverTCP() throws {
        // 4,000 A records: a 64,030-byte answer (12 header + 18 question + 4,000 × 16). glibc asks
        // for it 7 times, doubling its buffer from 1 KiB.
        let big = (0..<4000).map { "10.64.\($0 / 256).\($0 % 256)" }
        var lookups: [[String: Any]] = [["exec": ["resolvlab-load", "-f", "inet", "big%d.example."],
                                         "expect": ["exitCode": 0, "stdoutContains": "1 answered, 0 failed, 4000 addresses"]]]
        var queries = Array(repeating: "A big0.example. tcp", count: 7)
        for index in 0..<300 {
            lookups.append(["getaddrinfo": "q\(index).tcp.example.", "family": "inet", "expect": ["addresses": ["10.0.0.5"]]])
            queries.append("A q\(index).tcp.example. tcp")
        }
        let (result, entry) = try runWithReport([
            "name": "64 KiB answers over TCP",
            "resolvConf": ["nameserver 10.96.0.10", "options use-vc"],
            "servers": [["address": "10.96.0.10",
                         "records": ["big0.example.": ["A": big], "*.tcp.example.": ["A": ["10.0.0.5"]]]]],
            "lookups": lookups,
            "expect": ["queries": queries],
        ])
        #expect(result.exitCode == 0, "\(result)")
        let capture = try #require(entry["capture"] as? [String: Any])
        #expect(capture["kernelDrops"] as? Int == 0)
        let observed = try #require(entry["queries"] as? [[String: Any]])
        #expect(observed.count == 307)
        // The large replies were captured whole: their size is in the report.
        let sizes = observed.prefix(7).compactMap { $0["replySize"] as? Int }
        #expect(sizes == Array(repeating: 64_030, count: 7), "\(observed.prefix(7))")
    }
}
