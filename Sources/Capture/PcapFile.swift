/// The classic libpcap file format (what `tcpdump -w` writes), so Wireshark and tcpdump open our captures.
public enum PcapFile {
    /// A complete file: the 24-byte global header, then each frame's 16-byte record header and bytes.
    public static func encode(frames: [CapturedFrame], linkType: LinkType, snapLength: UInt32 = 262_144) -> [UInt8] {
        var output: [UInt8] = []
        output.appendLittleEndian(UInt32(0xa1b2_c3d4))    // magic: microsecond timestamps
        output.appendLittleEndian(UInt16(2))              // version major
        output.appendLittleEndian(UInt16(4))              // version minor
        output.appendLittleEndian(UInt32(0))              // thiszone
        output.appendLittleEndian(UInt32(0))              // sigfigs
        output.appendLittleEndian(snapLength)
        // Files carry LINKTYPE_ values: DLT_RAW (12) is LINKTYPE_RAW (101) there (pcap-linktype(7)).
        output.appendLittleEndian(UInt32(bitPattern: linkType == .RAW ? LinkType.LINKTYPE_RAW.rawValue : linkType.rawValue))
        for frame in frames {
            let seconds = frame.timestampMicroseconds / 1_000_000
            let micros = frame.timestampMicroseconds % 1_000_000
            output.appendLittleEndian(UInt32(truncatingIfNeeded: seconds))
            output.appendLittleEndian(UInt32(truncatingIfNeeded: micros))
            output.appendLittleEndian(UInt32(truncatingIfNeeded: frame.bytes.count))
            output.appendLittleEndian(UInt32(truncatingIfNeeded: max(frame.originalLength, frame.bytes.count)))
            output.append(contentsOf: frame.bytes)
        }
        return output
    }
}

extension [UInt8] {
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
