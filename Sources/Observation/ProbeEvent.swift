import DNSWire
import ScenarioFormat

/// Wall-clock microseconds since the epoch: the clock packet timestamps use, so events from the
/// capture, the responder and the lookups share one time line.
public typealias Microseconds = Int64

/// One thing the sandbox child saw, sent to the parent the moment it happened, one JSON object
/// per line. Everything is typed: consumers never parse text out of an event.
public enum ProbeEvent: Sendable, Hashable {
    /// The sandbox is built and the capture is running; lookups start next.
    case started(SandboxStarted)
    case lookupStarted(LookupStarted)
    case lookupEnded(LookupEnded)
    /// A DNS message from a client to a server port, whether it parses or not.
    case query(WireQuery)
    /// A DNS message from a server port to a client, paired with its query when one matches.
    case reply(WireReply)
    /// ICMP port unreachable for a datagram to a DNS port: nothing listens there.
    case unreachable(PortUnreachable)
    /// The capture's counters; kernel drops make the scenario an error.
    case statistics(CaptureStatistics)
    /// A query the responder received that the capture does not have.
    case lost(LostQuery)
    /// A TCP stream with a hole (a lost segment): its later messages are missing.
    case incompleteStream(IncompleteStream)
    /// Whether the sandbox is busy or waiting (little CPU used lately): the parent's scheduler may
    /// give a waiting scenario's slot to another.
    case activity(Activity)
    /// The sandbox could not be built or run; no further events follow.
    case setupFailed(SetupFailure)
    /// Every event has been sent: the capture is drained and cross-checked.
    case finished(Finished)
}

public struct SandboxStarted: Sendable, Hashable, Codable {
    /// When the first lookup was about to start: offsets in reports count from here.
    public var at: Microseconds
    public var namespaces: [ScenarioNamespace]
    public var interface: String
    public var linkType: Int32
    public var filter: String
    /// The capture socket's receive buffer, in bytes (what the kernel granted).
    public var receiveBufferBytes: Int
    /// False when the kernel could not be seen stamping packets on arrival: their times may then
    /// be when the capture read them.
    public var timestampsAtArrival: Bool

    public init(at: Microseconds, namespaces: [ScenarioNamespace], interface: String, linkType: Int32, filter: String,
                receiveBufferBytes: Int, timestampsAtArrival: Bool = true) {
        self.timestampsAtArrival = timestampsAtArrival
        self.at = at
        self.namespaces = namespaces
        self.interface = interface
        self.linkType = linkType
        self.filter = filter
        self.receiveBufferBytes = receiveBufferBytes
    }
}

public struct LookupStarted: Sendable, Hashable, Codable {
    public var index: Int
    public var at: Microseconds

    public init(index: Int, at: Microseconds) {
        self.index = index
        self.at = at
    }
}

public struct LookupEnded: Sendable, Hashable, Codable {
    public var index: Int
    public var at: Microseconds
    public var outcome: LookupOutcome

    public init(index: Int, at: Microseconds, outcome: LookupOutcome) {
        self.index = index
        self.at = at
        self.outcome = outcome
    }
}

/// DNS header bits, by name.
public enum HeaderFlag: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case aa, tc, rd, ra, z, ad, cd

    public static func < (lhs: HeaderFlag, rhs: HeaderFlag) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}

/// What an OPT record said.
public struct EDNSInfo: Sendable, Hashable, Codable {
    public var payloadSize: UInt16
    public var version: UInt8
    public var dnssecOK: Bool
    public var optionCodes: [UInt16]

    public init(payloadSize: UInt16, version: UInt8, dnssecOK: Bool, optionCodes: [UInt16]) {
        self.payloadSize = payloadSize
        self.version = version
        self.dnssecOK = dnssecOK
        self.optionCodes = optionCodes
    }
}

/// The parts of a DNS message a report or an expectation looks at; nil fields did not parse.
public struct MessageSummary: Sendable, Hashable, Codable {
    public var id: UInt16?
    public var opcode: UInt8?
    public var flags: [HeaderFlag]
    public var rcode: DNSRcode?
    public var question: DNSQuestion?
    public var questionCount: Int?
    public var answerCount: Int?
    public var authorityCount: Int?
    public var additionalCount: Int?
    public var edns: EDNSInfo?
    /// Why the message did not parse completely; nil when it did.
    public var malformed: String?

    public init(id: UInt16? = nil, opcode: UInt8? = nil, flags: [HeaderFlag] = [], rcode: DNSRcode? = nil,
                question: DNSQuestion? = nil, questionCount: Int? = nil, answerCount: Int? = nil,
                authorityCount: Int? = nil, additionalCount: Int? = nil, edns: EDNSInfo? = nil, malformed: String? = nil) {
        self.id = id
        self.opcode = opcode
        self.flags = flags
        self.rcode = rcode
        self.question = question
        self.questionCount = questionCount
        self.answerCount = answerCount
        self.authorityCount = authorityCount
        self.additionalCount = additionalCount
        self.edns = edns
        self.malformed = malformed
    }
}

