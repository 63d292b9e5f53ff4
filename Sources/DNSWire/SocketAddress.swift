/// An IP address and port: one end of a UDP exchange or TCP connection.
public struct SocketAddress: Hashable, Sendable, Codable, CustomStringConvertible {
    public var address: IPAddress
    public var port: UInt16

    public init(address: IPAddress, port: UInt16) {
        self.address = address
        self.port = port
    }

    /// `1.2.3.4:53`, `[fd00::1]:53`.
    public var description: String {
        switch address {
        case .v4: "\(address):\(port)"
        case .v6: "[\(address)]:\(port)"
        }
    }
}

public extension IPAddress {
    var isIPv4: Bool {
        if case .v4 = self { true } else { false }
    }

    /// Multicast (224.0.0.0/4, ff00::/8) or the IPv4 limited broadcast address: no server can be
    /// reached by a unicast query there.
    var isMulticastOrBroadcast: Bool {
        switch self {
        case .v4(let v4): v4.value >> 28 == 0xE || v4.value == 0xFFFF_FFFF
        case .v6(let v6): v6.bytes[0] == 0xFF
        }
    }
}
