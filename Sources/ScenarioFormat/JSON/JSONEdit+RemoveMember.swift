/// Removing a member from an object in a user file without disturbing the rest of its layout.
extension JSONEdit {
    /// Removes member `key` of `object` (a node parsed from `source`) with its comma. A member on a line
    /// of its own takes its whole line (and a comment on that line) with it; in a one-line object only the
    /// member and one comma go. The object keeps its trailing-comma style. Removing the only member leaves
    /// `{}` unless the object holds comments. Returns `source` unchanged if `object` has no such member.
    public static func removingMember(key: String, from object: JSONNode, in source: [UInt8]) -> [UInt8] {
        guard case .object(let members) = object.value,
              let index = members.firstIndex(where: { $0.key == key }) else { return source }
        let open = object.range.start.offset
        let close = object.range.end.offset - 1
        guard open >= 0, close > open, close < source.count, source[open] == UInt8(ascii: "{"),
              source[close] == UInt8(ascii: "}") else { return source }
        let member = members[index]
        let keyStart = member.keyRange.start.offset
        let valueEnd = member.value.range.end.offset
        guard keyStart > open, valueEnd <= close, keyStart < valueEnd else { return source }
        let isLast = index == members.count - 1
        let nextStart = isLast ? close : members[index + 1].keyRange.start.offset
        let after = scanGap(in: source, from: valueEnd, to: nextStart)
        // The member's own comma, plus a comment that follows it on the same line.
        var end = after.comma.map { $0 + 1 } ?? valueEnd
        end = endOfSameLineComment(in: source, from: end, limit: nextStart)
        let previousEnd = index == 0 ? open + 1 : members[index - 1].value.range.end.offset
        let before = scanGap(in: source, from: previousEnd, to: keyStart)

        if members.count == 1 {
            let trimmed = Array(source[..<keyStart]) + Array(source[end...])
            let interior = trimmed[(open + 1)..<(close - (end - keyStart))]
            let blank = interior.allSatisfy { [0x20, 0x09, 0x0A, 0x0D].contains($0) }
            return blank ? Array(source[...open]) + Array(source[close...]) : trimmed
        }
        // A comma-less last member hands its "no trailing comma" style to the member before it.
        let dropPreviousComma = isLast && after.comma == nil ? before.comma : nil
        let lineStart = lineStart(before: keyStart, in: source)
        let ownLine = lineStart > open && source[lineStart..<keyStart].allSatisfy { $0 == 0x20 || $0 == 0x09 }
        let removal: Range<Int>
        if ownLine, let lineEnd = lineEnd(in: source, from: end) {
            removal = lineStart..<lineEnd
        } else if isLast {
            // One line: `{ "a": 1, "b": 2 }` loses `, "b": 2` (or `"b": 2,` when commas trail).
            removal = (dropPreviousComma ?? before.contentEnd)..<end
            return Array(source[..<removal.lowerBound]) + Array(source[removal.upperBound...])
        } else {
            removal = before.contentEnd..<end
        }
        var result = Array(source[..<removal.lowerBound]) + Array(source[removal.upperBound...])
        if let comma = dropPreviousComma, comma < removal.lowerBound {
            result.remove(at: comma)
        }
        return result
    }

    /// Past a `//` or `/* */` comment that starts after blanks on the current line, else `from`.
    static func endOfSameLineComment(in source: [UInt8], from: Int, limit: Int) -> Int {
        var index = from
        while index < limit, source[index] == 0x20 || source[index] == 0x09 { index += 1 }
        guard index + 1 < limit, source[index] == UInt8(ascii: "/") else { return from }
        if source[index + 1] == UInt8(ascii: "/") {
            while index < limit, source[index] != 0x0A, source[index] != 0x0D { index += 1 }
            return index
        }
        guard source[index + 1] == UInt8(ascii: "*") else { return from }
        index += 2
        while index + 1 < limit, !(source[index] == UInt8(ascii: "*") && source[index + 1] == UInt8(ascii: "/")) {
            index += 1
        }
        return min(index + 2, limit)
    }

    /// Offset just past the line break that ends the line, if only blanks lie between `from` and it.
    static func lineEnd(in source: [UInt8], from: Int) -> Int? {
        var index = from
        while index < source.count, source[index] == 0x20 || source[index] == 0x09 { index += 1 }
        guard index < source.count else { return nil }
        if source[index] == 0x0A { return index + 1 }
        if source[index] == 0x0D { return index + 1 < source.count && source[index + 1] == 0x0A ? index + 2 : index + 1 }
        return nil
    }
}
