import DNSWire

/// Builds rtnetlink requests as bytes in host byte order (netlink(7): "native byte order").
public enum NetlinkMessage {
    /// `RTM_NEWLINK` setting `IFF_UP` on interface `index` (ifinfomsg, rtnetlink(7)).
    public static func linkUp(index: Int32, sequence: UInt32) -> [UInt8] {
        var body: [UInt8] = []
        body.append(0)                               // ifi_family = AF_UNSPEC
        body.append(0)                               // padding
        body.appendNative(UInt16(0))                 // ifi_type
        body.appendNative(index)                     // ifi_index
        body.appendNative(InterfaceFlags.IFF_UP)     // ifi_flags
        body.appendNative(InterfaceFlags.IFF_UP)     // ifi_change: only IFF_UP is touched
        return header(type: NetlinkType.RTM_NEWLINK,
                      flags: NetlinkFlags.NLM_F_REQUEST | NetlinkFlags.NLM_F_ACK,
                      sequence: sequence, body: body)
    }

    /// `RTM_NEWADDR` adding `address` to interface `index` (ifaddrmsg + IFA_LOCAL/IFA_ADDRESS + IFA_FLAGS).
    public static func addressAdd(index: Int32, address: AddressPrefix, sequence: UInt32) -> [UInt8] {
        let family = address.address.isIPv4 ? KernelAddressFamily.AF_INET : KernelAddressFamily.AF_INET6
        let bytes = address.address.bytes
        var body: [UInt8] = []
        body.append(family)                          // ifa_family
        body.append(UInt8(clamping: address.prefixLength)) // ifa_prefixlen
        body.append(UInt8(truncatingIfNeeded: AddressAttribute.IFA_F_NODAD)) // ifa_flags (8-bit copy)
        body.append(0)                               // ifa_scope = RT_SCOPE_UNIVERSE
        body.appendNative(UInt32(bitPattern: index)) // ifa_index
        // IPv4 needs IFA_LOCAL (the interface's own address); IFA_ADDRESS is the peer/prefix address.
        body.appendAttribute(type: AddressAttribute.IFA_LOCAL, payload: bytes)
        body.appendAttribute(type: AddressAttribute.IFA_ADDRESS, payload: bytes)
        var flags: [UInt8] = []
        flags.appendNative(AddressAttribute.IFA_F_NODAD)
        body.appendAttribute(type: AddressAttribute.IFA_FLAGS, payload: flags)
        return header(type: NetlinkType.RTM_NEWADDR,
                      flags: NetlinkFlags.NLM_F_REQUEST | NetlinkFlags.NLM_F_ACK
                          | NetlinkFlags.NLM_F_CREATE | NetlinkFlags.NLM_F_EXCL,
                      sequence: sequence, body: body)
    }

    /// Wraps `body` in an nlmsghdr (16 bytes) for our own port (pid 0: the kernel assigns it).
    static func header(type: UInt16, flags: UInt16, sequence: UInt32, body: [UInt8]) -> [UInt8] {
        var message: [UInt8] = []
        message.appendNative(UInt32(16 + body.count)) // nlmsg_len
        message.appendNative(type)                    // nlmsg_type
        message.appendNative(flags)                   // nlmsg_flags
        message.appendNative(sequence)                // nlmsg_seq
        message.appendNative(UInt32(0))               // nlmsg_pid
        message += body
        return message
    }

    /// The outcome of one acknowledgement: `nil` for success, else the errno the kernel reported.
    public struct Acknowledgement: Equatable, Sendable {
        public var sequence: UInt32
        public var errno: Int32?
    }

    /// Parses the `NLMSG_ERROR` acknowledgements in a datagram from the kernel; ignores other types.
    /// Returns nil if the datagram is malformed.
    public static func parseAcknowledgements(_ datagram: [UInt8]) -> [Acknowledgement]? {
        var result: [Acknowledgement] = []
        var offset = 0
        while offset + 16 <= datagram.count {
            guard let length = datagram.readNative(UInt32.self, at: offset),
                  let type = datagram.readNative(UInt16.self, at: offset + 4),
                  let sequence = datagram.readNative(UInt32.self, at: offset + 8),
                  length >= 16, offset + Int(length) <= datagram.count else { return nil }
            if type == NetlinkType.NLMSG_ERROR {
                guard let code = datagram.readNative(Int32.self, at: offset + 16) else { return nil }
                result.append(Acknowledgement(sequence: sequence, errno: code == 0 ? nil : -code))
            }
            offset += (Int(length) + 3) & ~3
        }
        return result
    }
}

extension [UInt8] {
    mutating func appendNative<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value) { append(contentsOf: $0) }
    }

    /// rtattr: u16 length (header + payload), u16 type, payload padded to 4 bytes.
    mutating func appendAttribute(type: UInt16, payload: [UInt8]) {
        appendNative(UInt16(4 + payload.count))
        appendNative(type)
        append(contentsOf: payload)
        append(contentsOf: [UInt8](repeating: 0, count: (4 - payload.count % 4) % 4))
    }

    func readNative<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T? {
        let size = MemoryLayout<T>.size
        guard offset >= 0, offset + size <= count else { return nil }
        var value: T = 0
        Swift.withUnsafeMutableBytes(of: &value) { raw in
            for index in 0..<size { raw[index] = self[offset + index] }
        }
        return value
    }
}
