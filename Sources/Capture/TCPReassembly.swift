/// One direction of a TCP connection, reassembled as segments arrive: DNS messages (RFC 1035 4.2.2
/// length framing) come out as soon as their last byte is in. Retransmitted and overlapping bytes
/// are dropped; segments ahead of a gap wait for it to fill. Memory is what is not yet a whole
/// message plus what waits behind a gap.
struct TCPStream {
    private var nextSequence: UInt32?
    private var waiting: [UInt32: (payload: [UInt8], timestamp: Int64)] = [:]
    private var waitingBytes = 0
    /// Contiguous bytes not yet a whole message, and when each appended run of them arrived.
    private var pending: [UInt8] = []
    private var pendingStarts: [(offset: Int, timestamp: Int64)] = []
    /// Set when more was waiting behind a gap than any DNS exchange needs: the gap will not fill.
    private(set) var overflowed = false

    /// Bytes held behind a gap at most (two whole maximum-size messages).
    static let waitingLimit = 2 * (65535 + 2)

    /// Adds a segment; returns the messages it completed, each stamped with the arrival of its first byte.
    mutating func add(sequence: UInt32, flags: UInt8, payload: [UInt8], timestamp: Int64) -> [(timestamp: Int64, bytes: [UInt8])] {
        if flags & TCPFlags.SYN != 0 {
            nextSequence = sequence &+ 1
            return []
        }
        guard !payload.isEmpty else { return [] }
        let next = nextSequence ?? sequence   // joined mid-stream: start at what we see
        nextSequence = next
        let distance = Int32(bitPattern: sequence &- next)
        if distance > 0 {
            if waiting[sequence] == nil {
                waiting[sequence] = (payload, timestamp)
                waitingBytes += payload.count
                if waitingBytes > Self.waitingLimit { overflowed = true }
            }
            return []
        }
        append(payload, skipping: Int(-distance), timestamp: timestamp)
        while let expected = nextSequence, let ready = waiting.first(where: { Int32(bitPattern: $0.key &- expected) <= 0 }) {
            waiting[ready.key] = nil
            waitingBytes -= ready.value.payload.count
            append(ready.value.payload, skipping: Int(-Int32(bitPattern: ready.key &- expected)), timestamp: ready.value.timestamp)
        }
        return takeMessages()
    }

    private mutating func append(_ payload: [UInt8], skipping: Int, timestamp: Int64) {
        guard skipping < payload.count else { return }
        pendingStarts.append((pending.count, timestamp))
        pending.append(contentsOf: payload[skipping...])
        nextSequence = nextSequence.map { $0 &+ UInt32(payload.count - skipping) }
    }

    private mutating func takeMessages() -> [(timestamp: Int64, bytes: [UInt8])] {
        var messages: [(Int64, [UInt8])] = []
        var offset = 0
        while pending.count - offset >= 2 {
            let length = Int(pending[offset]) << 8 | Int(pending[offset + 1])
            guard pending.count - offset >= 2 + length else { break }
            let stamp = pendingStarts.last(where: { $0.offset <= offset })?.timestamp ?? 0
            messages.append((stamp, Array(pending[(offset + 2)..<(offset + 2 + length)])))
            offset += 2 + length
        }
        if offset > 0 {
            pending.removeFirst(offset)
            let kept = pendingStarts.filter { $0.offset >= offset }.map { ($0.offset - offset, $0.timestamp) }
            let carried = pendingStarts.last(where: { $0.offset < offset }).map { [(0, $0.timestamp)] } ?? []
            pendingStarts = pending.isEmpty ? [] : (kept.first?.0 == 0 ? kept : carried + kept)
        }
        return messages
    }

    /// True when a segment is missing: data waits behind a gap that never filled.
    var hasGap: Bool { !waiting.isEmpty || overflowed }

    /// What is left that is not a whole message (a connection closed mid-message), and when it began.
    var leftover: (timestamp: Int64, bytes: [UInt8])? {
        guard !pending.isEmpty else { return nil }
        return (pendingStarts.first?.timestamp ?? 0, pending)
    }
}
