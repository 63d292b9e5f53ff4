import Capture
import Foundation
import Testing

/// The classic pcap format (pcap-savefile(5)): a 24-octet global header, then per frame a 16-octet
/// record header and the frame, all in the writer's byte order (here little-endian).
@Suite("PcapFile.encode")
struct PcapFileTests {
    @Test func globalAndRecordHeadersByteForByte() {
        let frames = [
            CapturedFrame(timestampMicroseconds: 1_700_000_000_000_123, originalLength: 4, bytes: [0xde, 0xad, 0xbe, 0xef]),
            // Snapped: two octets kept of a 1514-octet frame.
            CapturedFrame(timestampMicroseconds: 1_700_000_001_999_999, originalLength: 1514, bytes: [0x01, 0x02]),
        ]
        #expect(PcapFile.encode(frames: frames, linkType: .EN10MB) == hex("""
            d4c3b2a1        ; magic 0xa1b2c3d4, little-endian: microsecond timestamps
            0200 0400       ; version 2.4
            00000000        ; thiszone
            00000000        ; sigfigs
            00000400        ; snaplen 262144
            01000000        ; linktype 1 (ETHERNET)
            ; record 1
            00f15365        ; ts_sec 1700000000
            7b000000        ; ts_usec 123
            04000000        ; incl_len 4
            04000000        ; orig_len 4
            deadbeef
            ; record 2
            01f15365        ; ts_sec 1700000001
            3f420f00        ; ts_usec 999999
            02000000        ; incl_len 2
            ea050000        ; orig_len 1514
            0102
            """))
    }

    @Test func snapLengthAndLinkTypeGoInTheGlobalHeader() {
        let header = PcapFile.encode(frames: [], linkType: .LINUX_SLL2, snapLength: 65535)
        #expect(header == hex("""
            d4c3b2a1 0200 0400 00000000 00000000 ; magic, version 2.4, thiszone, sigfigs
            ffff0000        ; snaplen 65535
            14010000        ; linktype 276 (LINUX_SLL2)
            """))
    }

    @Test func rawIPIsWrittenAsLinktypeRaw() {
        // DLT_RAW is 12 (14 on some BSDs); files carry LINKTYPE_RAW, 101 (pcap-linktype(7)).
        #expect(PcapFile.encode(frames: [], linkType: .RAW).suffix(4) == [101, 0, 0, 0])
        #expect(PcapFile.encode(frames: [], linkType: .LINKTYPE_RAW).suffix(4) == [101, 0, 0, 0])
        #expect(PcapFile.encode(frames: [], linkType: .LINUX_SLL).suffix(4) == [113, 0, 0, 0])
    }

    @Test func originalLengthIsNeverBelowTheCapturedLength() {
        let file = PcapFile.encode(frames: [CapturedFrame(timestampMicroseconds: 0, originalLength: 0, bytes: [1, 2, 3])],
                                   linkType: .EN10MB)
        #expect(Array(file[32..<40]) == hex("03000000 03000000 ; incl_len 3, orig_len 3"))
    }

    static let tcpdump = "/usr/bin/tcpdump"

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: tcpdump),
                   "tcpdump is not installed at /usr/bin/tcpdump (apt-get install tcpdump)"))
    func tcpdumpReadsTheFile() throws {
        let frames = [
            CapturedFrame(timestampMicroseconds: 1_700_000_000_000_123, originalLength: 69,
                          bytes: Fixture.ethernetIPv4 + Fixture.ipv4UDPQuery),
            CapturedFrame(timestampMicroseconds: 1_700_000_000_250_000, originalLength: 83,
                          bytes: Fixture.ethernetIPv4 + Fixture.ipv4TCPQuery),
        ]
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pcapfile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("two.pcap")
        try Data(PcapFile.encode(frames: frames, linkType: .EN10MB)).write(to: file)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.tcpdump)
        process.arguments = ["-nn", "-tt", "-r", file.path]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let complaints = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()

        #expect(process.terminationStatus == 0, "tcpdump: \(complaints)")
        #expect(complaints.contains("link-type EN10MB"), "\(complaints)")
        #expect(complaints.contains("snapshot length 262144"), "\(complaints)")
        let lines = printed.split(separator: "\n")
        try #require(lines.count == 2, "tcpdump printed:\n\(printed)")
        #expect(lines[0].hasPrefix("1700000000.000123 IP 10.0.0.2.40000 > 10.96.0.10.53: 4660+ A? a.example. (27)"), "\(lines[0])")
        #expect(lines[1].hasPrefix("1700000000.250000 IP 10.0.0.2.40001 > 10.96.0.10.53: Flags [P.]"), "\(lines[1])")
        #expect(lines[1].contains("4660+ A? a.example. (27)"), "\(lines[1])")
    }
}
