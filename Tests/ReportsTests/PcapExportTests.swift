import Foundation
@testable import Reports
@testable import Runner
import Testing

/// pcap files for the scenarios that need one, readable by tcpdump, named safely.
@Suite("pcap export")
struct PcapExportTests {
    static let tcpdump = "/usr/bin/tcpdump"

    @Test("fail and error-with-capture get a file; pass, invalid and skip do not")
    func failuresOnly() throws {
        let directory = try TemporaryDirectory()
        let written = try PcapExport.write(Sample.suite(), to: directory.path, all: false)
        // fail, capture loss, hostile fail: the invalid file and the skip have no capture.
        #expect(written.count == 3)
        #expect(written.map { ($0 as NSString).lastPathComponent } == [
            PcapExport.fileName(forScenarioPath: "scenarios/glibc/ndots.json", iteration: 1, repeated: false),
            PcapExport.fileName(forScenarioPath: "scenarios/loss.json", iteration: 1, repeated: false),
            PcapExport.fileName(forScenarioPath: Sample.hostile.path, iteration: 1, repeated: false),
        ])
        #expect(try directory.files() == written.map { ($0 as NSString).lastPathComponent }.sorted())
        for path in written { #expect((path as NSString).deletingLastPathComponent == directory.path) }
    }

    @Test("with all, a pass gets a file too; still none without a capture")
    func everything() throws {
        let directory = try TemporaryDirectory()
        let written = try PcapExport.write(Sample.suite(), to: directory.path, all: true)
        #expect(written.count == 4)
        #expect(written.first.map { ($0 as NSString).lastPathComponent }?.hasPrefix("scenarios_glibc_pass-") == true)
    }

    @Test("the directory is created, nested, when missing; nothing to write creates nothing")
    func createsDirectory() throws {
        let root = try TemporaryDirectory()
        let nested = root.path + "/a/b/pcaps"
        #expect(try PcapExport.write(Sample.suite([Sample.pass, Sample.skip]), to: nested, all: false).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: nested))
        let written = try PcapExport.write(Sample.suite([Sample.fail]), to: nested + "/", all: false)
        #expect(written.count == 1)
        #expect(written.allSatisfy { FileManager.default.fileExists(atPath: $0) && !$0.contains("//") })
    }

    @Test("a classic pcap: little-endian magic, version 2.4, the capture's link type, one record per frame")
    func fileHeader() throws {
        let directory = try TemporaryDirectory()
        let path = try #require(try PcapExport.write(Sample.suite([Sample.fail]), to: directory.path, all: false).first)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(Array(bytes.prefix(8)) == [0xd4, 0xc3, 0xb2, 0xa1, 0x02, 0x00, 0x04, 0x00])
        #expect(Array(bytes[20..<24]) == [0x01, 0x00, 0x00, 0x00], "LINKTYPE_ETHERNET")
        #expect(bytes.count == 24 + 16 + DNSFrames.queryA.count + 16 + DNSFrames.queryAAAA.count)
    }

    @Test("tcpdump -r reads the file and prints the captured queries", .enabled(if: toolExists(tcpdump)))
    func readableByTcpdump() throws {
        let directory = try TemporaryDirectory()
        let path = try #require(try PcapExport.write(Sample.suite([Sample.fail]), to: directory.path, all: false).first)
        let run = try runTool(Self.tcpdump, ["-nn", "-tt", "-r", path])
        #expect(run.status == 0, "\(run)")
        let lines = run.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 2, "\(run)")
        // tcpdump's DNS line: ID, + for RD, TYPE? NAME, (DNS message length); 29 = 12 header + 13 name + 4.
        #expect(lines.first == "1700000000.000000 IP 10.244.154.23.40000 > 10.96.0.10.53: 4660+ A? ycwu314.top. (29)", "\(run)")
        #expect(lines.last == "1700000000.001500 IP 10.244.154.23.40000 > 10.96.0.10.53: 4661+ AAAA? ycwu314.top. (29)", "\(run)")
    }

    @Test("under --repeat each iteration has its own file")
    func repeated() throws {
        let directory = try TemporaryDirectory()
        let written = try PcapExport.write(Sample.repeated([Sample.fail], 3), to: directory.path, all: false)
        #expect(written.count == 3)
        #expect(Set(written).count == 3)
        #expect(written.map { $0.hasSuffix("-run1.pcap") || $0.hasSuffix("-run2.pcap") || $0.hasSuffix("-run3.pcap") } == [true, true, true])
    }

    @Test("the same path twice (listed twice, not repeated) does not overwrite")
    func duplicatePath() throws {
        let directory = try TemporaryDirectory()
        let written = try PcapExport.write(Sample.suite([Sample.fail, Sample.fail]), to: directory.path, all: false)
        #expect(Set(written).count == 2)
        #expect(try directory.files().count == 2)
    }

    @Test("a frame that is not base64 is an error naming the scenario")
    func corruptFrame() throws {
        var result = Sample.fail
        result.observation?.capture?.frames[1].data = "not base64!"
        let directory = try TemporaryDirectory()
        #expect(throws: PcapExport.Error.invalidFrame(scenario: "scenarios/glibc/ndots.json", index: 1)) {
            try PcapExport.write(Sample.suite([result]), to: directory.path, all: false)
        }
    }

    @Test("a directory that cannot be created is an error")
    func unwritableDirectory() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("plain-file", "x")
        #expect(throws: PcapExport.Error.self) {
            try PcapExport.write(Sample.suite([Sample.fail]), to: file + "/sub", all: false)
        }
    }
}
