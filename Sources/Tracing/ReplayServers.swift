import DNSWire
import Observation
import ScenarioFormat

/// Scripted servers that answer as the servers a traced command talked to did: their answers as
/// records (CNAME chains included), every other reply (NXDOMAIN, NODATA, SERVFAIL, REFUSED, TC, no
/// reply at all) as a rule for that name and type, a reply that changed from one query to the next
/// as a sequence, and, when asked, each name's slowest reply time as `delayMs`. What replays the
/// observed queries in a sandbox: the same questions get the same replies in the same order.
public struct ReplayServers: Sendable {
    /// One server's script, as the `servers[]` entry of a scenario.
    public struct Script: Sendable {
        public var server: SocketAddress
        /// Owners in the order first seen, each with its types in order and their values.
        public var records: [(owner: String, types: [(type: String, values: [String])])] = []
        public var rules: [JSONValue] = []
        /// Nothing ever listened there: every query got ICMP port unreachable.
        public var closed = false

        public var json: JSONValue {
            var members: [(String, JSONValue)] = [("address", JSONValue(server.address.description))]
            if server.port != 53 { members.append(("port", JSONValue(Int(server.port)))) }
            if closed {
                members.append(("mode", JSONValue("closed")))
                return .object(members)
            }
            if !records.isEmpty {
                members.append(("records", .object(records.map { owner, types in
                    (owner, .object(types.map { type, values in
                        (type, values.count == 1 ? JSONValue(values[0]) : .array(values.map(JSONValue.init)))
                    }))
                })))
            }
            if !rules.isEmpty { members.append(("rules", .array(rules))) }
            return .object(members)
        }
    }

    public var scripts: [Script]
    /// What could not be replayed exactly, one line each.
    public var notes: [String]

    /// Replies faster than this are replayed at once: a millisecond or two is any server's (and a
    /// loaded machine's) noise, not the slowness a trace is after.
    public static let noticeableDelayMs = 10

    /// Record types a scenario's `records` can hold, written as the capture writes their data.
    static let replayableTypes: Set<DNSType> = [.A, .AAAA, .CNAME, .PTR, .NS, .TXT, .MX, .SRV, .SOA]

    /// How one query was answered, as a rule's `reply` names it.
    enum Reply: String {
        case answer, nodata, nxdomain, servfail, refused, truncate, drop
    }

    /// Scripts for `servers` (the target's nameservers, in order) and for every other server the
    /// observed queries went to, from what those queries got back.
    public init(observed: [ObservedQuery], servers: [SocketAddress], keepDelays: Bool) {
        var order = servers
        for query in observed where !order.contains(query.query.server) { order.append(query.query.server) }
        var notes: [String] = []
        scripts = order.map { server in
            Self.script(for: server, observed.filter { $0.query.server == server }, keepDelays: keepDelays, notes: &notes)
        }
        self.notes = notes
    }

