import Testing
import DNSWire
import ScenarioFormat

/// Errors in what makes a server misbehave: reply sequences, counting, holding, `rcode`, `flags`,
/// `faults` and `transports`. Each names the key, and says what was expected or why it cannot work.
@Suite struct MisbehaviourErrorTests {
    typealias Case = ScenarioErrorCase

    static func rules(_ inner: String, server: String = #""address": "10.0.0.1""#) -> String {
        doc(servers: #"{ \#(server), "rules": [\#(inner)] }"#)
    }

    @Test(arguments: [
        Case("sequence with an unknown reply", rules(#"{ "reply": ["servfail", ‸"answr"] }"#), path: "servers[0].rules[0].reply[1]",
             #"expected one of nxdomain, nodata, servfail, refused, drop, truncate, answer; found "answr" (did you mean "answer"?)"#),
        Case("empty sequence", rules(#"{ "reply": ‸[] }"#), path: "servers[0].rules[0].reply",
             "expected a sequence of 1 to 64 replies, found 0"),
        Case("reply a number", rules(#"{ "reply": ‸3 }"#), path: "servers[0].rules[0].reply",
             #"expected a reply like "servfail", or an array of them for the 1st, 2nd, ... query, found a number 3"#),
        Case("truncate in a tcp sequence", rules(#"‸{ "transport": "tcp", "reply": ["answer", "truncate"] }"#), path: "servers[0].rules[0]",
             "truncation only exists over UDP; a truncate rule cannot be limited to tcp"),
        Case("unknown countBy", rules(#"{ "reply": "drop", "countBy": ‸"client" }"#), path: "servers[0].rules[0].countBy",
             #"expected one of server, name, socket; found "client""#),
        Case("records without an answer", rules(#"{ "reply": "servfail", "records": ‸{ "a.example.": { "A": "192.0.2.1" } } }"#),
             path: "servers[0].rules[0].records", #"records only answer an "answer" reply, and this rule never gives one"#),
        Case("bad record in a rule", rules(#"{ "records": { "a.example.": { "A": ‸"192.0.2" } } }"#),
             path: #"servers[0].rules[0].records["a.example."].A"#, #"expected an IPv4 address for A, found "192.0.2""#),
        Case("holdUntil one word", rules(#"{ "holdUntil": ‸"AAAA" }"#), path: "servers[0].rules[0].holdUntil",
             #"expected "TYPE NAME" (either may be *), like "AAAA www.example.", found "AAAA""#),
        Case("holdUntil bad type", rules(#"{ "holdUntil": ‸"AAA *" }"#), path: "servers[0].rules[0].holdUntil",
             #"unknown record type "AAA" in "AAA *""#),
        Case("holdUntil bad name", rules(#"{ "holdUntil": ‸"A a..b." }"#), path: "servers[0].rules[0].holdUntil",
             #"expected a domain name, *.suffix. or * after the type, found "a..b.""#),
        Case("holdUntil with delay", rules(#"{ "delayMs": 5, "holdUntil": ‸"AAAA *" }"#), path: "servers[0].rules[0].holdUntil",
             "a reply is either held until a query arrives or delayed, not both; remove delayMs or holdUntil"),
        Case("unknown rcode", rules(#"{ "rcode": ‸"FORMER" }"#), path: "servers[0].rules[0].rcode",
             #"unknown rcode "FORMER"; expected a name like NOERROR, FORMERR, SERVFAIL, NXDOMAIN, NOTIMP, REFUSED or BADVERS, RCODEnnn, or a number from 0 to 4095"#),
        Case("rcode too large", rules(#"{ "rcode": ‸4096 }"#), path: "servers[0].rules[0].rcode",
             "expected an integer from 0 to 4095, found 4096"),
        Case("rcode a list", rules(#"{ "rcode": ‸["FORMERR"] }"#), path: "servers[0].rules[0].rcode",
             #"expected an rcode like "FORMERR" or a number from 0 to 4095, found an array"#),
        Case("flag not a boolean", rules(#"{ "flags": { "aa": ‸"yes" } }"#), path: "servers[0].rules[0].flags.aa",
             #"expected true or false, found a string "yes""#),
        Case("unknown flag", rules(#"{ "flags": { ‸"qr": true } }"#), path: "servers[0].rules[0].flags.qr",
             #"unknown key "qr"; expected one of aa, tc, rd, ra, ad, cd"#),
        Case("empty flags", rules(#"{ "flags": ‸{} }"#), path: "servers[0].rules[0].flags",
             #"an empty flags object changes nothing; name a bit, like "aa": true"#),
        Case("empty faults", rules(#"{ "faults": ‸{} }"#), path: "servers[0].rules[0].faults",
             #"an empty faults object changes nothing; name a fault, like "id": "wrong""#),
        Case("unknown fault", rules(#"{ "faults": { ‸"wrongId": true } }"#), path: "servers[0].rules[0].faults.wrongId",
             #"unknown key "wrongId"; expected one of id, questionName, questionCase, answerName, noQuestion, headerOnly, cutTo, trailingHex, rawHex, sourcePort, sourceAddress, copies, ignoreSize, tcpClose"#),
        Case("id a word", rules(#"{ "faults": { "id": ‸"right" } }"#), path: "servers[0].rules[0].faults.id",
             #"expected "wrong" (the query's ID plus one) or an ID from 0 to 65535, found a string "right""#),
        Case("id too large", rules(#"{ "faults": { "id": ‸65536 } }"#), path: "servers[0].rules[0].faults.id",
             "expected an integer from 0 to 65535, found 65536"),
        Case("question name invalid", rules(#"{ "faults": { "questionName": ‸"a..b" } }"#), path: "servers[0].rules[0].faults.questionName",
             #"expected a domain name, found "a..b""#),
        Case("unknown question case", rules(#"{ "faults": { "questionCase": ‸"mixed" } }"#),
             path: "servers[0].rules[0].faults.questionCase", #"expected one of upper, lower, flip; found "mixed""#),
        Case("switch written false", rules(#"{ "faults": { "headerOnly": ‸false } }"#), path: "servers[0].rules[0].faults.headerOnly",
             "false is the default and changes nothing; leave the key out"),
        Case("hex with a stray letter", rules(#"{ "faults": { "trailingHex": ‸"de ad zz" } }"#),
             path: "servers[0].rules[0].faults.trailingHex", #"expected hexadecimal bytes like "c0 0c 00 01", found "z" in "de ad zz""#),
        Case("hex odd", rules(#"{ "faults": { "rawHex": ‸"abc" } }"#), path: "servers[0].rules[0].faults.rawHex",
             #"expected two hexadecimal digits per byte; "abc" has an odd number"#),
        Case("hex empty", rules(#"{ "faults": { "rawHex": ‸" " } }"#), path: "servers[0].rules[0].faults.rawHex",
             "must hold at least one byte"),
        Case("copies zero", rules(#"{ "faults": { "copies": ‸0 } }"#), path: "servers[0].rules[0].faults.copies",
             "expected an integer from 1 to 16, found 0"),
        Case("cut negative", rules(#"{ "faults": { "cutTo": ‸-1 } }"#), path: "servers[0].rules[0].faults.cutTo",
             "expected an integer from 0 to 65535, found -1"),
        Case("source address not an address", rules(#"{ "faults": { "sourceAddress": ‸"10.0.0" } }"#),
             path: "servers[0].rules[0].faults.sourceAddress", #"expected a unicast IPv4 or IPv6 address, found "10.0.0""#),
        Case("source address of the other family", rules(#"‸{ "faults": { "sourceAddress": "fd00::9" } }"#),
             path: "servers[0].rules[0].faults.sourceAddress",
             "a reply to a client of 10.0.0.1 must come from an address of the same family; fd00::9 is not"),
        Case("source is the server itself", rules(#"‸{ "faults": { "sourceAddress": "10.0.0.1", "sourcePort": 53 } }"#),
             path: "servers[0].rules[0].faults.sourcePort", "the reply would come from the server's own address and port, which changes nothing"),
        Case("source port over tcp", rules(#"{ "transport": "tcp", "faults": { "sourcePort": ‸5353 } }"#),
             path: "servers[0].rules[0].faults.sourcePort", "a TCP reply always comes from the connection's own port; sourcePort is for UDP"),
        Case("ignore size over tcp", rules(#"{ "transport": "tcp", "faults": { "ignoreSize": ‸true } }"#),
             path: "servers[0].rules[0].faults.ignoreSize", "over TCP every answer is sent whole; ignoreSize is for UDP"),
        Case("tcpClose without tcp", rules(#"{ "faults": { "tcpClose": ‸"after-length" } }"#), path: "servers[0].rules[0].faults.tcpClose",
             #"closing a connection only exists over TCP; add "transport": "tcp" to the rule"#),
        Case("unknown tcpClose", rules(#"{ "transport": "tcp", "faults": { "tcpClose": ‸"half" } }"#),
             path: "servers[0].rules[0].faults.tcpClose", #"expected one of before-reply, after-length, mid-message; found "half""#),
        Case("raw with a question change", rules(#"{ "faults": { "rawHex": "00", "noQuestion": ‸true } }"#),
             path: "servers[0].rules[0].faults.noQuestion",
             "rawHex replaces the whole reply, so noQuestion would change nothing; put the bytes you want in rawHex"),
        Case("raw with an rcode", rules(#"{ "rcode": ‸"FORMERR", "faults": { "rawHex": "00" } }"#), path: "servers[0].rules[0].rcode",
             #"faults.rawHex replaces the whole reply, so "rcode" would change nothing; put the bytes you want in rawHex"#),
        Case("header only and a cut", rules(#"{ "faults": { "headerOnly": true, "cutTo": ‸5 } }"#), path: "servers[0].rules[0].faults.cutTo",
             "headerOnly already cuts the reply to its 12-byte header; use one of headerOnly and cutTo"),
        Case("no question renamed", rules(#"{ "faults": { "noQuestion": true, "questionName": ‸"x." } }"#),
             path: "servers[0].rules[0].faults.questionName", "noQuestion leaves no question to rename"),
        Case("drop with faults", rules(#"{ "reply": "drop", "faults": ‸{ "copies": 2 } }"#), path: "servers[0].rules[0].faults",
             #"this rule only drops queries, so "faults" would change nothing"#),
        Case("drop with records, said once", rules(#"{ "reply": "drop", "records": ‸{ "a.example.": { "A": "192.0.2.1" } } }"#),
             path: "servers[0].rules[0].records", #"records only answer an "answer" reply, and this rule never gives one"#),
        Case("drop sequence with an rcode", rules(#"{ "reply": ["drop", "drop"], "rcode": ‸5 }"#), path: "servers[0].rules[0].rcode",
             #"this rule only drops queries, so "rcode" would change nothing"#),
        Case("rule transport the server lacks", rules(#"‸{ "transport": "tcp", "reply": "servfail" }"#,
                                                       server: #""address": "10.0.0.1", "transports": ["udp"]"#),
             path: "servers[0].rules[0].transport", "the server does not listen on tcp, so this rule could never match"),
        Case("ttl negative", doc(servers: #"{ "address": "10.0.0.1", "ttl": ‸-1 }"#), path: "servers[0].ttl",
             "expected an integer from 0 to 2147483647, found -1"),
        Case("edns a word", doc(servers: #"{ "address": "10.0.0.1", "edns": ‸"off" }"#), path: "servers[0].edns",
             #"expected "none" (no EDNS), "formerr" (FORMERR to a query with EDNS) or the payload size the server advertises, 512 to 65535, found a string "off""#),
        Case("edns size too small", doc(servers: #"{ "address": "10.0.0.1", "edns": ‸511 }"#), path: "servers[0].edns",
             "expected an integer from 512 to 65535, found 511"),
        Case("minimalResponses true", doc(servers: #"{ "address": "10.0.0.1", "minimalResponses": ‸true }"#),
             path: "servers[0].minimalResponses", "true is the default and changes nothing; leave the key out, or write false"),
        Case("minimalResponses a string", doc(servers: #"{ "address": "10.0.0.1", "minimalResponses": ‸"no" }"#),
             path: "servers[0].minimalResponses", #"expected true or false, found a string "no""#),
        Case("edns on a silent server", doc(servers: #"{ "address": "10.0.0.1", "mode": "silent", "edns": ‸"none" }"#),
             path: "servers[0].edns", #"a silent server never answers, so "edns" would have no effect; remove it or use mode "serve""#),
        Case("rule ttl without an answer", rules(#"{ "reply": "nxdomain", "ttl": ‸5 }"#), path: "servers[0].rules[0].ttl",
             #"ttl applies to the records of an "answer" reply, and this rule never gives one"#),
        Case("question name of two words", rules(#"{ "faults": { "questionName": ‸"a.example. b" } }"#),
             path: "servers[0].rules[0].faults.questionName", #"expected a domain name, found "a.example. b""#),
        Case("answer name invalid", rules(#"{ "faults": { "answerName": ‸"a..b" } }"#), path: "servers[0].rules[0].faults.answerName",
             #"expected a domain name, found "a..b""#),
        Case("transports empty", doc(servers: #"{ "address": "10.0.0.1", "transports": ‸[] }"#), path: "servers[0].transports",
             "must not be empty"),
        Case("transport twice", doc(servers: #"{ "address": "10.0.0.1", "transports": ["udp", ‸"udp"] }"#),
             path: "servers[0].transports[1]", "udp is listed twice"),
        Case("unknown transport", doc(servers: #"{ "address": "10.0.0.1", "transports": [‸"quic"] }"#),
             path: "servers[0].transports[0]", #"expected one of udp, tcp; found "quic""#),
    ])
    func misbehaviourErrors(_ c: Case) {
        ScenarioFixture.expectError(c.marked, path: c.path, c.message)
    }

    @Test func everyPartReadsBack() throws {
        let scenario = try ScenarioFixture.decode(Self.rules(
            #"{ "type": "A", "reply": ["servfail", "drop", "answer"], "countBy": "name", "holdUntil": "* *.example.", "#
                + #""faults": { "rawHex": "12 34:56", "id": 9, "copies": 3 } }, "#
                + #"{ "rcode": 13, "flags": { "tc": true, "aa": false } }"#,
            server: #""address": "fd00::1", "transports": ["udp"]"#))
        let server = try #require(scenario.servers.first)
        #expect(server.transports == [.udp])
        let rule = try #require(server.rules.first)
        #expect(rule.replies == [.servfail, .drop, .answer])
        #expect((0..<5).map(rule.reply(forCount:)) == [.servfail, .drop, .answer, .answer, .answer], "the last reply repeats")
        #expect(rule.countBy == .name)
        #expect(rule.holdUntil == QueryMatch(type: nil, name: .below(try DNSName("example."))))
        #expect(server.rules.last?.shaping.rcode?.rawValue == 13)
        #expect(server.rules.last?.shaping.flags == [.tc: true, .aa: false])
        let more = try ScenarioFixture.decode(Self.rules(#"{ "ttl": 0, "faults": { "answerName": "x.example." } }"#,
                                                         server: #""address": "10.0.0.1", "ttl": 86400, "edns": "formerr""#))
        #expect(more.servers.first?.ttl == 86400 && more.servers.first?.edns == .formerr)
        #expect(more.servers.first?.rules.first?.ttl == 0)
        let answerName = try DNSName("x.example.")
        #expect(more.servers.first?.rules.first?.shaping.answerName == answerName)
        let sized = try ScenarioFixture.decode(doc(servers: #"{ "address": "10.0.0.1", "edns": 4096 }, { "address": "10.0.0.2", "edns": "none" }"#))
        #expect(sized.servers.map(\.edns) == [.payloadSize(4096), .none])
        let full = try ScenarioFixture.decode(doc(servers: #"{ "address": "10.0.0.1", "minimalResponses": false }"#))
        #expect(full.servers.first?.minimalResponses == false)
        #expect(try ScenarioFixture.decode(doc(servers: #"{ "address": "10.0.0.1" }"#)).servers.first?.edns == .payloadSize(1232))
        #expect(rule.shaping.raw == [0x12, 0x34, 0x56] && rule.shaping.id == .fixed(9) && rule.shaping.copies == 3)
    }
}
