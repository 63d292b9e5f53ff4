/// An IPv6 address: 16 octets, printed in RFC 5952 canonical form.
public struct IPv6Address: Hashable, Sendable {
    /// Octets 0-7 and 8-15 as big-endian numbers; two words keep the type trivially Hashable.
    private var high: UInt64
    private var low: UInt64

    /// The unspecified address `::`.
    public static let unspecified = IPv6Address(high: 0, low: 0)
    /// The loopback address `::1`.
    public static let loopback = IPv6Address(high: 0, low: 1)

    private init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Exactly sixteen octets, as found in AAAA RDATA (RFC 3596 §2.2); anything else is nil.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 16 else { return nil }
        let octets = Array(bytes)
        high = octets[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
        low = octets[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// Eight 16-bit groups, most significant first.
    init(groups: [UInt16]) {
        var high: UInt64 = 0
        var low: UInt64 = 0
        for (index, group) in groups.prefix(8).enumerated() {
            if index < 4 {
                high = high << 16 | UInt64(group)
            } else {
                low = low << 16 | UInt64(group)
            }
        }
        self.init(high: high, low: low)
    }

    /// The sixteen octets in wire order.
    public var bytes: [UInt8] {
        stride(from: 56, through: 0, by: -8).map { UInt8(truncatingIfNeeded: high >> UInt64($0)) }
            + stride(from: 56, through: 0, by: -8).map { UInt8(truncatingIfNeeded: low >> UInt64($0)) }
    }

    /// The eight 16-bit groups, most significant first.
    public var groups: [UInt16] {
        stride(from: 48, through: 0, by: -16).map { UInt16(truncatingIfNeeded: high >> UInt64($0)) }
            + stride(from: 48, through: 0, by: -16).map { UInt16(truncatingIfNeeded: low >> UInt64($0)) }
    }

    /// `::1` (RFC 4291 §2.5.3).
    public var isLoopback: Bool { self == .loopback }

    /// fe80::/10 (RFC 4291 §2.5.6).
    public var isLinkLocal: Bool { high >> 54 == 0x3FA }

    /// ::ffff:0:0/96, an IPv4 address seen through an IPv6 socket (RFC 4291 §2.5.5.2).
    public var isV4Mapped: Bool { high == 0 && low >> 32 == 0xFFFF }

    /// The embedded IPv4 address when `isV4Mapped`.
    public var v4Mapped: IPv4Address? {
        isV4Mapped ? IPv4Address(value: UInt32(truncatingIfNeeded: low)) : nil
    }

    /// `::ffff:a.b.c.d` for an IPv4 address (RFC 4291 §2.5.5.2).
    public init(v4Mapped address: IPv4Address) {
        self.init(high: 0, low: 0xFFFF_0000_0000 | UInt64(address.value))
    }
}
