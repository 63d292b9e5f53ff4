/// Zone-file text form of names (RFC 1035 §5.1): dots separate labels, `\.` `\\` and `\DDD` escape octets.
extension DNSName: CustomStringConvertible {
    /// Parses presentation format. Every name is absolute: `a.b` and `a.b.` are equal; `.` is the root.
    ///
    /// Empty labels (`a..b`, `.a`) and the empty string are rejected; `\DDD` must be three decimal
    /// digits no greater than 255; any other escaped character stands for itself; non-ASCII
    /// characters are taken as their UTF-8 octets (no IDNA).
    public init(_ text: String) throws(DNSWireError) {
        let characters = Array(text.utf8)
        if characters.isEmpty { throw .badText("empty name") }
        if characters == [ASCII.dot] {
            self = .root
            return
        }
        var labels: [[UInt8]] = []
        var current: [UInt8] = []
        var index = 0
        var endedWithDot = false
        var wireLength = 1
        while index < characters.count {
            let character = characters[index]
            endedWithDot = false
            switch character {
            case ASCII.dot:
                if current.isEmpty { throw .emptyLabel }
                wireLength += current.count + 1
                if wireLength > Self.maxWireLength { throw .nameTooLong }
                labels.append(current)
                current = []
                endedWithDot = true
                index += 1
            case ASCII.backslash:
                let (byte, consumed) = try Self.unescape(characters, at: index)
                current.append(byte)
                index += consumed
            default:
                current.append(character)
                index += 1
            }
            if current.count > Self.maxLabelLength { throw .labelTooLong }
        }
        if !endedWithDot {
            labels.append(current)
        }
        try self.init(labels: labels)
    }

    /// Decodes the escape starting at the backslash at `index`; returns the octet and how many characters it used.
    private static func unescape(_ characters: [UInt8], at index: Int) throws(DNSWireError) -> (UInt8, Int) {
        let next = index + 1
        guard next < characters.count else { throw .badText("trailing backslash") }
        guard ASCII.isDigit(characters[next]) else { return (characters[next], 2) }
        guard next + 2 < characters.count else { throw .badText("\\DDD needs three digits") }
        var value = 0
        for digit in characters[next...(next + 2)] {
            guard ASCII.isDigit(digit) else { throw .badText("\\DDD needs three digits") }
            value = value * 10 + Int(digit - ASCII.zero)
        }
        guard let byte = UInt8(exactly: value) else { throw .badText("\\DDD above 255") }
        return (byte, 4)
    }

    /// Always absolute with a trailing dot; `.` and `\` are backslash-escaped, other non-graphic octets become `\DDD`.
    public var description: String {
        if isRoot { return "." }
        var text = ""
        for label in labels {
            for byte in label {
                switch byte {
                case ASCII.dot, ASCII.backslash:
                    text.append("\\")
                    text.unicodeScalars.append(Unicode.Scalar(byte))
                case 0x21...0x7E:
                    text.unicodeScalars.append(Unicode.Scalar(byte))
                default:
                    text.append("\\")
                    text.append(Self.threeDigits(byte))
                }
            }
            text.append(".")
        }
        return text
    }

    private static func threeDigits(_ byte: UInt8) -> String {
        let digits = String(byte)
        return String(repeating: "0", count: 3 - digits.count) + digits
    }
}

extension ASCII {
    static let dot: UInt8 = 0x2E
    static let backslash: UInt8 = 0x5C
    static let zero: UInt8 = 0x30
    static let colon: UInt8 = 0x3A

    static func isDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte)
    }
}
