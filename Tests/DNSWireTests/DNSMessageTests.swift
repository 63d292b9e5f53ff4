import DNSWire
import Testing

@Suite("DNSMessage semantics")
struct DNSMessageTests {
    @Test func makeResponseCopiesTheRightFields() {
        let query = DNSMessage(
            id: 0x4242, opcode: .QUERY, recursionDesired: true, authenticData: true, checkingDisabled: true,
            questions: [DNSQuestion(name: name("example.com"), type: .AAAA)],
            additionals: [ResourceRecord(name: .root, type: .A, ttl: 0, data: .a(v4("192.0.2.9")))],
            edns: EDNS(udpPayloadSize: 4096, dnssecOK: true, options: [EDNSOption(code: 10, data: [1, 2, 3, 4, 5, 6, 7, 8])]))
        let response = query.makeResponse(rcode: .REFUSED)
        #expect(response.id == 0x4242)
        #expect(response.isResponse)
        #expect(response.opcode == .QUERY)
        #expect(response.recursionDesired)
        #expect(response.checkingDisabled)
        #expect(!response.authenticData && !response.recursionAvailable && !response.authoritativeAnswer)
        #expect(response.rcode == .REFUSED)
        #expect(response.questions == query.questions)
        #expect(response.answers.isEmpty && response.additionals.isEmpty)
        #expect(response.edns == EDNS(udpPayloadSize: 1232, dnssecOK: true))
    }

    @Test func makeResponseWithoutEDNSStaysWithoutEDNS() {
        let query = DNSMessage.query(id: 1, name: name("example.com"), type: .A)
        #expect(query.makeResponse().edns == nil)
        #expect(query.makeResponse().rcode == .NOERROR)
    }

    @Test func extendedRcodeTravelsInOPT() throws {
        let message = DNSMessage(id: 1, isResponse: true, rcode: .BADVERS, edns: EDNS(extendedRcodeHigh: 1))
        let bytes = try message.encode()
        #expect(bytes[3] & 0x0F == 0, "BADVERS (16) leaves the header's 4 bits at zero")
        let decoded = try DNSMessage.decode(bytes)
        #expect(decoded.rcode == .BADVERS)
        #expect(decoded.edns?.extendedRcodeHigh == 1)
    }

    @Test func optIsAppendedAfterAdditionals() throws {
        let glue = ResourceRecord(name: name("ns1.example.com"), type: .A, ttl: 1, data: .a(v4("192.0.2.53")))
        let message = DNSMessage(additionals: [glue], edns: EDNS(udpPayloadSize: 1400, dnssecOK: true))
        let bytes = try message.encode()
        #expect(Array(bytes[10..<12]) == [0, 2], "ARCOUNT includes the OPT")
        #expect(Array(bytes.suffix(11)) == hex("00 00 29 05 78 00 00 80 00 00 00"))
        #expect(try DNSMessage.decode(bytes) == message)
    }

    @Test func secondOPTStaysInAdditionals() throws {
        let bytes = header(ar: 2) + hex(
            """
            00 00 29 04 d0 00 00 00 00 00 00 ; first OPT becomes edns
            00 00 29 02 00 00 00 00 00 00 00 ; second OPT is an RFC 6891 violation, kept visible
            """)
        let message = try DNSMessage.decode(bytes)
        #expect(message.edns?.udpPayloadSize == 1232)
        #expect(message.additionals.map(\.type) == [.OPT])
        #expect(message.additionals.first?.rclass == 512)
    }

    @Test func encodeRejectsRcodeThatNeedsEDNS() {
        let message = DNSMessage(isResponse: true, rcode: .BADCOOKIE)
        #expect(throws: DNSWireError.self) { try message.encode() }
    }

    @Test func encodeRejectsOutOfRangeHeaderFields() {
        #expect(throws: DNSWireError.self) { try DNSMessage(opcode: DNSOpcode(rawValue: 16)).encode() }
        #expect(throws: DNSWireError.self) { try DNSMessage(rcode: DNSRcode(rawValue: 4096), edns: EDNS()).encode() }
    }

    @Test func encodeRejectsMismatchedRData() {
        let record = ResourceRecord(name: .root, type: .AAAA, ttl: 0, data: .a(v4("192.0.2.1")))
        #expect(throws: DNSWireError.rdataTypeMismatch(type: .AAAA)) { try DNSMessage(answers: [record]).encode() }
    }

    @Test func unknownDataMayUseAnyType() throws {
        let record = ResourceRecord(name: .root, type: .A, ttl: 0, data: .unknown([192, 0, 2, 1]))
        let decoded = try DNSMessage.decode(DNSMessage(answers: [record]).encode())
        #expect(decoded.answers.first?.data == .a(v4("192.0.2.1")))
    }

    @Test func encodeRejectsLongCharacterString() {
        let record = ResourceRecord(name: .root, type: .TXT, ttl: 0, data: .txt([Array(repeating: 0x61, count: 256)]))
        #expect(throws: DNSWireError.characterStringTooLong) { try DNSMessage(answers: [record]).encode() }
    }

    @Test func encodeRevalidatesMutatedNames() {
        var bad = name("example.com")
        bad.labels.append(Array(repeating: 0x61, count: 64))
        #expect(throws: DNSWireError.labelTooLong) { try DNSMessage.query(id: 1, name: bad, type: .A).encode() }
        bad.labels = [[]]
        #expect(throws: DNSWireError.emptyLabel) { try DNSMessage.query(id: 1, name: bad, type: .A).encode() }
    }

    @Test func encodeRejectsMessagesOver65535Octets() {
        let big = ResourceRecord(name: .root, type: .NULL, ttl: 0, data: .unknown(Array(repeating: 0, count: 60_000)))
        #expect(throws: DNSWireError.messageTooLong) { try DNSMessage(answers: [big, big]).encode() }
        let huge = ResourceRecord(name: .root, type: .NULL, ttl: 0, data: .unknown(Array(repeating: 0, count: 70_000)))
        #expect(throws: DNSWireError.messageTooLong) { try DNSMessage(answers: [huge]).encode() }
    }

    @Test func recordInitialiserInfersType() {
        #expect(ResourceRecord(name: .root, ttl: 1, data: .mx(preference: 1, exchange: .root))?.type == .MX)
        #expect(ResourceRecord(name: .root, ttl: 1, data: .unknown([])) == nil)
    }

    @Test func descriptionsForLogs() {
        let record = ResourceRecord(name: name("example.com"), type: .MX, ttl: 60, data: .mx(preference: 10, exchange: name("mail.example.com")))
        #expect(record.description == "example.com. 60 IN MX 10 mail.example.com.")
        #expect(RData.txt([Array("a \"b\"".utf8), [7]]).description == "\"a \\\"b\\\"\" \"\\007\"")
        #expect(RData.unknown([0xAB, 0x01]).description == "\\# 2 ab01")
        #expect(DNSQuestion(name: name("example.com"), type: .AAAA).description == "example.com. IN AAAA")
    }

    @Test func errorDescriptionsAreReadable() {
        #expect(DNSWireError.truncated(offset: 3).description == "message truncated at offset 3")
        #expect(DNSWireError.badRData(type: .A, offset: 23).description == "malformed A RDATA at offset 23")
    }
}