public struct WireQuery: Sendable, Hashable, Codable {
    /// Numbered from 0 in capture order; replies refer to it.
    public var sequence: Int
    public var at: Microseconds
    public var client: SocketAddress
    public var server: SocketAddress
    public var transport: Transport
    /// The DNS message's length in bytes.
    public var size: Int
    public var message: MessageSummary

    public init(sequence: Int, at: Microseconds, client: SocketAddress, server: SocketAddress, transport: Transport,
                size: Int, message: MessageSummary) {
        self.sequence = sequence
        self.at = at
        self.client = client
        self.server = server
        self.transport = transport
        self.size = size
        self.message = message
    }
}

public struct WireReply: Sendable, Hashable, Codable {
    /// The query this answers (same transport, addresses, ID and question), or nil when none does.
    public var query: Int?
    public var at: Microseconds
    public var client: SocketAddress
    public var server: SocketAddress
    public var transport: Transport
    public var size: Int
    public var message: MessageSummary
    /// The answer section's records, when the capture was asked for them (`CaptureRequest.answers`);
    /// nil otherwise, and for a reply that does not parse.
    public var answers: [AnswerRecord]?

    public init(query: Int?, at: Microseconds, client: SocketAddress, server: SocketAddress, transport: Transport,
                size: Int, message: MessageSummary, answers: [AnswerRecord]? = nil) {
        self.answers = answers
        self.query = query
        self.at = at
        self.client = client
        self.server = server
        self.transport = transport
        self.size = size
        self.message = message
    }
}

public struct PortUnreachable: Sendable, Hashable, Codable {
    public var at: Microseconds
    public var server: SocketAddress
    public var clientPort: UInt16
    /// The query it answers, when one matches.
    public var query: Int?

    public init(at: Microseconds, server: SocketAddress, clientPort: UInt16, query: Int?) {
        self.at = at
        self.server = server
        self.clientPort = clientPort
        self.query = query
    }
}

public struct CaptureStatistics: Sendable, Hashable, Codable {
    /// Frames the capture read and kept (sentinels excluded).
    public var frames: Int
    /// The kernel's count of packets handed to the capture socket, and of those it had to drop.
    public var kernelPackets: UInt64
    public var kernelDrops: UInt64
    /// Frames longer than the capture's buffer: their tail is missing.
    public var truncatedFrames: Int

    public init(frames: Int, kernelPackets: UInt64, kernelDrops: UInt64, truncatedFrames: Int) {
        self.frames = frames
        self.kernelPackets = kernelPackets
        self.kernelDrops = kernelDrops
        self.truncatedFrames = truncatedFrames
    }
}

public struct LostQuery: Sendable, Hashable, Codable {
    public var server: SocketAddress
    public var client: SocketAddress
    public var transport: Transport
    public var size: Int
    public var message: MessageSummary

    public init(server: SocketAddress, client: SocketAddress, transport: Transport, size: Int, message: MessageSummary) {
        self.server = server
        self.client = client
        self.transport = transport
        self.size = size
        self.message = message
    }
}

public struct IncompleteStream: Sendable, Hashable, Codable {
    public var from: SocketAddress
    public var to: SocketAddress

    public init(from: SocketAddress, to: SocketAddress) {
        self.from = from
        self.to = to
    }
}

public struct Activity: Sendable, Hashable, Codable {
    public var at: Microseconds
    public var idle: Bool

    public init(at: Microseconds, idle: Bool) {
        self.at = at
        self.idle = idle
    }
}

public struct SetupFailure: Sendable, Hashable, Codable, Error {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// The machine does not allow the namespaces (exit code 3).
        case namespaces
        /// The request could not be read.
        case request
        case sandbox, responder, capture, drain
        /// A scenario's daemon did not start or did not become ready.
        case daemon
    }

    public var kind: Kind
    public var message: String

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }
}

public struct Finished: Sendable, Hashable, Codable {
    public var at: Microseconds
    public var drainMs: Double
    public var sentinelsSent: Int
    /// The sandbox's peak resident memory (getrusage) above what it had when its session began: what the
    /// scenario cost, not the pages a forked sandbox shares with the parent.
    public var peakMemoryBytes: Int

    public init(at: Microseconds, drainMs: Double, sentinelsSent: Int, peakMemoryBytes: Int) {
        self.at = at
        self.drainMs = drainMs
        self.sentinelsSent = sentinelsSent
        self.peakMemoryBytes = peakMemoryBytes
    }
}
