import DNSWire
import ScenarioFormat

/// What a scripted server does with one query.
public struct ResponsePlan: Sendable {
    public enum Action: Sendable, Equatable {
        case reply(DNSMessage)
        case drop
    }

    public var action: Action
    public var delayMs: Int
    /// Index into the server's `rules` of the rule that decided, if one did.
    public var ruleIndex: Int?

    /// `NOERROR`, `NXDOMAIN`, `truncated`, `dropped`: how the log and reports describe the outcome.
    public var summary: String {
        switch action {
        case .drop: "dropped"
        case .reply(let message): message.truncated ? "truncated" : message.rcode.description
        }
    }
}

/// A server's behaviour from `servers[]`: rules in order (first match wins, `times` counted down),
/// then records, then `otherwise`. Holds the rule counters, so one instance serves one run.
public struct ServerScript: Sendable {
    public let server: Server
    private var remaining: [Int?]

    /// TTL of every synthesized record: short, so nothing a scenario serves lingers in a cache.
    public static let ttl: UInt32 = 30
    /// Payload size advertised in our OPT record (the DNS Flag Day 2020 value).
    public static let ednsPayloadSize: UInt16 = 1232
    /// CNAME links followed in one answer; a longer chain is refused when the scenario is decoded.
    static let maximumChain = RecordTable.maximumCNAMEChain

    public init(server: Server) {
        self.server = server
        remaining = server.rules.map(\.times)
    }

    /// Plans the reply to `query` (raw bytes as received) over `transport`.
    public mutating func respond(to bytes: [UInt8], transport: Transport) -> ResponsePlan {
        let query: DNSMessage
        do {
            query = try DNSMessage.decode(bytes)
        } catch {
            // Unparseable beyond the header: FORMERR if there is an ID to answer to (RFC 1035 4.1.1).
            guard bytes.count >= 12, bytes[2] & 0x80 == 0 else { return ResponsePlan(action: .drop, delayMs: 0) }
            var reply = DNSMessage(id: UInt16(bytes[0]) << 8 | UInt16(bytes[1]))
            reply.isResponse = true
            reply.opcode = DNSOpcode(rawValue: bytes[2] >> 3 & 0x0F)   // copied into every response (RFC 1035 4.1.1)
            reply.recursionDesired = bytes[2] & 0x01 != 0
            reply.rcode = .FORMERR
            return ResponsePlan(action: .reply(reply), delayMs: 0)
        }
        guard !query.isResponse else { return ResponsePlan(action: .drop, delayMs: 0) }
        guard query.opcode == .QUERY else {
            return ResponsePlan(action: .reply(finish(query.makeResponse(rcode: .NOTIMP), for: query, transport: transport)), delayMs: 0)
        }
        guard query.questions.count == 1, let question = query.questions.first else {
            return ResponsePlan(action: .reply(finish(query.makeResponse(rcode: .FORMERR), for: query, transport: transport)), delayMs: 0)
        }

        let ruleIndex = matchingRule(question: question, transport: transport)
        let rule = ruleIndex.map { server.rules[$0] }
        let delay = rule?.delayMs ?? 0
        var response = query.makeResponse()
        switch rule?.reply ?? .answer {
        case .answer:
            guard let answered = answer(query, question: question) else {
                return ResponsePlan(action: .drop, delayMs: delay, ruleIndex: ruleIndex)
            }
            response = answered
        case .nxdomain: response.rcode = .NXDOMAIN
        case .nodata: response.rcode = .NOERROR
        case .servfail: response.rcode = .SERVFAIL
        case .refused: response.rcode = .REFUSED
        case .drop: return ResponsePlan(action: .drop, delayMs: delay, ruleIndex: ruleIndex)
        case .truncate: response.truncated = true
        }
        return ResponsePlan(action: .reply(finish(response, for: query, transport: transport)), delayMs: delay, ruleIndex: ruleIndex)
    }

    /// First rule matching the question and transport that still has uses left; uses one.
    /// A `truncate` rule never matches TCP: truncation has no meaning there.
    private mutating func matchingRule(question: DNSQuestion, transport: Transport) -> Int? {
        for (index, rule) in server.rules.enumerated() {
            if let left = remaining[index], left <= 0 { continue }
            if let pattern = rule.name, !pattern.matches(question.name) { continue }
            if let type = rule.type, type != question.type { continue }
            if let wanted = rule.transport, wanted != transport { continue }
            if rule.reply == .truncate, transport == .tcp { continue }
            if let left = remaining[index] { remaining[index] = left - 1 }
            return index
        }
        return nil
    }

    /// The answer from `records` (following CNAMEs within them), or the `otherwise` reply; nil to drop.
    func answer(_ query: DNSMessage, question: DNSQuestion) -> DNSMessage? {
        var response = query.makeResponse()
        response.authoritativeAnswer = true
        var name = question.name
        var visited = Set<DNSName>()
        // One more round than links: after the last link, its target's own records are added.
        for _ in 0...Self.maximumChain {
            guard let records = records(at: name) else {
                if visited.isEmpty {
                    // The queried name itself is unknown.
                    if exists(name) { return response }   // empty non-terminal: NODATA
                    return fallback(response)
                }
                return response   // a CNAME pointing outside our data: the chain ends here, NOERROR
            }
            visited.insert(name)
            if let target = records.first(where: { $0.type == .CNAME }), question.type != .CNAME, question.type != .ANY,
               case .cname(let next)? = target.data.first {
                response.answers.append(ResourceRecord(name: name, type: .CNAME, rclass: DNSClass.IN.rawValue,
                                                       ttl: Self.ttl, data: .cname(next)))
                if visited.contains(next) { return response }
                name = next
                continue
            }
            for set in records where set.type == question.type || question.type == .ANY {
                for data in set.data {
                    response.answers.append(ResourceRecord(name: name, type: set.type, rclass: DNSClass.IN.rawValue,
                                                           ttl: Self.ttl, data: data))
                }
            }
            return response
        }
        return response
    }

    private func records(at name: DNSName) -> [RecordTable.RecordSet]? {
        server.records.records(at: name)
    }

    private func exists(_ name: DNSName) -> Bool {
        server.records.exists(name)
    }

    private func fallback(_ response: DNSMessage) -> DNSMessage? {
        var response = response
        switch server.otherwise {
        case .nxdomain: response.rcode = .NXDOMAIN
        case .nodata: response.rcode = .NOERROR
        case .servfail: response.rcode = .SERVFAIL; response.authoritativeAnswer = false
        case .refused: response.rcode = .REFUSED; response.authoritativeAnswer = false
        case .drop: return nil
        }
        return response
    }

    /// Adds what every reply carries: RA, an OPT record if the query had one, and truncation when
    /// the answer does not fit the client's UDP size (512 bytes without EDNS, RFC 1035 4.2.1).
    private func finish(_ response: DNSMessage, for query: DNSMessage, transport: Transport) -> DNSMessage {
        var response = response
        response.recursionAvailable = true
        if let requested = query.edns {
            // The DO bit is copied from the query (RFC 3225 3).
            response.edns = EDNS(udpPayloadSize: Self.ednsPayloadSize, extendedRcodeHigh: 0, version: 0,
                                 dnssecOK: requested.dnssecOK, options: [])
        }
        guard transport == .udp, !response.truncated else { return response }
        let limit = max(512, Int(query.edns?.udpPayloadSize ?? 512))
        if let encoded = try? response.encode(), encoded.count <= limit { return response }
        var truncated = response
        truncated.truncated = true
        truncated.answers = []
        truncated.authorities = []
        truncated.additionals = []
        return truncated
    }
}
