import Testing
import DNSWire
import ScenarioFormat

/// Errors in `servers`: addresses, endpoints, modes, records and rules.
@Suite struct ServerErrorTests {
    typealias Case = ScenarioErrorCase
    static let recordTypes = "A, AAAA, CNAME, PTR, NS, TXT, MX, SRV, SOA"

    /// A document whose only server has `records` = `{ inner }`.
    static func records(_ inner: String) -> String {
        doc(servers: #"{ "address": "10.0.0.1", "records": { \#(inner) } }"#)
    }

    static func rules(_ inner: String) -> String {
        doc(servers: #"{ "address": "10.0.0.1", "rules": [\#(inner)] }"#)
    }

    // MARK: - Answer size

    /// `count` A records under `owner`, as a records member.
    static func addresses(_ owner: String, _ count: Int) -> String {
        let values = (0..<count).map { "\"10.\($0 >> 16 & 255).\($0 >> 8 & 255).\($0 & 255)\"" }.joined(separator: ",")
        return records(#""\#(owner)": { "A": ‸[\#(values)] }"#)
    }

    /// 12 header + the question (big.example. is 13 bytes, +4) + 16 bytes per A record: 4,094 fit
    /// in 65,535 bytes, 4,095 do not. A wildcard may answer a 255-byte question: 4,079 fit.
    @Test("an RRset whose answer cannot fit a DNS message is refused, one that just fits is not")
    func answerTooLarge() throws {
        _ = try ScenarioFixture.decode(ScenarioFixture.unmark(Self.addresses("big.example.", 4094)).0)
        ScenarioFixture.expectError(Self.addresses("big.example.", 4095), path: #"servers[0].records["big.example."].A"#,
                                    "4095 A records make an answer of about 65549 bytes, more than a DNS message holds "
                                        + "(65,535, even over TCP), so no reply could be sent; use fewer records")
        _ = try ScenarioFixture.decode(ScenarioFixture.unmark(Self.addresses("*.example.", 4079)).0)
        ScenarioFixture.expectError(Self.addresses("*.example.", 4080), path: #"servers[0].records["*.example."].A"#,
                                    "4080 A records make an answer of about 65551 bytes, more than a DNS message holds "
                                        + "(65,535, even over TCP), so no reply could be sent; use fewer records")
    }

    // MARK: - Server objects

    @Test(arguments: ["10.0.0.256", "10.0.0", "10.0.0.1.", "010.0.0.1", "fd00::1::2", "fd00::1%eth0", "[fd00::1]",
                      "10.0.0.1:53", "localhost", "", " 10.0.0.1"])
    func badServerAddress(text: String) {
        ScenarioFixture.expectError(doc(servers: #"{ "address": ‸"\#(text)" }"#), path: "servers[0].address",
                                    "expected an IPv4 or IPv6 address, found \"\(text)\"")
    }

    @Test(arguments: [
        Case("unspecified IPv4", doc(servers: #"{ "address": ‸"0.0.0.0" }"#), path: "servers[0].address",
             "0.0.0.0 is the unspecified address and cannot be a server address"),
        Case("unspecified IPv6", doc(servers: #"{ "address": ‸"::" }"#), path: "servers[0].address",
             ":: is the unspecified address and cannot be a server address"),
        Case("IPv4-mapped IPv6", doc(servers: #"{ "address": ‸"::ffff:10.0.0.1" }"#), path: "servers[0].address",
             "::ffff:10.0.0.1 is an IPv4-mapped address; write 10.0.0.1"),
        Case("address a number", doc(servers: #"{ "address": ‸10 }"#), path: "servers[0].address",
             "expected a string, found a number 10"),
        Case("address missing", doc(servers: #"‸{ "port": 53 }"#), path: "servers[0]",
             #"missing required key "address" (the server's IPv4 or IPv6 address)"#),
        Case("server a string", doc(servers: #"‸"10.0.0.1""#), path: "servers[0]", #"expected an object, found a string "10.0.0.1""#),
        Case("unknown key", doc(servers: #"{ "address": "10.0.0.1", ‸"ports": [53] }"#), path: "servers[0].ports",
             #"unknown key "ports"; expected one of address, port, mode, transports, records, rules, otherwise, ttl, edns, minimalResponses (did you mean "port"?)"#),
        Case("port 0", doc(servers: #"{ "address": "10.0.0.1", "port": ‸0 }"#), path: "servers[0].port",
             "expected an integer from 1 to 65535, found 0"),
        Case("port too big", doc(servers: #"{ "address": "10.0.0.1", "port": ‸65536 }"#), path: "servers[0].port",
             "expected an integer from 1 to 65535, found 65536"),
        Case("port a string", doc(servers: #"{ "address": "10.0.0.1", "port": ‸"53" }"#), path: "servers[0].port",
             #"expected an integer, found a string "53""#),
        Case("unknown mode", doc(servers: #"{ "address": "10.0.0.1", "mode": ‸"silnet" }"#), path: "servers[0].mode",
             #"expected one of serve, silent, closed; found "silnet" (did you mean "silent"?)"#),
        Case("otherwise in capitals", doc(servers: #"{ "address": "10.0.0.1", "otherwise": ‸"NXDOMAIN" }"#),
             path: "servers[0].otherwise",
             #"expected one of nxdomain, nodata, servfail, refused, drop; found "NXDOMAIN" (did you mean "nxdomain"?)"#),
        Case("otherwise is not a rule reply", doc(servers: #"{ "address": "10.0.0.1", "otherwise": ‸"truncate" }"#),
             path: "servers[0].otherwise", #"expected one of nxdomain, nodata, servfail, refused, drop; found "truncate""#),
        Case("otherwise not a string", doc(servers: #"{ "address": "10.0.0.1", "otherwise": ‸["drop"] }"#),
             path: "servers[0].otherwise", "expected a string, found an array"),
        Case("records on a silent server", doc(servers: #"{ "address": "10.0.0.1", "mode": "silent", "records": ‸{} }"#),
             path: "servers[0].records",
             #"a silent server never answers, so "records" would have no effect; remove it or use mode "serve""#),
        Case("rules on a closed server", doc(servers: #"{ "address": "10.0.0.1", "rules": ‸[], "mode": "closed" }"#),
             path: "servers[0].rules",
             #"a closed server never answers, so "rules" would have no effect; remove it or use mode "serve""#),
        Case("otherwise on a silent server", doc(servers: #"{ "address": "10.0.0.1", "mode": "silent", "otherwise": ‸"drop" }"#),
             path: "servers[0].otherwise",
             #"a silent server never answers, so "otherwise" would have no effect; remove it or use mode "serve""#),
        Case("same endpoint twice", doc(servers: #"{ "address": "10.0.0.1" }, ‸{ "address": "10.0.0.1", "port": 53 }"#),
             path: "servers[1]", "servers[0] already listens on 10.0.0.1 port 53"),
        Case("same IPv6 endpoint spelled differently",
             doc(servers: #"{ "address": "fd00::1", "port": 5353 }, { "address": "fd00::2" }, ‸{ "address": "FD00:0:0::0001", "port": 5353 }"#),
             path: "servers[2]", "servers[0] already listens on fd00::1 port 5353"),
        Case("records an array", doc(servers: #"{ "address": "10.0.0.1", "records": ‸[] }"#), path: "servers[0].records",
             #"expected an object mapping names to records, like { "example.com.": { "A": ["192.0.2.1"] } }, found an array"#),
        Case("rules an object", doc(servers: #"{ "address": "10.0.0.1", "rules": ‸{} }"#), path: "servers[0].rules",
             "expected an array, found an object"),
    ])
    func serverErrors(_ c: Case) {
        ScenarioFixture.expectError(c.marked, path: c.path, c.message)
    }

    /// Multicast (224.0.0.0/4, ff00::/8) and the IPv4 broadcast address reach no single server.
    @Test(arguments: [
        ("224.0.0.251", "224.0.0.251"), ("224.0.0.0", "224.0.0.0"), ("239.255.255.255", "239.255.255.255"),
        ("255.255.255.255", "255.255.255.255"), ("ff02::fb", "ff02::fb"), ("FF05::1:3", "ff05::1:3"), ("ff00::", "ff00::"),
        ("ffff:0:0:0:0:0:0:1", "ffff::1"),
    ])
    func multicastOrBroadcastServerAddress(text: String, shown: String) {
        ScenarioFixture.expectError(doc(servers: #"{ "address": "10.0.0.1" }, { "address": ‸"\#(text)", "port": 5353 }"#),
                                    path: "servers[1].address",
                                    "\(shown) is a multicast or broadcast address; a DNS server needs a unicast address "
                                        + "(like 10.96.0.10 or fd00::10)")
    }

    /// Just outside those ranges: 240/4 is reserved, not multicast; ff::1 is 00ff::1.
    @Test(arguments: ["223.255.255.255", "240.0.0.1", "255.255.255.254", "ff::1", "fe80::1", "0ff0::1", "fe00::ff"])
    func unicastNextToMulticastIsAccepted(text: String) throws {
        let scenario = try ScenarioFixture.decode(doc(servers: #"{ "address": "\#(text)" }"#))
        #expect(scenario.servers.map(\.address) == [try #require(IPAddress(text))])
    }

    @Test func sameAddressOnAnotherPortOrFamilyIsAnotherServer() throws {
        let scenario = try ScenarioFixture.decode(doc(servers: """
            { "address": "10.0.0.1" }, { "address": "10.0.0.1", "port": 5353 }, { "address": "fd00::1" }, { "address": "fd00::1", "port": 54 }
            """))
        #expect(scenario.servers.map(\.port) == [53, 5353, 53, 54])
    }

    // MARK: - Records

    @Test(arguments: [
        Case("unknown type with suggestion", records(#""x.example.": { ‸"AAA": ["fd00::1"] }"#),
             path: #"servers[0].records["x.example."].AAA"#,
             #"unknown record type "AAA"; expected one of \#(recordTypes) (did you mean "AAAA"?)"#),
        Case("unknown type in lower case", records(#""x.example.": { ‸"cnam": "y.example." }"#),
             path: #"servers[0].records["x.example."].cnam"#,
             #"unknown record type "cnam"; expected one of \#(recordTypes) (did you mean "CNAME"?)"#),
        Case("real but unsupported type", records(#""x.example.": { ‸"HTTPS": "1 . alpn=h2" }"#),
             path: #"servers[0].records["x.example."].HTTPS"#, #"unknown record type "HTTPS"; expected one of \#(recordTypes)"#),
        Case("bad A in a list", records(#""x.example.": { "A": ["192.0.2.1", ‸"192.0.2.300"] }"#),
             path: #"servers[0].records["x.example."].A[1]"#, #"expected an IPv4 address for A, found "192.0.2.300""#),
        Case("bad A as one string", records(#""x.example.": { "A": ‸"192.0.2" }"#),
             path: #"servers[0].records["x.example."].A"#, #"expected an IPv4 address for A, found "192.0.2""#),
        Case("A with a newline stays on one line", records(#""x.example.": { "A": [‸"192.0.2.1\n"] }"#),
             path: #"servers[0].records["x.example."].A[0]"#, #"expected an IPv4 address for A, found "192.0.2.1\n""#),
        Case("a long value is shortened", records(#""x.example.": { "A": [‸"\#(String(repeating: "9", count: 130))"] }"#),
             path: #"servers[0].records["x.example."].A[0]"#,
             #"expected an IPv4 address for A, found "\#(String(repeating: "9", count: 117))...""#),
        Case("IPv6 under A", records(#""x.example.": { "A": [‸"fd00::1"] }"#),
             path: #"servers[0].records["x.example."].A[0]"#, #"expected an IPv4 address for A, found "fd00::1""#),
        Case("IPv4 under AAAA", records(#""x.example.": { "AAAA": [‸"192.0.2.1"] }"#),
             path: #"servers[0].records["x.example."].AAAA[0]"#, #"expected an IPv6 address for AAAA, found "192.0.2.1""#),
        Case("MX without preference", records(#""x.example.": { "MX": [‸"mail.example."] }"#),
             path: #"servers[0].records["x.example."].MX[0]"#,
             #"expected "PREFERENCE EXCHANGE", like "10 mail.example." for MX, found "mail.example.""#),
        Case("MX preference too big", records(#""x.example.": { "MX": [‸"65536 mail.example."] }"#),
             path: #"servers[0].records["x.example."].MX[0]"#,
             #"expected "PREFERENCE EXCHANGE", like "10 mail.example." for MX, found "65536 mail.example.""#),
        Case("SRV without port", records(#""_x._tcp.example.": { "SRV": [‸"0 5 web.example."] }"#),
             path: #"servers[0].records["_x._tcp.example."].SRV[0]"#,
             #"expected "PRIORITY WEIGHT PORT TARGET", like "0 5 443 web.example." for SRV, found "0 5 web.example.""#),
        Case("SOA with six fields", records(#""example.": { "SOA": [‸"ns.example. host.example. 1 2 3 4"] }"#),
             path: #"servers[0].records["example."].SOA[0]"#,
             #"expected "MNAME RNAME SERIAL REFRESH RETRY EXPIRE MINIMUM" for SOA, found "ns.example. host.example. 1 2 3 4""#),
        Case("CNAME with an empty label", records(#""alias.example.": { "CNAME": [‸"a..b."] }"#),
             path: #"servers[0].records["alias.example."].CNAME[0]"#, #"expected a domain name for CNAME, found "a..b.""#),
        Case("CNAME with two words", records(#""alias.example.": { "CNAME": ‸"target.example. 300" }"#),
             path: #"servers[0].records["alias.example."].CNAME"#,
             #"expected a domain name for CNAME, found "target.example. 300""#),
        Case("empty PTR", records(#""1.2.0.192.in-addr.arpa.": { "PTR": [‸""] }"#),
             path: #"servers[0].records["1.2.0.192.in-addr.arpa."].PTR[0]"#, #"expected a domain name for PTR, found """#),
        Case("NS label too long", records(#""example.": { "NS": [‸"\#(String(repeating: "n", count: 64)).example."] }"#),
             path: #"servers[0].records["example."].NS[0]"#,
             #"expected a domain name for NS, found "\#(String(repeating: "n", count: 64)).example.""#),
        Case("empty value list", records(#""x.example.": { "A": ‸[] }"#), path: #"servers[0].records["x.example."].A"#,
             "must not be empty; leave the type out for no records"),
        Case("value a number", records(#""x.example.": { "A": ‸5 }"#), path: #"servers[0].records["x.example."].A"#,
             "expected a string or an array of strings, found a number 5"),
        Case("value in list a number", records(#""x.example.": { "TXT": ["a", ‸5] }"#),
             path: #"servers[0].records["x.example."].TXT[1]"#, "expected a string, found a number 5"),
        Case("two CNAMEs", records(#""alias.example.": { "CNAME": ‸["a.example.", "b.example."] }"#),
             path: #"servers[0].records["alias.example."].CNAME"#, "a name has at most one CNAME (RFC 1034 3.6.2)"),
        Case("CNAME and other data", records(#""alias.example.": ‸{ "CNAME": "x.example.", "A": "192.0.2.1" }"#),
             path: #"servers[0].records["alias.example."]"#, "a name with a CNAME can have no other records (RFC 1034 3.6.2)"),
        Case("CNAME and other data under two spellings of one name",
             records(#""alias.example.": { "CNAME": "x.example." }, "ALIAS.example": ‸{ "TXT": "x" }"#),
             path: #"servers[0].records["ALIAS.example"]"#,
             #"a name with a CNAME can have no other records (RFC 1034 3.6.2) (the same name as "alias.example.")"#),
        Case("type twice in one owner", records(#""x.example.": { "A": "192.0.2.1", ‸"a": "192.0.2.2" }"#),
             path: #"servers[0].records["x.example."].a"#, #"A is listed twice for "x.example.""#),
        Case("type twice under two spellings of one name",
             records(#""x.example.": { "A": "192.0.2.1" }, "X.Example": { ‸"A": "192.0.2.2" }"#),
             path: #"servers[0].records["X.Example"].A"#, #"A is listed twice for "X.Example" (the same name as "x.example.")"#),
        Case("owner with an empty label", records(#"‸"a..b.": { "A": "192.0.2.1" }"#), path: #"servers[0].records["a..b."]"#,
             #""a..b." is not a valid domain name (a wildcard is written *.example.)"#),
        Case("owner a bare star", records(#"‸"*": { "A": "192.0.2.1" }"#), path: #"servers[0].records["*"]"#,
             #""*" is not a valid domain name (a wildcard is written *.example.)"#),
        Case("owner with an inner star", records(#"‸"a.*.example.": { "A": "192.0.2.1" }"#),
             path: #"servers[0].records["a.*.example."]"#,
             #""a.*.example." is not a valid domain name (a wildcard is written *.example.)"#),
        Case("owner with two stars", records(#"‸"*.*.example.": { "A": "192.0.2.1" }"#),
             path: #"servers[0].records["*.*.example."]"#,
             #""*.*.example." is not a valid domain name (a wildcard is written *.example.)"#),
        Case("owner empty", records(#"‸"": { "A": "192.0.2.1" }"#), path: #"servers[0].records[""]"#,
             #""" is not a valid domain name (a wildcard is written *.example.)"#),
        Case("owner value a list", records(#""x.example.": ‸["192.0.2.1"]"#), path: #"servers[0].records["x.example."]"#,
             #"expected an object mapping record types to values, like { "A": ["192.0.2.1"] }, found an array"#),
    ])
    func recordErrors(_ c: Case) {
        ScenarioFixture.expectError(c.marked, path: c.path, c.message)
    }

    @Test func wildcardAndExactOwnerAreDifferentNames() throws {
        let scenario = try ScenarioFixture.decode(Self.records(#""example.": { "CNAME": "x.example." }, "*.example.": { "A": "192.0.2.1" }"#))
        #expect(scenario.servers.first?.records.entries.count == 2)
    }

    @Test func twoSpellingsOfOneNameMergeIntoOneEntry() throws {
        let scenario = try ScenarioFixture.decode(Self.records(#""x.example.": { "A": "192.0.2.1" }, "X.EXAMPLE": { "AAAA": "fd00::1" }"#))
        let entries = try #require(scenario.servers.first?.records.entries)
        #expect(entries.count == 1)
        #expect(entries.first?.records.map(\.type) == [.A, .AAAA])
    }

    // MARK: - Rules

    @Test(arguments: [
        Case("unknown key, third rule", rules(#"{ "reply": "drop" }, { "delayMs": 5 }, { "name": "x.example.", ‸"replay": "servfail" }"#),
             path: "servers[0].rules[2].replay",
             #"unknown key "replay"; expected one of name, type, transport, reply, delayMs, times, countBy, records, ttl, holdUntil, rcode, flags, faults (did you mean "reply"?)"#),
        Case("unknown reply", rules(#"{ "reply": ‸"nxdomian" }"#), path: "servers[0].rules[0].reply",
             #"expected one of nxdomain, nodata, servfail, refused, drop, truncate, answer; found "nxdomian" (did you mean "nxdomain"?)"#),
        Case("unknown transport", rules(#"{ "transport": ‸"quic", "reply": "drop" }"#), path: "servers[0].rules[0].transport",
             #"expected one of udp, tcp; found "quic""#),
        Case("unknown type", rules(#"{ "type": ‸"AAA", "reply": "drop" }"#), path: "servers[0].rules[0].type",
             #"unknown record type "AAA" (use a mnemonic like A or AAAA, or TYPEnnn)"#),
        Case("name with an empty label", rules(#"{ "name": ‸"a..b.", "reply": "drop" }"#), path: "servers[0].rules[0].name",
             #"expected a domain name or *.suffix., found "a..b.""#),
        Case("name with two stars", rules(#"{ "name": ‸"*.*.example.", "reply": "drop" }"#), path: "servers[0].rules[0].name",
             #"expected a domain name or *.suffix., found "*.*.example.""#),
        Case("name with an inner star", rules(#"{ "name": ‸"a.*.example.", "reply": "drop" }"#), path: "servers[0].rules[0].name",
             #"expected a domain name or *.suffix., found "a.*.example.""#),
        Case("name a number", rules(#"{ "name": ‸1, "reply": "drop" }"#), path: "servers[0].rules[0].name",
             "expected a string, found a number 1"),
        Case("negative delay", rules(#"{ "delayMs": ‸-1 }"#), path: "servers[0].rules[0].delayMs",
             "expected an integer from 0 to 600000, found -1"),
        Case("times zero", rules(#"{ "reply": "servfail", "times": ‸0 }"#), path: "servers[0].rules[0].times",
             "expected an integer from 1 to 1000000, found 0"),
        Case("truncate limited to tcp", rules(#"{ "reply": "drop" }, ‸{ "name": "big.example.", "transport": "tcp", "reply": "truncate" }"#),
             path: "servers[0].rules[1]", "truncation only exists over UDP; a truncate rule cannot be limited to tcp"),
        Case("empty rule", rules(#"‸{}"#), path: "servers[0].rules[0]",
             "an empty rule matches every query and changes nothing; give it a reply or delayMs"),
        Case("rule a string", rules(#"‸"servfail""#), path: "servers[0].rules[0]", #"expected an object, found a string "servfail""#),
    ])
    func ruleErrors(_ c: Case) {
        ScenarioFixture.expectError(c.marked, path: c.path, c.message)
    }

    @Test func ruleNameStarMatchesEveryName() throws {
        let scenario = try ScenarioFixture.decode(Self.rules(#"{ "name": "*", "reply": "refused" }, { "name": "*.Example", "reply": "drop" }"#))
        let rules = try #require(scenario.servers.first?.rules)
        #expect(rules.count == 2)
        #expect(rules.first?.name == nil)
        #expect(rules.last?.name?.description == "*.Example.")
    }
}
