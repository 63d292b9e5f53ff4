/// What the pages say, before it is written as Markdown or HTML: both formats render the same
/// content, so they cannot disagree.
public enum Inline: Sendable, Hashable {
    /// Prose, escaped by each format.
    case text(String)
    /// A name, address, query or command: monospace.
    case code(String)
    /// A link whose text is prose.
    case link(String, href: String)
}

/// One line of inline content.
public typealias Line = [Inline]

/// A piece of a cell: prose lines, or lines of preformatted text (resolv.conf, a query sequence).
public enum Block: Sendable, Hashable {
    case lines([Line])
    case code([String])
}

/// A cell of a behaviour's table: what one scenario says about one row.
public typealias Cell = [Block]

/// A row of a behaviour's table: a heading and one cell per scenario.
public struct Row: Sendable {
    public var heading: String
    public var cells: [Cell]
}
