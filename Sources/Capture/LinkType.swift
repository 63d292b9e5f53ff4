/// A libpcap data link type (DLT_*/LINKTYPE_*): an open set, so unknown ones still round-trip.
public struct LinkType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let NULL = LinkType(rawValue: 0)
    public static let EN10MB = LinkType(rawValue: 1)
    public static let RAW = LinkType(rawValue: 12)
    public static let LINKTYPE_RAW = LinkType(rawValue: 101)
    public static let LOOP = LinkType(rawValue: 108)
    public static let LINUX_SLL = LinkType(rawValue: 113)
    public static let LINUX_SLL2 = LinkType(rawValue: 276)

    public var description: String {
        switch self {
        case .NULL: "NULL"
        case .EN10MB: "EN10MB"
        case .RAW, .LINKTYPE_RAW: "RAW"
        case .LOOP: "LOOP"
        case .LINUX_SLL: "LINUX_SLL"
        case .LINUX_SLL2: "LINUX_SLL2"
        default: "DLT \(rawValue)"
        }
    }
}

/// One frame as the capture socket delivered it (in the framing of its link type), or as read
/// from a pcap file.
public struct CapturedFrame: Hashable, Sendable {
    /// Microseconds since the epoch (the kernel's receive timestamp).
    public var timestampMicroseconds: Int64
    public var originalLength: Int
    public var bytes: [UInt8]

    public init(timestampMicroseconds: Int64, originalLength: Int, bytes: [UInt8]) {
        self.timestampMicroseconds = timestampMicroseconds
        self.originalLength = originalLength
        self.bytes = bytes
    }
}
