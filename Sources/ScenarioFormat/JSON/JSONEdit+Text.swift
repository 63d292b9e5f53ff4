/// Small byte-level helpers the edits use to fit new text into the existing file.
extension JSONEdit {
    /// Offset of the first byte of the line containing `offset` (clamped into `source`).
    static func lineStart(before offset: Int, in source: [UInt8]) -> Int {
        var index = min(max(0, offset), source.count)
        while index > 0, source[index - 1] != UInt8(ascii: "\n"), source[index - 1] != UInt8(ascii: "\r") {
            index -= 1
        }
        return index
    }

    /// 1-based column of `offset`, counted in Unicode scalars like `SourceLocation.column`.
    static func column(ofOffset offset: Int, in source: [UInt8]) -> Int {
        let end = min(max(0, offset), source.count)
        let start = lineStart(before: end, in: source)
        return source[start..<end].reduce(1) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
    }

    /// The file's line break: `\r\n` if its first line ends that way, otherwise `\n`.
    static func lineBreak(in source: [UInt8]) -> String {
        guard let newline = source.firstIndex(of: UInt8(ascii: "\n")) else { return "\n" }
        return newline > 0 && source[newline - 1] == UInt8(ascii: "\r") ? "\r\n" : "\n"
    }

    /// What lies between a member (or `{`) and the closing `}`: the trailing comma if any, and
    /// where the last comment or comma ends, which is where new text goes so comments stay put.
    struct Gap {
        var comma: Int?
        var contentEnd: Int
        var hasComment: Bool
    }

    /// Scans trivia in `source[from..<to]`; stops early at anything unexpected, so stale ranges cannot trap.
    static func scanGap(in source: [UInt8], from: Int, to: Int) -> Gap {
        let end = min(to, source.count)
        var gap = Gap(comma: nil, contentEnd: from, hasComment: false)
        var index = from
        while index < end {
            let byte = source[index]
            let next = index + 1 < end ? source[index + 1] : nil
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                index += 1
                continue
            case UInt8(ascii: ","):
                gap.comma = index
                index += 1
            case UInt8(ascii: "/") where next == UInt8(ascii: "/"):
                index += 2
                while index < end, source[index] != UInt8(ascii: "\n"), source[index] != UInt8(ascii: "\r") {
                    index += 1
                }
                gap.hasComment = true
            case UInt8(ascii: "/") where next == UInt8(ascii: "*"):
                index += 2
                while index + 1 < end, !(source[index] == UInt8(ascii: "*") && source[index + 1] == UInt8(ascii: "/")) {
                    index += 1
                }
                index = min(index + 2, end)
                gap.hasComment = true
            default:
                return gap
            }
            gap.contentEnd = index
        }
        return gap
    }
}
