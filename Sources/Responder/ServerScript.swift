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
    /// What is done to the reply's bytes on the way out (`faults`); the message already has the
    /// rule's header changes.
    public var shaping = ReplyShaping()
    /// Send the reply only once a query like this reaches the same server.
    public var holdUntil: QueryMatch?
    /// The query's question, when it had one (a held reply is released by a later question).
    public var question: DNSQuestion?

    public init(action: Action, delayMs: Int, ruleIndex: Int? = nil) {
        self.action = action
        self.delayMs = delayMs
        self.ruleIndex = ruleIndex
    }

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
    /// Per rule, the queries it matched so far, by what its `countBy` counts.
    private var counts: [[CountKey: Int]]

    enum CountKey: Hashable {
        case server
        case name(DNSName)
        case socket(SocketAddress?, Transport)
    }

    /// TTL of records by default: short, so nothing a scenario serves lingers in a cache.
    public static let ttl: UInt32 = Server.defaultTTL
    /// Payload size advertised in our OPT record by default (the DNS Flag Day 2020 value).
    public static let ednsPayloadSize: UInt16 = Server.defaultEDNSPayloadSize
    /// CNAME links followed in one answer; a longer chain is refused when the scenario is decoded.
    static let maximumChain = RecordTable.maximumCNAMEChain

    public init(server: Server) {
        self.server = server
        counts = Array(repeating: [:], count: server.rules.count)
    }

    /// Plans the reply to `query` (raw bytes as received) over `transport`, from `client` (the
    /// socket a `countBy: socket` rule counts by).
    public mutating func respond(to bytes: [UInt8], transport: Transport, client: SocketAddress? = nil) -> ResponsePlan {
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

        // A server from before EDNS: FORMERR, with no OPT record, to any query that has one.
        if server.edns == .formerr, query.edns != nil {
            var refusal = query.makeResponse(rcode: .FORMERR)
            refusal.edns = nil
            refusal.recursionAvailable = true
            return ResponsePlan(action: .reply(refusal), delayMs: 0)
        }
        guard let (ruleIndex, count) = matchingRule(question: question, transport: transport, client: client) else {
            var plan = ResponsePlan(action: answer(query, question: question, records: server.records, ttl: server.ttl)
                .map { .reply(finish($0, for: query, transport: transport)) } ?? .drop, delayMs: 0)
            plan.question = question
            return plan
        }
        let rule = server.rules[ruleIndex]
        var plan = ResponsePlan(action: .drop, delayMs: rule.delayMs, ruleIndex: ruleIndex)
        plan.question = question
        var response = query.makeResponse()
        switch rule.reply(forCount: count) {
        case .answer:
            guard let answered = answer(query, question: question, records: rule.records ?? server.records,
                                        ttl: rule.ttl ?? server.ttl) else { return plan }
            response = answered
        case .nxdomain:
            response.rcode = .NXDOMAIN
            addNegativeAuthority(to: &response, for: question.name, in: rule.records ?? server.records)
        case .nodata:
            response.rcode = .NOERROR
            addNegativeAuthority(to: &response, for: question.name, in: rule.records ?? server.records)
        case .servfail: response.rcode = .SERVFAIL
        case .refused: response.rcode = .REFUSED
        case .drop: return plan
        case .truncate: response.truncated = true
        }
        let finished = finish(response, for: query, transport: transport, ignoreSize: rule.shaping.ignoreSize)
        plan.action = .reply(Self.shape(finished, query: query, by: rule.shaping))
        plan.shaping = rule.shaping
        plan.holdUntil = rule.holdUntil
        return plan
    }

    /// The rule's header and question changes (`rcode`, `flags`, `faults` that change the message).
    static func shape(_ message: DNSMessage, query: DNSMessage, by shaping: ReplyShaping) -> DNSMessage {
        var message = message
        if let rcode = shaping.rcode {
            message.rcode = rcode
            // The upper 8 bits of an extended rcode live in an OPT record (RFC 6891 6.1.3).
            if rcode.rawValue > 0x0F, message.edns == nil {
                message.edns = EDNS(udpPayloadSize: ednsPayloadSize, extendedRcodeHigh: 0, version: 0, dnssecOK: false, options: [])
            }
        }
        for (bit, value) in shaping.flags {
            switch bit {
            case .aa: message.authoritativeAnswer = value
            case .tc: message.truncated = value
            case .rd: message.recursionDesired = value
            case .ra: message.recursionAvailable = value
            case .ad: message.authenticData = value
            case .cd: message.checkingDisabled = value
            }
        }
        switch shaping.id {
        case .wrong?: message.id = query.id &+ 1
        case .fixed(let id)?: message.id = id
        case nil: break
        }
        if let owner = shaping.answerName, let asked = query.questions.first?.name {
            for index in message.answers.indices where message.answers[index].name == asked { message.answers[index].name = owner }
        }
        if shaping.noQuestion { message.questions = [] }
        if let name = shaping.questionName, !message.questions.isEmpty { message.questions[0].name = name }
        if let respelling = shaping.questionCase, let question = message.questions.first,
           let name = try? DNSName(labels: question.name.labels.map { $0.map { respell($0, respelling) } }) {
            message.questions[0].name = name
        }
        return message
    }

    /// One byte of a name in the case `respelling` asks for; only ASCII letters change.
    static func respell(_ byte: UInt8, _ respelling: ReplyShaping.QuestionCase) -> UInt8 {
        let isUpper = (0x41...0x5A).contains(byte)
        let isLower = (0x61...0x7A).contains(byte)
        switch respelling {
        case .upper: return isLower ? byte - 0x20 : byte
        case .lower: return isUpper ? byte + 0x20 : byte
        case .flip: return isUpper ? byte + 0x20 : isLower ? byte - 0x20 : byte
        }
    }

    /// First rule matching the question and transport that still has uses left, and how many
    /// queries it matched before this one (by its `countBy`); counts this one.
    /// A `truncate` rule never matches TCP: truncation has no meaning there.
    private mutating func matchingRule(question: DNSQuestion, transport: Transport, client: SocketAddress?) -> (Int, Int)? {
        for (index, rule) in server.rules.enumerated() {
            if let pattern = rule.name, !pattern.matches(question.name) { continue }
            if let type = rule.type, type != question.type { continue }
            if let wanted = rule.transport, wanted != transport { continue }
            let key: CountKey = switch rule.countBy {
            case .server: .server
            case .name: .name(question.name)
            case .socket: .socket(client, transport)
            }
            let count = counts[index][key] ?? 0
            if let times = rule.times, count >= times { continue }
            if rule.reply(forCount: count) == .truncate, transport == .tcp { continue }
            counts[index][key] = count + 1
            return (index, count)
        }
        return nil
    }

    /// The answer from `records` (following CNAMEs within them), or the `otherwise` reply; nil to drop.
    /// Records carry `ttl`. Like an authoritative server: a negative answer carries the SOA of the
    /// zone it is in (when `records` has one), a chain into a name that does not exist inside such a
    /// zone is NXDOMAIN (RFC 6604), and the addresses of MX, SRV and NS targets go in the additional section.
    func answer(_ query: DNSMessage, question: DNSQuestion, records table: RecordTable, ttl: UInt32) -> DNSMessage? {
        var response = query.makeResponse()
        response.authoritativeAnswer = true
        var name = question.name
        var visited = Set<DNSName>()
        func record(_ owner: DNSName, _ type: DNSType, _ data: RData) -> ResourceRecord {
            ResourceRecord(name: owner, type: type, rclass: DNSClass.IN.rawValue, ttl: ttl, data: data)
        }
        // One more round than links: after the last link, its target's own records are added.
        for _ in 0...Self.maximumChain {
            guard let records = table.records(at: name) else {
                if table.exists(name) {
                    addNegativeAuthority(to: &response, for: name, in: table)   // empty non-terminal: NODATA
                    return response
                }
                if visited.isEmpty { return fallback(response, for: name, in: table) }   // the queried name is unknown
                // A chain into a name that does not exist: NXDOMAIN inside a zone we hold, else the
                // chain ends outside our data, NOERROR.
                if soa(enclosing: name, in: table) != nil {
                    response.rcode = .NXDOMAIN
                    addNegativeAuthority(to: &response, for: name, in: table)
                }
                return response
            }
            visited.insert(name)
            if let target = records.first(where: { $0.type == .CNAME }), question.type != .CNAME, question.type != .ANY,
               case .cname(let next)? = target.data.first {
                response.answers.append(record(name, .CNAME, .cname(next)))
                if visited.contains(next) { return response }
                name = next
                continue
            }
            var found = false
            for set in records where set.type == question.type || question.type == .ANY {
                for data in set.data {
                    response.answers.append(record(name, set.type, data))
                    found = true
                }
            }
            if found {
                if !server.minimalResponses { addZoneNameservers(to: &response, for: name, in: table, ttl: ttl) }
                addAdditionalAddresses(to: &response, from: table, ttl: ttl)
            } else {
                addNegativeAuthority(to: &response, for: name, in: table)   // NODATA
            }
            return response
        }
        return response
    }

    /// The SOA of the closest enclosing zone of `name` among `table`'s exact owners, and its owner.
    func soa(enclosing name: DNSName, in table: RecordTable) -> (owner: DNSName, data: RData)? {
        var current: DNSName? = name
        while let candidate = current {
            if let set = table.entry(for: candidate)?.records.first(where: { $0.type == .SOA }), let data = set.data.first {
                return (candidate, data)
            }
            current = candidate.isRoot ? nil : try? DNSName(labels: Array(candidate.labels.dropFirst()))
        }
        return nil
    }

    /// A negative answer's authority section: the zone's SOA, with the TTL negative caching uses,
    /// the lesser of its own and its MINIMUM (RFC 2308 3).
    func addNegativeAuthority(to response: inout DNSMessage, for name: DNSName, in table: RecordTable) {
        guard let (owner, data) = soa(enclosing: name, in: table), case .soa(_, _, _, _, _, _, let minimum) = data else { return }
        response.authorities.append(ResourceRecord(name: owner, type: .SOA, rclass: DNSClass.IN.rawValue,
                                                   ttl: min(server.ttl, minimum), data: data))
    }

    /// The NS records of the zone `name` is in, in the authority section, as servers without
    /// minimal responses send them with every answer (their addresses follow as additional records).
    func addZoneNameservers(to response: inout DNSMessage, for name: DNSName, in table: RecordTable, ttl: UInt32) {
        guard let (apex, _) = soa(enclosing: name, in: table),
              let set = table.entry(for: apex)?.records.first(where: { $0.type == .NS }) else { return }
        // An NS query for the apex already has them as its answer.
        if response.answers.contains(where: { $0.type == .NS && $0.name == apex }) { return }
        for data in set.data {
            response.authorities.append(ResourceRecord(name: apex, type: .NS, rclass: DNSClass.IN.rawValue, ttl: ttl, data: data))
        }
    }

    /// The A and AAAA records `table` holds for the targets of MX, SRV and NS records in the answer
    /// and the authority section.
    func addAdditionalAddresses(to response: inout DNSMessage, from table: RecordTable, ttl: UInt32) {
        var targets: [DNSName] = []
        for answer in response.answers + response.authorities {
            switch answer.data {
            case .mx(_, let exchange): targets.append(exchange)
            case .srv(_, _, _, let target): targets.append(target)
            case .ns(let host): targets.append(host)
            default: continue
            }
        }
        var added = Set<DNSName>()
        for target in targets where added.insert(target).inserted {
            for set in table.records(at: target) ?? [] where set.type == .A || set.type == .AAAA {
                for data in set.data {
                    response.additionals.append(ResourceRecord(name: target, type: set.type, rclass: DNSClass.IN.rawValue,
                                                               ttl: ttl, data: data))
                }
            }
        }
    }

    private func fallback(_ response: DNSMessage, for name: DNSName, in table: RecordTable) -> DNSMessage? {
        var response = response
        switch server.otherwise {
        case .nxdomain:
            response.rcode = .NXDOMAIN
            addNegativeAuthority(to: &response, for: name, in: table)
        case .nodata:
            response.rcode = .NOERROR
            addNegativeAuthority(to: &response, for: name, in: table)
        case .servfail: response.rcode = .SERVFAIL; response.authoritativeAnswer = false
        case .refused: response.rcode = .REFUSED; response.authoritativeAnswer = false
        case .drop: return nil
        }
        return response
    }

    /// Adds what every reply carries: RA, an OPT record if the query had one, and truncation when
    /// the answer does not fit the client's UDP size (512 bytes without EDNS, RFC 1035 4.2.1).
    /// With `ignoreSize`, an answer too large for the client is sent whole, without TC.
    private func finish(_ response: DNSMessage, for query: DNSMessage, transport: Transport, ignoreSize: Bool = false) -> DNSMessage {
        var response = response
        response.recursionAvailable = true
        if let requested = query.edns, case .payloadSize(let size) = server.edns {
            // The DO bit is copied from the query (RFC 3225 3).
            response.edns = EDNS(udpPayloadSize: size, extendedRcodeHigh: 0, version: 0, dnssecOK: requested.dnssecOK, options: [])
        } else {
            response.edns = nil   // a server without EDNS never sends OPT
        }
        guard transport == .udp, !response.truncated, !ignoreSize else { return response }
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
