import DNSWire
@testable import Judge
import Observation
import ScenarioFormat
import Testing

/// gethostbyname lookups and `addressSet`, judged against the kind-independent outcome.
@Suite("LookupChecker: gethostbyname and addressSet")
struct HostLookupCheckerTests {
    static let a = IPAddress.v4(IPv4Address(192, 0, 2, 7))
    static let b = IPAddress.v4(IPv4Address(192, 0, 2, 8))

    static func gethostbyname(_ expect: LookupExpectation) -> Lookup {
        Lookup(call: .gethostbyname(GethostbynameCall(name: "www.example")), expect: expect)
    }

    static func found(_ addresses: [IPAddress], canonname: String? = "www.example") -> LookupOutcome {
        LookupOutcome(durationMs: 1, addresses: addresses, canonname: canonname)
    }

    static func failed(_ name: String) -> LookupOutcome {
        LookupOutcome(durationMs: 1, error: LookupError(name: name, code: HostErrorName.table.first { $0.name == name }?.code ?? 0))
    }

    static func checks(_ lookup: Lookup, _ outcome: LookupOutcome) -> [LookupMismatch] {
        LookupChecker.check(lookup, outcome, index: 0).compactMap { mismatch in
            guard case let .lookup(_, _, check) = mismatch else { return nil }
            return check
        }
    }

    @Test func addressSetIgnoresOrder() {
        #expect(Self.checks(Self.gethostbyname(LookupExpectation(addressSet: [Self.b, Self.a])), Self.found([Self.a, Self.b])).isEmpty)
    }

    @Test func addressSetNeedsEveryAddressAndNoOther() {
        let expect = LookupExpectation(addressSet: [Self.a, Self.b])
        #expect(Self.checks(Self.gethostbyname(expect), Self.found([Self.a]))
            == [.addressSet(expected: [Self.a, Self.b], got: [Self.a], error: nil)])
        #expect(Self.checks(Self.gethostbyname(expect), Self.found([Self.b, Self.a, Self.a])).count == 1)
    }

    @Test func addressSetCountsRepeats() {
        let expect = LookupExpectation(addressSet: [Self.a, Self.a])
        #expect(Self.checks(Self.gethostbyname(expect), Self.found([Self.a, Self.a])).isEmpty)
        #expect(Self.checks(Self.gethostbyname(expect), Self.found([Self.a, Self.b])).count == 1)
    }

    @Test func addressSetFailsOnAnError() {
        let problems = Self.checks(Self.gethostbyname(LookupExpectation(addressSet: [Self.a])), Self.failed("TRY_AGAIN"))
        #expect(problems == [.addressSet(expected: [Self.a], got: nil, error: Self.failed("TRY_AGAIN").error)])
    }

    @Test func hostErrorNamesAreCompared() {
        #expect(Self.checks(Self.gethostbyname(LookupExpectation(error: "HOST_NOT_FOUND")), Self.failed("HOST_NOT_FOUND")).isEmpty)
        #expect(Self.checks(Self.gethostbyname(LookupExpectation(error: "HOST_NOT_FOUND")), Self.failed("TRY_AGAIN")).count == 1)
        #expect(Self.checks(Self.gethostbyname(LookupExpectation(error: "NO_DATA")), Self.found([Self.a])).count == 1)
    }

    @Test func officialNameIsTheCanonname() {
        let expect = LookupExpectation(canonname: "edge.example")
        #expect(Self.checks(Self.gethostbyname(expect), Self.found([Self.a], canonname: "edge.example")).isEmpty)
        #expect(Self.checks(Self.gethostbyname(expect), Self.found([Self.a]))
            == [.canonname(expected: "edge.example", got: "www.example")])
    }

    @Test func hostErrorTableHasThisLibcsValues() {
        // netdb.h: HOST_NOT_FOUND 1, TRY_AGAIN 2, NO_RECOVERY 3, NO_DATA 4, NETDB_INTERNAL -1.
        #expect(HostErrorName.name(of: 1) == "HOST_NOT_FOUND")
        #expect(HostErrorName.name(of: 2) == "TRY_AGAIN")
        #expect(HostErrorName.name(of: 3) == "NO_RECOVERY")
        #expect(HostErrorName.name(of: 4) == "NO_DATA")
        #expect(HostErrorName.name(of: -1) == "NETDB_INTERNAL")
        #expect(HostErrorName.name(of: 99) == "h_errno 99")
    }
}

@Suite("LookupChecker: res_query")
struct ResQueryCheckerTests {
    static let lookup = Lookup(call: .resQuery(ResQueryCall(name: "x", type: .A)),
                               expect: LookupExpectation(rcode: .NXDOMAIN, answerCount: 0))

    static func checks(_ outcome: LookupOutcome) -> [LookupMismatch] {
        LookupChecker.check(lookup, outcome, index: 0).compactMap { mismatch in
            guard case let .lookup(_, _, check) = mismatch else { return nil }
            return check
        }
    }

    @Test func rcodeAndAnswerCountAreCompared() {
        let nxdomain = LookupOutcome(durationMs: 1, addresses: nil, error: nil, rcode: "NXDOMAIN", answerCount: 0)
        #expect(Self.checks(nxdomain).isEmpty)
        let answered = LookupOutcome(durationMs: 1, addresses: nil, error: nil, rcode: "NOERROR", answerCount: 2)
        #expect(Self.checks(answered) == [.rcode(expected: .NXDOMAIN, got: "NOERROR"), .answerCount(expected: 0, got: 2)])
    }

    @Test func noReplyMeetsNeither() {
        let silent = LookupOutcome(durationMs: 1, addresses: nil, error: nil, rcode: nil, answerCount: nil)
        #expect(Self.checks(silent) == [.rcode(expected: .NXDOMAIN, got: nil), .answerCount(expected: 0, got: nil)])
    }
}
