/// Pretty printer used to write values back into user files in a stable, diff-friendly layout.
public struct JSONRenderer: Sendable {
    /// One level of indentation.
    public var indentUnit: String = "  "
    /// Arrays whose elements are all scalars and whose one-line form fits in `maxLineWidth` are written on one line.
    public var maxLineWidth: Int = 100
    /// Line break written between lines; `JSONEdit` sets it to match the file being edited.
    public var newline: String = "\n"

    public init(indentUnit: String = "  ", maxLineWidth: Int = 100, newline: String = "\n") {
        self.indentUnit = indentUnit
        self.maxLineWidth = maxLineWidth
        self.newline = newline
    }

    /// Renders `value` as if it started at 1-based column `startColumn` (default: just after the
    /// indentation) with the enclosing indentation level `level` (so nested lines get `level+1` units).
    public func render(_ value: JSONValue, level: Int = 0, startColumn: Int? = nil) -> String {
        render(value, indentation: String(repeating: indentUnit, count: max(0, level)), startColumn: startColumn)
    }

    /// Like `render(_:level:startColumn:)` but with the enclosing indentation given as text,
    /// for files whose indentation is not a multiple of `indentUnit`.
    public func render(_ value: JSONValue, indentation: String, startColumn: Int? = nil) -> String {
        var out = ""
        // Clamped so absurd start columns cannot overflow the width arithmetic.
        let column = min(startColumn.map { $0 > 0 ? $0 - 1 : 0 } ?? indentation.unicodeScalars.count, 1 << 32)
        write(value, indentation: indentation, column: column, trailer: 0, into: &out)
        return out
    }
}
