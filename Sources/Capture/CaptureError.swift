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
            "capture drain timed out: the capture read nothing for \(milliseconds) ms (\(sent) sentinels sent, none captured), so it may be incomplete"
        }
    }
}
