/// An IPv4 address, stored as its 32-bit value in network byte order semantics.
public struct IPv4Address: Hashable, Sendable, CustomStringConvertible {
    /// The address as a number, first octet most significant.
    public var value: UInt32

    public init(value: UInt32) {
        self.value = value
    }

    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        value = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    /// Exactly four octets, as found in A RDATA (RFC 1035 §3.4.1); anything else is nil.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 4 else { return nil }
        value = bytes.reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// Strict dotted quad: four decimal parts 0...255, no leading zeros (they read as octal in inet_aton), nothing else.
    public init?(_ text: String) {
        let parts = text.utf8.split(separator: ASCII.dot, omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(ASCII.isDigit) else { return nil }
            if part.count > 1, part.first == ASCII.zero { return nil }
            let number = part.reduce(0) { $0 * 10 + Int($1 - ASCII.zero) }
            guard let octet = UInt8(exactly: number) else { return nil }
            value = value << 8 | UInt32(octet)
        }
        self.value = value
    }

    /// The four octets in wire order.
    public var bytes: [UInt8] {
        [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) }
    }

    /// 127.0.0.0/8 (RFC 1122 §3.2.1.3).
    public var isLoopback: Bool { value >> 24 == 127 }

    /// 169.254.0.0/16 (RFC 3927).
    public var isLinkLocal: Bool { value >> 16 == 0xA9FE }

    public var description: String {
        bytes.map { String($0) }.joined(separator: ".")
    }
}
