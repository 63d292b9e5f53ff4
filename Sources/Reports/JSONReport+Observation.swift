import Capture
import DNSWire
import Observation
import Runner
import ScenarioFormat
import SystemCalls

extension JSONReport {
    /// One DNS query seen on the wire, with the reply it got.
    public struct Query: Codable, Sendable, Hashable {
        /// The capture's numbering (capture order).
        public var sequence: Int
        public var offsetMs: Double
        /// nil when the message had no question (or it did not parse).
        @Null public var type: String?
        @Null public var name: String?
        public var server: String
        public var serverPort: UInt16
        public var client: String
        public var clientPort: UInt16
        public var transport: String
        @Null public var id: UInt16?
        public var size: Int
        /// Header and EDNS flags as `expect.queries` names them: rd, ad, cd, edns0, do.
        public var flags: [String]
        @Null public var ednsPayloadSize: UInt16?
        /// Why the message did not parse, when it did not.
        @Null public var malformed: String?
        /// The reply's rcode; nil when no reply was captured.
        @Null public var rcode: String?
        @Null public var replyFlags: [String]?
        @Null public var answerCount: Int?
        /// The reply's DNS message size in bytes (without TCP's length prefix).
        @Null public var replySize: Int?
        @Null public var responseOffsetMs: Double?
        public var truncated: Bool
        public var extraReplies: Int
        public var unreachable: Bool
        /// The EDNS version the query advertised, when it had an OPT record.
        @Null public var ednsVersion: Int?
        /// With daemons in the scenario: `client → dnsmasq` or `dnsmasq → 10.96.0.20`; else null.
        @Null public var hop: String?

        init(_ query: ObservedQuery, _ observation: ScenarioObservation, daemons: [Daemon] = []) {
            let message = query.query.message
            ednsVersion = message.edns.map { Int($0.version) }
            hop = Daemon.hop(client: query.query.client, server: query.query.server, daemons: daemons)
            sequence = query.query.sequence
            offsetMs = JSONReport.rounded(observation.offsetMs(query.query.at))
            type = message.question?.type.description
            name = message.question?.name.description
            server = query.query.server.address.description
            serverPort = query.query.server.port
            client = query.query.client.address.description
            clientPort = query.query.client.port
            transport = query.query.transport.rawValue
            id = message.id
            size = query.query.size
            flags = QueryFlag.allCases.filter { query.queryFlags.contains($0) }.map(\.rawValue)
            ednsPayloadSize = message.edns?.payloadSize
            malformed = message.malformed
            rcode = query.reply?.message.rcode?.description
            replyFlags = query.reply.map { $0.message.flags.map(\.rawValue) }
            answerCount = query.reply?.message.answerCount
            replySize = query.reply?.size
            responseOffsetMs = query.reply.map { JSONReport.rounded(observation.offsetMs($0.at)) }
            truncated = query.reply?.message.flags.contains(.tc) ?? false
            extraReplies = query.extraReplies
            unreachable = query.unreachable != nil
        }
    }

    /// A reply that matched no query (a wrong ID, a changed question, an answer nobody asked for).
    public struct Reply: Codable, Sendable, Hashable {
        public var offsetMs: Double
        @Null public var type: String?
        @Null public var name: String?
        public var server: String
        public var serverPort: UInt16
        public var client: String
        public var clientPort: UInt16
        public var transport: String
        @Null public var id: UInt16?
        @Null public var rcode: String?
        public var size: Int
        @Null public var malformed: String?

        init(_ reply: WireReply, _ observation: ScenarioObservation) {
            offsetMs = JSONReport.rounded(observation.offsetMs(reply.at))
            type = reply.message.question?.type.description
            name = reply.message.question?.name.description
            server = reply.server.address.description
            serverPort = reply.server.port
            client = reply.client.address.description
            clientPort = reply.client.port
            transport = reply.transport.rawValue
            id = reply.message.id
            rcode = reply.message.rcode?.description
            size = reply.size
            malformed = reply.message.malformed
        }
    }

