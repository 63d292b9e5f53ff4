/// A point in the source text, kept on every parsed value so messages can say `file:line:column`.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// UTF-8 byte offset from the start of the input (a leading BOM counts).
    public var offset: Int
    /// 1-based line number; `\n`, `\r\n` and a lone `\r` each end a line.
    public var line: Int
    /// 1-based column counted in Unicode scalars, so a tab or an emoji is one column.
    public var column: Int

    public init(offset: Int, line: Int, column: Int) {
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// The placeholder used by values built in code rather than parsed (line and column 0 mean "nowhere").
    public static let zero = SourceLocation(offset: 0, line: 0, column: 0)

    /// The location of the first byte of any input.
    public static let start = SourceLocation(offset: 0, line: 1, column: 1)

    /// `line:column`, the form editors and compilers use.
    public var description: String { "\(line):\(column)" }

    /// Locations in one input are ordered by byte offset.
    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        lhs.offset < rhs.offset
    }
}
