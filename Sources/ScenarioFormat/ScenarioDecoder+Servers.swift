import DNSWire

extension ScenarioDecoder {
    static func decodeServers(_ node: JSONNode, _ path: JSONPath, context: DecodingContext) -> [Server] {
        guard let elements = context.array(node, path) else { return [] }
        var servers: [Server] = []
        var endpoints: [String: Int] = [:]
        for (index, element) in elements.enumerated() {
            let serverPath = path.appending(index)
            guard let server = decodeServer(element, serverPath, context: context) else { continue }
            let endpoint = "\(server.address)#\(server.port)"
            if let first = endpoints[endpoint] {
                context.fail("servers[\(first)] already listens on \(server.address) port \(server.port)",
                             at: element, path: serverPath)
            }
            endpoints[endpoint] = index
            servers.append(server)
        }
        return servers
    }

    static func decodeServer(_ node: JSONNode, _ path: JSONPath, context: DecodingContext) -> Server? {
        guard let object = context.object(node, path, as: FormatDescription.server) else { return nil }
        var server = Server(address: .v4(IPv4Address(0, 0, 0, 0)))
        var valid = true
        if let (node, path) = object.require("address") {
            if let text = context.string(node, path), let address = IPAddress(text) {
                server.address = address
                if address.bytes.allSatisfy({ $0 == 0 }) {
                    context.fail("\(address) is the unspecified address and cannot be a server address", at: node, path: path)
                }
                // A mapped address is the IPv4 endpoint in disguise; the duplicate check would miss it.
                if case .v6(let v6) = address, let v4 = v6.v4Mapped {
                    context.fail("\(address) is an IPv4-mapped address; write \(v4)", at: node, path: path)
                }
                if address.isMulticastOrBroadcast {
                    context.fail("\(address) is a multicast or broadcast address; a DNS server needs a unicast address "
                                 + "(like 10.96.0.10 or fd00::10)", at: node, path: path)
                }
            } else {
                if case .string(let text) = node.value {
                    context.fail("expected an IPv4 or IPv6 address, found \(text.quotedForMessage)", at: node, path: path)
                }
                valid = false
            }
        } else {
            valid = false
        }
        if let (node, path) = object["port"] {
            server.port = context.integer(node, path, in: Server.portRange).map(UInt16.init) ?? 53
        }
        if let (node, path) = object["mode"] { server.mode = context.choice(node, path, as: Server.Mode.self) ?? .serve }
        if let (node, path) = object["records"] {
            server.records = decodeRecords(node, path, context: context)
            checkCNAMEChains(server.records, node, path, context: context)
        }
        if let (node, path) = object["rules"], let rules = context.array(node, path) {
            for (index, element) in rules.enumerated() {
                if let rule = decodeRule(element, path.appending(index), context: context) { server.rules.append(rule) }
            }
        }
        if let (node, path) = object["otherwise"] {
            server.otherwise = context.choice(node, path, as: Server.Fallback.self) ?? .nxdomain
        }
        if server.mode != .serve {
            for key in FormatDescription.answerKeys {
                if let (node, path) = object[key] {
                    context.fail("a \(server.mode.rawValue) server never answers, so \"\(key)\" would have no effect; "
                                 + "remove it or use mode \"serve\"", at: node, path: path)
                }
            }
        }
        return valid ? server : nil
    }

