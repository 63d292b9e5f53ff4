import Foundation
import Glibc
import ScenarioFormat
import SystemCalls
import Testing

/// The client helpers `make tools` builds (tools/clients/README.md), each run through `resolvlab trace`
/// against a scripted zone: the typed result of an answer, of a name that does not exist, of a call
/// the client has no equivalent for, and of bad usage. A helper that is not built (its toolchain is
/// missing) has no test cases here.
@Suite("client helpers", .serialized)
struct ClientHelperTests {
    struct Client: Sendable, CustomTestStringConvertible {
        var client: ResolverClient
        var path: String
        /// A call the client has no equivalent for; nil when it has every call (musl).
        var unsupportedCall: [String]?

        var testDescription: String { client.rawValue }
        var environment: [String: String] { client.environment }
    }

    /// The helpers present: in .build/tools first (where `make tools` puts them), else on PATH.
    static let clients: [Client] = ResolverClient.allCases.compactMap { client in
        guard let helper = client.helper else { return nil }
        let built = toolsDirectory + "/" + helper
        let path = FileManager.default.isExecutableFile(atPath: built) ? built : (try? ExecutableSearch.find(helper).get())
        guard let path else { return nil }
        let unsupported: [String]? = switch client {
        case .musl, .glibc: nil
        case .go, .goCgo: ["res_query", "web.example", "type=A"]
        case .cAres, .dnspython: ["res_querydomain", "web", "domain=example"]
        }
        return Client(client: client, path: path, unsupportedCall: unsupported)
    }

    /// The helper's request run in a sandbox with `options` (trace's), its exit status and parsed result.
    func lookup(_ client: Client, _ options: [String], _ request: [String]) throws -> (CommandResult, [String: Any]) {
        let result = try resolvlab(["trace"] + options + ["--", client.path] + request, environment: client.environment)
        let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty, "exactly one line on stdout: \(result)")
        let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        return (result, try #require(object, "a JSON object on stdout: \(result)"))
    }

    @Test("an answer: the zone's address, no error, the call's duration", arguments: clients)
    func answer(_ client: Client) throws {
        let (result, json) = try lookup(client, ["--zone", "web.example=10.0.0.5"], ["getaddrinfo", "web.example", "family=inet"])
        #expect(result.exitCode == 0, "\(result)")
        #expect(json["addresses"] as? [String] == ["10.0.0.5"], "\(result)")
        #expect(json["error"] == nil, "\(result)")
        #expect((json["durationMs"] as? Double).map { $0 >= 0 } == true, "\(result)")

        let (reverse, names) = try lookup(client, ["--zone", "web.example=10.0.0.5"], ["gethostbyname", "web.example"])
        #expect(reverse.exitCode == 0, "\(reverse)")
        #expect(names["addresses"] as? [String] == ["10.0.0.5"], "\(reverse)")
    }

    @Test("getaddrinfo walks the search list under ndots: the answer comes from the search domain", arguments: clients)
    func searchWalk(_ client: Client) throws {
        let (result, json) = try lookup(client, ["--search", "a.example", "--ndots", "2", "--zone", "api.a.example=10.0.0.7"],
                                        ["getaddrinfo", "api", "family=inet"])
        #expect(result.exitCode == 0, "\(result)")
        #expect(json["addresses"] as? [String] == ["10.0.0.7"], "\(result)")
        #expect(result.errors.contains("A api.a.example."), "the query went out for the search name: \(result)")
    }

    @Test("NXDOMAIN: EAI_NONAME from getaddrinfo, HOST_NOT_FOUND from gethostbyname, no addresses", arguments: clients)
    func nxdomain(_ client: Client) throws {
        let (result, json) = try lookup(client, ["--otherwise", "nxdomain"], ["getaddrinfo", "gone.example", "family=inet"])
        #expect(result.exitCode == 0, "a lookup's failure is a result, not the helper's: \(result)")
        let error = try #require(json["error"] as? [String: Any], "\(result)")
        #expect(error["name"] as? String == "EAI_NONAME", "\(result)")
        #expect((error["detail"] as? String)?.isEmpty == false, "\(result)")
        #expect(json["addresses"] == nil, "\(result)")

        let (host, hostJSON) = try lookup(client, ["--otherwise", "nxdomain"], ["gethostbyname", "gone.example"])
        #expect(host.exitCode == 0, "\(host)")
        #expect((hostJSON["error"] as? [String: Any])?["name"] as? String == "HOST_NOT_FOUND", "\(host)")
    }

    @Test("a call the client has no equivalent for: exit 3 and why (musl has every call: res_querydomain answers)",
          arguments: clients)
    func unsupported(_ client: Client) throws {
        guard let call = client.unsupportedCall else {
            let (result, json) = try lookup(client, ["--zone", "web.example=10.0.0.5"],
                                            ["res_querydomain", "web", "domain=example", "type=A"])
            #expect(result.exitCode == 0, "\(result)")
            #expect(json["rcode"] as? String == "NOERROR" && json["answerCount"] as? Int == 1, "\(result)")
            #expect(json["addresses"] as? [String] == ["10.0.0.5"], "\(result)")
            return
        }
        let (result, json) = try lookup(client, ["--zone", "web.example=10.0.0.5"], call)
        #expect(result.exitCode == 3, "\(result)")
        #expect((json["unsupported"] as? String)?.isEmpty == false, "\(result)")
        #expect(json.count == 1, "nothing but the reason: \(result)")
        #expect(!result.errors.contains(" query #"), "no query went out: \(result)")
    }

    @Test("bad usage: exit 64, a message on stderr, nothing on stdout", arguments: clients)
    func badUsage(_ client: Client) throws {
        for arguments in [["getaddrinfo"], ["resolve", "web.example"], ["getaddrinfo", "web.example", "family=inet4"],
                          ["gethostbyname2", "web.example"], ["gethostbyaddr", "web.example"]] {
            let result = try run(client.path, arguments, environment: client.environment)
            #expect(result.exitCode == 64, "\(arguments): \(result)")
            #expect(result.output.isEmpty && !result.errors.isEmpty, "\(arguments): \(result)")
        }
    }
}
