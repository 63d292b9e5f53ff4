import Capture
import Responder
import Runner
import ScenarioFormat

extension JSONReport {
    /// One DNS query seen on the wire, with the reply it got.
    public struct Query: Codable, Sendable, Hashable {
        public var type: String
        public var name: String
        public var server: String
        public var serverPort: UInt16
        public var transport: Transport
        public var clientPort: UInt16
        public var id: UInt16
        public var flags: [String]
        /// nil when no reply was captured.
        public var rcode: String?
        public var truncated: Bool
        public var answerCount: Int?
        public var offsetMs: Double
        public var responseOffsetMs: Double?
        public var unreachable: Bool

        init(_ query: ObservedQuery) {
            type = query.type
            name = query.name
            server = query.server
            serverPort = query.serverPort
            transport = query.transport
            clientPort = query.clientPort
            id = query.id
            flags = query.flags
            rcode = query.rcode
            truncated = query.truncated
            answerCount = query.answerCount
            offsetMs = JSONReport.rounded(query.offsetMs)
            responseOffsetMs = query.responseOffsetMs.map(JSONReport.rounded)
            unreachable = query.unreachable
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(type, forKey: .type)
            try c.encode(name, forKey: .name)
            try c.encode(server, forKey: .server)
            try c.encode(serverPort, forKey: .serverPort)
            try c.encode(transport, forKey: .transport)
            try c.encode(clientPort, forKey: .clientPort)
            try c.encode(id, forKey: .id)
            try c.encode(flags, forKey: .flags)
            try c.encode(rcode, forKey: .rcode)
            try c.encode(truncated, forKey: .truncated)
            try c.encode(answerCount, forKey: .answerCount)
            try c.encode(offsetMs, forKey: .offsetMs)
            try c.encode(responseOffsetMs, forKey: .responseOffsetMs)
            try c.encode(unreachable, forKey: .unreachable)
        }
    }

    /// What one lookup returned: getaddrinfo fields or exec fields, the others null.
    public struct Lookup: Codable, Sendable, Hashable {
        public var label: String
        public var startOffsetMs: Double
        public var durationMs: Double
        public var addresses: [String]?
        public var error: String?
        public var canonname: String?
        public var exitCode: Int?
        public var signal: Int?
        public var timedOut: Bool
        public var stdout: String?
        public var stderr: String?
        /// The lookup could not be performed at all.
        public var failure: String?

        init(_ lookup: LookupResult) {
            label = lookup.label
            startOffsetMs = JSONReport.rounded(lookup.startOffsetMs)
            durationMs = JSONReport.rounded(lookup.durationMs)
            addresses = lookup.addresses
            error = lookup.error
            canonname = lookup.canonname
            exitCode = lookup.exitCode
            signal = lookup.signal
            timedOut = lookup.timedOut
            stdout = lookup.standardOutput
            stderr = lookup.standardError
            failure = lookup.failure
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(label, forKey: .label)
            try c.encode(startOffsetMs, forKey: .startOffsetMs)
            try c.encode(durationMs, forKey: .durationMs)
            try c.encode(addresses, forKey: .addresses)
            try c.encode(error, forKey: .error)
            try c.encode(canonname, forKey: .canonname)
            try c.encode(exitCode, forKey: .exitCode)
            try c.encode(signal, forKey: .signal)
            try c.encode(timedOut, forKey: .timedOut)
            try c.encode(stdout, forKey: .stdout)
            try c.encode(stderr, forKey: .stderr)
            try c.encode(failure, forKey: .failure)
        }
    }

    /// A query the responder logged but the capture lacks.
    public struct LostQuery: Codable, Sendable, Hashable {
        public var type: String?
        public var name: String?
        public var server: String
        public var serverPort: UInt16
        public var transport: Transport
        public var clientPort: UInt16
        public var id: UInt16

        init(_ query: ReceivedQuery) {
            type = query.type
            name = query.name
            server = query.server
            serverPort = query.serverPort
            transport = query.transport
            clientPort = query.clientPort
            id = query.id
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(type, forKey: .type)
            try c.encode(name, forKey: .name)
            try c.encode(server, forKey: .server)
            try c.encode(serverPort, forKey: .serverPort)
            try c.encode(transport, forKey: .transport)
            try c.encode(clientPort, forKey: .clientPort)
            try c.encode(id, forKey: .id)
        }
    }

    /// How the capture ran; the frames themselves go to pcap files, not here.
    public struct Capture: Codable, Sendable, Hashable {
        public var interface: String
        /// libpcap's name for the link type (`EN10MB`, `LINUX_SLL2`, ...).
        public var linkType: String
        public var filter: String
        /// pcap_stats counters; nil when libpcap gave none.
        public var statistics: CaptureStatistics?
        public var drainMilliseconds: Double
        public var sentinelsSent: Int
        public var warnings: [String]
        /// Frames captured (sentinels excluded): what a pcap file of this scenario holds.
        public var frameCount: Int

        init(_ capture: Observation.CaptureSummary) {
            interface = capture.interface
            linkType = LinkType(rawValue: capture.linkType).description
            filter = capture.filter
            statistics = capture.statistics
            drainMilliseconds = JSONReport.rounded(capture.drainMilliseconds)
            sentinelsSent = capture.sentinelsSent
            warnings = capture.warnings
            frameCount = capture.frames.count
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(interface, forKey: .interface)
            try c.encode(linkType, forKey: .linkType)
            try c.encode(filter, forKey: .filter)
            try c.encode(statistics, forKey: .statistics)
            try c.encode(drainMilliseconds, forKey: .drainMilliseconds)
            try c.encode(sentinelsSent, forKey: .sentinelsSent)
            try c.encode(warnings, forKey: .warnings)
            try c.encode(frameCount, forKey: .frameCount)
        }
    }
}
