import DNSWire
import Responder
import ScenarioFormat
import Testing

/// EDNS(0) (RFC 6891) and the UDP size limit (RFC 1035 4.2.1).
@Suite struct ServerScriptEDNSTests {
    /// `count` A records at big.example.: header and question take 29 octets, each compressed A record 16.
    static func big(_ count: Int) throws -> ScriptedServer {
        let addresses = (1...count).map { "192.0.2.\($0)" }
        return ScriptedServer(records: try zone(["big.example.": ["A": addresses]]))
    }

    @Test("a query with OPT gets an OPT back, version 0, advertising at least 512 octets", arguments: [512, 1232, 4096])
    func optEchoed(payload: Int) throws {
        var server = try Self.big(1)
        let reply = try server.ask("big.example.", .A, edns: EDNS(udpPayloadSize: UInt16(payload)))
        let edns = try #require(reply.edns)
        #expect(edns.version == 0)
        #expect(edns.udpPayloadSize >= 512)
        #expect(reply.additionals.isEmpty)
    }

    @Test("a query without OPT gets no OPT back (RFC 6891 7)")
    func noOptWithoutEDNS() throws {
        var server = try Self.big(1)
        let reply = try server.ask("big.example.", .A)
        #expect(reply.edns == nil)
        #expect(reply.additionals.isEmpty)
    }

    @Test("negative and error replies carry OPT too", arguments: [Server.Fallback.nxdomain, .servfail, .refused])
    func optOnErrors(otherwise: Server.Fallback) throws {
        var server = ScriptedServer(otherwise: otherwise)
        #expect(try server.ask("nope.example.", .A, edns: EDNS(udpPayloadSize: 1232)).edns != nil)
    }

    @Test("the DO bit of the query is copied into the reply (RFC 3225 3)", arguments: [true, false])
    func dnssecOK(bit: Bool) throws {
        var server = try Self.big(1)
        let reply = try server.ask("big.example.", .A, edns: EDNS(udpPayloadSize: 1232, dnssecOK: bit))
        #expect(reply.edns?.dnssecOK == bit)
    }

    @Test("a UDP answer over 512 octets without EDNS is truncated: TC, no records, question kept")
    func bigAnswerTruncated() throws {
        var server = try Self.big(40)
        let plan = try server.plan(for: try query("big.example.", .A), over: .udp)
        guard case .reply(let message) = plan.action else {
            Issue.record("dropped")
            return
        }
        let bytes = try message.encode()
        let reply = try DNSMessage.decode(bytes)
        #expect(bytes.count <= 512)
        #expect(reply.truncated)
        #expect(reply.answers.isEmpty && reply.authorities.isEmpty && reply.additionals.isEmpty)
        #expect(reply.rcode == .NOERROR)
        #expect(reply.id == 0x5A17)
        #expect(reply.questions.first?.name == (try name("big.example.")))
        #expect(plan.summary == "truncated")
    }

    @Test("the same answer over TCP is sent whole")
    func bigAnswerOverTCP() throws {
        var server = try Self.big(40)
        let plan = try server.plan(for: try query("big.example.", .A), over: .tcp)
        guard case .reply(let message) = plan.action else {
            Issue.record("dropped")
            return
        }
        #expect(try message.encode().count > 512)
        let reply = try DNSMessage.decode(try message.encode())
        #expect(!reply.truncated)
        #expect(reply.answers.count == 40)
    }

    @Test("with EDNS payload size 4096 the big answer fits in one UDP reply")
    func bigAnswerWithEDNS() throws {
        var server = try Self.big(40)
        let reply = try server.ask("big.example.", .A, over: .udp, edns: EDNS(udpPayloadSize: 4096))
        #expect(!reply.truncated)
        #expect(reply.answers.count == 40)
        #expect(reply.edns != nil)
    }

    @Test("a truncated reply to an EDNS query keeps its OPT")
    func truncatedKeepsOPT() throws {
        var server = try Self.big(40)
        let reply = try server.ask("big.example.", .A, over: .udp, edns: EDNS(udpPayloadSize: 512))
        #expect(reply.truncated)
        #expect(reply.answers.isEmpty)
        #expect(reply.edns != nil)
    }

    @Test("512 octets is the limit without EDNS: 30 records (509 octets) fit, 31 (525) do not",
          arguments: [(30, false), (31, true)])
    func limitWithoutEDNS(count: Int, truncated: Bool) throws {
        var server = try Self.big(count)
        let reply = try server.ask("big.example.", .A, over: .udp)
        #expect(reply.truncated == truncated)
        #expect(reply.answers.count == (truncated ? 0 : count))
    }

    @Test("the advertised size bounds the whole reply, OPT included: 35 records (600 octets) fit 600, 36 do not",
          arguments: [(35, false), (36, true)])
    func limitWithEDNS(count: Int, truncated: Bool) throws {
        var server = try Self.big(count)
        let reply = try server.ask("big.example.", .A, over: .udp, edns: EDNS(udpPayloadSize: 600))
        #expect(reply.truncated == truncated)
    }

    @Test("an advertised size below 512 counts as 512 (RFC 6891 6.2.5)", arguments: [0, 100, 511])
    func smallPayloadCountsAs512(payload: Int) throws {
        var server = try Self.big(20)
        let reply = try server.ask("big.example.", .A, over: .udp, edns: EDNS(udpPayloadSize: UInt16(payload)))
        #expect(!reply.truncated)
        #expect(reply.answers.count == 20)
    }
}