    static func decodeRecords(_ node: JSONNode, _ path: JSONPath, context: DecodingContext) -> RecordTable {
        var table = RecordTable()
        guard case .object(let owners) = node.value else {
            context.wrongKind("an object mapping names to records, like { \"example.com.\": { \"A\": [\"192.0.2.1\"] } }",
                              node, path)
            return table
        }
        // Types per owner name, so "a.example." and "A.example" (one name) are checked together.
        var typesByOwner: [OwnerKey: (spelling: String, types: [DNSType])] = [:]
        for owner in owners {
            let ownerPath = path.appending(owner.key)
            // Scalars, not Characters: a combining mark after "*" or "." must not hide them.
            let isWildcard = owner.key.unicodeScalars.starts(with: "*.".unicodeScalars)
            let rest = String(Substring(owner.key.unicodeScalars.dropFirst(isWildcard ? 2 : 0)))
            guard let name = try? DNSName(rest), !rest.unicodeScalars.contains("*") else {
                context.fail("\(owner.key.quotedForMessage) is not a valid domain name (a wildcard is written *.example.)",
                             at: owner.keyRange.start, path: ownerPath)
                continue
            }
            guard case .object(let types) = owner.value.value else {
                context.wrongKind("an object mapping record types to values, like { \"A\": [\"192.0.2.1\"] }",
                                  owner.value, ownerPath)
                continue
            }
            if types.isEmpty {
                context.fail("a name without records would still exist (NODATA); list its records, or leave the name out",
                             at: owner.value, path: ownerPath)
                continue
            }
            let ownerKey = OwnerKey(name: NameKey(name), isWildcard: isWildcard)
            let earlier = typesByOwner[ownerKey]
            var seen = earlier?.types ?? []
            let sameName = earlier.map { " (the same name as \($0.spelling.quotedForMessage))" } ?? ""
            for typeMember in types {
                let typePath = ownerPath.appending(typeMember.key)
                let formats = FormatDescription.recordFormats
                guard let type = DNSType(scenarioText: typeMember.key),
                      let format = formats.first(where: { $0.type == type })?.text else {
                    let known = formats.map(\.type.description)
                    var message = "unknown record type \(typeMember.key.quotedForMessage); expected one of \(known.joined(separator: ", "))"
                    message += Suggestion.hint(for: typeMember.key.uppercased(), in: known)
                    context.fail(message, at: typeMember.keyRange.start, path: typePath)
                    continue
                }
                if seen.contains(type) {
                    context.fail("\(type) is listed twice for \(owner.key.quotedForMessage)\(sameName)", at: typeMember.keyRange.start,
                                 path: typePath)
                    continue
                }
                seen.append(type)
                guard let values = context.strings(typeMember.value, typePath, allowSingle: true) else { continue }
                if values.isEmpty {
                    context.fail("must not be empty; leave the type out for no records", at: typeMember.value, path: typePath)
                    continue
                }
                var data: [RData] = []
                for (index, text) in values.enumerated() {
                    if let rdata = RecordText.parse(text, type: type) {
                        data.append(rdata)
                    } else {
                        let valueNode = typeMember.value.elements?[index] ?? typeMember.value
                        context.fail("expected \(format) for \(type), found \(text.quotedForMessage)", at: valueNode,
                                     path: typeMember.value.elements == nil ? typePath : typePath.appending(index))
                    }
                }
                if let problem = Self.answerSizeProblem(owner: name, isWildcard: isWildcard, type: type, data: data) {
                    context.fail(problem, at: typeMember.value, path: typePath)
                }
                if type == .CNAME, data.count > 1 {
                    context.fail("a name has at most one CNAME (RFC 1034 3.6.2)", at: typeMember.value, path: typePath)
                }
                table.add(owner: name, isWildcard: isWildcard, type: type, data: data)
            }
            // Blame only a spelling that added types, not one that merely repeats the name.
            if seen.contains(.CNAME), seen.count > 1, seen.count > (earlier?.types.count ?? 0) {
                context.fail("a name with a CNAME can have no other records (RFC 1034 3.6.2)\(sameName)", at: owner.value,
                             path: ownerPath)
            }
            typesByOwner[ownerKey] = (earlier?.spelling ?? owner.key, seen)
        }
        return table
    }

    /// Records that could never be answered: the answer holding all of them would not fit a DNS
    /// message (65,535 bytes), so the responder could send no reply at all. Counted without name
    /// compression inside RDATA, and with the longest question a wildcard may answer.
    static func answerSizeProblem(owner: DNSName, isWildcard: Bool, type: DNSType, data: [RData]) -> String? {
        let ownerBytes = isWildcard ? DNSName.maxWireLength : owner.labels.reduce(1) { $0 + $1.count + 1 }
        // Header, question, then per record: owner pointer, type, class, TTL, RDATA length, RDATA.
        var size = 12 + ownerBytes + 4
        for rdata in data { size += 12 + ((try? rdata.wireBytes().count) ?? 0) }
        guard size > 65_535 else { return nil }
        return "\(data.count) \(type) records make an answer of about \(size) bytes, more than a DNS message holds "
            + "(65,535, even over TCP), so no reply could be sent; use fewer records"
    }

