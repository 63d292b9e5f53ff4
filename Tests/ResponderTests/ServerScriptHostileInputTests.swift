import DNSWire
import Responder
import ScenarioFormat
import Testing

/// What the script does with bytes that are not a well-formed standard query; it must never trap.
@Suite struct ServerScriptHostileInputTests {
    static let records: KeyValuePairs<String, KeyValuePairs<String, [String]>> = ["www.example.": ["A": ["192.0.2.1"]]]

    /// A 12-octet header: ID, flags, QDCOUNT, ANCOUNT, NSCOUNT, ARCOUNT (RFC 1035 4.1.1).
    static func header(id: UInt16 = 0xABCD, flags: UInt16 = 0x0100, qd: UInt16 = 0, an: UInt16 = 0, ns: UInt16 = 0,
                       ar: UInt16 = 0) -> [UInt8] {
        [id, flags, qd, an, ns, ar].flatMap { [UInt8(truncatingIfNeeded: $0 >> 8), UInt8(truncatingIfNeeded: $0)] }
    }

    /// www.example. IN A, uncompressed.
    static let question: [UInt8] = [3] + Array("www".utf8) + [7] + Array("example".utf8) + [0, 0, 1, 0, 1]

    @Test("fewer than 12 octets have no header to answer to: dropped", arguments: [0, 1, 2, 11])
    func shortInput(length: Int) throws {
        var server = ScriptedServer(records: try zone(Self.records))
        let bytes = Array(Self.header(qd: 1).prefix(length))
        #expect(server.plan(for: bytes).action == .drop)
    }

    @Test("an undecodable query is answered FORMERR with its ID, opcode and RD (RFC 1035 4.1.1)", arguments: [
        ("QDCOUNT 1 but no question", header(flags: 0x0100, qd: 1)),
        ("a question cut short", header(flags: 0x0100, qd: 1) + question.dropLast(3)),
        ("a compression pointer to itself", header(flags: 0x0100, qd: 1) + [0xC0, 0x0C, 0, 1, 0, 1]),
        ("a label running past the end", header(flags: 0x0100, qd: 1) + [63, 0x61, 0x62]),
        ("ANCOUNT claiming records that are not there", header(flags: 0x0100, qd: 1, an: 3) + question),
        ("NOTIFY with a cut question", header(flags: 0x2100, qd: 1) + question.dropLast(1)),
    ] as [(String, [UInt8])])
    func formerr(_ label: String, bytes: [UInt8]) throws {
        var server = ScriptedServer(records: try zone(Self.records))
        let reply = try #require(try ScriptedServer.wire(server.plan(for: bytes)), "\(label)")
        #expect(reply.rcode == .FORMERR)
        #expect(reply.isResponse)
        #expect(reply.id == 0xABCD)
        #expect(reply.opcode.rawValue == bytes[2] >> 3 & 0x0F)
        #expect(reply.recursionDesired)
        #expect(reply.answers.isEmpty)
    }

    @Test("a query without a question is FORMERR (RFC 9619)")
    func noQuestion() throws {
        var server = ScriptedServer(records: try zone(Self.records))
        let reply = try #require(try ScriptedServer.wire(server.plan(for: Self.header(qd: 0))))
        #expect(reply.rcode == .FORMERR)
        #expect(reply.id == 0xABCD)
        #expect(reply.answers.isEmpty)
    }

    @Test("a query with two questions is FORMERR, not an answer to either (RFC 9619)")
    func twoQuestions() throws {
        var server = ScriptedServer(records: try zone(Self.records))
        let reply = try #require(try ScriptedServer.wire(server.plan(for: Self.header(qd: 2) + Self.question + Self.question)))
        #expect(reply.rcode == .FORMERR)
        #expect(reply.id == 0xABCD)
        #expect(reply.answers.isEmpty)
    }

    @Test("a message with QR set is a response and is never answered", arguments: [
        ("a well-formed response", header(flags: 0x8180, qd: 1) + question),
        ("a bare response header", header(flags: 0x8000)),
        ("a damaged response", header(flags: 0x8000, qd: 1) + [0xC0, 0x0C]),
    ] as [(String, [UInt8])])
    func responsesDropped(_ label: String, bytes: [UInt8]) throws {
        var server = ScriptedServer(records: try zone(Self.records))
        #expect(server.plan(for: bytes).action == .drop, "\(label)")
    }

    @Test("an opcode other than QUERY is NOTIMP, opcode and question echoed (RFC 1035 4.1.1)",
          arguments: [DNSOpcode.IQUERY, .STATUS, .NOTIFY, .UPDATE, DNSOpcode(rawValue: 15)])
    func otherOpcodes(opcode: DNSOpcode) throws {
        var server = ScriptedServer(records: try zone(Self.records))
        var message = try query("www.example.", .A, id: 0xABCD)
        message.opcode = opcode
        let reply = try #require(try server.reply(to: message))
        #expect(reply.rcode == .NOTIMP)
        #expect(reply.opcode == opcode)
        #expect(reply.id == 0xABCD)
        #expect(reply.isResponse)
        #expect(reply.answers.isEmpty)
        #expect(reply.questions == message.questions)
    }

    @Test("a malformed query does not use up a rule")
    func malformedKeepsRuleCount() throws {
        var server = ScriptedServer(records: try zone(Self.records), rules: [Rule(reply: .servfail, times: 1)])
        _ = server.plan(for: Self.header(qd: 1))
        _ = server.plan(for: Self.header(qd: 0))
        _ = server.plan(for: [0x01])
        #expect(try server.ask("www.example.", .A).rcode == .SERVFAIL)
    }

    @Test("random bytes and damaged queries never trap; any reply has the query's ID and QR set")
    func fuzz() throws {
        var generator = SeededGenerator(state: 0x5EED_D125)
        var server = ScriptedServer(records: try zone(Self.records), rules: [Rule(type: .AAAA, reply: .truncate)],
                                    otherwise: .servfail)
        let valid = try query("www.example.", .A, edns: EDNS(udpPayloadSize: 1232)).encode()
        for round in 0..<3000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = (0..<Int.random(in: 0...80, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            } else {
                bytes = valid
                for _ in 0..<Int.random(in: 1...4, using: &generator) {
                    bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                }
                bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &generator)))
            }
            for transport in Transport.allCases {
                let plan = server.plan(for: bytes, over: transport)
                guard case .reply(let message) = plan.action else { continue }
                let encoded = try message.encode()
                #expect(bytes.count >= 12, "round \(round): a reply to \(bytes.count) octets")
                #expect(bytes.count < 12 || bytes[2] & 0x80 == 0, "round \(round): answered a response")
                #expect(Array(encoded.prefix(2)) == Array(bytes.prefix(2)), "round \(round): ID not echoed")
                #expect(encoded.count > 2 && encoded[2] & 0x80 != 0, "round \(round): QR not set")
            }
        }
    }
}
