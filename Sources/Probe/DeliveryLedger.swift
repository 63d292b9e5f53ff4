import Capture
import DNSWire
import Observation
import Responder
import Synchronization

/// The capture's cross-check: every message a scripted server received must also be in the
/// capture. Both sides count a message by its exact bytes and its endpoints, so even a message
/// that does not parse is matched, never taken for a lost one. Only messages one side has and the
/// other not yet are remembered, so memory stays small whatever a scenario sends.
final class DeliveryLedger: Sendable {
    struct Key: Hashable {
        var transport: Transport
        var client: SocketAddress
        var server: SocketAddress
        var digest: UInt64
        var size: Int
    }

    private let state = Mutex(State())

    struct State {
        /// Received minus captured, per message; zero entries are removed.
        var balance: [Key: Int] = [:]
        /// The bytes of messages received but not (yet) captured, for the report.
        var pending: [Key: [UInt8]] = [:]
    }

    /// A server received `message` (responder thread).
    func received(_ message: ReceivedMessage) {
        let key = Key(transport: message.transport, client: message.client, server: message.server,
                      digest: Self.digest(message.bytes), size: message.bytes.count)
        state.withLock { state in
            let balance = (state.balance[key] ?? 0) + 1
            state.balance[key] = balance == 0 ? nil : balance
            if balance > 0 { state.pending[key] = message.bytes } else if balance == 0 { state.pending[key] = nil }
        }
    }

    /// The capture read a client's `message` to a server port (capture thread).
    func captured(_ message: WireMessage) {
        let key = Key(transport: message.transport, client: message.source, server: message.destination,
                      digest: Self.digest(message.bytes), size: message.bytes.count)
        state.withLock { state in
            let balance = (state.balance[key] ?? 0) - 1
            state.balance[key] = balance == 0 ? nil : balance
            if balance <= 0 { state.pending[key] = nil }
        }
    }

    /// What the servers received that the capture never had, once the capture is drained.
    func lost() -> [LostQuery] {
        state.withLock { state in
            state.balance.filter { $0.value > 0 }.flatMap { key, count in
                let bytes = state.pending[key] ?? []
                let query = LostQuery(server: key.server, client: key.client, transport: key.transport, size: key.size,
                                      message: MessageSummary(bytes: bytes))
                return Array(repeating: query, count: count)
            }
        }
    }

    /// FNV-1a, 64 bits: enough to tell messages apart within one scenario.
    static func digest(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
