import SystemCalls
import SystemPackage

/// The classic libpcap file format (what `tcpdump -w` writes), so Wireshark and tcpdump open our captures.
public enum PcapFile {
    /// The 24-byte global header.
    public static func header(linkType: LinkType, snapLength: UInt32 = 262_144) -> [UInt8] {
        var output: [UInt8] = []
        output.appendLittleEndian(UInt32(0xa1b2_c3d4))    // magic: microsecond timestamps
        output.appendLittleEndian(UInt16(2))              // version major
        output.appendLittleEndian(UInt16(4))              // version minor
        output.appendLittleEndian(UInt32(0))              // thiszone
        output.appendLittleEndian(UInt32(0))              // sigfigs
        output.appendLittleEndian(snapLength)
        // Files carry LINKTYPE_ values: DLT_RAW (12) is LINKTYPE_RAW (101) there (pcap-linktype(7)).
        output.appendLittleEndian(UInt32(bitPattern: linkType == .RAW ? LinkType.LINKTYPE_RAW.rawValue : linkType.rawValue))
        return output
    }

    /// One frame's 16-byte record header and bytes.
    public static func record(_ frame: CapturedFrame) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(16 + frame.bytes.count)
        let seconds = frame.timestampMicroseconds / 1_000_000
        let micros = frame.timestampMicroseconds % 1_000_000
        output.appendLittleEndian(UInt32(truncatingIfNeeded: seconds))
        output.appendLittleEndian(UInt32(truncatingIfNeeded: micros))
        output.appendLittleEndian(UInt32(truncatingIfNeeded: frame.bytes.count))
        output.appendLittleEndian(UInt32(truncatingIfNeeded: max(frame.originalLength, frame.bytes.count)))
        output.append(contentsOf: frame.bytes)
        return output
    }

    /// A complete file: the global header, then each frame.
    public static func encode(frames: [CapturedFrame], linkType: LinkType, snapLength: UInt32 = 262_144) -> [UInt8] {
        var output = header(linkType: linkType, snapLength: snapLength)
        for frame in frames { output += record(frame) }
        return output
    }
}

/// Streams frames to a pcap file as they are captured, in 64 KiB writes: memory stays bounded
/// however much a scenario sends.
final class PcapWriter {
    private let descriptor: FileDescriptor
    private var buffer: [UInt8]
    private(set) var failure: Errno?

    /// The header goes out at once: a sandbox killed before its first flush (a timeout) still
    /// leaves a file readers accept.
    init(descriptor: FileDescriptor, linkType: LinkType) {
        self.descriptor = descriptor
        buffer = PcapFile.header(linkType: linkType)
        flush()
    }

    func write(_ frame: CapturedFrame) {
        buffer += PcapFile.record(frame)
        if buffer.count >= 64 << 10 { flush() }
    }

    func flush() {
        guard failure == nil, !buffer.isEmpty else { return }
        do {
            try descriptor.writeAll(buffer)
        } catch {
            failure = error
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

extension [UInt8] {
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
