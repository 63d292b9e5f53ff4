/// One option inside OPT RDATA (RFC 6891 §6.1.2): a code and opaque data.
public struct EDNSOption: Hashable, Sendable {
    public var code: UInt16
    public var data: [UInt8]

    public init(code: UInt16, data: [UInt8] = []) {
        self.code = code
        self.data = data
    }

    /// RFC 7871 Client Subnet.
    public static let clientSubnetCode: UInt16 = 8
    /// RFC 7873 DNS Cookie.
    public static let cookieCode: UInt16 = 10
    /// RFC 7830 Padding.
    public static let paddingCode: UInt16 = 12
}

/// EDNS(0) view of an OPT record: the fields RFC 6891 §6.1.3 packs into its CLASS and TTL.
public struct EDNS: Hashable, Sendable {
    /// Requestor's UDP payload size, carried in the OPT CLASS field.
    public var udpPayloadSize: UInt16
    /// Upper 8 bits of the 12-bit rcode as decoded. `encode` ignores it and derives the byte from `DNSMessage.rcode`.
    public var extendedRcodeHigh: UInt8
    public var version: UInt8
    /// DO bit (RFC 3225): the requestor wants DNSSEC records.
    public var dnssecOK: Bool
    public var options: [EDNSOption]
    /// The other 15 flag bits, which RFC 6891 says must be zero; kept so odd senders can be observed and imitated.
    public var zFlags: UInt16

    public init(
        udpPayloadSize: UInt16 = 1232,
        extendedRcodeHigh: UInt8 = 0,
        version: UInt8 = 0,
        dnssecOK: Bool = false,
        options: [EDNSOption] = [],
        zFlags: UInt16 = 0
    ) {
        self.udpPayloadSize = udpPayloadSize
        self.extendedRcodeHigh = extendedRcodeHigh
        self.version = version
        self.dnssecOK = dnssecOK
        self.zFlags = zFlags & 0x7FFF
        self.options = options
    }
}

extension EDNS {
    /// Reads the EDNS fields out of an OPT record's CLASS and TTL (RFC 6891 §6.1.3).
    init(optRecord record: ResourceRecord, options: [EDNSOption]) {
        self.init(
            udpPayloadSize: record.rclass,
            extendedRcodeHigh: UInt8(truncatingIfNeeded: record.ttl >> 24),
            version: UInt8(truncatingIfNeeded: record.ttl >> 16),
            dnssecOK: record.ttl & 0x8000 != 0,
            options: options,
            zFlags: UInt16(truncatingIfNeeded: record.ttl) & 0x7FFF
        )
    }

    /// The OPT pseudo-RR that carries these fields; the extended rcode byte comes from the message's rcode.
    func optRecord(rcode: DNSRcode) -> ResourceRecord {
        let extended = UInt32(truncatingIfNeeded: rcode.rawValue >> 4) & 0xFF
        let ttl = extended << 24 | UInt32(version) << 16 | (dnssecOK ? 0x8000 : 0) | UInt32(zFlags & 0x7FFF)
        return ResourceRecord(name: .root, type: .OPT, rclass: udpPayloadSize, ttl: ttl, data: .opt(options))
    }
}
