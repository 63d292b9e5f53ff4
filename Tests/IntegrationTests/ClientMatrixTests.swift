import DNSWire
import Foundation
import Glibc
import ScenarioFormat
import SystemCalls
import Testing

/// Scenarios run under several clients (`clients`, `--clients`): one run per client, one expectation with
/// per-client overrides, the matrix, and the client's name in every report. Clients whose helper is not
/// built here are SKIPs, which these tests check too.
@Suite("client matrix", .serialized)
struct ClientMatrixTests {
    /// PATH with the helpers `make tools` built.
    static let environment = ["PATH": toolsDirectory + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")]

    static func built(_ client: ResolverClient) -> Bool {
        guard let helper = client.helper else { return true }
        return FileManager.default.isExecutableFile(atPath: toolsDirectory + "/" + helper)
    }

    /// A search walk every client makes alike (family inet: one query per name).
    static let walk = """
        {
          "name": "a two-domain search walk",
          "clients": ["glibc", "musl", "go", "go-cgo", "c-ares", "dnspython"],
          "resolvConf": ["search svc.cluster.local cluster.local", "nameserver 10.96.0.10", "options ndots:5 timeout:1 attempts:1"],
          "servers": [{ "address": "10.96.0.10", "records": { "web.example.": { "A": ["10.0.0.5"] } } }],
          "lookups": [{ "getaddrinfo": "web.example", "family": "inet", "expect": { "addresses": ["10.0.0.5"] } }],
          "expect": { "queries": ["A web.example.svc.cluster.local.", "A web.example.cluster.local.", "A web.example."] }
        }
        """

    @Test func everyClientRunsAndIsNamedInEveryReport() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("walk.json", Self.walk)
        let result = try resolvlab(["run", "--jobs", "2", "--pcap-dir", directory.path + "/pcaps", "--pcap-all",
                                    "--report", "json=\(directory.path)/r.json", "--report", "junit=\(directory.path)/r.xml",
                                    "--report", "tap=\(directory.path)/r.tap", file], environment: Self.environment)
        #expect(result.exitCode == 0, "\(result)")
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory.path + "/r.json")))
        let entries = try #require((report as? [String: Any])?["scenarios"] as? [[String: Any]])
        #expect(entries.map { $0["client"] as? String } == ResolverClient.allCases.map(\.rawValue))
        for (entry, client) in zip(entries, ResolverClient.allCases) {
            #expect(entry["outcome"] as? String == (Self.built(client) ? "pass" : "skip"), "\(client): \(entry)")
        }
        let junit = try String(contentsOfFile: directory.path + "/r.xml", encoding: .utf8)
        let tap = try String(contentsOfFile: directory.path + "/r.tap", encoding: .utf8)
        for client in ResolverClient.allCases {
            #expect(junit.contains("name=\"a two-domain search walk [\(client.rawValue)]\""), "\(junit)")
            #expect(tap.contains("a two-domain search walk [\(client.rawValue)]"), "\(tap)")
            #expect(result.output.contains("a two-domain search walk [\(client.rawValue)]"), "\(result)")
        }
        let pcaps = try FileManager.default.contentsOfDirectory(atPath: directory.path + "/pcaps").sorted()
        let ran = ResolverClient.allCases.filter(Self.built)
        #expect(pcaps.count == ran.count, "\(pcaps)")
        for client in ran { #expect(pcaps.contains { $0.hasSuffix("-\(client.rawValue).pcap") }, "\(pcaps)") }
        // The matrix: a header naming every client, then the row.
        let lines = result.output.split(separator: "\n").map(String.init)
        let header = try #require(lines.first { $0.hasPrefix("scenario ") }, "\(result)")
        #expect(header.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
                == ["scenario"] + ResolverClient.allCases.map(\.rawValue))
        let row = try #require(lines.first { $0.hasPrefix("a two-domain search walk ") }, "\(result)")
        #expect(row.components(separatedBy: "PASS 3q").count - 1 == ran.count, "\(row)")
    }

    /// SERVFAIL for the first search domain: glibc retries once and asks the next domain; musl asks the
    /// same name again until its time is up (how often depends on timing) and fails with EAI_AGAIN. The
    /// shared expectation is glibc's; musl's override makes musl's run pass, and without it musl fails.
    static func servfailWalk(override: Bool) -> String {
        let musl = override
            ? #", "clients": { "musl": { "queries": ["A web.svc.cluster.local.", "A web.svc.cluster.local."], "order": "subsequence", "#
                + #""forbid": ["A web.cluster.local."] } }"#
            : ""
        let error = override ? #", "clients": { "musl": { "addresses": null, "error": "EAI_AGAIN" } }"# : ""
        return """
            {
              "name": "SERVFAIL in the walk",
              "clients": ["glibc", "musl"],
              "resolvConf": ["search svc.cluster.local cluster.local", "nameserver 10.96.0.10", "options ndots:5 timeout:1 attempts:2"],
              "servers": [{ "address": "10.96.0.10", "records": { "web.cluster.local.": { "A": ["10.0.0.5"] } },
                            "rules": [{ "name": "web.svc.cluster.local.", "reply": "servfail" }] }],
              "lookups": [{ "getaddrinfo": "web", "family": "inet", "expect": { "addresses": ["10.0.0.5"]\(error) } }],
              "expect": { "queries": ["A web.svc.cluster.local.", "A web.svc.cluster.local.", "A web.cluster.local."]\(musl) }
            }
            """
    }

    @Test(.enabled(if: built(.musl), "the musl helper is not built (musl-tools)"))
    func overridesJudgeTheirClientAlone() throws {
        let directory = try TemporaryDirectory()
        let with = try directory.write("with.json", Self.servfailWalk(override: true))
        let passing = try resolvlab(["run", with], environment: Self.environment)
        #expect(passing.exitCode == 0, "\(passing)")
        let without = try directory.write("without.json", Self.servfailWalk(override: false))
        let failing = try resolvlab(["run", without], environment: Self.environment)
        #expect(failing.exitCode == 1, "\(failing)")
        #expect(failing.output.contains("PASS  SERVFAIL in the walk [glibc]"), "\(failing)")
        #expect(failing.output.contains("FAIL  SERVFAIL in the walk [musl]"), "\(failing)")
    }

    @Test func clientsOnTheCommandLineReplaceTheFilesAndSkipWhatAClientCannotDo() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("flags.json", """
            {
              "name": "addrconfig",
              "resolvConf": ["nameserver 10.96.0.10"],
              "servers": [{ "address": "10.96.0.10", "records": { "web.example.": { "A": ["10.0.0.5"] } } }],
              "lookups": [{ "getaddrinfo": "web.example", "flags": ["addrconfig"], "expect": { "addresses": ["10.0.0.5"] } },
                          { "res_query": "web.example", "type": "A", "expect": { "rcode": "NOERROR" } }]
            }
            """)
        let result = try resolvlab(["run", "--clients", "glibc,go", file], environment: Self.environment)
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.output.contains("PASS  addrconfig [glibc]"), "\(result)")
        #expect(result.output.contains("SKIP  addrconfig [go]"), "\(result)")
        if Self.built(.go) {
            #expect(result.output.contains("client go cannot make lookups[0] (getaddrinfo web.example): Go's LookupIP takes no "
                                           + "getaddrinfo flags (AI_ADDRCONFIG)"), "\(result)")
        } else {
            #expect(result.output.contains("client go: resolvlab-client-go is not on PATH (install golang-go, then make tools)"), "\(result)")
        }
        let bad = try resolvlab(["run", "--clients", "glibc,muls", file], environment: Self.environment)
        #expect(bad.exitCode == 64 || bad.exitCode == 2, "\(bad)")
        #expect(bad.errors.contains("--clients"), "\(bad)")
    }

    static let address = IPAddress("10.0.0.5")!

    /// The support table the runner skips by (`ResolverClient.cannotMake`) agrees with the helpers: a call
    /// the table allows is made (no "cannot make this call" error), one it refuses is a SKIP.
    @Test(arguments: ResolverClient.allCases.filter { $0 != .glibc && built($0) })
    func theSupportTableAgreesWithTheHelper(_ client: ResolverClient) throws {
        let calls: [(json: String, call: LookupCall)] = [
            (#"{ "getaddrinfo": "web.example" }"#, .getaddrinfo(GetaddrinfoCall(host: "web.example"))),
            (#"{ "getaddrinfo": "web.example", "flags": ["canonname"] }"#,
             .getaddrinfo(GetaddrinfoCall(host: "web.example", flags: [.canonname]))),
            (#"{ "getaddrinfo": "web.example", "flags": ["addrconfig"] }"#,
             .getaddrinfo(GetaddrinfoCall(host: "web.example", flags: [.addrconfig]))),
            (#"{ "gethostbyname": "web.example" }"#, .gethostbyname(GethostbynameCall(name: "web.example"))),
            (#"{ "gethostbyname2": "web.example", "family": "inet6" }"#,
             .gethostbyname(GethostbynameCall(name: "web.example", family: .inet6))),
            (#"{ "res_query": "web.example", "type": "A" }"#, .resQuery(ResQueryCall(name: "web.example", type: .A))),
            (#"{ "res_search": "web.example", "type": "A" }"#, .resQuery(ResQueryCall(name: "web.example", type: .A, search: true))),
            (#"{ "res_querydomain": "web", "domain": "example", "type": "A" }"#,
             .resQuery(ResQueryCall(name: "web", type: .A, domain: "example"))),
            (#"{ "gethostbyaddr": "10.0.0.5" }"#, .gethostbyaddr(GethostbyaddrCall(address: Self.address))),
            (#"{ "getnameinfo": "10.0.0.5" }"#, .getnameinfo(GetnameinfoCall(address: Self.address))),
            (#"{ "getnameinfo": "10.0.0.5", "flags": ["nofqdn"] }"#, .getnameinfo(GetnameinfoCall(address: Self.address, flags: [.nofqdn]))),
        ]
        let directory = try TemporaryDirectory()
        for (json, call) in calls {
            let file = try directory.write("call.json", """
                { "name": "one call", "clients": ["\(client.rawValue)"], "resolvConf": ["nameserver 10.96.0.10"],
                  "servers": [{ "address": "10.96.0.10", "records": { "web.example.": { "A": ["10.0.0.5"] },
                                                                    "5.0.0.10.in-addr.arpa.": { "PTR": ["web.example."] } } }],
                  "lookups": [\(json)], "expect": { "forbid": ["* nothing.invalid."] } }
                """)
            let result = try resolvlab(["run", file], environment: Self.environment)
            if let reason = client.cannotMake(call) {
                #expect(result.output.contains("SKIP") && result.output.contains(reason), "\(json): \(result)")
            } else {
                #expect(result.exitCode == 0 && result.output.contains("PASS"), "\(json): \(result)")
            }
        }
    }
}
