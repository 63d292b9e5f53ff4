import DNSWire
import Foundation
import ScenarioFormat
import Testing
@testable import Tracing

@Suite struct TraceSetupTests {
    func decoded(_ setup: TraceSetup) throws -> Scenario {
        let (text, _) = try setup.source()
        return try ScenarioDecoder.decode(text, file: "trace", options: .init(allowNoAssertions: true))
    }

    func temporaryFile(_ contents: String) throws -> String {
        let path = NSTemporaryDirectory() + "resolvlab-trace-\(UUID().uuidString)"
        try contents.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    @Test func optionsMakeTheResolvConfAndOneDefaultServer() throws {
        let scenario = try decoded(TraceSetup(
            resolver: .options(search: ["a.example", "b.example"], ndots: 5, nameservers: [], options: ["edns0"]),
            command: ["getent", "ahosts", "api"]))
        #expect(scenario.resolvConf == "search a.example b.example\nnameserver 10.53.0.1\noptions ndots:5 edns0\n")
        #expect(scenario.servers.map(\.address.description) == ["10.53.0.1"])
        #expect(scenario.servers[0].otherwise == .nxdomain)
        #expect(scenario.hosts == Scenario.defaultHosts)
        guard case .exec(let call) = scenario.lookups.first?.call else { Issue.record("not an exec lookup"); return }
        #expect(call.arguments == ["getent", "ahosts", "api"])
        #expect(scenario.expect == nil)
        #expect(scenario.timeoutMs == Scenario.defaultTimeoutMs)
    }

    @Test func everyNameserverGetsTheZoneAndTheFallback() throws {
        let scenario = try decoded(TraceSetup(
            resolver: .options(search: [], ndots: nil, nameservers: ["10.0.0.1", "fd00::53"], options: []),
            addresses: ["fd00::17/128"], zone: ["api.example=10.0.0.5", "api.example=fd00::5", "api.example=10.0.0.6"],
            otherwise: .servfail, timeoutMs: 2000, command: ["true"]))
        #expect(scenario.resolvConf == "nameserver 10.0.0.1\nnameserver fd00::53\n")
        #expect(scenario.servers.map(\.address.description) == ["10.0.0.1", "fd00::53"])
        for server in scenario.servers {
            #expect(server.otherwise == .servfail)
            let entry = server.records.entries.first
            #expect(entry?.owner.description == "api.example.")
            #expect(entry?.records.map(\.type.description) == ["A", "AAAA"])
            #expect(entry?.records.first?.data.count == 2)
        }
        #expect(scenario.addresses.map(\.description) == ["fd00::17/128"])
        #expect(scenario.timeoutMs == 2000)
    }

    @Test func aResolvConfFileIsCopiedByteForByteAndEachNameserverServed() throws {
        let text = "# pod\nsearch ns.svc.cluster.local\nnameserver 10.96.0.10\nnameserver  10.96.0.11\nnameserver fe80::1%eth0\noptions ndots:5"
        let path = try temporaryFile(text)
        defer { unlink(path) }
        let setup = TraceSetup(resolver: .file(path: path), command: ["true"])
        let (_, notes) = try setup.source()
        let scenario = try decoded(setup)
        #expect(scenario.resolvConf == text)
        #expect(scenario.servers.map(\.address.description) == ["10.96.0.10", "10.96.0.11"])
        #expect(notes == ["\(path):5: no scripted server for \"nameserver fe80::1%eth0\": expected an IPv4 or IPv6 address"])
    }

    @Test func aResolvConfWithoutNameserverIsServedWhereTheResolverLooks() throws {
        let path = try temporaryFile("search example\n")
        defer { unlink(path) }
        let setup = TraceSetup(resolver: .file(path: path), command: ["true"])
        #expect(try decoded(setup).servers.map(\.address.description) == ["127.0.0.1"])
        #expect(try setup.source().notes.first?.contains("names no nameserver") == true)
    }

    @Test func aHostsFileBecomesTheSandboxsHosts() throws {
        let path = try temporaryFile("10.1.1.1 db\n")
        defer { unlink(path) }
        let scenario = try decoded(TraceSetup(resolver: .options(search: [], ndots: nil, nameservers: [], options: []),
                                              hostsFile: path, hostname: "pod.ns.example", command: ["true"]))
        #expect(scenario.hosts == "10.1.1.1 db\n")
        #expect(scenario.hostname == "pod.ns.example")
    }

    @Test(arguments: [
        (TraceSetup(resolver: .options(search: [], ndots: nil, nameservers: ["10.0.0.300"], options: []), command: ["x"]),
         "--nameserver 10.0.0.300: expected an IPv4 or IPv6 address, such as 10.53.0.1"),
        (TraceSetup(resolver: .options(search: [], ndots: 16, nameservers: [], options: []), command: ["x"]),
         "--ndots 16: expected a number from 0 to 15"),
        (TraceSetup(resolver: .options(search: [""], ndots: nil, nameservers: [], options: []), command: ["x"]),
         "--search \"\": expected a domain name without spaces"),
        (TraceSetup(resolver: .options(search: [], ndots: nil, nameservers: [], options: ["a b"]), command: ["x"]),
         "--option \"a b\": expected one resolv.conf option without spaces, such as edns0 or timeout:1"),
        (TraceSetup(resolver: .options(search: [], ndots: nil, nameservers: [], options: []), zone: ["api.example"],
                    command: ["x"]),
         "--zone api.example: expected NAME=IP, such as api.example=10.0.0.5 or api.example=fd00::5"),
        (TraceSetup(resolver: .options(search: [], ndots: nil, nameservers: [], options: []), zone: ["=10.0.0.1"],
                    command: ["x"]),
         "--zone =10.0.0.1: expected NAME=IP, such as api.example=10.0.0.5 or api.example=fd00::5"),
        (TraceSetup(resolver: .options(search: [], ndots: nil, nameservers: [], options: []), addresses: ["10.0.0.1/33"],
                    command: ["x"]),
         "--address 10.0.0.1/33: expected ADDRESS/PREFIX or an address, such as fd00::17/128 or 10.0.0.2"),
        (TraceSetup(resolver: .file(path: "/nonexistent/resolv.conf"), command: ["x"]),
         "--resolv-conf /nonexistent/resolv.conf: cannot be read: No such file or directory"),
        (TraceSetup(resolver: .file(path: "/"), command: ["x"]), "--resolv-conf /: is a directory; expected a file"),
    ])
    func badOptionsAreNamed(setup: TraceSetup, message: String) {
        #expect(throws: TraceSetupError.self) { try setup.source() }
        do {
            _ = try setup.source()
        } catch {
            #expect(error.message == message)
        }
    }

    @Test func aScenarioKeepsItsSandboxAndLosesItsLookupsAndExpectations() throws {
        let original = """
            {
              "$schema": "../schema/scenario.schema.json",
              "name": "old",
              // the pod's resolver
              "resolvConf": ["nameserver 10.96.0.10"],
              "servers": [{ "address": "10.96.0.10", "rules": [{ "name": "big.example.", "reply": "truncate" }] }],
              "requires": ["dig"],
              "lookups": [{ "getaddrinfo": "big.example", "expect": { "error": "EAI_NONAME" } }],
              "expect": { "queries": ["A big.example."] }
            }
            """
        let path = try temporaryFile(original)
        defer { unlink(path) }
        let text = try TraceSetup.source(scenarioFile: path, command: ["getent", "hosts", "big.example"], timeoutMs: 500)
        let source = String(decoding: text, as: UTF8.self)
        #expect(source.contains("// the pod's resolver"))
        #expect(!source.contains("$schema"))
        let scenario = try ScenarioDecoder.decode(text, file: path, options: .init(allowNoAssertions: true))
        #expect(scenario.name == "trace: getent hosts big.example")
        #expect(scenario.expect == nil)
        #expect(scenario.requires.isEmpty)
        #expect(scenario.servers.first?.rules.count == 1)
        #expect(scenario.lookups.count == 1)
        #expect(scenario.lookups.first?.expect == nil)
        #expect(scenario.timeoutMs == 500)
    }

    @Test func anInvalidScenarioFileIsReportedWithItsPosition() throws {
        let path = try temporaryFile("{ \"name\": \"x\", \"lookups\": [], \"servres\": [] }")
        defer { unlink(path) }
        #expect(throws: ScenarioErrors.self) { try TraceSetup.source(scenarioFile: path, command: ["true"], timeoutMs: nil) }
        do {
            _ = try TraceSetup.source(scenarioFile: path, command: ["true"], timeoutMs: nil)
        } catch {
            #expect(error.description.hasPrefix("\(path):1:"))
        }
    }
}
