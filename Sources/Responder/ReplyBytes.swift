import DNSWire
import ScenarioFormat

/// The bytes a reply is sent as, after a rule's `faults` that work on bytes rather than on the
/// message: `rawHex`, `headerOnly`, `cutTo`, `trailingHex`, and for TCP `tcpClose`.
public enum ReplyBytes {
    /// `encoded` (the reply's encoding) changed by `shaping`; `id` is the reply's transaction ID,
    /// written over the first two bytes of `rawHex`.
    public static func apply(_ shaping: ReplyShaping, to encoded: [UInt8], id: UInt16) -> [UInt8] {
        if var raw = shaping.raw {
            if raw.count >= 2 {
                raw[0] = UInt8(id >> 8)
                raw[1] = UInt8(id & 0xFF)
            }
            return raw
        }
        var bytes = encoded
        if shaping.headerOnly { bytes = Array(bytes.prefix(DNSMessage.headerLength)) }
        if let cut = shaping.cutTo { bytes = Array(bytes.prefix(cut)) }
        return bytes + shaping.trailing
    }

    /// What goes down a TCP connection for `message`: the length prefix (RFC 1035 4.2.2) and the
    /// message, or the part of them `close` leaves before the connection is closed. Nil when the
    /// message is too long to frame.
    public static func tcpPayload(_ message: [UInt8], close: ReplyShaping.TCPClose?) -> [UInt8]? {
        guard let framed = try? TCPFraming.frame(message) else { return nil }
        switch close {
        case nil: return framed
        case .beforeReply?: return []
        case .afterLength?: return Array(framed.prefix(2))
        case .midMessage?: return Array(framed.prefix(2 + message.count / 2))
        }
    }
}
