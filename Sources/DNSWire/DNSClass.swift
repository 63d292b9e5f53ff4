/// A CLASS value (RFC 1035 §3.2.4); an open set like `DNSType`.
public struct DNSClass: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16

    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    public static let IN = DNSClass(rawValue: 1)
    public static let CH = DNSClass(rawValue: 3)
    public static let HS = DNSClass(rawValue: 4)
    /// RFC 2136 §2.4: used by UPDATE to delete an RR.
    public static let NONE = DNSClass(rawValue: 254)
    public static let ANY = DNSClass(rawValue: 255)

    private static let mnemonics = Mnemonics(genericPrefix: "CLASS", [
        "IN": 1, "CH": 3, "HS": 4, "NONE": 254, "ANY": 255,
    ])

    /// Case-insensitive mnemonic, or the RFC 3597 generic form `CLASS3`.
    public init?(mnemonic: String) {
        guard let code = Self.mnemonics.code(for: mnemonic) else { return nil }
        self.rawValue = code
    }

    /// The mnemonic, or `CLASSnnn` (RFC 3597 §5).
    public var description: String { Self.mnemonics.name(for: rawValue) }
}
