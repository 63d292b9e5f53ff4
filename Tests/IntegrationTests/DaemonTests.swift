import Foundation
import Testing

/// Daemons in the sandbox: started before the lookups once ready, stopped after them, their
/// failures clear ERRORs, and each query attributed to its hop.
@Suite("Daemons", .serialized)
struct DaemonTests {
    static let dnsmasq = FileManager.default.isExecutableFile(atPath: "/usr/sbin/dnsmasq")

    func run(_ scenario: [String: Any], _ arguments: [String] = []) throws -> (CommandResult, [String: Any]?) {
        let directory = try TemporaryDirectory()
        let file = try directory.write("daemon.json", String(decoding: try JSONSerialization.data(withJSONObject: scenario), as: UTF8.self))
        let report = directory.path + "/report.json"
        let result = try resolvlab(["run", "--report", "json=\(report)"] + arguments + [file])
        let document = (try? Data(contentsOf: URL(fileURLWithPath: report)))
            .flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
        return (result, (document?["scenarios"] as? [[String: Any]])?.first)
    }

    static func scenario(daemon: [String: Any]) -> [String: Any] {
        ["name": "daemon", "resolvConf": ["nameserver 10.96.0.10"],
         "servers": [["address": "10.96.0.20", "records": ["web.example.": ["A": ["10.0.0.5"]]]]],
         "daemons": [daemon],
         "lookups": [["getaddrinfo": "web.example", "family": "inet"]], "expect": ["queries": ["A web.example."]]]
    }

    @Test("a daemon that exits before it is ready is an ERROR naming it, its exit status and what it wrote")
    func exitsEarly() throws {
        let (result, _) = try run(Self.scenario(daemon: ["name": "broken", "exec": ["sh", "-c", "echo cannot bind >&2; exit 3"],
                                                         "address": "10.96.0.10"]))
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.output.contains("daemons[0] broken ended (exit code 3) before it was ready; it wrote: cannot bind"), "\(result)")
    }

    @Test("a daemon that never becomes ready is an ERROR after readyTimeoutMs, and is stopped")
    func neverReady() throws {
        let started = Date()
        let (result, _) = try run(Self.scenario(daemon: ["name": "sleeper", "exec": ["sleep", "30"], "ready": "path /nonexistent/socket",
                                                         "readyTimeoutMs": 300]))
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.output.contains("daemons[0] sleeper was not ready after 300 ms (waiting until /nonexistent/socket exists)"),
                "\(result)")
        #expect(Date().timeIntervalSince(started) < 10, "the daemon was stopped, not waited for")
    }

    @Test("dnsmasq in front of the scripted server: the second lookup is answered from its cache; each query names its hop",
          .enabled(if: dnsmasq))
    func dnsmasqCaches() throws {
        var scenario = Self.scenario(daemon: [
            "name": "dnsmasq", "address": "10.96.0.10",
            "exec": ["dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--bind-interfaces",
                     "--listen-address=10.96.0.10", "--server=10.96.0.20@10.96.0.10"],
        ])
        scenario["lookups"] = [["getaddrinfo": "web.example", "family": "inet", "expect": ["addresses": ["10.0.0.5"]]],
                               ["getaddrinfo": "web.example", "family": "inet", "expect": ["addresses": ["10.0.0.5"]]]]
        scenario["expect"] = ["queries": ["A web.example. @10.96.0.10", "A web.example. @10.96.0.20", "A web.example. @10.96.0.10"]]
        let (result, entry) = try run(scenario, ["-v"])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.output.contains("client → dnsmasq") && result.output.contains("dnsmasq → 10.96.0.20"), "\(result)")
        let hops = (entry?["queries"] as? [[String: Any]] ?? []).map { $0["hop"] as? String }
        #expect(hops == ["client → dnsmasq", "dnsmasq → 10.96.0.20", "client → dnsmasq"])
    }
}
