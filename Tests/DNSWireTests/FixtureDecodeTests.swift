import DNSWire
import Testing

@Suite("Decoding packet fixtures")
struct FixtureDecodeTests {
    @Test func glibcAQuery() throws {
        let message = try DNSMessage.decode(PacketFixture.glibcAQuery.bytes)
        #expect(message.id == 0x1234)
        #expect(!message.isResponse)
        #expect(message.opcode == .QUERY)
        #expect(message.recursionDesired)
        #expect(!message.authenticData)
        #expect(message.edns == nil)
        #expect(message.questions == [DNSQuestion(name: name("ycwu314.top.prophet.svc.cluster.local."), type: .A)])
        #expect(message.answers.isEmpty && message.authorities.isEmpty && message.additionals.isEmpty)
    }

    @Test func glibcAQueryIsWhatTheEncoderBuilds() throws {
        let query = DNSMessage.query(id: 0x1234, name: name("ycwu314.top.prophet.svc.cluster.local"), type: .A)
        #expect(try query.encode() == PacketFixture.glibcAQuery.bytes)
    }

    @Test func glibcAAAAQueryWithEDNS() throws {
        let message = try DNSMessage.decode(PacketFixture.glibcAAAAQueryWithEDNS.bytes)
        #expect(message.id == 0xBEEF)
        #expect(message.recursionDesired)
        #expect(message.authenticData)
        #expect(message.questions == [DNSQuestion(name: name("example.com"), type: .AAAA)])
        #expect(message.edns == EDNS(udpPayloadSize: 1200))
        #expect(message.additionals.isEmpty, "the OPT moves into edns")
        #expect(message.rcode == .NOERROR)
    }

    @Test func cnameChainResponse() throws {
        let message = try DNSMessage.decode(PacketFixture.cnameChainResponse.bytes)
        #expect(message.isResponse && message.recursionAvailable)
        #expect(
            message.answers == [
                ResourceRecord(name: name("www.example.com"), type: .CNAME, ttl: 3600, data: .cname(name("web.example.com"))),
                ResourceRecord(name: name("web.example.com"), type: .CNAME, ttl: 300, data: .cname(name("cdn.example.net"))),
                ResourceRecord(name: name("cdn.example.net"), type: .A, ttl: 60, data: .a(v4("192.0.2.1"))),
            ])
    }

    @Test func srvResponse() throws {
        let message = try DNSMessage.decode(PacketFixture.srvResponse.bytes)
        #expect(message.questions.first?.name == name("_sip._tcp.example.com"))
        #expect(
            message.answers.map(\.data) == [
                .srv(priority: 10, weight: 60, port: 5060, target: name("sip.example.com"))
            ])
    }

    @Test func mxResponse() throws {
        let message = try DNSMessage.decode(PacketFixture.mxResponse.bytes)
        #expect(
            message.answers.map(\.data) == [
                .mx(preference: 10, exchange: name("mail.example.com")),
                .mx(preference: 20, exchange: name("mail2.example.com")),
            ])
    }

    @Test func txtResponse() throws {
        let message = try DNSMessage.decode(PacketFixture.txtResponse.bytes)
        #expect(message.answers.map(\.data) == [.txt([Array("v=spf1 -all".utf8), [], Array("hello world".utf8)])])
        #expect(message.answers.first?.ttl == 300)
    }

    @Test func ptrResponse() throws {
        let message = try DNSMessage.decode(PacketFixture.ptrResponse.bytes)
        #expect(message.authoritativeAnswer)
        #expect(message.questions.first?.name == name("1.2.0.192.in-addr.arpa"))
        #expect(message.questions.first?.type == .PTR)
        #expect(message.answers.map(\.data) == [.ptr(name("host.example.com"))])
        #expect(message.answers.first?.ttl == 86400)
    }

    @Test func soaResponse() throws {
        let message = try DNSMessage.decode(PacketFixture.soaResponse.bytes)
        #expect(message.authoritativeAnswer && !message.recursionDesired)
        #expect(
            message.answers.map(\.data) == [
                .soa(
                    mname: name("ns1.example.com"), rname: name("hostmaster.example.com"), serial: 2_024_010_101,
                    refresh: 7200, retry: 3600, expire: 1_209_600, minimum: 300)
            ])
    }

    @Test func nxdomainResponse() throws {
        let message = try DNSMessage.decode(PacketFixture.nxdomainResponse.bytes)
        #expect(message.rcode == .NXDOMAIN)
        #expect(message.answers.isEmpty)
        #expect(message.authorities.count == 1)
        #expect(message.authorities.first?.name == name("example.com"))
        #expect(message.authorities.first?.type == .SOA)
    }

    @Test(arguments: PacketFixture.all)
    func fixtureReencodesByteForByte(_ fixture: PacketFixture) throws {
        let message = try DNSMessage.decode(fixture.bytes)
        #expect(try message.encode() == fixture.bytes)
    }

    @Test(arguments: PacketFixture.all)
    func decodeQuestionAgreesWithDecode(_ fixture: PacketFixture) throws {
        let full = try DNSMessage.decode(fixture.bytes)
        let partial = try DNSMessage.decodeQuestion(fixture.bytes)
        #expect(partial.id == full.id)
        #expect(partial.isResponse == full.isResponse)
        #expect(partial.question == full.questions.first)
    }

    @Test func decodeQuestionSurvivesDamagedLaterSections() throws {
        let damaged = Array(PacketFixture.cnameChainResponse.bytes.prefix(40))
        #expect(throws: DNSWireError.self) { try DNSMessage.decode(damaged) }
        let partial = try DNSMessage.decodeQuestion(damaged)
        #expect(partial.id == 0xABCD)
        #expect(partial.question == DNSQuestion(name: name("www.example.com"), type: .A))
    }

    @Test func decodeQuestionWithoutQuestion() throws {
        let partial = try DNSMessage.decodeQuestion(header(id: 7, flags: 0x8000))
        #expect(partial.id == 7 && partial.isResponse && partial.question == nil)
    }
}
