import ScenarioFormat

/// Random inputs for the property tests: valid values, noisy-but-valid documents, junk bytes, mutations.
enum JSONRandom {
    /// Scalars that stress escaping, column counting and canonical-equivalence corners.
    static let interestingScalars: [Unicode.Scalar] = [
        "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{0}", "\u{8}", "\u{C}", "\u{1F}", "\u{7F}",
        "é", "ü", "中", "😀", "\u{301}", "\u{2028}", "\u{FEFF}", "\u{10FFFF}", "*", ",", "{", "]",
    ]

    static func string<R: RandomNumberGenerator>(using rng: inout R) -> String {
        var result = ""
        for _ in 0..<Int.random(in: 0...8, using: &rng) {
            if Bool.random(using: &rng), let scalar = interestingScalars.randomElement(using: &rng) {
                result.unicodeScalars.append(scalar)
            } else {
                let value = Bool.random(using: &rng)
                    ? UInt32.random(in: 0x20...0xD7FF, using: &rng)
                    : UInt32.random(in: 0xE000...0x10FFFF, using: &rng)
                if let scalar = Unicode.Scalar(value) { result.unicodeScalars.append(scalar) }
            }
        }
        return result
    }

    /// A literal that follows the JSON number grammar.
    static func numberLiteral<R: RandomNumberGenerator>(using rng: inout R) -> String {
        func digits(_ range: ClosedRange<Int>, _ rng: inout R) -> String {
            String((0..<Int.random(in: range, using: &rng)).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) })
        }
        var literal = Bool.random(using: &rng) ? "-" : ""
        literal += Int.random(in: 0...3, using: &rng) == 0 ? "0" : String(Int.random(in: 1...9, using: &rng)) + digits(0...20, &rng)
        if Bool.random(using: &rng) { literal += "." + digits(1...6, &rng) }
        if Bool.random(using: &rng) {
            literal += ["e", "E"].randomElement(using: &rng) ?? "e"
            literal += ["", "+", "-"].randomElement(using: &rng) ?? ""
            literal += digits(1...4, &rng)
        }
        return literal
    }

    /// A random value with unique keys per object (as Swift compares strings), at most `depth` deep.
    static func value<R: RandomNumberGenerator>(depth: Int, using rng: inout R) -> JSONValue {
        switch Int.random(in: 0...(depth > 0 ? 6 : 3), using: &rng) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .number(JSONNumber(literal: numberLiteral(using: &rng)) ?? JSONNumber(0))
        case 3: return .string(string(using: &rng))
        case 4: return .array((0..<Int.random(in: 0...5, using: &rng)).map { _ in value(depth: 0, using: &rng) })
        case 5: return .array((0..<Int.random(in: 0...4, using: &rng)).map { _ in value(depth: depth - 1, using: &rng) })
        default:
            var seen = Set<String>()
            var pairs: [(String, JSONValue)] = []
            for _ in 0..<Int.random(in: 0...5, using: &rng) {
                let key = string(using: &rng)
                guard seen.insert(key).inserted else { continue }
                pairs.append((key, value(depth: depth - 1, using: &rng)))
            }
            return .object(pairs)
        }
    }

    static let trivia = ["", "", " ", "\n", "\t", "\r\n", "\r", "/* c */", "// c\n", "/* ü😀 */", "/**/", "//\r\n", " /* a\nb */ "]

    /// `value` written with random whitespace, comments and trailing commas between every token.
    static func noisy<R: RandomNumberGenerator>(_ value: JSONValue, using rng: inout R) -> String {
        func gap(_ rng: inout R) -> String { trivia.randomElement(using: &rng) ?? "" }
        func comma(_ rng: inout R) -> String { Bool.random(using: &rng) ? "," + gap(&rng) : "" }
        switch value {
        case .array(let elements):
            guard !elements.isEmpty else { return "[" + gap(&rng) + "]" }
            let inner = elements.map { gap(&rng) + noisy($0.value, using: &rng) + gap(&rng) }
            return "[" + inner.joined(separator: ",") + comma(&rng) + "]"
        case .object(let members):
            guard !members.isEmpty else { return "{" + gap(&rng) + "}" }
            let inner = members.map {
                gap(&rng) + JSONRenderer().render(.string($0.key)) + gap(&rng) + ":" + gap(&rng)
                    + noisy($0.value.value, using: &rng) + gap(&rng)
            }
            return "{" + inner.joined(separator: ",") + comma(&rng) + "}"
        default:
            return JSONRenderer().render(value)
        }
    }

    static let junkTokens = ["true", "null", "false", "\\u", "\\uD83D", "\\uDC00", "//", "/*", "*/", "\"a\":", "1e5", "-0.", "\u{FEFF}", "é"]
    static let junkBytes: [UInt8] = Array("{}[]\",:/*\\ \n\r\t-+.0123456789eEtrufalsn".utf8)
        + [0x00, 0x1F, 0x7F, 0x80, 0xBF, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xED, 0xA0, 0xF0, 0x9F, 0x98, 0xF4, 0xFF, 0xEF, 0xBB]

    /// Bytes mostly drawn from JSON syntax so the parser gets deep into its states, with some raw noise.
    static func junk<R: RandomNumberGenerator>(using rng: inout R) -> [UInt8] {
        var bytes: [UInt8] = []
        for _ in 0..<Int.random(in: 0...80, using: &rng) {
            switch Int.random(in: 0..<10, using: &rng) {
            case 0: bytes.append(UInt8.random(in: 0...255, using: &rng))
            case 1, 2: bytes += Array((junkTokens.randomElement(using: &rng) ?? "").utf8)
            default: bytes.append(junkBytes.randomElement(using: &rng) ?? 0)
            }
        }
        return bytes
    }

    /// One to four random edits (delete, insert, replace, swap, duplicate a slice, truncate).
    static func mutate<R: RandomNumberGenerator>(_ source: [UInt8], using rng: inout R) -> [UInt8] {
        var bytes = source
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let index = Int.random(in: 0...bytes.count, using: &rng)
            let other = Int.random(in: 0...bytes.count, using: &rng)
            let byte = Bool.random(using: &rng) ? (junkBytes.randomElement(using: &rng) ?? 0) : UInt8.random(in: 0...255, using: &rng)
            switch Int.random(in: 0..<6, using: &rng) {
            case 0 where index < bytes.count: bytes.remove(at: index)
            case 1: bytes.insert(byte, at: index)
            case 2 where index < bytes.count: bytes[index] = byte
            case 3 where index < bytes.count && other < bytes.count: bytes.swapAt(index, other)
            case 4: bytes.insert(contentsOf: bytes[min(index, other)..<max(index, other)], at: max(index, other))
            case 5: bytes.removeLast(bytes.count - index)
            default: break
            }
        }
        return bytes
    }
}
