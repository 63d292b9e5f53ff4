import DNSWire
import ScenarioFormat

/// One message a scripted server received, as it arrived; the capture must contain every one.
public struct ReceivedMessage: Hashable, Sendable {
    /// Wall-clock microseconds, the clock packet timestamps use.
    public var at: Int64
    public var server: SocketAddress
    public var client: SocketAddress
    public var transport: Transport
    public var bytes: [UInt8]

    public init(at: Int64, server: SocketAddress, client: SocketAddress, transport: Transport, bytes: [UInt8]) {
        self.at = at
        self.server = server
        self.client = client
        self.transport = transport
        self.bytes = bytes
    }
}

/// Why the responder could not start.
public enum ResponderError: Error, CustomStringConvertible, Sendable {
    case bind(endpoint: String, transport: Transport, message: String)
    case thread(String)

    public var description: String {
        switch self {
        case let .bind(endpoint, transport, message): "cannot listen on \(endpoint) (\(transport.rawValue)): \(message)"
        case let .thread(message): "cannot start the responder thread: \(message)"
        }
    }
}
