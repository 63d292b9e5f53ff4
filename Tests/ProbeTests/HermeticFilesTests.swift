import DNSWire
import Observation
import Probe
import Sandbox
import ScenarioFormat
import Testing

/// The files every sandbox gets (design.md, "A hermetic sandbox").
@Suite("HermeticFiles")
struct HermeticFilesTests {
    static let scenario = Scenario(name: "hermetic", resolvConf: "nameserver 10.96.0.10\noptions ndots:5\n")

    /// The sandbox's request for `scenario`, which is what the files are placed from.
    static func request(_ scenario: Scenario) -> ProbeRequest {
        ProbeRequest(scenario: scenario, path: "hermetic.json", namespaces: [.net, .mount],
                     capture: CaptureRequest(filter: CaptureFilter(expression: "", linkType: 1, instructions: []), dnsPorts: [53],
                                             sentinel: SocketAddress(address: .v4(IPv4Address(127, 0, 0, 2)), port: 9)))
    }

    static func placement(_ path: String, in placements: [FilePlacement]) -> FilePlacement? {
        placements.first { $0.path == path }
    }

    static func text(_ placement: FilePlacement?) -> String? {
        placement.map { String(decoding: $0.contents, as: UTF8.self) }
    }

    @Test func theDefaultsArePlaced() {
        let placements = HermeticFiles.placements(for: Self.request(Self.scenario))
        #expect(placements.map(\.path).sorted() == ["/etc/gai.conf", "/etc/host.conf", "/etc/hosts", "/etc/nsswitch.conf",
                                                     "/etc/resolv.conf"])
    }

    @Test func nsswitchAsksFilesThenDNSForHosts() throws {
        let nsswitch = try #require(Self.text(Self.placement("/etc/nsswitch.conf", in: HermeticFiles.placements(for: Self.request(Self.scenario)))))
        let hostsLines = nsswitch.split(separator: "\n").filter { $0.hasPrefix("hosts:") }
        #expect(hostsLines == ["hosts: files dns"])
    }

    @Test func hostConfSaysMultiOn() {
        let placements = HermeticFiles.placements(for: Self.request(Self.scenario))
        #expect(Self.text(Self.placement("/etc/host.conf", in: placements)) == "multi on\n")
    }

    @Test func gaiConfIsEmptyAndOnlyPlacedWhereOneExists() throws {
        let gai = try #require(Self.placement("/etc/gai.conf", in: HermeticFiles.placements(for: Self.request(Self.scenario))))
        #expect(gai.contents.isEmpty)
        #expect(gai.skipIfMissing)
    }

    @Test func onlyGaiConfMayBeSkipped() {
        let skippable = HermeticFiles.placements(for: Self.request(Self.scenario)).filter(\.skipIfMissing).map(\.path)
        #expect(skippable == ["/etc/gai.conf"])
    }

    @Test func hostsDefaultsToLocalhostOnly() {
        let placements = HermeticFiles.placements(for: Self.request(Self.scenario))
        #expect(Self.text(Self.placement("/etc/hosts", in: placements)) == "127.0.0.1 localhost\n::1 localhost\n")
    }

    @Test func hostsAndResolvConfComeFromTheScenario() {
        var scenario = Self.scenario
        scenario.hosts = "192.0.2.7 printer\n"
        let placements = HermeticFiles.placements(for: Self.request(scenario))
        #expect(Self.text(Self.placement("/etc/hosts", in: placements)) == "192.0.2.7 printer\n")
        #expect(Self.text(Self.placement("/etc/resolv.conf", in: placements)) == "nameserver 10.96.0.10\noptions ndots:5\n")
    }

    @Test func aScenarioFileOverridesTheDefaultAtTheSamePath() {
        var scenario = Self.scenario
        scenario.files = [(path: "/etc/nsswitch.conf", contents: "hosts: dns files\n")]
        let placements = HermeticFiles.placements(for: Self.request(scenario))
        #expect(placements.filter { $0.path == "/etc/nsswitch.conf" }.count == 1)
        #expect(Self.text(Self.placement("/etc/nsswitch.conf", in: placements)) == "hosts: dns files\n")
        #expect(placements.count == 5)
    }

    @Test func aScenarioGaiConfIsPlacedEvenWhereNoneExists() throws {
        var scenario = Self.scenario
        scenario.files = [(path: "/etc/gai.conf", contents: "precedence ::ffff:0:0/96 100\n")]
        let gai = try #require(Self.placement("/etc/gai.conf", in: HermeticFiles.placements(for: Self.request(scenario))))
        #expect(String(decoding: gai.contents, as: UTF8.self) == "precedence ::ffff:0:0/96 100\n")
        #expect(!gai.skipIfMissing)
    }

    @Test func otherScenarioFilesAreAdded() {
        var scenario = Self.scenario
        scenario.files = [(path: "/etc/services", contents: "domain 53/udp\n")]
        let placements = HermeticFiles.placements(for: Self.request(scenario))
        #expect(placements.count == 6)
        #expect(Self.text(Self.placement("/etc/services", in: placements)) == "domain 53/udp\n")
    }

    @Test func resolverEnvironmentVariablesAreScrubbed() {
        #expect(Set(HermeticFiles.scrubbedEnvironment) == ["LOCALDOMAIN", "RES_OPTIONS", "HOSTALIASES"])
    }
}
