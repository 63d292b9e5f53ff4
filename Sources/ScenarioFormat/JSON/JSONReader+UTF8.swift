/// UTF-8 validation done while reading, so an invalid byte is reported where it sits.
extension JSONReader {
    /// Length of the well-formed multi-byte sequence starting at `offset`, or nil if it is ill-formed
    /// (overlong, surrogate, above U+10FFFF, truncated, or a stray continuation byte).
    func scalarLength(at offset: Int) -> Int? {
        guard let lead = byte(at: offset) else { return nil }
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: return nil
        }
        guard let second = byte(at: offset + 1), secondRange.contains(second) else { return nil }
        for index in 2..<length {
            guard let next = byte(at: offset + index), (0x80...0xBF).contains(next) else { return nil }
        }
        return length
    }

    /// The scalar starting at `offset` when it is well-formed, for naming it in messages.
    func scalar(at offset: Int) -> Unicode.Scalar? {
        guard let lead = byte(at: offset) else { return nil }
        if lead < 0x80 { return Unicode.Scalar(lead) }
        guard let length = scalarLength(at: offset) else { return nil }
        var value = UInt32(lead) & (0xFF >> UInt32(length + 1))
        for index in 1..<length {
            value = value << 6 | (UInt32(byte(at: offset + index) ?? 0) & 0x3F)
        }
        return Unicode.Scalar(value)
    }
}
