/// The span of a value or key in the source, so edits can replace exactly those bytes.
public struct SourceRange: Hashable, Sendable {
    /// Location of the first byte.
    public var start: SourceLocation
    /// Location just past the last byte (exclusive).
    public var end: SourceLocation

    public init(start: SourceLocation, end: SourceLocation) {
        self.start = start
        self.end = end
    }

    /// The range given to values built in code, which have no source.
    public static let zero = SourceRange(start: .zero, end: .zero)

    /// Byte offsets of the range, for slicing the source it was parsed from.
    public var offsets: Range<Int> { start.offset..<max(start.offset, end.offset) }
}
