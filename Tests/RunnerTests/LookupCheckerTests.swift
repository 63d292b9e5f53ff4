import DNSWire
import Runner
import ScenarioFormat
import Testing

@Suite("LookupChecker")
struct LookupCheckerTests {
    static let v6 = IPAddress("2606:4700:3033::6818:6309") ?? .v4(IPv4Address(value: 0))
    static let v4 = IPAddress.v4(IPv4Address(104, 24, 99, 9))

    static func getaddrinfo(_ expect: LookupExpectation) -> Lookup {
        Lookup(kind: .getaddrinfo(host: "ycwu314.top", family: .unspec, flags: [], service: nil), expect: expect)
    }

    static func exec(_ expect: LookupExpectation) -> Lookup {
        Lookup(kind: .exec(arguments: ["getent", "ahosts", "ycwu314.top"]), expect: expect)
    }

    static func result(addresses: [String]? = nil, error: String? = nil, canonname: String? = nil,
                       durationMs: Double = 5) -> LookupResult {
        var result = LookupResult(label: "getaddrinfo ycwu314.top", startOffsetMs: 0, durationMs: durationMs)
        result.addresses = addresses
        result.error = error
        result.canonname = canonname
        return result
    }

    static func ran(exitCode: Int? = 0, signal: Int? = nil, timedOut: Bool = false, stdout: String? = "") -> LookupResult {
        var result = LookupResult(label: "exec getent ahosts ycwu314.top", startOffsetMs: 0, durationMs: 5)
        result.exitCode = exitCode
        result.signal = signal
        result.timedOut = timedOut
        result.standardOutput = stdout
        return result
    }

    @Test func aLookupWithoutExpectationHasNoProblems() {
        let lookup = Lookup(kind: .getaddrinfo(host: "x", family: .unspec, flags: [], service: nil))
        #expect(LookupChecker.check(lookup, Self.result(error: "EAI_NONAME"), index: 0).isEmpty)
    }

    @Test func theSameAddressesInTheSameOrderPass() {
        let problems = LookupChecker.check(Self.getaddrinfo(LookupExpectation(addresses: [Self.v6, Self.v4])),
                                           Self.result(addresses: ["2606:4700:3033::6818:6309", "104.24.99.9"]), index: 0)
        #expect(problems.isEmpty)
    }

    @Test func addressesAreComparedAsAddressesNotText() {
        let problems = LookupChecker.check(Self.getaddrinfo(LookupExpectation(addresses: [Self.v6])),
                                           Self.result(addresses: ["2606:4700:3033:0:0:0:6818:6309"]), index: 0)
        #expect(problems.isEmpty)
    }

    @Test func addressOrderMatters() throws {
        let problems = LookupChecker.check(Self.getaddrinfo(LookupExpectation(addresses: [Self.v6, Self.v4])),
                                           Self.result(addresses: ["104.24.99.9", "2606:4700:3033::6818:6309"]), index: 2)
        try #require(problems.count == 1)
        #expect(problems[0].hasPrefix("lookups[2] getaddrinfo ycwu314.top: "), "\(problems[0])")
        #expect(problems[0].contains("expected addresses [2606:4700:3033::6818:6309, 104.24.99.9]"), "\(problems[0])")
        #expect(problems[0].contains("got [104.24.99.9, 2606:4700:3033::6818:6309]"), "\(problems[0])")
    }

    @Test func aMissingAddressFails() {
        let problems = LookupChecker.check(Self.getaddrinfo(LookupExpectation(addresses: [Self.v6, Self.v4])),
                                           Self.result(addresses: ["104.24.99.9"]), index: 0)
        #expect(problems.count == 1)
    }

    @Test func expectedAddressesButGotAnError() throws {
        let problems = LookupChecker.check(Self.getaddrinfo(LookupExpectation(addresses: [Self.v4])),
                                           Self.result(error: "EAI_NONAME"), index: 0)
        try #require(problems.count == 1)
        #expect(problems[0].contains("got EAI_NONAME"), "\(problems[0])")
    }

    @Test func expectedAnErrorButGotAddresses() throws {
        let problems = LookupChecker.check(Self.getaddrinfo(LookupExpectation(error: "EAI_NONAME")),
                                           Self.result(addresses: ["104.24.99.9"]), index: 0)
        try #require(problems.count == 1)
        #expect(problems[0].contains("expected EAI_NONAME"), "\(problems[0])")
        #expect(problems[0].contains("104.24.99.9"), "\(problems[0])")
    }

    @Test func expectedOneErrorButGotAnother() throws {
        let problems = LookupChecker.check(Self.getaddrinfo(LookupExpectation(error: "EAI_NONAME")),
                                           Self.result(error: "EAI_AGAIN"), index: 0)
        try #require(problems.count == 1)
        #expect(problems[0].contains("expected EAI_NONAME, got EAI_AGAIN"), "\(problems[0])")
    }

