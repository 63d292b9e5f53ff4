/// A JSON number kept as its literal so rewriting a file never changes how a number is spelled.
public struct JSONNumber: Hashable, Sendable {
    /// The number exactly as written, e.g. `300`, `1e3`, `-0.5`; always valid JSON number syntax.
    public private(set) var literal: String

    /// Wraps a literal already checked by the parser.
    init(uncheckedLiteral literal: String) {
        self.literal = literal
    }

    /// Makes a number from a literal, or nil if `literal` is not exactly a JSON number.
    public init?(literal: String) {
        guard let node = try? JSONParser.parse(literal),
            case .number(let number) = node.value,
            number.literal == literal
        else { return nil }
        self = number
    }

    /// Makes a number from an integer.
    public init(_ int: Int) {
        literal = String(int)
    }

    /// Makes a number from a finite double, or nil for NaN and infinities, which JSON cannot spell.
    public init?(_ double: Double) {
        guard double.isFinite else { return nil }
        literal = String(double)
    }

    /// The value as an `Int` when the literal is a plain integer (no fraction or exponent) that fits.
    public var integer: Int? {
        guard !literal.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") })
        else { return nil }
        return Int(literal)
    }

    /// The value as a `Double`, or nil when it overflows to infinity.
    public var double: Double? {
        guard let value = Double(literal), value.isFinite else { return nil }
        return value
    }
}
