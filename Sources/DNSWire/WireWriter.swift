/// Growing output buffer that remembers where names were written so later names can point at them.
struct WireWriter {
    /// Highest offset a 14-bit compression pointer can reach.
    private static let maxPointerTarget = 0x3FFF

    private(set) var bytes: [UInt8] = []
    /// Exact (case-sensitive) label suffixes already written, so compression never changes a name's case.
    private var suffixOffsets: [ArraySlice<[UInt8]>: Int] = [:]
    /// Whether names may be replaced by pointers at all (`DNSMessage.encode(compress:)`).
    let compressionEnabled: Bool

    init(compress: Bool) {
        self.compressionEnabled = compress
    }

    var count: Int { bytes.count }

    mutating func write(_ value: UInt8) {
        bytes.append(value)
    }

    mutating func write(_ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    mutating func write(_ value: UInt32) {
        write(UInt16(truncatingIfNeeded: value >> 16))
        write(UInt16(truncatingIfNeeded: value))
    }

    mutating func write(_ data: some Sequence<UInt8>) {
        bytes.append(contentsOf: data)
    }

    /// Writes a 16-bit length, checked against the field's range.
    mutating func writeLength(_ length: Int) throws(DNSWireError) {
        guard let value = UInt16(exactly: length) else { throw .messageTooLong }
        write(value)
    }

    /// Overwrites two bytes at `position` (used to back-fill RDLENGTH).
    mutating func patch(_ value: UInt16, at position: Int) {
        guard position >= 0, position + 1 < bytes.count else { return }
        bytes[position] = UInt8(truncatingIfNeeded: value >> 8)
        bytes[position + 1] = UInt8(truncatingIfNeeded: value)
    }

    /// Writes `name`, replacing its longest already-written suffix by a pointer when `compress` (RFC 1035 §4.1.4).
    mutating func writeName(_ name: DNSName, compress: Bool) throws(DNSWireError) {
        try name.validate()
        let labels = name.labels
        for index in labels.indices {
            let suffix = labels[index...]
            if compress, compressionEnabled, let target = suffixOffsets[suffix] {
                write(UInt16(0xC000) | UInt16(truncatingIfNeeded: target))
                return
            }
            if compressionEnabled, bytes.count <= Self.maxPointerTarget, suffixOffsets[suffix] == nil {
                suffixOffsets[suffix] = bytes.count
            }
            let label = labels[index]
            write(UInt8(truncatingIfNeeded: label.count))
            write(label)
        }
        write(UInt8(0))
    }
}
