/// Bounds-checked cursor over received bytes: every read checks its length first and throws, never traps.
struct WireReader {
    /// Cap on compression pointers followed for one name; legitimate names need at most 127 (one per label).
    static let maxPointerHops = 127

    /// The whole message, so compression pointers can reach anywhere before them.
    let bytes: [UInt8]
    /// Next byte to read.
    private(set) var offset: Int
    /// Exclusive end of the region sequential reads may touch (the message, or one RDATA).
    let end: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.offset = 0
        self.end = bytes.count
    }

    private init(bytes: [UInt8], offset: Int, end: Int) {
        self.bytes = bytes
        self.offset = offset
        self.end = end
    }

    var remaining: Int { end - offset }
    var isAtEnd: Bool { offset >= end }

    /// A reader for the next `length` bytes only, used to hold RDATA to its RDLENGTH.
    func bounded(to length: Int) throws(DNSWireError) -> WireReader {
        guard length >= 0, length <= remaining else { throw .truncated(offset: offset) }
        return WireReader(bytes: bytes, offset: offset, end: offset + length)
    }

    /// Moves past `count` bytes that a bounded sub-reader already consumed.
    mutating func skip(_ count: Int) throws(DNSWireError) {
        guard count >= 0, count <= remaining else { throw .truncated(offset: offset) }
        offset += count
    }

    mutating func readUInt8() throws(DNSWireError) -> UInt8 {
        guard offset < end else { throw .truncated(offset: offset) }
        let value = bytes[offset]
        offset += 1
        return value
    }

    mutating func readUInt16() throws(DNSWireError) -> UInt16 {
        guard remaining >= 2 else { throw .truncated(offset: offset) }
        let value = UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
        offset += 2
        return value
    }

    mutating func readUInt32() throws(DNSWireError) -> UInt32 {
        guard remaining >= 4 else { throw .truncated(offset: offset) }
        var value: UInt32 = 0
        for index in offset..<(offset + 4) {
            value = value << 8 | UInt32(bytes[index])
        }
        offset += 4
        return value
    }

    mutating func readBytes(_ count: Int) throws(DNSWireError) -> [UInt8] {
        guard count >= 0, count <= remaining else { throw .truncated(offset: offset) }
        let slice = Array(bytes[offset..<(offset + count)])
        offset += count
        return slice
    }

    /// Reads a possibly compressed name (RFC 1035 §4.1.4).
    ///
    /// Pointers must target an offset strictly before the pointer itself and are capped at
    /// `maxPointerHops`; the 255-octet limit is enforced as labels accumulate, so no input loops
    /// or allocates more than one name's worth.
    mutating func readName() throws(DNSWireError) -> DNSName {
        var labels: [[UInt8]] = []
        var wireLength = 1
        var position = offset
        var limit = end
        var jumped = false
        var hops = 0
        nameLoop: while true {
            guard position < limit else { throw .truncated(offset: position) }
            let lengthByte = bytes[position]
            switch lengthByte & 0xC0 {
            case 0x00:
                if lengthByte == 0 {
                    position += 1
                    break nameLoop
                }
                let count = Int(lengthByte)
                wireLength += count + 1
                guard wireLength <= DNSName.maxWireLength else { throw .nameTooLong }
                let start = position + 1
                guard count <= limit - start else { throw .truncated(offset: position) }
                labels.append(Array(bytes[start..<(start + count)]))
                position = start + count
            case 0xC0:
                guard position + 1 < limit else { throw .truncated(offset: position) }
                let target = Int(lengthByte & 0x3F) << 8 | Int(bytes[position + 1])
                guard target < position else { throw .pointerNotBackwards(offset: position) }
                hops += 1
                guard hops <= Self.maxPointerHops else { throw .tooManyPointers(offset: position) }
                if !jumped {
                    offset = position + 2
                    jumped = true
                    limit = bytes.count
                }
                position = target
            default:
                throw .reservedLabelType(offset: position)
            }
        }
        if !jumped {
            offset = position
        }
        return DNSName(uncheckedLabels: labels)
    }
}
