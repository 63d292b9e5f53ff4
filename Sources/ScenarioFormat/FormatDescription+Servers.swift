import DNSWire

/// `servers[]`: server objects, their records and their rules.
extension FormatDescription {
    /// A record type a server's `records` may hold, and how its values are written.
    public struct RecordFormat: Sendable {
        public var type: DNSType
        /// How one value is written, for the decoder's messages: "an IPv4 address".
        public var text: String
        /// What the values are, for editors: "IPv4 addresses, like \"192.0.2.1\"."
        public var doc: String
        /// One value's shape.
        public var value: Shape

        init(_ type: DNSType, _ text: String, _ doc: String, _ value: Shape) {
            self.type = type
            self.text = text
            self.doc = doc
            self.value = value
        }

        /// The `$defs` name of a value or values of this type.
        var definitionName: String { "records\(type)" }

        var valuesDoc: String { "One value, or a non-empty array of values: \(type) records, \(doc)" }
    }

    public static let recordFormats: [RecordFormat] = {
        func name(_ type: DNSType) -> Shape {
            .string(pattern: Pattern(Regex.oneWord, "Expected one domain name for \(type)."))
        }
        return [
            RecordFormat(.A, "an IPv4 address", "IPv4 addresses, like \"192.0.2.1\".", .reference("ipv4")),
            RecordFormat(.AAAA, "an IPv6 address", "IPv6 addresses, like \"2001:db8::1\".", .reference("ipv6")),
            RecordFormat(.CNAME, "a domain name",
                         "the canonical name. A name has at most one CNAME and no other records (RFC 1034 3.6.2); the "
                            + "schema cannot check that, `resolvlab check` does.", name(.CNAME)),
            RecordFormat(.PTR, "a domain name", "domain names.", name(.PTR)),
            RecordFormat(.NS, "a domain name", "domain names.", name(.NS)),
            RecordFormat(.TXT, "any text", "any text (split into 255-byte strings on the wire).", .string()),
            RecordFormat(.MX, "\"PREFERENCE EXCHANGE\", like \"10 mail.example.\"",
                         "\"PREFERENCE EXCHANGE\", like \"10 mail.example.\".",
                         .string(pattern: Pattern(Regex.mx, "Expected \"PREFERENCE EXCHANGE\" for MX."))),
            RecordFormat(.SRV, "\"PRIORITY WEIGHT PORT TARGET\", like \"0 5 443 web.example.\"",
                         "\"PRIORITY WEIGHT PORT TARGET\", like \"0 5 443 web.example.\".",
                         .string(pattern: Pattern(Regex.srv, "Expected \"PRIORITY WEIGHT PORT TARGET\" for SRV."))),
            RecordFormat(.SOA, "\"MNAME RNAME SERIAL REFRESH RETRY EXPIRE MINIMUM\"",
                         "\"MNAME RNAME SERIAL REFRESH RETRY EXPIRE MINIMUM\", like \"ns. host. 1 3600 600 86400 60\".",
                         .string(pattern: Pattern(Regex.soa,
                                                  "Expected \"MNAME RNAME SERIAL REFRESH RETRY EXPIRE MINIMUM\" for SOA."))),
        ]
    }()

    /// The keys a server uses only to answer: meaningless on a server that never answers.
    public static let answerKeys = ["records", "rules", "otherwise", "ttl", "edns", "minimalResponses"]

    static var serverDefinitions: [Definition] {
        [.object(server), .object(recordSet)]
            + recordFormats.map { .value(Value($0.definitionName, $0.valuesDoc, .oneOrMore($0.value))) }
            + [.object(rule), .value(reply), .object(replyFlags), .object(faults), .value(transport)]
    }

