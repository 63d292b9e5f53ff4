import DNSWire
import Responder
import ScenarioFormat
import TestSupport
import Testing

/// A rule's `rcode`, `flags` and `faults`, as the bytes the responder sends: each fault pinned
/// octet by octet against the reply it changes.
@Suite struct ReplyFaultTests {
    /// `web.example. A 10.0.0.5`, asked with ID 0x1234 and no EDNS.
    static let records: KeyValuePairs<String, KeyValuePairs<String, [String]>> = ["web.example.": ["A": ["10.0.0.5"]]]

    /// The bytes the responder sends for a rule with `shaping` (over UDP unless `transport` says TCP,
    /// where they are the whole TCP payload, length prefix included).
    static func sent(_ shaping: ReplyShaping, over transport: Transport = .udp, rule: Rule = Rule()) throws -> [UInt8] {
        var rule = rule
        rule.shaping = shaping
        var server = ScriptedServer(records: try zone(records), rules: [rule])
        let plan = try server.plan(for: try query("web.example.", .A, id: 0x1234), over: transport)
        guard case .reply(let message) = plan.action else {
            Issue.record("the rule dropped the query")
            return []
        }
        let bytes = ReplyBytes.apply(plan.shaping, to: try message.encode(), id: message.id)
        return transport == .tcp ? try #require(ReplyBytes.tcpPayload(bytes, close: plan.shaping.tcpClose)) : bytes
    }

    static let header = "12 34  85 80  00 01 00 01 00 00 00 00"
    static let question = "03 77 65 62 07 65 78 61 6d 70 6c 65 00  00 01 00 01"
    static let answer = "c0 0c  00 01 00 01  00 00 00 1e  00 04  0a 00 00 05"

