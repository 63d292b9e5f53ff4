/// Why a capture could not be started or finished.
public enum CaptureError: Error, CustomStringConvertible, Sendable {
    case open(interface: String, message: String)
    case filter(expression: String, message: String)
    case read(message: String)
    case sentinel(message: String)
    /// The sentinel never came back: packets may have been lost, so nothing can be judged.
    case drainTimedOut(milliseconds: Int, sentinelsSent: Int)

    public var description: String {
        switch self {
        case let .open(interface, message): "cannot capture on \(interface): \(message)"
        case let .filter(expression, message): "bad capture filter \"\(expression)\": \(message)"
        case let .read(message): "capture read failed: \(message)"
        case let .sentinel(message): "drain sentinel: \(message)"
        case let .drainTimedOut(milliseconds, sent):
            "capture drain timed out after \(milliseconds) ms (\(sent) sentinels sent, none captured): the capture may be incomplete"
        }
    }
}

/// libpcap's counters (`pcap_stats`), reported in verbose output. Not a loss verdict on its own:
/// `dropped` has read 2 in runs that lost nothing (design.md).
public struct CaptureStatistics: Hashable, Sendable, Codable {
    public var received: UInt32
    public var dropped: UInt32
    public var interfaceDropped: UInt32
}
