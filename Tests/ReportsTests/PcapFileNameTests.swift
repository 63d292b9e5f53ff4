import Foundation
@testable import Reports
import Testing

/// File names from scenario paths: safe characters only, inside the directory, never colliding.
@Suite("pcap file names")
struct PcapFileNameTests {
    static func isSafe(_ name: String) -> Bool {
        name.range(of: #"^[A-Za-z0-9_-][A-Za-z0-9._-]*\.pcap$"#, options: .regularExpression) != nil
    }

    @Test("readable part, hash of the original path, .pcap")
    func shape() {
        let name = PcapExport.fileName(forScenarioPath: "scenarios/glibc/ndots.json", iteration: 1, repeated: false)
        #expect(name.range(of: #"^scenarios_glibc_ndots-[0-9a-f]{8}\.pcap$"#, options: .regularExpression) != nil, "\(name)")
    }

    @Test("hostile paths cannot escape the directory or hide", arguments: [
        "../../etc/passwd", "/etc/passwd", "..", ".", "", "/", "a\u{0}b.json", ".hidden.json", "-rf.json",
        "dir/../../x.json", "名前/シナリオ.json", "a\nb\\c:d*e?.json", Sample.hostileText,
        String(repeating: "deep/", count: 200) + "x.json",
    ])
    func hostile(path: String) {
        let name = PcapExport.fileName(forScenarioPath: path, iteration: 1, repeated: false)
        #expect(Self.isSafe(name), "\(name)")
        #expect(!name.contains("/") && !name.contains("\u{0}") && !name.hasPrefix("."), "\(name)")
        #expect(name.utf8.count <= 120, "\(name)")
        // Joined with a directory, it names a file directly inside it.
        let url = URL(fileURLWithPath: "/tmp/pcaps").appendingPathComponent(name).standardized
        #expect(url.deletingLastPathComponent().path == "/tmp/pcaps", "\(url.path)")
    }

    @Test("paths that sanitize alike get different names")
    func noCollisions() {
        let paths = ["a/b.json", "a_b.json", "a b.json", "a/b", "a\\b.json", "A/b.json", "./a/b.json", "a/b.JSON"]
        let names = paths.map { PcapExport.fileName(forScenarioPath: $0, iteration: 1, repeated: false) }
        #expect(Set(names).count == paths.count, "\(names)")
        // Long paths that share their readable tail still differ by hash.
        let long = String(repeating: "x", count: 200)
        #expect(PcapExport.fileName(forScenarioPath: "one/" + long, iteration: 1, repeated: false)
                    != PcapExport.fileName(forScenarioPath: "two/" + long, iteration: 1, repeated: false))
    }

    @Test("an iteration suffix only when repeated")
    func iterations() {
        let plain = PcapExport.fileName(forScenarioPath: "s.json", iteration: 2, repeated: false)
        let second = PcapExport.fileName(forScenarioPath: "s.json", iteration: 2, repeated: true)
        #expect(!plain.contains("-run"))
        #expect(second == plain.replacingOccurrences(of: ".pcap", with: "-run2.pcap"))
    }

    /// FNV-1a 32-bit test vectors from the algorithm's reference (draft-eastlake-fnv): stable across runs.
    @Test("the hash is FNV-1a, so names are the same on every run and machine")
    func stableHash() {
        #expect(PcapExport.stableHash("") == "811c9dc5")
        #expect(PcapExport.stableHash("a") == "e40c292c")
        #expect(PcapExport.stableHash("foobar") == "bf9cf968")
    }
}

/// A client's run of a scenario gets a capture of its own, named after the client.
@Suite struct ClientPcapNameTests {
    @Test func theClientFollowsTheHash() {
        let plain = PcapExport.fileName(forScenarioPath: "s.json", iteration: 1, repeated: false)
        let musl = PcapExport.fileName(forScenarioPath: "s.json", iteration: 1, repeated: false, client: .musl)
        let repeated = PcapExport.fileName(forScenarioPath: "s.json", iteration: 2, repeated: true, client: .goCgo)
        #expect(musl == plain.replacingOccurrences(of: ".pcap", with: "-musl.pcap"))
        #expect(repeated == plain.replacingOccurrences(of: ".pcap", with: "-go-cgo-run2.pcap"))
        #expect(PcapFileNameTests.isSafe(repeated))
    }
}
