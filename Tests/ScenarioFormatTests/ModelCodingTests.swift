import Foundation
import Testing
import DNSWire
import ScenarioFormat

/// Servers and lookups travel to the sandbox child as JSON (Foundation's coders): what comes out must be
/// what the responder and the lookups need, record data included (as hex wire bytes).
@Suite struct ModelCodingTests {
    static let longText = String(repeating: "0123456789", count: 30)

    /// Every record type, wildcard and mixed-case owners, and rules of every shape.
    static let everything = doc(
        top: #""addresses": ["10.244.0.5/24", "fd00::17", "::/0"]"#,
        servers: #"""
            { "address": "fd00::53", "port": 5353, "otherwise": "servfail", "transports": ["tcp", "udp"], "ttl": 7200, "edns": 4096,
                  "records": {
                    "X.Example.": { "A": ["192.0.2.1", "192.0.2.2"], "AAAA": "2001:db8::1", "TXT": ["v=spf1 -all", "", "\#(longText)"],
                                    "MX": "10 mail.example.", "NS": ["ns1.example.", "ns2.example."],
                                    "SOA": "ns1.example. host.example. 2024010101 7200 900 1209600 300" },
                    "_sip._udp.example.": { "SRV": ["0 5 5060 sip.example.", "10 60 5061 sip2.example."] },
                    "1.2.0.192.in-addr.arpa.": { "PTR": "x.example." },
                    "alias.example.": { "CNAME": "x.example." },
                    "*.wild.example.": { "A": "192.0.2.9", "TXT": "wild" },
                    "a\\.b.example.": { "A": "192.0.2.10" }
                  },
                  "rules": [
                    { "name": "*", "type": "AAAA", "reply": "nxdomain", "times": 2 },
                    { "name": "*.cluster.local.", "reply": "nodata" },
                    { "name": "slow.example.", "delayMs": 300 },
                    { "name": "big.example.", "transport": "udp", "reply": "truncate" },
                    { "type": "TYPE65", "transport": "tcp", "reply": "servfail" },
                    { "type": "MX", "reply": "refused", "times": 1000000 },
                    { "reply": "drop", "delayMs": 600000 },
                    { "name": "ok.example", "reply": "answer" },
                    { "name": "seq.example.", "reply": ["servfail", "answer"], "countBy": "socket", "times": 3,
                      "records": { "seq.example.": { "A": "192.0.2.7" } }, "holdUntil": "AAAA *.example.", "rcode": "BADVERS", "ttl": 5,
                      "flags": { "aa": true, "ra": false },
                      "faults": { "id": 77, "questionCase": "flip", "answerName": "y.example.", "trailingHex": "de ad", "copies": 2, "ignoreSize": true,
                                  "sourceAddress": "fd00::54", "sourcePort": 5354 } },
                    { "transport": "tcp", "faults": { "tcpClose": "mid-message", "id": "wrong", "questionName": "q.example.", "cutTo": 30 } },
                    { "type": "TXT", "countBy": "name", "faults": { "rawHex": "00 00 81 80" } },
                    { "type": "SRV", "faults": { "headerOnly": true, "noQuestion": true } }
                  ] },
                { "address": "10.0.0.2", "mode": "silent" },
                { "address": "10.0.0.3", "mode": "closed", "port": 1 }
            """#,
        lookups: #"""
            { "getaddrinfo": "x.example", "family": "inet6", "flags": ["addrconfig", "canonname"], "service": "https",
                  "expect": { "canonname": "x.example." } },
                { "getaddrinfo": "y.example." },
                { "exec": ["getent", "ahosts", "ünïcode name", ""], "expect": { "exitCode": 0 } }
            """#)

    static func roundTrip<T: Codable>(_ value: T) throws -> (T, String) {
        let data = try JSONEncoder().encode(value)
        return (try JSONDecoder().decode(T.self, from: data), String(decoding: data, as: UTF8.self))
    }

    @Test func serversSurviveJSONCoding() throws {
        let original = try ScenarioFixture.decode(Self.everything).servers
        let (decoded, _) = try Self.roundTrip(original)
        try #require(decoded.count == 3)
        for (before, after) in zip(original, decoded) {
            #expect(after.address == before.address)
            #expect(after.port == before.port)
            #expect(after.mode == before.mode)
            #expect(after.otherwise == before.otherwise)
            #expect(after.records.entries.map(\.owner) == before.records.entries.map(\.owner))
            #expect(after.records.entries.map { $0.owner.description } == before.records.entries.map { $0.owner.description },
                    "owners keep their spelling")
            #expect(after.records.entries.map(\.isWildcard) == before.records.entries.map(\.isWildcard))
            #expect(after.records.entries.map { $0.records.map(\.type) } == before.records.entries.map { $0.records.map(\.type) })
            #expect(after.records.entries.map { $0.records.map(\.data) } == before.records.entries.map { $0.records.map(\.data) })
            #expect(after.rules.map(\.name) == before.rules.map(\.name))
            #expect(after.rules.map(\.type) == before.rules.map(\.type))
            #expect(after.rules.map(\.transport) == before.rules.map(\.transport))
            #expect(after.rules.map(\.replies) == before.rules.map(\.replies))
            #expect(after.rules.map(\.countBy) == before.rules.map(\.countBy))
            #expect(after.rules.map(\.holdUntil) == before.rules.map(\.holdUntil))
            #expect(after.rules.map(\.shaping) == before.rules.map(\.shaping))
            #expect(after.rules.map { $0.records?.entries.map(\.owner) } == before.rules.map { $0.records?.entries.map(\.owner) })
            #expect(after.transports == before.transports)
            #expect(after.ttl == before.ttl && after.edns == before.edns)
            #expect(after.rules.map(\.ttl) == before.rules.map(\.ttl))
            #expect(after.rules.map(\.delayMs) == before.rules.map(\.delayMs))
            #expect(after.rules.map(\.times) == before.rules.map(\.times))
        }
        // The fixture really has what the comparisons above claim to cover.
        let server = original[0]
        #expect(Set(server.records.entries.flatMap { $0.records.map(\.type) })
                == [.A, .AAAA, .TXT, .MX, .NS, .SOA, .SRV, .PTR, .CNAME])
        #expect(server.rules.map(\.replies) == [[.nxdomain], [.nodata], [.answer], [.truncate], [.servfail], [.refused], [.drop],
                                                [.answer], [.servfail, .answer], [.answer], [.answer], [.answer]])
        #expect(server.rules.map(\.name) == [nil, .below(try DNSName("cluster.local.")), .exact(try DNSName("slow.example.")),
                                             .exact(try DNSName("big.example.")), nil, nil, nil, .exact(try DNSName("ok.example.")),
                                             .exact(try DNSName("seq.example.")), nil, nil, nil])
        #expect(server.rules.map(\.countBy) == [.server, .server, .server, .server, .server, .server, .server, .server, .socket,
                                                .server, .name, .server])
        let faulty = server.rules[8].shaping
        #expect(faulty.rcode == .BADVERS && faulty.flags == [.aa: true, .ra: false] && faulty.id == .fixed(77))
        #expect(faulty.questionCase == .flip && faulty.trailing == [0xDE, 0xAD] && faulty.copies == 2 && faulty.ignoreSize)
        #expect(faulty.sourceAddress == IPAddress("fd00::54") && faulty.sourcePort == 5354)
        #expect(server.rules[8].holdUntil == QueryMatch(type: .AAAA, name: .below(try DNSName("example."))))
        #expect(server.rules[8].records?.entries.count == 1)
        let tcp = server.rules[9].shaping
        let questionName = try DNSName("q.example.")
        #expect(tcp.tcpClose == .midMessage && tcp.id == .wrong && tcp.questionName == questionName && tcp.cutTo == 30)
        #expect(server.rules[10].shaping.raw == [0, 0, 0x81, 0x80])
        #expect(server.rules[11].shaping.headerOnly && server.rules[11].shaping.noQuestion)
        #expect(server.transports == [.udp, .tcp])
        #expect(server.ttl == 7200 && server.edns == .payloadSize(4096))
        let answerName = try DNSName("y.example.")
        #expect(server.rules[8].ttl == 5 && faulty.answerName == answerName)
        #expect(server.rules[4].type == DNSType(rawValue: 65))
        #expect(original.map(\.mode) == [.serve, .silent, .closed])
    }

    /// The indexes are rebuilt on decoding: lookups answer as before, not only the entry list.
    @Test(arguments: ["x.example.", "X.EXAMPLE", "alias.example.", "q.wild.example.", "wild.example.", "example.",
                      "1.2.0.192.in-addr.arpa.", "nope.example.", "a\\.b.example.", "a.b.example."])
    func decodedTablesAnswerLikeTheOriginal(name: String) throws {
        let original = try #require(try ScenarioFixture.decode(Self.everything).servers.first?.records)
        let (decoded, _) = try Self.roundTrip(original)
        let query = try DNSName(name)
        #expect(decoded.records(at: query)?.map(\.data) == original.records(at: query)?.map(\.data))
        #expect(decoded.records(at: query)?.map(\.type) == original.records(at: query)?.map(\.type))
        #expect(decoded.exists(query) == original.exists(query))
        #expect(decoded.cnameTarget(at: query) == original.cnameTarget(at: query))
        #expect(decoded.wildcard(below: query)?.owner == original.wildcard(below: query)?.owner)
    }

    @Test func recordDataTravelsAsHexWireBytes() throws {
        let original = try #require(try ScenarioFixture.decode(Self.everything).servers.first?.records)
        let (_, json) = try Self.roundTrip(original)
        // 192.0.2.1 as wire bytes, and a TXT over 255 bytes split into two character-strings (RFC 1035 3.3.14).
        #expect(json.contains(#""rdata":"c0000201""#), "\(json.prefix(400))")
        let txt = try #require(original.entry(for: DNSName("x.example."))?.records.first { $0.type == .TXT }?.data.last)
        #expect(txt == .txt([Array(Self.longText.utf8.prefix(255)), Array(Self.longText.utf8.dropFirst(255))]))
        #expect(json.contains(Hex.encode(try txt.wireBytes())))
    }

    @Test func lookupCallsAndAddressesSurviveJSONCoding() throws {
        let scenario = try ScenarioFixture.decode(Self.everything)
        let calls = scenario.lookups.map(\.call)
        #expect(try Self.roundTrip(calls).0 == calls)
        #expect(calls == [
            .getaddrinfo(GetaddrinfoCall(host: "x.example", family: .inet6, flags: [.addrconfig, .canonname], service: "https")),
            .getaddrinfo(GetaddrinfoCall(host: "y.example.")),
            .exec(ExecCall(arguments: ["getent", "ahosts", "ünïcode name", ""])),
        ])
        #expect(try Self.roundTrip(scenario.addresses).0 == scenario.addresses)
        #expect(scenario.addresses.map(\.description) == ["10.244.0.5/24", "fd00::17/128", "::/0"])
        let patterns: [NamePattern] = [.exact(try DNSName("A.Example.")), .below(try DNSName("cluster.local.")), .below(.root)]
        let (decodedPatterns, _) = try Self.roundTrip(patterns)
        #expect(decodedPatterns == patterns)
        #expect(decodedPatterns.map(\.description) == ["A.Example.", "*.cluster.local.", "*."])
    }

    /// Coded data from elsewhere is checked, not trusted: bad RDATA is an error, not a trap.
    @Test(arguments: [
        #"[{"owner":"x.example.","isWildcard":false,"records":[{"type":1,"data":[{"type":1,"rdata":"c00002"}]}]}]"#,
        #"[{"owner":"x.example.","isWildcard":false,"records":[{"type":1,"data":[{"type":1,"rdata":"zz000201"}]}]}]"#,
        #"[{"owner":"x..example.","isWildcard":false,"records":[]}]"#,
    ])
    func malformedTablesFailToDecode(json: String) {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(RecordTable.self, from: Data(json.utf8)) }
    }
}