    @Test func theSameErrorPasses() {
        #expect(LookupChecker.check(Self.getaddrinfo(LookupExpectation(error: "EAI_AGAIN")),
                                    Self.result(error: "EAI_AGAIN"), index: 0).isEmpty)
    }

    @Test func eaiSystemWithItsErrnoComparesAsEAISystem() {
        #expect(LookupChecker.check(Self.getaddrinfo(LookupExpectation(error: "EAI_SYSTEM")),
                                    Self.result(error: "EAI_SYSTEM (Connection refused)"), index: 0).isEmpty)
        #expect(LookupChecker.check(Self.getaddrinfo(LookupExpectation(error: "EAI_AGAIN")),
                                    Self.result(error: "EAI_SYSTEM (Connection refused)"), index: 0).count == 1)
    }

    @Test func canonnameMustBeEqual() throws {
        let expect = LookupExpectation(canonname: "ycwu314.top")
        #expect(LookupChecker.check(Self.getaddrinfo(expect), Self.result(addresses: [], canonname: "ycwu314.top"), index: 0).isEmpty)
        let other = LookupChecker.check(Self.getaddrinfo(expect), Self.result(addresses: [], canonname: "alias.example"), index: 0)
        try #require(other.count == 1)
        #expect(other[0].contains("expected canonname \"ycwu314.top\", got \"alias.example\""), "\(other[0])")
        let none = LookupChecker.check(Self.getaddrinfo(expect), Self.result(addresses: []), index: 0)
        try #require(none.count == 1)
        #expect(none[0].contains("got none"), "\(none[0])")
    }

    @Test func exitCodeMustBeEqual() throws {
        let expect = LookupExpectation(exitCode: 0)
        #expect(LookupChecker.check(Self.exec(expect), Self.ran(exitCode: 0), index: 0).isEmpty)
        let failed = LookupChecker.check(Self.exec(expect), Self.ran(exitCode: 2), index: 1)
        try #require(failed.count == 1)
        #expect(failed[0] == "lookups[1] exec getent ahosts ycwu314.top: expected exit code 0, got 2")
    }

    @Test func aTimeoutIsNotAnExitCode() throws {
        let problems = LookupChecker.check(Self.exec(LookupExpectation(exitCode: 0)),
                                           Self.ran(exitCode: nil, signal: 9, timedOut: true), index: 0)
        try #require(problems.count == 1)
        #expect(problems[0].contains("timed out"), "\(problems[0])")
    }

    @Test func aSignalIsNotAnExitCode() throws {
        let problems = LookupChecker.check(Self.exec(LookupExpectation(exitCode: 0)),
                                           Self.ran(exitCode: nil, signal: 11), index: 0)
        try #require(problems.count == 1)
        #expect(problems[0].contains("killed by signal 11"), "\(problems[0])")
    }

    @Test func everyStdoutNeedleMustBePresent() throws {
        let expect = LookupExpectation(stdoutContains: ["104.24.99.9", "STREAM", "DGRAM"])
        let output = "104.24.99.9     STREAM ycwu314.top\n"
        let problems = LookupChecker.check(Self.exec(expect), Self.ran(stdout: output), index: 0)
        #expect(problems == ["lookups[0] exec getent ahosts ycwu314.top: standard output does not contain \"DGRAM\""])
        #expect(LookupChecker.check(Self.exec(expect), Self.ran(stdout: nil), index: 0).count == 3)
    }

    struct DurationCase: Sendable, CustomTestStringConvertible {
        var minMs: Int?
        var maxMs: Int?
        var durationMs: Double
        var passes: Bool
        var testDescription: String {
            "\(durationMs) ms against min \(minMs.map(String.init) ?? "-") max \(maxMs.map(String.init) ?? "-")"
        }
    }

    @Test(arguments: [
        DurationCase(minMs: 100, maxMs: nil, durationMs: 100, passes: true),
        DurationCase(minMs: 100, maxMs: nil, durationMs: 99.9, passes: false),
        DurationCase(minMs: 100, maxMs: nil, durationMs: 5000, passes: true),
        DurationCase(minMs: nil, maxMs: 200, durationMs: 200, passes: true),
        DurationCase(minMs: nil, maxMs: 200, durationMs: 200.1, passes: false),
        DurationCase(minMs: nil, maxMs: 200, durationMs: 0, passes: true),
        DurationCase(minMs: 100, maxMs: 200, durationMs: 150, passes: true),
        DurationCase(minMs: 100, maxMs: 200, durationMs: 250, passes: false),
    ])
    func durationBoundsAreInclusive(_ testCase: DurationCase) {
        let lookup = Self.getaddrinfo(LookupExpectation(minMs: testCase.minMs, maxMs: testCase.maxMs))
        let problems = LookupChecker.check(lookup, Self.result(addresses: [], durationMs: testCase.durationMs), index: 0)
        #expect(problems.isEmpty == testCase.passes, "\(problems)")
    }
}
