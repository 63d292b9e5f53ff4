/// The 4-bit OPCODE header field (RFC 1035 §4.1.1, RFC 1996, RFC 2136, RFC 8490).
public struct DNSOpcode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// Only 4 bits exist on the wire; larger values make `encode` throw.
    public var rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    public static let QUERY = DNSOpcode(rawValue: 0)
    public static let IQUERY = DNSOpcode(rawValue: 1)
    public static let STATUS = DNSOpcode(rawValue: 2)
    public static let NOTIFY = DNSOpcode(rawValue: 4)
    public static let UPDATE = DNSOpcode(rawValue: 5)
    public static let DSO = DNSOpcode(rawValue: 6)

    private static let mnemonics = Mnemonics(genericPrefix: "OPCODE", [
        "QUERY": 0, "IQUERY": 1, "STATUS": 2, "NOTIFY": 4, "UPDATE": 5, "DSO": 6,
    ])

    /// Case-insensitive mnemonic such as `query`, or `OPCODEnn`.
    public init?(mnemonic: String) {
        guard let code = Self.mnemonics.code(for: mnemonic), let value = UInt8(exactly: code) else { return nil }
        self.rawValue = value
    }

    public var description: String { Self.mnemonics.name(for: UInt16(rawValue)) }
}