    /// A chain longer than the responder follows would be cut short in the answer: refused instead.
    static func checkCNAMEChains(_ table: RecordTable, _ node: JSONNode, _ path: JSONPath, context: DecodingContext) {
        let limit = RecordTable.maximumCNAMEChain
        for (entry, links) in table.cnameChainsLonger(than: limit) {
            let key = (entry.isWildcard ? "*." : "") + entry.owner.description
            let member = node.members?.first { member in
                member.key.hasPrefix("*.") == entry.isWildcard
                    && (try? DNSName(String(member.key.unicodeScalars.dropFirst(entry.isWildcard ? 2 : 0)))) == entry.owner
            }
            context.fail("the CNAME chain from \(key.quotedForMessage) has \(links) links; the responder follows at most "
                         + "\(limit) in one answer, so the answer would be cut short. Shorten the chain",
                         at: member?.value ?? node, path: path.appending(member?.key ?? key))
        }
    }

    static func decodeRule(_ node: JSONNode, _ path: JSONPath, context: DecodingContext) -> Rule? {
        guard let object = context.object(node, path, as: FormatDescription.rule) else { return nil }
        var rule = Rule()
        if let (node, path) = object["name"], let text = context.string(node, path) {
            if text == "*" {
                rule.name = nil
            } else if let pattern = NamePattern(text) {
                rule.name = pattern
            } else {
                context.fail("expected a domain name or *.suffix., found \(text.quotedForMessage)", at: node, path: path)
            }
        }
        if let (node, path) = object["type"], let text = context.string(node, path) {
            if let type = DNSType(scenarioText: text) {
                rule.type = type
            } else {
                context.fail("unknown record type \(text.quotedForMessage) (use a mnemonic like A or AAAA, or TYPEnnn)", at: node, path: path)
            }
        }
        if let (node, path) = object["transport"] { rule.transport = context.choice(node, path, as: Transport.self) }
        if let (node, path) = object["reply"] { rule.reply = context.choice(node, path, as: Rule.Reply.self) ?? .answer }
        if let (node, path) = object["delayMs"] { rule.delayMs = context.integer(node, path, in: Rule.delayMsRange) ?? 0 }
        if let (node, path) = object["times"] { rule.times = context.integer(node, path, in: Rule.timesRange) }
        if rule.reply == .truncate, rule.transport == .tcp {
            context.fail("truncation only exists over UDP; a truncate rule cannot be limited to tcp",
                         at: node, path: path)
        }
        if object.members.isEmpty {
            context.fail("an empty rule matches every query and changes nothing; give it a reply or delayMs",
                         at: node, path: path)
        }
        return rule
    }
}

/// Record values in presentation format (RFC 1035 5.1), the way zone files write them.
public enum RecordText {
    public static func parse(_ text: String, type: DNSType) -> RData? {
        // Scalars, not Characters: a combining mark after a blank would glue two fields into one.
        let fields = text.unicodeScalars.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { String(Substring($0)) }
        switch type {
        case .A:
            return IPv4Address(text).map(RData.a)
        case .AAAA:
            return IPv6Address(text).map(RData.aaaa)
        case .CNAME, .PTR, .NS:
            // A blank separates fields in presentation format, so "a.example. extra" is not one name.
            guard fields.count == 1, let name = try? DNSName(fields[0]) else { return nil }
            return type == .CNAME ? .cname(name) : type == .PTR ? .ptr(name) : .ns(name)
        case .TXT:
            // Long text is split into 255-byte character-strings (RFC 1035 3.3.14).
            let bytes = Array(text.utf8)
            let chunks = stride(from: 0, to: max(bytes.count, 1), by: 255).map {
                Array(bytes[$0..<min($0 + 255, bytes.count)])
            }
            return .txt(chunks)
        case .MX:
            guard fields.count == 2, let preference = UInt16(fields[0]), let exchange = try? DNSName(fields[1]) else { return nil }
            return .mx(preference: preference, exchange: exchange)
        case .SRV:
            guard fields.count == 4, let priority = UInt16(fields[0]), let weight = UInt16(fields[1]),
                  let port = UInt16(fields[2]), let target = try? DNSName(fields[3]) else { return nil }
            return .srv(priority: priority, weight: weight, port: port, target: target)
        case .SOA:
            guard fields.count == 7, let mname = try? DNSName(fields[0]), let rname = try? DNSName(fields[1]) else { return nil }
            let numbers = fields[2...].compactMap { UInt32($0) }
            guard numbers.count == 5 else { return nil }
            return .soa(mname: mname, rname: rname, serial: numbers[0], refresh: numbers[1], retry: numbers[2],
                        expire: numbers[3], minimum: numbers[4])
        default:
            return nil
        }
    }
}

/// An owner as `records` keys it: one name however it is spelled, a wildcard apart from its parent.
private struct OwnerKey: Hashable {
    var name: NameKey
    var isWildcard: Bool
}
