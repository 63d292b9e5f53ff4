import DNSWire
import ScenarioFormat

extension ScenarioSheet {
    /// A line per server saying how it differs from one that answers from its records, then its
    /// records and a line per rule: what misbehaves is what the behaviour is about.
    var serversCell: Cell {
        var lines: [Line] = []
        for server in scenario.servers {
            lines.append([.code(QueryPattern.serverText(server.address, port: server.port == 53 ? nil : server.port))]
                         + Self.serverTraits(server))
            if !server.records.isEmpty { lines.append([.text("↳ records ")] + Self.records(server.records)) }
            for rule in server.rules { lines.append([.text("↳ rule: ")] + Self.rule(rule)) }
        }
        return lines.isEmpty ? [] : [.lines(lines)]
    }

    var daemonsCell: Cell {
        let lines: [Line] = scenario.daemons.map { daemon in
            var line: Line = [.code(daemon.name), .text(": "), .code(daemon.command.map(Self.shellWord).joined(separator: " "))]
            if let address = daemon.address { line += [.text(" on "), .code(address.description)] }
            line.append(.text(", ready when \(daemon.ready)"))
            return line
        }
        return lines.isEmpty ? [] : [.lines(lines)]
    }

    static func serverTraits(_ server: Server) -> Line {
        var traits: [String] = []
        switch server.mode {
        case .serve: break
        case .silent: traits.append("silent: reads every query and answers none")
        case .closed: traits.append("closed: no listener (ICMP port unreachable, TCP reset)")
        }
        if server.transports == [.udp] { traits.append("UDP only") }
        if server.transports == [.tcp] { traits.append("TCP only") }
        switch server.edns {
        case .payloadSize(let size) where size != Server.defaultEDNSPayloadSize: traits.append("advertises an EDNS payload of \(size)")
        case .payloadSize: break
        case .none: traits.append("no EDNS")
        case .formerr: traits.append("FORMERR to any query with EDNS")
        }
        if server.ttl != Server.defaultTTL { traits.append("TTL \(server.ttl)") }
        if !server.minimalResponses { traits.append("NS records in every answer") }
        if server.mode == .serve, server.otherwise != .nxdomain { traits.append("\(server.otherwise.rawValue) for other names") }
        return traits.isEmpty ? [] : [.text(": " + traits.joined(separator: ", "))]
    }

    /// `web.example. A`, `many.example. A×200`: owners with their types and how many records of each.
    static func records(_ table: RecordTable) -> Line {
        list(table.entries.map { entry in
            let owner = entry.isWildcard ? (entry.owner.isRoot ? "*." : "*.\(entry.owner)") : entry.owner.description
            let types = entry.records.map { set in set.data.count == 1 ? set.type.description : "\(set.type)×\(set.data.count)" }
            return owner + " " + types.joined(separator: " ")
        })
    }

    /// What the rule matches, what it replies, and how the reply is changed.
    static func rule(_ rule: Rule) -> Line {
        var line: Line
        if rule.name == nil, rule.type == nil, rule.transport == nil {
            line = [.text("every query")]
        } else {
            var match = "\(rule.type?.description ?? "*") \(rule.name?.description ?? "*")"
            if let transport = rule.transport { match += " \(transport.rawValue)" }
            line = [.code(match)]
        }
        line.append(.text(" → " + rule.replies.map(\.rawValue).joined(separator: ", then ")))
        var details: [Line] = []
        if rule.countBy != .server, rule.replies.count > 1 || rule.times != nil {
            details.append([.text("counted per \(rule.countBy.rawValue)")])
        }
        if let times = rule.times { details.append([.text(times == 1 ? "once" : "\(times) times")]) }
        if rule.delayMs > 0 { details.append([.text("after \(rule.delayMs) ms")]) }
        if let hold = rule.holdUntil { details.append([.text("held until "), .code(hold.description), .text(" arrives")]) }
        if let ttl = rule.ttl { details.append([.text("TTL \(ttl)")]) }
        if let records = rule.records { details.append([.text("from its own records ")] + Self.records(records)) }
        details += shaping(rule.shaping)
        for detail in details { line += [.text(", ")] + detail }
        return line
    }

    /// The rule's `rcode`, `flags` and `faults`, each in a few words.
    static func shaping(_ shaping: ReplyShaping) -> [Line] {
        var details: [Line] = []
        if let rcode = shaping.rcode { details.append([.text("rcode "), .code(rcode.description)]) }
        let flags = shaping.flags.sorted { $0.key.rawValue < $1.key.rawValue }.map { ($0.value ? "+" : "-") + $0.key.rawValue }
        if !flags.isEmpty { details.append([.text("flags "), .code(flags.joined(separator: " "))]) }
        switch shaping.id {
        case .wrong?: details.append([.text("wrong ID (the query's plus one)")])
        case .fixed(let id)?: details.append([.text("ID \(id)")])
        case nil: break
        }
        if let name = shaping.questionName { details.append([.text("question renamed to "), .code(name.description)]) }
        if let spelling = shaping.questionCase { details.append([.text("question name in \(spelling.rawValue) case")]) }
        if let name = shaping.answerName { details.append([.text("answer records owned by "), .code(name.description)]) }
        if shaping.noQuestion { details.append([.text("no question section")]) }
        if shaping.headerOnly { details.append([.text("only the 12-byte header")]) }
        if let cut = shaping.cutTo { details.append([.text("cut to \(cut) bytes")]) }
        if !shaping.trailing.isEmpty { details.append([.text("\(shaping.trailing.count) bytes of garbage after the message")]) }
        if let raw = shaping.raw { details.append([.text("\(raw.count) raw bytes instead of the reply")]) }
        if let port = shaping.sourcePort { details.append([.text("sent from port \(port)")]) }
        if let address = shaping.sourceAddress { details.append([.text("sent from "), .code(address.description)]) }
        if shaping.copies > 1 { details.append([.text("sent \(shaping.copies) times")]) }
        if shaping.ignoreSize { details.append([.text("sent whole past the client's UDP size, without TC")]) }
        if let close = shaping.tcpClose { details.append([.text("TCP connection closed \(close.rawValue)")]) }
        return details
    }
}
