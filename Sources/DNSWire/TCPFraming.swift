/// DNS over TCP framing (RFC 1035 §4.2.2): each message is preceded by a 2-byte big-endian length.
public enum TCPFraming {
    /// Prefixes `message` with its length; throws `messageTooLong` when it cannot be framed.
    public static func frame(_ message: [UInt8]) throws(DNSWireError) -> [UInt8] {
        guard let length = UInt16(exactly: message.count) else { throw .messageTooLong }
        return [UInt8(truncatingIfNeeded: length >> 8), UInt8(truncatingIfNeeded: length)] + message
    }

    /// Splits a byte stream into complete messages; returns the messages and how many bytes were consumed.
    ///
    /// A partial frame at the end is left unconsumed for the next read; a zero-length frame yields an
    /// empty message (which `DNSMessage.decode` will reject).
    public static func split(_ stream: some Collection<UInt8>) -> (messages: [[UInt8]], consumed: Int) {
        let bytes = Array(stream)
        var messages: [[UInt8]] = []
        var offset = 0
        while bytes.count - offset >= 2 {
            let length = Int(bytes[offset]) << 8 | Int(bytes[offset + 1])
            let start = offset + 2
            guard bytes.count - start >= length else { break }
            messages.append(Array(bytes[start..<(start + length)]))
            offset = start + length
        }
        return (messages, offset)
    }
}
