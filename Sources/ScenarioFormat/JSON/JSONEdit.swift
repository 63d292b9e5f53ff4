/// Text splicing for in-place edits: only the bytes of the edited node change, comments and layout stay.
public enum JSONEdit {
    /// Returns `source` with `range` replaced by `replacement`; offsets outside `source` are clamped.
    public static func replacing(_ range: SourceRange, in source: [UInt8], with replacement: String) -> [UInt8] {
        let start = min(max(0, range.start.offset), source.count)
        let end = min(max(start, range.end.offset), source.count)
        return Array(source[..<start]) + Array(replacement.utf8) + Array(source[end...])
    }

    /// Returns `source` with the value of `node` replaced by `value`, rendered to fit where the node sits.
    public static func replacingValue(of node: JSONNode, with value: JSONValue, in source: [UInt8], renderer: JSONRenderer) -> [UInt8] {
        var renderer = renderer
        renderer.newline = lineBreak(in: source)
        let text = renderer.render(
            value,
            indentation: indentation(at: node.range.start, in: source),
            startColumn: column(ofOffset: node.range.start.offset, in: source))
        return replacing(node.range, in: source, with: text)
    }

    /// Indentation (the whitespace prefix) of the line on which `location` sits.
    public static func indentation(at location: SourceLocation, in source: [UInt8]) -> String {
        var index = lineStart(before: location.offset, in: source)
        let start = index
        while index < source.count, source[index] == UInt8(ascii: " ") || source[index] == UInt8(ascii: "\t") {
            index += 1
        }
        return String(decoding: source[start..<index], as: UTF8.self)
    }
}
