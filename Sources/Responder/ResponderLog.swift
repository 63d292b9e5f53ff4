import DNSWire
import ScenarioFormat

/// One query as the responder received it; the capture must contain every one of these.
public struct ReceivedQuery: Hashable, Sendable, Codable {
    /// Wall-clock microseconds, the clock pcap timestamps use.
    public var timestampMicroseconds: Int64
    public var server: String
    public var serverPort: UInt16
    public var transport: Transport
    public var client: String
    public var clientPort: UInt16
    public var id: UInt16
    public var name: String?
    public var type: String?
    /// `NOERROR`, `NXDOMAIN`, `truncated`, `dropped`, `silent`.
    public var outcome: String
    public var ruleIndex: Int?
    public var delayMs: Int
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