    static func script(for server: SocketAddress, _ queries: [ObservedQuery], keepDelays: Bool,
                       notes: inout [String]) -> Script {
        var script = Script(server: server)
        if !queries.isEmpty, queries.allSatisfy({ $0.unreachable != nil && $0.reply == nil }) {
            script.closed = true
            return script
        }
        // (name, type, transport) in the order first asked, with each query's reply and latency.
        var groups: [(name: DNSName, type: DNSType, transport: Transport, replies: [(Reply, Double)])] = []
        for query in queries {
            guard let question = query.query.message.question else {
                notes.append("query #\(query.query.sequence + 1) to \(server) has no question; it is not replayed")
                continue
            }
            let reply = Self.reply(query, server: server, notes: &notes)
            if reply == .answer { Self.add(query.reply?.answers ?? [], to: &script, notes: &notes) }
            let latency = query.reply.map { Double($0.at - query.query.at) / 1000 } ?? 0
            let transport = query.query.transport
            if let index = groups.firstIndex(where: { $0.name == question.name && $0.type == question.type
                                                      && $0.transport == transport }) {
                groups[index].replies.append((reply, latency))
            } else {
                groups.append((question.name, question.type, transport, [(reply, latency)]))
            }
        }
        for group in groups {
            var replies = group.replies.map(\.0)
            while replies.count > 1, replies[replies.count - 1] == replies[replies.count - 2] { replies.removeLast() }
            let slowest = Int(group.replies.map(\.1).max() ?? 0)
            let delay = keepDelays && slowest >= Self.noticeableDelayMs ? slowest : 0
            if delay == 0, replies.count == 1, Self.byDefault(group.name, group.type, in: script) == replies[0] { continue }
            var rule: [(String, JSONValue)] = [("name", JSONValue(group.name.description)), ("type", JSONValue(group.type.description))]
            let otherTransport = groups.contains { $0.name == group.name && $0.type == group.type && $0.transport != group.transport }
            if otherTransport { rule.append(("transport", JSONValue(group.transport.rawValue))) }
            rule.append(("reply", replies.count == 1 ? JSONValue(replies[0].rawValue) : .array(replies.map { JSONValue($0.rawValue) })))
            if delay > 0 { rule.append(("delayMs", JSONValue(delay))) }
            script.rules.append(.object(rule))
        }
        return script
    }

    /// What the query got, as a rule would say it.
    static func reply(_ query: ObservedQuery, server: SocketAddress, notes: inout [String]) -> Reply {
        guard let reply = query.reply else { return .drop }
        let message = reply.message
        if message.flags.contains(.tc), query.query.transport == .udp { return .truncate }
        switch message.rcode {
        case .NOERROR?: return (message.answerCount ?? 0) > 0 ? .answer : .nodata
        case .NXDOMAIN?: return .nxdomain
        case .SERVFAIL?: return .servfail
        case .REFUSED?: return .refused
        case let rcode:
            notes.append("query #\(query.query.sequence + 1) to \(server) got \(rcode.map { "\($0)" } ?? "a malformed reply"), "
                         + "replayed as SERVFAIL")
            return .servfail
        }
    }

    /// Adds an answer's records to the server's, each value once; records a scenario cannot hold
    /// (another type, a CNAME beside other data) are noted and left out.
    static func add(_ answers: [AnswerRecord], to script: inout Script, notes: inout [String]) {
        for record in answers {
            guard replayableTypes.contains(record.type) else {
                notes.append("\(record.type) record of \(record.name) is not replayed (scenarios hold A, AAAA, CNAME, PTR, NS, TXT, MX, SRV and SOA)")
                continue
            }
            let type = record.type.description
            let owner = record.name.description
            let position = script.records.firstIndex { (try? DNSName($0.owner)) == record.name }
            let index = position ?? script.records.count
            if position == nil { script.records.append((owner, [])) }
            let types = script.records[index].types
            if types.contains(where: { ($0.type == "CNAME") != (type == "CNAME") }) {
                notes.append("\(owner) has a CNAME beside other records; its \(type) record \(record.data) is not replayed")
                continue
            }
            if let typeIndex = types.firstIndex(where: { $0.type == type }) {
                if !types[typeIndex].values.contains(record.data) { script.records[index].types[typeIndex].values.append(record.data) }
            } else {
                script.records[index].types.append((type, [record.data]))
            }
        }
    }

    /// What the scripted server says for `name` and `type` with no rule: its records, NODATA when
    /// the name has other records or names below it, else NXDOMAIN (`otherwise`'s default).
    static func byDefault(_ name: DNSName, _ type: DNSType, in script: Script) -> Reply {
        let owners = script.records.compactMap { entry in (try? DNSName(entry.owner)).map { ($0, entry.types) } }
        if let own = owners.first(where: { $0.0 == name }) {
            return own.1.contains { $0.type == type.description || $0.type == "CNAME" } ? .answer : .nodata
        }
        return owners.contains { $0.0.isSubdomain(of: name) } ? .nodata : .nxdomain
    }
}
