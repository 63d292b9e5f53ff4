import DNSWire
import Testing

/// encode -> decode must give back the same message, with and without compression.
@Suite("Round trips")
struct RoundTripTests {
    /// One record per RData case, with names that share suffixes so compression has work to do.
    static let records: [ResourceRecord] = [
        ResourceRecord(name: name("host.example.com"), type: .A, ttl: 60, data: .a(v4("192.0.2.1"))),
        ResourceRecord(name: name("host.example.com"), type: .AAAA, ttl: 60, data: .aaaa(v6("2001:db8::1"))),
        ResourceRecord(name: name("www.example.com"), type: .CNAME, ttl: 300, data: .cname(name("host.example.com"))),
        ResourceRecord(name: name("example.com"), type: .NS, ttl: 86400, data: .ns(name("ns1.Example.COM"))),
        ResourceRecord(name: name("1.2.0.192.in-addr.arpa"), type: .PTR, ttl: 60, data: .ptr(name("host.example.com"))),
        ResourceRecord(name: name("example.com"), type: .MX, ttl: 3600, data: .mx(preference: 10, exchange: name("mail.example.com"))),
        ResourceRecord(
            name: name("example.com"), type: .TXT, ttl: 60,
            data: .txt([Array("v=spf1 -all".utf8), [], [0x00, 0xFF, 0x22], Array(repeating: 0x78, count: 255)])),
        ResourceRecord(
            name: name("_sip._tcp.example.com"), type: .SRV, ttl: 60,
            data: .srv(priority: 0, weight: 5, port: 5060, target: name("sip.example.com"))),
        ResourceRecord(
            name: name("example.com"), type: .SOA, ttl: 3600,
            data: .soa(
                mname: name("ns1.example.com"), rname: name("host\\.master.example.com"), serial: 1, refresh: 2,
                retry: 3, expire: 4, minimum: 5)),
        ResourceRecord(
            name: .root, type: .OPT, rclass: 4096, ttl: 0,
            data: .opt([EDNSOption(code: 10, data: [1, 2, 3, 4, 5, 6, 7, 8]), EDNSOption(code: 12)])),
        ResourceRecord(name: name("example.com"), type: .HTTPS, ttl: 60, data: .unknown([0x00, 0x01, 0x00])),
        ResourceRecord(name: name("example.com"), type: DNSType(rawValue: 0xFF00), rclass: 3, ttl: 0, data: .unknown([])),
    ]

    @Test(arguments: records, [true, false])
    func recordRoundTrips(_ record: ResourceRecord, compress: Bool) throws {
        let message = DNSMessage(id: 9, isResponse: true, answers: [record])
        let decoded = try DNSMessage.decode(message.encode(compress: compress))
        #expect(decoded == message)
        #expect(decoded.answers.first?.data == record.data)
    }

    @Test(arguments: [true, false])
    func allRecordsInOneMessage(compress: Bool) throws {
        let message = DNSMessage(
            id: 0xFFFF, isResponse: true, opcode: .QUERY, authoritativeAnswer: true, truncated: true,
            recursionDesired: true, recursionAvailable: true, authenticData: true, checkingDisabled: true,
            zBit: true, rcode: .BADCOOKIE,
            questions: [DNSQuestion(name: name("www.example.com"), type: .A)],
            answers: Self.records, authorities: Array(Self.records.prefix(3)), additionals: Array(Self.records.suffix(2)),
            edns: EDNS(udpPayloadSize: 1232, extendedRcodeHigh: 1, version: 0, dnssecOK: true,
                       options: [EDNSOption(code: 8, data: [0, 1, 24, 0, 192, 0, 2])], zFlags: 0x0042))
        let bytes = try message.encode(compress: compress)
        #expect(try DNSMessage.decode(bytes) == message)
    }

    @Test func compressionShrinksAndPreservesCase() throws {
        let message = DNSMessage(
            questions: [DNSQuestion(name: name("WWW.Example.com"), type: .A)],
            answers: [ResourceRecord(name: name("www.example.com"), type: .A, ttl: 1, data: .a(v4("192.0.2.1")))])
        let compressed = try message.encode()
        let plain = try message.encode(compress: false)
        #expect(compressed.count < plain.count)
        let decoded = try DNSMessage.decode(compressed)
        #expect(decoded.questions.first?.name.labels == message.questions.first?.name.labels)
        #expect(decoded.answers.first?.name.labels == message.answers.first?.name.labels)
        #expect(decoded.answers.first?.name.description == "www.example.com.")
    }

    @Test func namesWithEscapesRoundTrip() throws {
        let tricky = [
            name("a\\.b.example"), name("back\\\\slash"), name("\\000\\255.bin"), name("space\\032here"),
            name("UPPER.lower"),
        ]
        for original in tricky {
            let message = DNSMessage(
                questions: [DNSQuestion(name: original, type: .TXT)],
                answers: [ResourceRecord(name: original, type: .PTR, ttl: 0, data: .ptr(original))])
            let decoded = try DNSMessage.decode(message.encode())
            #expect(decoded.questions.first?.name.labels == original.labels)
            #expect(decoded.answers.first?.data == .ptr(original))
            #expect(try DNSName(original.description).labels == original.labels)
        }
    }

    @Test func srvTargetIsNeverCompressed() throws {
        let target = name("sip.example.com")
        let message = DNSMessage(
            questions: [DNSQuestion(name: target, type: .SRV)],
            answers: [ResourceRecord(name: target, type: .SRV, ttl: 0, data: .srv(priority: 1, weight: 2, port: 3, target: target))])
        let bytes = try message.encode()
        // header 12 + question 17+4; answer owner pointer 2 + 10 fixed + RDATA 6 + 17 full-length target.
        #expect(bytes.count == 12 + 21 + 2 + 10 + 6 + 17)
    }
}
