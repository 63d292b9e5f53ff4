import DNSWire
@testable import Judge
import Observation
import ScenarioFormat
import Testing

/// `names`, `inetAddresses`, `inet6Addresses` and `authenticData`, judged against the kind-independent outcome.
@Suite("LookupChecker: names, per-family addresses and the AD bit")
struct AddressLookupCheckerTests {
    static let v4a = IPAddress.v4(IPv4Address(192, 0, 2, 20))
    static let v4b = IPAddress.v4(IPv4Address(192, 0, 2, 3))
    static let v6a = IPAddress("2001:db8::20")!
    static let v6b = IPAddress("2001:db8::3")!

    static func checks(_ lookup: Lookup, _ outcome: LookupOutcome) -> [LookupMismatch] {
        LookupChecker.check(lookup, outcome, index: 0).compactMap { mismatch in
            guard case let .lookup(_, _, check) = mismatch else { return nil }
            return check
        }
    }

    static func reverse(_ expect: LookupExpectation) -> Lookup {
        Lookup(call: .gethostbyaddr(GethostbyaddrCall(address: v4a)), expect: expect)
    }

    static func named(_ names: [String]) -> LookupOutcome {
        var outcome = LookupOutcome(durationMs: 1, canonname: names.first)
        outcome.names = names
        return outcome
    }

    @Test func namesMustMatchInOrder() {
        let expect = LookupExpectation(names: ["web.example"])
        #expect(Self.checks(Self.reverse(expect), Self.named(["web.example"])).isEmpty)
        #expect(Self.checks(Self.reverse(expect), Self.named(["www.example"]))
            == [.names(expected: ["web.example"], got: ["www.example"], error: nil)])
        #expect(Self.checks(Self.reverse(LookupExpectation(names: ["a", "b"])), Self.named(["b", "a"])).count == 1)
    }

    @Test func aFailureMeetsNoNames() {
        let failed = LookupOutcome(durationMs: 1, error: LookupError(name: "EAI_NONAME", code: -2))
        let lookup = Lookup(call: .getnameinfo(GetnameinfoCall(address: Self.v4a)), expect: LookupExpectation(names: ["web"]))
        #expect(Self.checks(lookup, failed) == [.names(expected: ["web"], got: nil, error: failed.error)])
    }

    @Test func perFamilyOrderIgnoresTheOtherFamily() {
        let lookup = Lookup(call: .getaddrinfo(GetaddrinfoCall(host: "www.example")),
                            expect: LookupExpectation(inetAddresses: [Self.v4a, Self.v4b], inet6Addresses: [Self.v6a, Self.v6b]))
        // IPv6 first, IPv4 first, or interleaved: each family's order is what counts.
        for addresses in [[Self.v6a, Self.v6b, Self.v4a, Self.v4b], [Self.v4a, Self.v4b, Self.v6a, Self.v6b],
                          [Self.v4a, Self.v6a, Self.v4b, Self.v6b]] {
            #expect(Self.checks(lookup, LookupOutcome(durationMs: 1, addresses: addresses)).isEmpty)
        }
        let swapped = [Self.v6a, Self.v6b, Self.v4b, Self.v4a]
        #expect(Self.checks(lookup, LookupOutcome(durationMs: 1, addresses: swapped))
            == [.familyAddresses(.inet, expected: [Self.v4a, Self.v4b], got: swapped, error: nil)])
    }

    @Test func anEmptyFamilyListMeansNoneOfThatFamily() {
        let lookup = Lookup(call: .getaddrinfo(GetaddrinfoCall(host: "www.example", family: .inet)),
                            expect: LookupExpectation(inet6Addresses: []))
        #expect(Self.checks(lookup, LookupOutcome(durationMs: 1, addresses: [Self.v4a])).isEmpty)
        #expect(Self.checks(lookup, LookupOutcome(durationMs: 1, addresses: [Self.v4a, Self.v6a]))
            == [.familyAddresses(.inet6, expected: [], got: [Self.v4a, Self.v6a], error: nil)])
        let failed = LookupOutcome(durationMs: 1, error: LookupError(name: "EAI_NONAME", code: -2))
        #expect(Self.checks(lookup, failed) == [.familyAddresses(.inet6, expected: [], got: nil, error: failed.error)])
    }

    @Test func authenticDataIsCompared() {
        let lookup = Lookup(call: .resQuery(ResQueryCall(name: "signed.example", type: .A)),
                            expect: LookupExpectation(authenticData: true))
        func outcome(_ bit: Bool?) -> LookupOutcome {
            LookupOutcome(durationMs: 1, addresses: nil, error: nil, rcode: bit == nil ? nil : "NOERROR", answerCount: 0,
                          authenticData: bit)
        }
        #expect(Self.checks(lookup, outcome(true)).isEmpty)
        #expect(Self.checks(lookup, outcome(false)) == [.authenticData(expected: true, got: false)])
        #expect(Self.checks(lookup, outcome(nil)) == [.authenticData(expected: true, got: nil)])
    }
}