    @Test("without faults: the plain answer, which the other fixtures change")
    func plain() throws {
        #expect(try Self.sent(ReplyShaping()) == hex("""
            12 34                    ; ID as asked
            85 80                    ; QR AA RD | RA, NOERROR
            00 01 00 01 00 00 00 00  ; one question, one answer
            03 77 65 62 07 65 78 61 6d 70 6c 65 00  00 01 00 01   ; web.example. A IN
            c0 0c  00 01 00 01  00 00 00 1e  00 04  0a 00 00 05   ; -> question name, A IN, TTL 30, 10.0.0.5
            """))
    }

    @Test("id: wrong is the query's ID plus one, a number is that ID")
    func wrongID() throws {
        var shaping = ReplyShaping()
        shaping.id = .wrong
        #expect(try Self.sent(shaping) == hex("12 35  85 80  00 01 00 01 00 00 00 00 \(Self.question) \(Self.answer)"))
        shaping.id = .fixed(0xFFFF)
        #expect(try Self.sent(shaping).prefix(2) == [0xFF, 0xFF])
        shaping.id = .fixed(0x1234 &+ 0xFFFF)   // wraps to the query's own ID minus one
        #expect(try Self.sent(shaping).prefix(2) == [0x12, 0x33])
    }

    @Test("questionName: another name in the question; the answer's owner, still web.example., now spelt out")
    func questionName() throws {
        var shaping = ReplyShaping()
        shaping.questionName = try DNSName("other.example.")
        #expect(try Self.sent(shaping) == hex("""
            \(Self.header)
            05 6f 74 68 65 72 07 65 78 61 6d 70 6c 65 00  00 01 00 01   ; other.example. A IN
            03 77 65 62 c0 12  00 01 00 01  00 00 00 1e  00 04  0a 00 00 05   ; web + -> "example." at 18
            """))
    }

    /// The answer as it is when the question no longer spells its owner the same way: written out.
    static let answerSpeltOut = "03 77 65 62 07 65 78 61 6d 70 6c 65 00  00 01 00 01  00 00 00 1e  00 04  0a 00 00 05"

    @Test("questionCase: only the question is respelt; the answer keeps the owner as the server spells it, written out")
    func questionCase() throws {
        var shaping = ReplyShaping()
        shaping.questionCase = .flip
        #expect(try Self.sent(shaping) == hex("""
            \(Self.header)
            03 57 45 42 07 45 58 41 4d 50 4c 45 00  00 01 00 01   ; WEB.EXAMPLE. A IN
            \(Self.answerSpeltOut)                                ; web.example., not a pointer to the question
            """))
        shaping.questionCase = .upper
        #expect(try Self.sent(shaping) == hex("\(Self.header) 03 57 45 42 07 45 58 41 4d 50 4c 45 00 00 01 00 01 \(Self.answerSpeltOut)"))
        shaping.questionCase = .lower
        #expect(try Self.sent(shaping) == hex("\(Self.header) \(Self.question) \(Self.answer)"))
    }

    @Test("noQuestion: QDCOUNT 0 and no question section; the answer's owner written out")
    func noQuestion() throws {
        var shaping = ReplyShaping()
        shaping.noQuestion = true
        #expect(try Self.sent(shaping) == hex("""
            12 34 85 80  00 00 00 01 00 00 00 00   ; no question, one answer
            \(Self.answerSpeltOut)
            """))
    }

    @Test("headerOnly, cutTo and trailingHex cut or extend the encoded bytes; the counts are left as they were")
    func bytes() throws {
        var shaping = ReplyShaping()
        shaping.headerOnly = true
        #expect(try Self.sent(shaping) == hex(Self.header))
        shaping = ReplyShaping()
        shaping.cutTo = 20
        #expect(try Self.sent(shaping) == hex("\(Self.header) 03 77 65 62 07 65 78 61"))
        shaping.cutTo = 1000
        #expect(try Self.sent(shaping).count == 45, "a reply shorter than cutTo is sent whole")
        shaping = ReplyShaping()
        shaping.trailing = [0xDE, 0xAD, 0xBE, 0xEF]
        #expect(try Self.sent(shaping) == hex("\(Self.header) \(Self.question) \(Self.answer) de ad be ef"))
    }

    @Test("rawHex: sent as given, its first two bytes the reply's ID (the query's, or id's)")
    func raw() throws {
        var shaping = ReplyShaping()
        shaping.raw = hex("00 00 81 80 00 00")
        #expect(try Self.sent(shaping) == hex("12 34 81 80 00 00"))
        shaping.id = .wrong
        #expect(try Self.sent(shaping) == hex("12 35 81 80 00 00"))
        shaping.raw = [0x7F]
        #expect(try Self.sent(shaping) == [0x7F], "one byte has no ID to write")
    }

    @Test("rcode: any value; an answer keeps its records; above 15 an OPT record carries the upper bits")
    func rcode() throws {
        var shaping = ReplyShaping()
        shaping.rcode = .FORMERR
        #expect(try Self.sent(shaping) == hex("12 34 85 81  00 01 00 01 00 00 00 00 \(Self.question) \(Self.answer)"))
        shaping.rcode = .BADVERS   // 16: 0 in the header, 1 in the OPT's extended rcode
        #expect(try Self.sent(shaping) == hex("""
            12 34 85 80  00 01 00 01 00 00 00 01   ; one additional: the OPT
            \(Self.question) \(Self.answer)
            00  00 29  04 d0  01 00 00 00  00 00   ; root, OPT, 1232 bytes, extended rcode 1, version 0, no flags, no options
            """))
        var servfail = Rule(reply: .servfail)
        servfail.shaping.rcode = .NOTIMP
        #expect(try Self.sent(servfail.shaping, rule: servfail) == hex("12 34 81 84  00 01 00 00 00 00 00 00 \(Self.question)"),
                "a servfail reply has no records; NOTIMP replaces its rcode")
    }

    @Test("flags: each bit set or cleared; tc with an answer keeps the records")
    func flags() throws {
        let cases: [(ReplyShaping.Bit, Bool, String)] = [
            (.aa, false, "81 80"), (.ra, false, "85 00"), (.tc, true, "87 80"), (.ad, true, "85 a0"), (.cd, true, "85 90"),
            (.rd, false, "84 80"),
        ]
        for (bit, value, flags) in cases {
            var shaping = ReplyShaping()
            shaping.flags = [bit: value]
            #expect(try Self.sent(shaping) == hex("12 34 \(flags) 00 01 00 01 00 00 00 00 \(Self.question) \(Self.answer)"), "\(bit)")
        }
    }

    @Test("tcpClose: the length prefix says 45 bytes; after-length sends only it, mid-message half the message more")
    func tcpClose() throws {
        var shaping = ReplyShaping()
        #expect(try Self.sent(shaping, over: .tcp) == hex("00 2d \(Self.header) \(Self.question) \(Self.answer)"))
        shaping.tcpClose = .afterLength
        #expect(try Self.sent(shaping, over: .tcp) == hex("00 2d"))
        shaping.tcpClose = .midMessage
        #expect(try Self.sent(shaping, over: .tcp) == hex("00 2d \(Self.header) 03 77 65 62 07 65 78 61 6d 70"))
        shaping.tcpClose = .beforeReply
        #expect(try Self.sent(shaping, over: .tcp) == [])
    }

    @Test("ignoreSize: an answer over 512 bytes goes out whole, without TC, to a client without EDNS")
    func ignoreSize() throws {
        let many = (1...40).map { "10.0.1.\($0)" }
        var rule = Rule()
        var server = ScriptedServer(records: try zone(["big.example.": ["A": many]]), rules: [rule])
        let normal = try server.ask("big.example.", .A)
        #expect(normal.truncated && normal.answers.isEmpty)
        rule.shaping.ignoreSize = true
        server = ScriptedServer(records: try zone(["big.example.": ["A": many]]), rules: [rule])
        let whole = try server.ask("big.example.", .A)
        #expect(!whole.truncated && whole.answers.count == 40)
        #expect(try whole.encode().count > 512)
    }
}
