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
        if let (node, path) = object["transports"], let elements = context.array(node, path, nonEmpty: true) {
            var transports: Set<Transport> = []
            for (index, element) in elements.enumerated() {
                guard let transport = context.choice(element, path.appending(index), as: Transport.self) else { continue }
                if !transports.insert(transport).inserted {
                    context.fail("\(transport.rawValue) is listed twice", at: element, path: path.appending(index))
                }
            }
            if !transports.isEmpty { server.transports = transports }
        }
        if let (node, path) = object["records"] {
            server.records = decodeRecords(node, path, context: context)
            checkCNAMEChains(server.records, node, path, context: context)
        }
        if let (node, path) = object["rules"], let rules = context.array(node, path) {
            for (index, element) in rules.enumerated() {
                guard let rule = decodeRule(element, path.appending(index), context: context) else { continue }
                checkReplySource(rule, of: server, element, path.appending(index), context: context)
                server.rules.append(rule)
            }
        }
        if let (node, path) = object["otherwise"] {
            server.otherwise = context.choice(node, path, as: Server.Fallback.self) ?? .nxdomain
        }
        if let (node, path) = object["ttl"] { server.ttl = context.integer(node, path, in: Server.ttlRange).map(UInt32.init) ?? Server.defaultTTL }
        if let (node, path) = object["edns"] { server.edns = decodeEDNSBehaviour(node, path, context: context) }
        if let (node, path) = object["minimalResponses"], let minimal = context.bool(node, path) {
            server.minimalResponses = minimal
            if minimal {
                context.fail("true is the default and changes nothing; leave the key out, or write false", at: node, path: path)
            }
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
        if let (node, path) = object["reply"] { rule.replies = decodeReplies(node, path, context: context) }
        if let (node, path) = object["delayMs"] { rule.delayMs = context.integer(node, path, in: Rule.delayMsRange) ?? 0 }
        if let (node, path) = object["times"] { rule.times = context.integer(node, path, in: Rule.timesRange) }
        if let (node, path) = object["countBy"] { rule.countBy = context.choice(node, path, as: Rule.CountBy.self) ?? .server }
        if let (node, path) = object["records"] {
            let records = decodeRecords(node, path, context: context)
            checkCNAMEChains(records, node, path, context: context)
            rule.records = records
            if !rule.replies.contains(.answer) {
                context.fail("records only answer an \"answer\" reply, and this rule never gives one", at: node, path: path)
            }
        }
        if let (node, path) = object["ttl"] {
            rule.ttl = context.integer(node, path, in: Server.ttlRange).map(UInt32.init)
            if !rule.replies.contains(.answer) {
                context.fail("ttl applies to the records of an \"answer\" reply, and this rule never gives one", at: node, path: path)
            }
        }
        if let (node, path) = object["holdUntil"] { rule.holdUntil = decodeQueryMatch(node, path, context: context) }
        if let (node, path) = object["rcode"] { rule.shaping.rcode = decodeRcode(node, path, context: context) }
        if let (node, path) = object["flags"] { rule.shaping.flags = decodeFlags(node, path, context: context) }
        if let (node, path) = object["faults"] { decodeFaults(node, path, into: &rule.shaping, context: context) }
        if rule.replies.contains(.truncate), rule.transport == .tcp {
            context.fail("truncation only exists over UDP; a truncate rule cannot be limited to tcp",
                         at: node, path: path)
        }
        checkReplyChanges(rule, object, context: context)
        if object.members.isEmpty {
            context.fail("an empty rule matches every query and changes nothing; give it a reply or delayMs",
                         at: node, path: path)
        }
        return rule
    }

    /// A reply sent from another address or port: of the server's family, and somewhere else.
    static func checkReplySource(_ rule: Rule, of server: Server, _ node: JSONNode, _ path: JSONPath, context: DecodingContext) {
        let shaping = rule.shaping
        let faultsPath = path.appending("faults")
        if let source = shaping.sourceAddress, source.bytes.count != server.address.bytes.count {
            context.fail("a reply to a client of \(server.address) must come from an address of the same family; "
                         + "\(source) is not", at: node, path: faultsPath.appending("sourceAddress"))
        }
        if shaping.sourceAddress == nil || shaping.sourceAddress == server.address, shaping.sourcePort == nil || shaping.sourcePort == server.port,
           shaping.sourceAddress != nil || shaping.sourcePort != nil {
            context.fail("the reply would come from the server's own address and port, which changes nothing",
                         at: node, path: faultsPath.appending(shaping.sourcePort != nil ? "sourcePort" : "sourceAddress"))
        }
        if let transport = rule.transport, !server.transports.contains(transport) {
            context.fail("the server does not listen on \(transport.rawValue), so this rule could never match",
                         at: node, path: path.appending("transport"))
        }
    }

    /// `edns`: "none", "formerr", or the payload size the server advertises.
    static func decodeEDNSBehaviour(_ node: JSONNode, _ path: JSONPath, context: DecodingContext) -> Server.EDNSBehaviour {
        let fallback = Server.EDNSBehaviour.payloadSize(Server.defaultEDNSPayloadSize)
        switch node.value {
        case .number:
            return context.integer(node, path, in: Server.ednsPayloadSizeRange).map { .payloadSize(UInt16($0)) } ?? fallback
        case .string(let text) where text == "none": return .none
        case .string(let text) where text == "formerr": return .formerr
        default:
            context.wrongKind("\"none\" (no EDNS), \"formerr\" (FORMERR to a query with EDNS) or the payload size the "
                              + "server advertises, 512 to 65535", node, path)
            return fallback
        }
    }

    /// `reply`: one reply, or a sequence for the 1st, 2nd, ... matching query.
    static func decodeReplies(_ node: JSONNode, _ path: JSONPath, context: DecodingContext) -> [Rule.Reply] {
        if case .array(let elements) = node.value {
            let limit = Rule.sequenceLimit
            guard limit.contains(elements.count) else {
                context.fail("expected a sequence of \(limit.lowerBound) to \(limit.upperBound) replies, found \(elements.count)",
                             at: node, path: path)
                return [.answer]
            }
            let replies = elements.enumerated().compactMap { index, element in
                context.choice(element, path.appending(index), as: Rule.Reply.self)
            }
            return replies.count == elements.count ? replies : [.answer]
        }
        guard case .string = node.value else {
            context.wrongKind("a reply like \"servfail\", or an array of them for the 1st, 2nd, ... query", node, path)
            return [.answer]
        }
        return [context.choice(node, path, as: Rule.Reply.self) ?? .answer]
    }

    /// `holdUntil`: "TYPE NAME", either `*`.
    static func decodeQueryMatch(_ node: JSONNode, _ path: JSONPath, context: DecodingContext) -> QueryMatch? {
        guard let text = context.string(node, path) else { return nil }
        let words = text.unicodeScalars.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { String(Substring($0)) }
        guard words.count == 2 else {
            context.fail("expected \"TYPE NAME\" (either may be *), like \"AAAA www.example.\", found \(text.quotedForMessage)",
                         at: node, path: path)
            return nil
        }
        var match = QueryMatch()
        if words[0] != "*" {
            guard let type = DNSType(scenarioText: words[0]) else {
                context.fail("unknown record type \(words[0].quotedForMessage) in \(text.quotedForMessage)", at: node, path: path)
                return nil
            }
            match.type = type
        }
        if words[1] != "*" {
            guard let name = NamePattern(words[1]) else {
                context.fail("expected a domain name, *.suffix. or * after the type, found \(words[1].quotedForMessage)",
                             at: node, path: path)
                return nil
            }
            match.name = name
        }
        return match
    }

    /// `rcode`: a mnemonic (`FORMERR`, `NOTIMP`, `RCODE13`) or a number up to 4095.
    static func decodeRcode(_ node: JSONNode, _ path: JSONPath, context: DecodingContext) -> DNSRcode? {
        if case .number = node.value {
            return context.integer(node, path, in: 0...Int(DNSRcode.maxExtended)).map { DNSRcode(rawValue: UInt16($0)) }
        }
        guard case .string(let text) = node.value else {
            context.wrongKind("an rcode like \"FORMERR\" or a number from 0 to 4095", node, path)
            return nil
        }
        guard let rcode = DNSRcode(mnemonic: text) else {
            context.fail("unknown rcode \(text.quotedForMessage); expected a name like NOERROR, FORMERR, SERVFAIL, NXDOMAIN, "
                         + "NOTIMP, REFUSED or BADVERS, RCODEnnn, or a number from 0 to 4095", at: node, path: path)
            return nil
        }
        return rcode
    }

    /// `flags`: `{ "aa": true, "ra": false }`, header bits set or cleared.
    static func decodeFlags(_ node: JSONNode, _ path: JSONPath, context: DecodingContext) -> [ReplyShaping.Bit: Bool] {
        guard let object = context.object(node, path, as: FormatDescription.replyFlags) else { return [:] }
        var flags: [ReplyShaping.Bit: Bool] = [:]
        for bit in ReplyShaping.Bit.allCases {
            if let (node, path) = object[bit.rawValue], let value = context.bool(node, path) { flags[bit] = value }
        }
        if object.members.isEmpty { context.fail("an empty flags object changes nothing; name a bit, like \"aa\": true", at: node, path: path) }
        return flags
    }

    /// `faults`: what is done to the reply on its way out.
    static func decodeFaults(_ node: JSONNode, _ path: JSONPath, into shaping: inout ReplyShaping, context: DecodingContext) {
        guard let object = context.object(node, path, as: FormatDescription.faults) else { return }
        if object.members.isEmpty {
            context.fail("an empty faults object changes nothing; name a fault, like \"id\": \"wrong\"", at: node, path: path)
        }
        if let (node, path) = object["id"] {
            if case .string(let text) = node.value, text == "wrong" {
                shaping.id = .wrong
            } else if case .number = node.value {
                shaping.id = context.integer(node, path, in: 0...65535).map { .fixed(UInt16($0)) }
            } else {
                context.wrongKind("\"wrong\" (the query's ID plus one) or an ID from 0 to 65535", node, path)
            }
        }
        if let (node, path) = object["questionName"] { shaping.questionName = decodeDomainName(node, path, context: context) }
        if let (node, path) = object["answerName"] { shaping.answerName = decodeDomainName(node, path, context: context) }
        if let (node, path) = object["questionCase"] {
            shaping.questionCase = context.choice(node, path, as: ReplyShaping.QuestionCase.self)
        }
        if let (node, path) = object["noQuestion"] { shaping.noQuestion = decodeTrue(node, path, context: context) }
        if let (node, path) = object["headerOnly"] { shaping.headerOnly = decodeTrue(node, path, context: context) }
        if let (node, path) = object["cutTo"] { shaping.cutTo = context.integer(node, path, in: 0...ReplyShaping.bytesLimit) }
        if let (node, path) = object["trailingHex"] {
            shaping.trailing = context.hexBytes(node, path, limit: ReplyShaping.bytesLimit) ?? []
        }
        if let (node, path) = object["rawHex"] { shaping.raw = context.hexBytes(node, path, limit: ReplyShaping.bytesLimit) }
        if let (node, path) = object["sourcePort"] {
            shaping.sourcePort = context.integer(node, path, in: Server.portRange).map(UInt16.init)
        }
        if let (node, path) = object["sourceAddress"], let text = context.string(node, path) {
            if let address = IPAddress(text), !address.bytes.allSatisfy({ $0 == 0 }), !address.isMulticastOrBroadcast {
                shaping.sourceAddress = address
            } else {
                context.fail("expected a unicast IPv4 or IPv6 address, found \(text.quotedForMessage)", at: node, path: path)
            }
        }
        if let (node, path) = object["copies"] { shaping.copies = context.integer(node, path, in: ReplyShaping.copiesRange) ?? 1 }
        if let (node, path) = object["ignoreSize"] { shaping.ignoreSize = decodeTrue(node, path, context: context) }
        if let (node, path) = object["tcpClose"] { shaping.tcpClose = context.choice(node, path, as: ReplyShaping.TCPClose.self) }
    }

    /// One domain name, written as a record value writes it (a blank would end it, so none is allowed).
    static func decodeDomainName(_ node: JSONNode, _ path: JSONPath, context: DecodingContext) -> DNSName? {
        guard let text = context.string(node, path) else { return nil }
        guard case .ptr(let name)? = RecordText.parse(text, type: .PTR) else {
            context.fail("expected a domain name, found \(text.quotedForMessage)", at: node, path: path)
            return nil
        }
        return name
    }

    /// A switch that is only ever written `true`: `false` is the default and would say nothing.
    static func decodeTrue(_ node: JSONNode, _ path: JSONPath, context: DecodingContext) -> Bool {
        guard let value = context.bool(node, path) else { return false }
        if !value { context.fail("false is the default and changes nothing; leave the key out", at: node, path: path) }
        return value
    }

    /// Refuses reply changes that could never happen, or that contradict each other.
    static func checkReplyChanges(_ rule: Rule, _ object: ObjectReader, context: DecodingContext) {
        let shaping = rule.shaping
        let faults = object["faults"]
        /// A key of `faults`, or of the rule itself.
        func located(_ key: String) -> (node: JSONNode, path: JSONPath)? {
            if let faults, let member = faults.node.members?.first(where: { $0.key == key }) {
                return (member.value, faults.path.appending(key))
            }
            return object[key]
        }
        func fail(_ key: String, _ message: String) {
            if let (node, path) = located(key) { context.fail(message, at: node, path: path) }
        }
        if rule.neverReplies {
            // records and ttl say so themselves: they need an answer reply.
            for key in ["rcode", "flags", "faults", "holdUntil"] where object.has(key) {
                if let (node, path) = object[key] {
                    context.fail("this rule only drops queries, so \"\(key)\" would change nothing", at: node, path: path)
                }
            }
        }
        if rule.holdUntil != nil, rule.delayMs > 0, let (node, path) = object["holdUntil"] {
            context.fail("a reply is either held until a query arrives or delayed, not both; remove delayMs or holdUntil",
                         at: node, path: path)
        }
        if shaping.tcpClose != nil, rule.transport != .tcp {
            fail("tcpClose", "closing a connection only exists over TCP; add \"transport\": \"tcp\" to the rule")
        }
        if rule.transport == .tcp {
            if shaping.sourcePort != nil { fail("sourcePort", "a TCP reply always comes from the connection's own port; sourcePort is for UDP") }
            if shaping.sourceAddress != nil {
                fail("sourceAddress", "a TCP reply always comes from the connection's own address; sourceAddress is for UDP")
            }
            if shaping.ignoreSize { fail("ignoreSize", "over TCP every answer is sent whole; ignoreSize is for UDP") }
        }
        if shaping.raw != nil {
            for key in ["questionName", "questionCase", "answerName", "noQuestion", "headerOnly", "cutTo", "trailingHex"]
            where faults?.node.members?.contains(where: { $0.key == key }) ?? false {
                fail(key, "rawHex replaces the whole reply, so \(key) would change nothing; put the bytes you want in rawHex")
            }
            for key in ["rcode", "flags", "records", "ttl"] where object.has(key) {
                if let (node, path) = object[key] {
                    context.fail("faults.rawHex replaces the whole reply, so \"\(key)\" would change nothing; put the bytes you "
                                 + "want in rawHex", at: node, path: path)
                }
            }
        }
        if shaping.headerOnly, shaping.cutTo != nil {
            fail("cutTo", "headerOnly already cuts the reply to its 12-byte header; use one of headerOnly and cutTo")
        }
        if shaping.noQuestion {
            if shaping.questionName != nil { fail("questionName", "noQuestion leaves no question to rename") }
            if shaping.questionCase != nil { fail("questionCase", "noQuestion leaves no question to respell") }
        }
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
