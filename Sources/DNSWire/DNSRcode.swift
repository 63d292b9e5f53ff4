/// A response code; 12 bits wide once EDNS supplies the upper 8 (RFC 6891 §6.1.3).
public struct DNSRcode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// Largest value an EDNS message can carry: 4 header bits plus 8 OPT bits.
    public static let maxExtended: UInt16 = 0xFFF

    public var rawValue: UInt16

    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    public static let NOERROR = DNSRcode(rawValue: 0)
    public static let FORMERR = DNSRcode(rawValue: 1)
    public static let SERVFAIL = DNSRcode(rawValue: 2)
    public static let NXDOMAIN = DNSRcode(rawValue: 3)
    public static let NOTIMP = DNSRcode(rawValue: 4)
    public static let REFUSED = DNSRcode(rawValue: 5)
    public static let YXDOMAIN = DNSRcode(rawValue: 6)
    public static let YXRRSET = DNSRcode(rawValue: 7)
    public static let NXRRSET = DNSRcode(rawValue: 8)
    public static let NOTAUTH = DNSRcode(rawValue: 9)
    public static let NOTZONE = DNSRcode(rawValue: 10)
    public static let DSOTYPENI = DNSRcode(rawValue: 11)
    public static let BADVERS = DNSRcode(rawValue: 16)
    public static let BADKEY = DNSRcode(rawValue: 17)
    public static let BADTIME = DNSRcode(rawValue: 18)
    public static let BADMODE = DNSRcode(rawValue: 19)
    public static let BADNAME = DNSRcode(rawValue: 20)
    public static let BADALG = DNSRcode(rawValue: 21)
    public static let BADTRUNC = DNSRcode(rawValue: 22)
    public static let BADCOOKIE = DNSRcode(rawValue: 23)

    private static let mnemonics = Mnemonics(genericPrefix: "RCODE", [
        "NOERROR": 0, "FORMERR": 1, "SERVFAIL": 2, "NXDOMAIN": 3, "NOTIMP": 4, "REFUSED": 5,
        "YXDOMAIN": 6, "YXRRSET": 7, "NXRRSET": 8, "NOTAUTH": 9, "NOTZONE": 10, "DSOTYPENI": 11,
        "BADVERS": 16, "BADKEY": 17, "BADTIME": 18, "BADMODE": 19, "BADNAME": 20, "BADALG": 21,
        "BADTRUNC": 22, "BADCOOKIE": 23,
    ])

    /// Case-insensitive mnemonic such as `nxdomain`, or `RCODEnnn`.
    public init?(mnemonic: String) {
        guard let code = Self.mnemonics.code(for: mnemonic) else { return nil }
        self.rawValue = code
    }

    /// `NOERROR`, `NXDOMAIN`, ..., or `RCODEnnn` for unassigned values.
    public var description: String { Self.mnemonics.name(for: rawValue) }
}
