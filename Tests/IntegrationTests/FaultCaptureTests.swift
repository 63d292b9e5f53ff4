import Foundation
import Testing

/// Every fault a rule applies is on the wire as sent: the capture (and so the JSON report) shows
/// the reply the responder really sent, whether the resolver accepted it or not.
@Suite("Fault capture", .serialized)
struct FaultCaptureTests {
    static let load = toolsDirectory + "/resolvlab-load"
    static let loadBuilt = FileManager.default.isExecutableFile(atPath: load)

    /// One name per fault, looked up at once from eight threads (so the timeouts overlap).
    static var rules: [[String: Any]] { [
        ["name": "f0.example.", "faults": ["id": "wrong"]],
        ["name": "f1.example.", "faults": ["sourcePort": 5353]],
        ["name": "f2.example.", "faults": ["headerOnly": true]],
        ["name": "f3.example.", "faults": ["trailingHex": "de ad be ef"]],
        ["name": "f4.example.", "faults": ["copies": 2]],
        ["name": "f5.example.", "rcode": "NOTIMP", "flags": ["aa": false, "ad": true]],
        ["name": "f6.example.", "faults": ["cutTo": 20]],
    ] }

    @Test("each fault is in the capture as the responder sent it", .enabled(if: loadBuilt))
    func faultsAreCapturedAsSent() throws {
        let directory = try TemporaryDirectory()
        let scenario: [String: Any] = [
            "name": "one fault per name",
            "resolvConf": ["nameserver 10.96.0.10", "options timeout:1 attempts:1"],
            "servers": [["address": "10.96.0.10", "records": ["*.example.": ["A": ["10.0.0.5"]]], "rules": Self.rules]],
            "lookups": [["exec": ["resolvlab-load", "-t", "8", "-n", "8", "-f", "inet", "f%d.example."]]],
            "expect": ["queries": (0..<8).map { "A f\($0).example." }, "order": "unordered"],
        ]
        let file = try directory.write("faults.json", String(decoding: try JSONSerialization.data(withJSONObject: scenario), as: UTF8.self))
        let report = directory.path + "/report.json"
        let result = try resolvlab(["run", "--report", "json=\(report)", file],
                                   environment: ["PATH": toolsDirectory + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "")])
        #expect(result.exitCode == 0, "\(result)")
        let document = try JSONSerialization.jsonObject(with: try Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any]
        let entry = try #require((document?["scenarios"] as? [[String: Any]])?.first)
        let queries = try #require(entry["queries"] as? [[String: Any]])
        var byName: [String: [String: Any]] = [:]
        for query in queries { if let name = query["name"] as? String { byName[name] = query } }
        let unmatched = try #require(entry["unmatchedReplies"] as? [[String: Any]])
        func query(_ index: Int) -> [String: Any] { byName["f\(index).example."] ?? [:] }

        // Wrong ID: no reply to the query; one reply to no query, whose ID is the query's plus one.
        #expect(query(0)["rcode"] is NSNull)
        let wrongID = unmatched.first { $0["name"] as? String == "f0.example." }
        #expect((wrongID?["id"] as? Int).map { UInt16($0) } == (query(0)["id"] as? Int).map { UInt16(truncatingIfNeeded: $0 + 1) })
        // Another source port: the reply is captured coming from 5353, and pairs with no query.
        let fromElsewhere = unmatched.first { $0["name"] as? String == "f1.example." }
        #expect(fromElsewhere?["serverPort"] as? Int == 5353)
        #expect(query(1)["rcode"] is NSNull)
        // Header only: 12 bytes on the wire.
        #expect(query(2)["replySize"] as? Int == 12)
        // Trailing bytes: four more than the untouched reply to a name as long (f7).
        let plain = try #require(query(7)["replySize"] as? Int)
        #expect(query(3)["replySize"] as? Int == plain + 4)
        // Two copies: the second is counted as another reply to the same query.
        #expect(query(4)["extraReplies"] as? Int == 1)
        // rcode and flags: NOTIMP, AA cleared, AD set.
        #expect(query(5)["rcode"] as? String == "NOTIMP")
        let flags = query(5)["replyFlags"] as? [String] ?? []
        #expect(flags.contains("ad") && !flags.contains("aa"), "\(flags)")
        // Cut to 20 bytes.
        #expect(query(6)["replySize"] as? Int == 20)
        #expect(unmatched.count == 2, "\(unmatched)")
    }
}
