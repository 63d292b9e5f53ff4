/// A resource record TYPE (RFC 1035 §3.2.2); an open set, so unknown codes pass through untouched.
public struct DNSType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16

    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    public static let A = DNSType(rawValue: 1)
    public static let NS = DNSType(rawValue: 2)
    public static let CNAME = DNSType(rawValue: 5)
    public static let SOA = DNSType(rawValue: 6)
    public static let NULL = DNSType(rawValue: 10)
    public static let PTR = DNSType(rawValue: 12)
    public static let HINFO = DNSType(rawValue: 13)
    public static let MX = DNSType(rawValue: 15)
    public static let TXT = DNSType(rawValue: 16)
    public static let AAAA = DNSType(rawValue: 28)
    public static let SRV = DNSType(rawValue: 33)
    public static let NAPTR = DNSType(rawValue: 35)
    public static let DNAME = DNSType(rawValue: 39)
    public static let OPT = DNSType(rawValue: 41)
    public static let DS = DNSType(rawValue: 43)
    public static let SSHFP = DNSType(rawValue: 44)
    public static let RRSIG = DNSType(rawValue: 46)
    public static let NSEC = DNSType(rawValue: 47)
    public static let DNSKEY = DNSType(rawValue: 48)
    public static let NSEC3 = DNSType(rawValue: 50)
    public static let NSEC3PARAM = DNSType(rawValue: 51)
    public static let TLSA = DNSType(rawValue: 52)
    public static let SVCB = DNSType(rawValue: 64)
    public static let HTTPS = DNSType(rawValue: 65)
    public static let TKEY = DNSType(rawValue: 249)
    public static let TSIG = DNSType(rawValue: 250)
    public static let IXFR = DNSType(rawValue: 251)
    public static let AXFR = DNSType(rawValue: 252)
    public static let ANY = DNSType(rawValue: 255)
    public static let URI = DNSType(rawValue: 256)
    public static let CAA = DNSType(rawValue: 257)

    private static let mnemonics = Mnemonics(genericPrefix: "TYPE", [
        "A": 1, "NS": 2, "MD": 3, "MF": 4, "CNAME": 5, "SOA": 6, "MB": 7, "MG": 8, "MR": 9, "NULL": 10,
        "WKS": 11, "PTR": 12, "HINFO": 13, "MINFO": 14, "MX": 15, "TXT": 16, "RP": 17, "AFSDB": 18,
        "SIG": 24, "KEY": 25, "AAAA": 28, "LOC": 29, "SRV": 33, "NAPTR": 35, "KX": 36, "CERT": 37,
        "DNAME": 39, "OPT": 41, "APL": 42, "DS": 43, "SSHFP": 44, "IPSECKEY": 45, "RRSIG": 46, "NSEC": 47,
        "DNSKEY": 48, "DHCID": 49, "NSEC3": 50, "NSEC3PARAM": 51, "TLSA": 52, "SMIMEA": 53, "HIP": 55,
        "CDS": 59, "CDNSKEY": 60, "OPENPGPKEY": 61, "CSYNC": 62, "ZONEMD": 63, "SVCB": 64, "HTTPS": 65,
        "SPF": 99, "TKEY": 249, "TSIG": 250, "IXFR": 251, "AXFR": 252, "ANY": 255, "URI": 256, "CAA": 257,
    ])

    /// Case-insensitive mnemonic, or the RFC 3597 generic form `TYPE65`.
    public init?(mnemonic: String) {
        guard let code = Self.mnemonics.code(for: mnemonic) else { return nil }
        self.rawValue = code
    }

    /// The mnemonic, or `TYPEnnn` for codes without one (RFC 3597 §5).
    public var description: String { Self.mnemonics.name(for: rawValue) }
}