    /// What one lookup returned: the fields that apply, the others null.
    public struct Lookup: Codable, Sendable, Hashable {
        public var index: Int
        public var label: String
        @Null public var startOffsetMs: Double?
        @Null public var durationMs: Double?
        @Null public var addresses: [String]?
        @Null public var error: String?
        @Null public var errorDetail: String?
        @Null public var canonname: String?
        /// res_query, res_search: the reply's rcode and answer count.
        @Null public var rcode: String?
        @Null public var answerCount: Int?
        /// res_*: the AD bit of that reply as the call returned it.
        @Null public var authenticData: Bool?
        /// gethostbyaddr: h_name then the aliases; getnameinfo: the host name.
        @Null public var names: [String]?
        @Null public var exitCode: Int32?
        @Null public var signal: Int32?
        public var timedOut: Bool
        @Null public var stdout: String?
        @Null public var stderr: String?
        /// Bytes the command wrote beyond what was kept.
        public var stdoutOmittedBytes: Int
        public var stderrOmittedBytes: Int
        /// The lookup could not be performed at all.
        @Null public var failure: String?

        init(index: Int, label: String, record: LookupRecord?, _ observation: ScenarioObservation) {
            self.index = index
            self.label = label
            let outcome = record?.outcome
            startOffsetMs = record.map { JSONReport.rounded(observation.offsetMs($0.startedAt)) }
            durationMs = outcome.map { JSONReport.rounded($0.durationMs) }
            addresses = outcome?.addresses?.map(\.description)
            error = outcome?.error?.name
            errorDetail = outcome?.error?.detail
            canonname = outcome?.canonname
            rcode = outcome?.rcode
            answerCount = outcome?.answerCount
            authenticData = outcome?.authenticData
            names = outcome?.names
            if case .exited(let code)? = outcome?.exit { exitCode = code } else { exitCode = nil }
            if case .signaled(let number)? = outcome?.exit { signal = number } else { signal = nil }
            timedOut = outcome?.timedOut ?? false
            stdout = outcome?.standardOutput.map(\.text)
            stderr = outcome?.standardError.map(\.text)
            stdoutOmittedBytes = outcome?.standardOutput.map { $0.totalBytes - $0.bytes.count } ?? 0
            stderrOmittedBytes = outcome?.standardError.map { $0.totalBytes - $0.bytes.count } ?? 0
            failure = outcome?.failure
        }
    }

    /// A query a server received that the capture lacks.
    public struct LostQueryEntry: Codable, Sendable, Hashable {
        @Null public var type: String?
        @Null public var name: String?
        public var server: String
        public var serverPort: UInt16
        public var client: String
        public var clientPort: UInt16
        public var transport: String
        @Null public var id: UInt16?
        public var size: Int

        init(_ query: LostQuery) {
            type = query.message.question?.type.description
            name = query.message.question?.name.description
            server = query.server.address.description
            serverPort = query.server.port
            client = query.client.address.description
            clientPort = query.client.port
            transport = query.transport.rawValue
            id = query.message.id
            size = query.size
        }
    }

    /// How the capture ran.
    public struct CaptureEntry: Codable, Sendable, Hashable {
        public var interface: String
        /// libpcap's name for the link type (`EN10MB`, `LINUX_SLL2`, ...).
        public var linkType: String
        public var filter: String
        public var receiveBufferBytes: Int
        /// True when the kernel stamped frames as they arrived (checked before the first lookup);
        /// false when stamping was not yet on, so times and offsets are when frames were read.
        public var timestampsAtArrival: Bool
        @Null public var frames: Int?
        @Null public var kernelPackets: UInt64?
        @Null public var kernelDrops: UInt64?
        @Null public var truncatedFrames: Int?
        @Null public var drainMilliseconds: Double?
        @Null public var sentinelsSent: Int?
        @Null public var sandboxPeakMemoryBytes: Int?

        init(_ started: SandboxStarted, _ observation: ScenarioObservation) {
            interface = started.interface
            linkType = LinkType(rawValue: started.linkType).description
            filter = started.filter
            receiveBufferBytes = started.receiveBufferBytes
            timestampsAtArrival = started.timestampsAtArrival
            frames = observation.statistics?.frames
            kernelPackets = observation.statistics?.kernelPackets
            kernelDrops = observation.statistics?.kernelDrops
            truncatedFrames = observation.statistics?.truncatedFrames
            drainMilliseconds = observation.finished.map { JSONReport.rounded($0.drainMs) }
            sentinelsSent = observation.finished?.sentinelsSent
            sandboxPeakMemoryBytes = observation.finished?.peakMemoryBytes
        }
    }
}
