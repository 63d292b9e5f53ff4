import Capture
import Responder
import ScenarioFormat

/// What the sandbox child saw, sent to the parent as JSON on its standard output.
public struct Observation: Codable, Sendable {
    /// Set when the sandbox could not be built or run; everything else may then be empty.
    public var setupFailure: SetupFailure?
    /// Wall-clock microseconds when the first lookup started: time offsets count from here.
    public var startedAtMicroseconds: Int64 = 0
    public var queries: [ObservedQuery] = []
    public var lookups: [LookupResult] = []
    /// Every query the responder received (the cross-check's reference).
    public var received: [ReceivedQuery] = []
    /// Queries the responder received that the capture lacks: non-empty means the capture lost packets.
    public var lost: [ReceivedQuery] = []
    public var incompleteStreams: [String] = []
    public var capture: CaptureSummary?

    public init() {}

    public struct SetupFailure: Codable, Sendable, Error {
        public enum Kind: String, Codable, Sendable {
            /// The machine does not allow the namespaces (exit code 3).
            case namespaces
            case sandbox, responder, capture, drain
        }
        public var kind: Kind
        public var message: String

        public init(kind: Kind, message: String) {
            self.kind = kind
            self.message = message
        }
    }

    public struct CaptureSummary: Codable, Sendable {
        public var interface: String
        public var linkType: Int32
        public var filter: String
        public var statistics: CaptureStatistics?
        public var drainMilliseconds: Double
        public var sentinelsSent: Int
        public var warnings: [String]
        /// Every captured frame (sentinels excluded), for pcap files.
        public var frames: [Frame]
    }

    public struct Frame: Codable, Sendable {
        public var timestampMicroseconds: Int64
        public var originalLength: Int
        /// The frame's bytes, base64.
        public var data: String
    }
}

/// One DNS query seen on the wire, with the reply it got.
public struct ObservedQuery: Codable, Sendable, Hashable {
    /// Milliseconds from the start of the first lookup.
    public var offsetMs: Double
    public var type: String
    /// The queried name as sent, absolute (`ycwu314.top.`).
    public var name: String
    public var server: String
    public var serverPort: UInt16
    public var transport: Transport
    public var clientPort: UInt16
    public var id: UInt16
    /// Header flags and EDNS as sent: `rd`, `cd`, `ad`, `edns0`, `do`.
    public var flags: [String]
    /// The reply: its rcode (`NOERROR`, `NXDOMAIN`, ...), nil if none was captured.
    public var rcode: String?
    public var truncated: Bool
    public var answerCount: Int?
    public var responseOffsetMs: Double?
    /// ICMP port unreachable came back: nothing listens at the server address (a `closed` server).
    public var unreachable: Bool

    /// `rcode`, or what happened instead: `truncated`, `unreachable`, `no reply`.
    public var replySummary: String {
        if unreachable { return "unreachable" }
        guard let rcode else { return "no reply" }
        return truncated ? "\(rcode), truncated" : rcode
    }
}

/// What one lookup returned.
public struct LookupResult: Codable, Sendable {
    public var label: String
    public var startOffsetMs: Double
    public var durationMs: Double
    // getaddrinfo
    public var addresses: [String]?
    public var error: String?
    public var canonname: String?
    // exec
    public var exitCode: Int?
    public var signal: Int?
    public var standardOutput: String?
    public var standardError: String?
    public var timedOut: Bool = false
    /// The lookup could not be performed at all (e.g. the command does not exist).
    public var failure: String?

    public init(label: String, startOffsetMs: Double, durationMs: Double) {
        self.label = label
        self.startOffsetMs = startOffsetMs
        self.durationMs = durationMs
    }
}
