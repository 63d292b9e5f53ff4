/// Text forms of IPv6 addresses: parsing per RFC 4291 §2.2, printing per RFC 5952 §4.
extension IPv6Address: CustomStringConvertible {
    /// Accepts the three RFC 4291 §2.2 forms: full, `::`-compressed, and a trailing dotted IPv4 part.
    ///
    /// Rejects zone identifiers (`%eth0`), more than one `::`, groups of more than four hex digits,
    /// and anything that does not add up to exactly 128 bits.
    public init?(_ text: String) {
        let characters = Array(text.utf8)
        guard !characters.isEmpty, characters.count <= 45 else { return nil }
        var doubleColon: Int?
        var index = 0
        while index + 1 < characters.count {
            if characters[index] == ASCII.colon, characters[index + 1] == ASCII.colon {
                if doubleColon != nil { return nil }
                doubleColon = index
                index += 2
            } else {
                index += 1
            }
        }
        let groups: [UInt16]
        if let doubleColon {
            guard let head = Self.parseGroups(characters[..<doubleColon], allowIPv4: false),
                let tail = Self.parseGroups(characters[(doubleColon + 2)...], allowIPv4: true),
                head.count + tail.count <= 7
            else { return nil }
            groups = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            guard let all = Self.parseGroups(characters[...], allowIPv4: true), all.count == 8 else { return nil }
            groups = all
        }
        self.init(groups: groups)
    }

    /// Parses colon-separated hex groups; an empty slice is zero groups; a dotted quad may end the slice.
    private static func parseGroups(_ text: ArraySlice<UInt8>, allowIPv4: Bool) -> [UInt16]? {
        if text.isEmpty { return [] }
        let pieces = text.split(separator: ASCII.colon, omittingEmptySubsequences: false)
        var groups: [UInt16] = []
        for (position, piece) in pieces.enumerated() {
            if piece.contains(ASCII.dot) {
                guard allowIPv4, position == pieces.count - 1,
                    let text = String(validating: piece, as: UTF8.self),
                    let v4 = IPv4Address(text)
                else { return nil }
                groups.append(UInt16(truncatingIfNeeded: v4.value >> 16))
                groups.append(UInt16(truncatingIfNeeded: v4.value))
            } else {
                guard (1...4).contains(piece.count) else { return nil }
                var value: UInt16 = 0
                for character in piece {
                    guard let digit = ASCII.hexValue(character) else { return nil }
                    value = value << 4 | UInt16(digit)
                }
                groups.append(value)
            }
        }
        return groups
    }

    /// RFC 5952 §4: lower-case hex, no leading zeros, the longest (first on ties) run of two or more zero
    /// groups as `::`; IPv4-mapped addresses end in dotted quad (§5).
    public var description: String {
        if let v4 = v4Mapped {
            return "::ffff:" + v4.description
        }
        let groups = self.groups
        var bestStart = -1
        var bestLength = 0
        var runStart = -1
        for (index, group) in groups.enumerated() {
            if group == 0 {
                if runStart < 0 { runStart = index }
                let length = index - runStart + 1
                if length > bestLength {
                    bestStart = runStart
                    bestLength = length
                }
            } else {
                runStart = -1
            }
        }
        func hex(_ slice: ArraySlice<UInt16>) -> String {
            slice.map { String($0, radix: 16) }.joined(separator: ":")
        }
        guard bestLength >= 2 else { return hex(groups[...]) }
        return hex(groups[..<bestStart]) + "::" + hex(groups[(bestStart + bestLength)...])
    }
}

extension ASCII {
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}