    public static let server = Object(
        "server",
        "A scripted DNS server listening on UDP and TCP. Two servers may not share an address and port (resolvlab check "
            + "reports that).",
        constraints: [
            Constraint("A server that never answers takes no \(prose(answerKeys)).",
                       .absent(answerKeys, whileKey: "mode",
                               isOneOf: Server.Mode.allCases.filter { $0 != .serve }.map(\.rawValue))),
        ],
        keys: [
            Key("address", .refined(.reference("ipAddress"), keywords(["not": .members(["anyOf": .array([
                .members(["enum": .strings(["0.0.0.0", "::"])]),
                .members(["pattern": .string(Regex.ipv4Mapped)]),
                .members(["pattern": .string(Regex.ipv4MulticastOrBroadcast)]),
                .members(["pattern": .string(Regex.ipv6Multicast)]),
            ])])])), required: "the server's IPv4 or IPv6 address",
                "The server's IPv4 or IPv6 address; it is added to the sandbox's lo. Not the unspecified address, not an "
                    + "IPv4-mapped IPv6 address (write the IPv4 address), and not a multicast or broadcast address."),
            Key("port", .integer(Server.portRange), default: JSONValue(53),
                "Default 53. (glibc's resolv.conf can only name port 53; other ports are for dig -p.)"),
            Key("mode", .choice(of: Server.Mode.self), default: .string(Server.Mode.serve.rawValue),
                "serve (default) answers; silent reads and never answers, so the resolver waits for its timeout; closed "
                    + "has no listener at all, so UDP gets ICMP port unreachable and TCP a reset. A silent or closed server "
                    + "takes no \(prose(answerKeys))."),
            Key("transports", .array(.reference("transport"), minItems: 1, unique: true),
                default: .strings(Transport.allCases.map(\.rawValue)),
                "The transports the server listens on; both when omitted. A UDP-only server resets TCP connections (a client "
                    + "retrying a truncated answer over TCP gets nothing); a TCP-only one bounces datagrams with ICMP port "
                    + "unreachable."),
            Key("records", recordsShape,
                "{ \"NAME\": { \"TYPE\": [values] } }. Types \(prose(recordFormats.map(\.type.description), or: "and")). A single "
                    + "value may be written without the array. An owner *.example. is a wildcard for every name below "
                    + "example. A CNAME is followed within the server's records and the whole chain returned in one "
                    + "answer; a chain may have at most \(RecordTable.maximumCNAMEChain) links. The records of one name "
                    + "and type must fit one DNS message (65,535 bytes: about 4,090 A records)."),
            Key("rules", .array(.reference("rule")),
                "Checked in order before the records; the first rule whose name, type and transport match (and whose "
                    + "times is not used up) decides."),
            Key("otherwise", .choice(of: Server.Fallback.self), default: .string(Server.Fallback.nxdomain.rawValue),
                "The reply for a name with no records: nxdomain (default), nodata, servfail, refused or drop (no answer)."),
            Key("ttl", .integer(Server.ttlRange), default: JSONValue(Int(Server.defaultTTL)),
                "The TTL of the records it answers with (default \(Server.defaultTTL)); a rule's ttl overrides it."),
            Key("edns", .oneOf([.choice(["none", "formerr"]), .integer(Server.ednsPayloadSizeRange)]),
                default: JSONValue(Int(Server.defaultEDNSPayloadSize)),
                "The payload size it advertises in the OPT record it returns to a query with one (default "
                    + "\(Server.defaultEDNSPayloadSize)); none: a server without EDNS, whose replies never carry OPT; "
                    + "formerr: a server from before EDNS, which answers FORMERR to any query with an OPT record."),
            Key("minimalResponses", .boolean, default: .bool(true),
                "false: every answer from the records also carries the zone's NS records (the zone of the SOA the records "
                    + "hold) in the authority section, with their addresses as additional records, like BIND's "
                    + "minimal-responses no. Default true: only what was asked."),
        ])

    /// `records`, of a server and of a rule.
    static var recordsShape: Shape {
        .map(keys: .documented("A domain name, or *.suffix. for a wildcard.", .string(pattern: Pattern(
            Regex.owner, "Expected a domain name, or *.suffix. for a wildcard."))), values: .reference("recordSet"))
    }

    static var recordSet: Object {
        Object("recordSet",
               "The records of one owner name: record type → value or values. Types are "
                + "\(prose(recordFormats.map(\.type.description), or: "and")), in any letter case or as TYPEnnn "
                + "(TYPE28 is AAAA). A type may appear once per name.",
               nonEmpty: true,
               keyPatterns: recordFormats.map { (Regex.recordTypeKey($0.type), .reference($0.definitionName)) },
               keys: recordFormats.map { Key($0.type.description, .reference($0.definitionName), $0.valuesDoc) })
    }

    public static let rule = Object(
        "rule",
        "A rule checked before the records. An empty rule changes nothing and is refused.",
        nonEmpty: true,
        constraints: [
            Constraint("Truncation only exists over UDP: a truncate rule cannot be limited to tcp.",
                       .notBoth((key: "reply", value: Rule.Reply.truncate.rawValue), (key: "transport", value: Transport.tcp.rawValue))),
        ],
        keys: [
            Key("name", .string(pattern: Pattern(Regex.ruleName, "Expected a domain name, *.suffix. or *.")),
                "An exact name, *.suffix. for every name strictly below suffix, or * for any name."),
            Key("type", .refined(.string(pattern: Pattern(Regex.recordType, "Expected a record type like A, AAAA or TYPE65.")),
                                 keywords(["examples": .strings(typeExamples + ["TYPE65"])])),
                "A record type mnemonic (A, AAAA, ...) or TYPEnnn; any type when omitted."),
            Key("transport", .reference("transport"), "Match only queries over this transport; either when omitted."),
            Key("reply", .oneOf([.reference("reply"), .array(.reference("reply"), minItems: Rule.sequenceLimit.lowerBound)]),
                default: .string(Rule.Reply.answer.rawValue),
                "nxdomain, nodata, servfail, refused, drop (no answer), truncate (UDP only: TC set, no records, so the "
                    + "client retries over TCP) or answer (the default: continue with the records). An array is a sequence: "
                    + "the 1st, 2nd, ... matching query (counted by countBy) gets that reply, the last one every later "
                    + "query, like [\"servfail\", \"answer\"]."),
            Key("delayMs", .integer(Rule.delayMsRange), "Hold the reply back this many milliseconds."),
            Key("times", .integer(Rule.timesRange),
                "Apply the rule to this many matching queries only (counted by countBy); every query when omitted."),
            Key("countBy", .choice(of: Rule.CountBy.self), default: .string(Rule.CountBy.server.rawValue),
                "What times and a reply sequence count: server (default: every query the rule matches), name (each "
                    + "query name apart) or socket (each client address, port and transport apart: \"drop the second "
                    + "query from the same socket\")."),
            Key("records", recordsShape, "Records that answer instead of the server's, for answer replies: data that "
                    + "differs over TCP, or from rule to rule."),
            Key("ttl", .integer(Server.ttlRange), "The TTL of the records this rule answers with, instead of the server's."),
            Key("holdUntil", .string(pattern: Pattern(Regex.queryMatch, "Expected \"TYPE NAME\", either may be *.")),
                "\"TYPE NAME\" (either may be *): hold the reply until a query like this reaches the same server, then send "
                    + "it after that query's own reply, so the two arrive in reverse order. Not with delayMs."),
            Key("rcode", .oneOf([.string(pattern: Pattern(Regex.rcode, "Expected an rcode name like FORMERR or RCODEnnn.")),
                                 .integer(0...Int(DNSRcode.maxExtended))]),
                "The reply's rcode, whatever the reply: FORMERR, NOTIMP, BADVERS, ... or a number up to 4095 (above 15 the "
                    + "reply carries an OPT record for the upper bits). An answer keeps its records."),
            Key("flags", .reference("replyFlags"), "Header bits set (true) or cleared (false) in the reply."),
            Key("faults", .reference("faults"), "What is done to the reply on its way out, for servers and middleboxes "
                    + "that misbehave."),
        ])

