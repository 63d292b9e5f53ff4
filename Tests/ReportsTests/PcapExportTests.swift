import Capture
import Foundation
@testable import Reports
@testable import Runner
import SystemCalls
import Testing

/// Which captures a run keeps, what they are called, and that the files are what tcpdump reads.
@Suite("pcap export")
struct PcapExportTests {
    static let tcpdump = "/usr/bin/tcpdump"

    @Test("fail and error keep their capture; pass and skip do not, unless every capture is kept")
    func whichAreKept() {
        let failing = PcapExport.policy(directory: "/tmp", all: false, repeated: false)
        #expect(Sample.all.map(failing.keep) == [false, true, true, true, false, true])
        let every = PcapExport.policy(directory: "/tmp", all: true, repeated: false)
        #expect(Sample.all.allSatisfy(every.keep))
    }

    @Test("a kept capture is named after its scenario, with the run number under --repeat")
    func names() {
        var result = Sample.fail
        #expect(PcapExport.policy(directory: "/tmp", all: false, repeated: false).name(result)
                == PcapExport.fileName(forScenarioPath: "scenarios/glibc/ndots.json", iteration: 1, repeated: false))
        result.iteration = 2
        #expect(PcapExport.policy(directory: "/tmp", all: false, repeated: true).name(result).hasSuffix("-run2.pcap"))
    }

    @Test("the directory is created, nested, before anything runs; a path that cannot be one is refused")
    func prepare() throws {
        let root = try TemporaryDirectory()
        let nested = root.path + "/a/b/pcaps"
        try PcapExport.prepare(directory: nested)
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: nested, isDirectory: &isDirectory) && isDirectory.boolValue)
        let file = try root.write("plain-file", "x")
        #expect(throws: FileWriteError.self) { try PcapExport.prepare(directory: file + "/sub") }
        #expect(throws: FileWriteError.self) { try PcapExport.prepare(directory: file) }
    }

    @Test("tcpdump -r reads a capture file and prints the captured queries", .enabled(if: toolExists(tcpdump)))
    func readableByTcpdump() throws {
        let directory = try TemporaryDirectory()
        let frames = DNSFrames.observed.map {
            CapturedFrame(timestampMicroseconds: $0.timestampMicroseconds, originalLength: $0.bytes.count, bytes: $0.bytes)
        }
        let path = try directory.write("capture.pcap", "")
        try Data(PcapFile.encode(frames: frames, linkType: .EN10MB)).write(to: URL(fileURLWithPath: path))
        let run = try runTool(Self.tcpdump, ["-nn", "-tt", "-r", path])
        #expect(run.status == 0, "\(run)")
        let lines = run.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 2, "\(run)")
        // tcpdump's DNS line: ID, + for RD, TYPE? NAME, (DNS message length); 29 = 12 header + 13 name + 4.
        #expect(lines.first == "1700000000.000000 IP 10.244.154.23.40000 > 10.96.0.10.53: 4660+ A? ycwu314.top. (29)", "\(run)")
        #expect(lines.last == "1700000000.001500 IP 10.244.154.23.40000 > 10.96.0.10.53: 4661+ AAAA? ycwu314.top. (29)", "\(run)")
    }
}
