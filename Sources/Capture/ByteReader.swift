/// Bounds-checked big-endian reads: every read returns nil rather than trap on short input.
struct ByteView {
    let bytes: [UInt8]
    let start: Int
    let end: Int

    init(_ bytes: [UInt8], start: Int = 0, end: Int? = nil) {
        self.bytes = bytes
        self.start = max(0, min(start, bytes.count))
        self.end = max(self.start, min(end ?? bytes.count, bytes.count))
    }

    var count: Int { end - start }

    func u8(_ offset: Int) -> UInt8? {
        guard offset >= 0, start + offset < end else { return nil }
        return bytes[start + offset]
    }

    func u16(_ offset: Int) -> UInt16? {
        guard let high = u8(offset), let low = u8(offset + 1) else { return nil }
        return UInt16(high) << 8 | UInt16(low)
    }

    func u32(_ offset: Int) -> UInt32? {
        guard let high = u16(offset), let low = u16(offset + 2) else { return nil }
        return UInt32(high) << 16 | UInt32(low)
    }

    func slice(from offset: Int, length: Int? = nil) -> ByteView? {
        guard offset >= 0, offset <= count else { return nil }
        let sliceEnd = length.map { start + offset + $0 } ?? end
        guard sliceEnd <= end, sliceEnd >= start + offset else { return nil }
        return ByteView(bytes, start: start + offset, end: sliceEnd)
    }

    func array() -> [UInt8] { Array(bytes[start..<end]) }
}