    static let reply = Value("reply", "What a rule answers: \(prose(Rule.Reply.allCases.map(\.rawValue))).",
                             .choice(of: Rule.Reply.self))

    public static let replyFlags = Object(
        "replyFlags",
        "Header bits of a reply set (true) or cleared (false): tc true with an answer sends TC together with the records.",
        nonEmpty: true,
        keys: ReplyShaping.Bit.allCases.map { Key($0.rawValue, .boolean, "Set (true) or clear (false) \($0.rawValue.uppercased()).") })

    public static let faults = Object(
        "faults",
        "Changes to a reply on its way out, applied after rcode and flags: first to the message, then to its bytes.",
        nonEmpty: true,
        keys: [
            Key("id", .oneOf([.choice(["wrong"]), .integer(0...65535)]),
                "\"wrong\": the query's ID plus one; or this ID. A client must ignore the reply."),
            Key("questionName", .string(pattern: Pattern(Regex.oneWord, "Expected a domain name.")),
                "The question section names this instead of the name asked (a relay that rewrites it)."),
            Key("questionCase", .choice(of: ReplyShaping.QuestionCase.self),
                "The question name respelled: upper, lower, or flip (each letter's case inverted, as a 0x20 check sees it). "
                    + "Answer names keep the server's spelling."),
            Key("answerName", .string(pattern: Pattern(Regex.oneWord, "Expected a domain name.")),
                "Answer records owned by the name asked are sent owned by this name instead (an answer that does not "
                    + "match its question)."),
            Key("noQuestion", .boolean, "true: no question section (QDCOUNT 0)."),
            Key("headerOnly", .boolean, "true: only the 12-byte header, whose counts still promise the sections."),
            Key("cutTo", .integer(0...ReplyShaping.bytesLimit), "Send only the first this many bytes (all, if the reply is shorter)."),
            Key("trailingHex", .string(pattern: Pattern(Regex.hexBytes, "Expected hexadecimal bytes like \"de ad be ef\".")),
                "Bytes appended after the message, as hexadecimal (\"de ad be ef\")."),
            Key("rawHex", .string(pattern: Pattern(Regex.hexBytes, "Expected hexadecimal bytes like \"de ad be ef\".")),
                "These bytes instead of the reply; the first two are replaced by the query's ID (or id's)."),
            Key("sourcePort", .integer(Server.portRange), "UDP: the reply comes from this port (a client must ignore it)."),
            Key("sourceAddress", .reference("ipAddress"),
                "UDP: the reply comes from this address, of the server's family; it is added to the sandbox's lo."),
            Key("copies", .integer(ReplyShaping.copiesRange), "Send the reply this many times."),
            Key("ignoreSize", .boolean, "true: an answer larger than the client's UDP size (512 bytes without EDNS) is sent "
                    + "whole, without TC."),
            Key("tcpClose", .choice(of: ReplyShaping.TCPClose.self),
                "TCP rules only: close the connection before-reply (nothing sent), after-length (the 2-byte length prefix "
                    + "only) or mid-message (the prefix and half the message)."),
        ])

    /// Types editors offer for a rule or a query: those records can hold, and two only rules meet.
    static var typeExamples: [String] { recordFormats.map(\.type.description) + ["ANY", "HTTPS"] }

    static let transport = Value("transport", "\(prose(Transport.allCases.map(\.rawValue))); either when omitted.",
                                 .choice(of: Transport.self))
}
