/// Decoded RDATA for the types the project inspects; every other type travels as raw bytes (RFC 3597).
public enum RData: Hashable, Sendable {
    case a(IPv4Address)
    case aaaa(IPv6Address)
    case cname(DNSName)
    case ns(DNSName)
    case ptr(DNSName)
    case mx(preference: UInt16, exchange: DNSName)
    /// One or more character-strings, each at most 255 octets (RFC 1035 §3.3.14).
    case txt([[UInt8]])
    case srv(priority: UInt16, weight: UInt16, port: UInt16, target: DNSName)
    case soa(mname: DNSName, rname: DNSName, serial: UInt32, refresh: UInt32, retry: UInt32, expire: UInt32, minimum: UInt32)
    /// OPT pseudo-RR options (RFC 6891 §6.1.2).
    case opt([EDNSOption])
    /// Any other type, or known types with empty RDATA in UPDATE-style classes NONE/ANY: raw octets.
    case unknown([UInt8])

    /// The TYPE this case is always sent as; nil for `.unknown`, which fits any type.
    public var impliedType: DNSType? {
        switch self {
        case .a: .A
        case .aaaa: .AAAA
        case .cname: .CNAME
        case .ns: .NS
        case .ptr: .PTR
        case .mx: .MX
        case .txt: .TXT
        case .srv: .SRV
        case .soa: .SOA
        case .opt: .OPT
        case .unknown: nil
        }
    }

    /// Whether this data may be encoded under `type`; a mismatch would decode as something else.
    func canBeSent(as type: DNSType) -> Bool {
        guard let implied = impliedType else { return true }
        return implied == type
    }
}
