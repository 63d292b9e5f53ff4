/// Adding a member to an object in a user file without disturbing its comments or layout.
extension JSONEdit {
    /// Inserts `"key": <rendered value>` as the last member of `object` (a node parsed from `source`),
    /// matching the indentation of the object's existing members and handling an existing trailing comma
    /// (kept, and repeated after the new member), an empty object, and a final comment line (the new member
    /// goes after it). A one-line object stays on one line. Returns `source` unchanged if `object` is not an
    /// object whose braces sit at its range in `source`. It does not check that `key` is new.
    public static func appendingMember(key: String, value: JSONValue, to object: JSONNode, in source: [UInt8], renderer: JSONRenderer) -> [UInt8] {
        guard case .object(let members) = object.value else { return source }
        let open = object.range.start.offset
        guard open >= 0, open < source.count, object.range.end.offset > open + 1, object.range.end.offset <= source.count
        else { return source }
        let close = object.range.end.offset - 1
        guard source[open] == UInt8(ascii: "{"), source[close] == UInt8(ascii: "}") else { return source }

        var renderer = renderer
        renderer.newline = lineBreak(in: source)
        let objectIndentation = indentation(at: object.range.start, in: source)
        let oneLine = object.range.start.line == object.range.end.line
        let keyText = key.jsonQuoted + ": "

        /// The member on a line of its own at `indentation`, or after a space on the current line.
        func memberText(ownLine indentation: String?, at insertAt: Int, suffix: String) -> String {
            let prefix = indentation.map { renderer.newline + $0 } ?? " "
            let startColumn = (indentation.map { 1 + $0.unicodeScalars.count } ?? column(ofOffset: insertAt, in: source) + 1)
                + keyText.unicodeScalars.count
            let rendered = renderer.render(value, indentation: indentation ?? objectIndentation, startColumn: startColumn)
            return prefix + keyText + rendered + suffix
        }

        guard let last = members.last else {
            let gap = scanGap(in: source, from: open + 1, to: close)
            let memberIndentation = objectIndentation + renderer.indentUnit
            guard gap.hasComment else {
                let text = "{" + memberText(ownLine: memberIndentation, at: open, suffix: "")
                    + renderer.newline + objectIndentation + "}"
                return Array(source[..<open]) + Array(text.utf8) + Array(source[(close + 1)...])
            }
            let text = memberText(ownLine: oneLine ? nil : memberIndentation, at: gap.contentEnd, suffix: "")
            return Array(source[..<gap.contentEnd]) + Array(text.utf8) + Array(source[gap.contentEnd...])
        }

        let valueEnd = last.value.range.end.offset
        guard valueEnd > open, valueEnd <= close else { return source }
        let gap = scanGap(in: source, from: valueEnd, to: close)
        let memberIndentation: String? =
            if oneLine { nil }
            else if last.keyRange.start.line == object.range.start.line { objectIndentation + renderer.indentUnit }
            else { indentation(at: last.keyRange.start, in: source) }
        let text = memberText(ownLine: memberIndentation, at: gap.contentEnd, suffix: gap.comma == nil ? "" : ",")
        let comma: [UInt8] = gap.comma == nil ? [UInt8(ascii: ",")] : []
        return Array(source[..<valueEnd]) + comma + Array(source[valueEnd..<gap.contentEnd])
            + Array(text.utf8) + Array(source[gap.contentEnd...])
    }
}
