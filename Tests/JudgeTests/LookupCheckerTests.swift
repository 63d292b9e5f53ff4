import DNSWire
@testable import Judge
import Observation
import ScenarioFormat
import SystemCalls
import ObservationTestSupport
import Testing

@Suite("LookupChecker")
struct LookupCheckerTests {
    static let v6 = IPAddress("2606:4700:3033::6818:6309") ?? .v4(IPv4Address(value: 0))
    static let v4 = IPAddress.v4(IPv4Address(104, 24, 99, 9))

    static func getaddrinfo(_ expect: LookupExpectation) -> Lookup {
        Lookup(call: .getaddrinfo(GetaddrinfoCall(host: "ycwu314.top")), expect: expect)
    }

    static func exec(_ expect: LookupExpectation) -> Lookup {
        Lookup(call: .exec(ExecCall(arguments: ["getent", "ahosts", "ycwu314.top"])), expect: expect)
    }

    static func result(addresses: [IPAddress]? = nil, error: String? = nil, canonname: String? = nil,
                       durationMs: Double = 5) -> LookupOutcome {
        LookupOutcome(durationMs: durationMs, addresses: addresses,
                      error: error.map { name in LookupError(name: name, code: GetaddrinfoErrorName.table.first { $0.name == name }?.code ?? -1) },
                      canonname: canonname)
    }

    static func ran(exit: TerminationStatus? = .exited(0), timedOut: Bool = false, stdout: String? = "",
                    stderr: String? = "", totalStdout: Int? = nil) -> LookupOutcome {
        LookupOutcome(durationMs: 5, exit: exit, timedOut: timedOut,
                      standardOutput: stdout.map { CapturedOutput(bytes: Array($0.utf8), totalBytes: totalStdout) },
                      standardError: stderr.map { CapturedOutput(bytes: Array($0.utf8)) })
    }

    /// The lookup-level mismatches of `mismatches`, which must all be about lookup `index`.
    static func checks(_ mismatches: [Mismatch], index: Int = 0, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [LookupMismatch] {
        mismatches.compactMap { mismatch in
            guard case let .lookup(found, _, check) = mismatch else {
                Issue.record("not a lookup mismatch: \(mismatch)", sourceLocation: sourceLocation)
                return nil
            }
            #expect(found == index, sourceLocation: sourceLocation)
            return check
        }
    }

    @Test func aLookupWithoutExpectationHasNoProblems() {
        let lookup = Lookup(call: .getaddrinfo(GetaddrinfoCall(host: "x")))
        #expect(LookupChecker.check(lookup, Self.result(error: "EAI_NONAME"), index: 0).isEmpty)
    }

    @Test func theSameAddressesInTheSameOrderPass() {
        let problems = LookupChecker.check(Self.getaddrinfo(LookupExpectation(addresses: [Self.v6, Self.v4])),
                                           Self.result(addresses: [Self.v6, Self.v4]), index: 0)
        #expect(problems.isEmpty)
    }

    @Test func addressOrderMatters() {
        let problems = LookupChecker.check(Self.getaddrinfo(LookupExpectation(addresses: [Self.v6, Self.v4])),
                                           Self.result(addresses: [Self.v4, Self.v6]), index: 2)
        #expect(Self.checks(problems, index: 2) == [.addresses(expected: [Self.v6, Self.v4], got: [Self.v4, Self.v6], error: nil)])
        #expect(problems.first.map { if case .lookup(_, let label, _) = $0 { label } else { "" } } == "getaddrinfo ycwu314.top")
    }

    @Test func aMissingAddressFails() {
        let problems = LookupChecker.check(Self.getaddrinfo(LookupExpectation(addresses: [Self.v6, Self.v4])),
                                           Self.result(addresses: [Self.v4]), index: 0)
        #expect(problems.count == 1)
    }

    @Test func expectedAddressesButGotAnError() {
        let problems = LookupChecker.check(Self.getaddrinfo(LookupExpectation(addresses: [Self.v4])),
                                           Self.result(error: "EAI_NONAME"), index: 0)
        guard case .addresses(_, _, let error)? = Self.checks(problems).first else {
            Issue.record("\(problems)")
            return
        }
        #expect(error?.name == "EAI_NONAME")
    }

    @Test func expectedAnErrorButGotAddresses() {
        let problems = LookupChecker.check(Self.getaddrinfo(LookupExpectation(error: "EAI_NONAME")),
                                           Self.result(addresses: [Self.v4]), index: 0)
        #expect(Self.checks(problems) == [.error(expected: "EAI_NONAME", got: nil, addresses: [Self.v4])])
    }

    @Test func expectedOneErrorButGotAnother() {
        let problems = LookupChecker.check(Self.getaddrinfo(LookupExpectation(error: "EAI_NONAME")),
                                           Self.result(error: "EAI_AGAIN"), index: 0)
        guard case .error(let expected, let got, _)? = Self.checks(problems).first else {
            Issue.record("\(problems)")
            return
        }
        #expect(expected == "EAI_NONAME" && got?.name == "EAI_AGAIN")
    }

    @Test func theSameErrorPassesWhateverTheDetail() {
        #expect(LookupChecker.check(Self.getaddrinfo(LookupExpectation(error: "EAI_AGAIN")),
                                    Self.result(error: "EAI_AGAIN"), index: 0).isEmpty)
        var system = Self.result(error: "EAI_SYSTEM")
        system.error?.detail = "Connection refused"
        #expect(LookupChecker.check(Self.getaddrinfo(LookupExpectation(error: "EAI_SYSTEM")), system, index: 0).isEmpty)
        #expect(LookupChecker.check(Self.getaddrinfo(LookupExpectation(error: "EAI_AGAIN")), system, index: 0).count == 1)
    }

    @Test func canonnameMustBeEqual() {
        let expect = LookupExpectation(canonname: "ycwu314.top")
        #expect(LookupChecker.check(Self.getaddrinfo(expect), Self.result(addresses: [], canonname: "ycwu314.top"), index: 0).isEmpty)
        #expect(Self.checks(LookupChecker.check(Self.getaddrinfo(expect), Self.result(addresses: [], canonname: "alias.example"), index: 0))
                == [.canonname(expected: "ycwu314.top", got: "alias.example")])
        #expect(Self.checks(LookupChecker.check(Self.getaddrinfo(expect), Self.result(addresses: []), index: 0))
                == [.canonname(expected: "ycwu314.top", got: nil)])
    }

    @Test func exitCodeMustBeEqual() {
        let expect = LookupExpectation(exitCode: 0)
        #expect(LookupChecker.check(Self.exec(expect), Self.ran(exit: .exited(0)), index: 0).isEmpty)
        #expect(Self.checks(LookupChecker.check(Self.exec(expect), Self.ran(exit: .exited(2)), index: 1), index: 1)
                == [.exitCode(expected: 0, got: .exited(2), timedOut: false)])
    }

    @Test func aTimeoutIsNotAnExitCode() {
        let problems = LookupChecker.check(Self.exec(LookupExpectation(exitCode: 0)),
                                           Self.ran(exit: .signaled(9), timedOut: true), index: 0)
        #expect(Self.checks(problems) == [.exitCode(expected: 0, got: .signaled(9), timedOut: true)])
    }

    @Test func aSignalIsNotAnExitCode() {
        // A process killed by signal 0's neighbours must not pass for exit code 0.
        let problems = LookupChecker.check(Self.exec(LookupExpectation(exitCode: 0)), Self.ran(exit: .signaled(11)), index: 0)
        #expect(Self.checks(problems) == [.exitCode(expected: 0, got: .signaled(11), timedOut: false)])
    }

    @Test func everyStdoutNeedleMustBePresent() {
        let expect = LookupExpectation(stdoutContains: ["104.24.99.9", "STREAM", "DGRAM"])
        let output = "104.24.99.9     STREAM ycwu314.top\n"
        #expect(Self.checks(LookupChecker.check(Self.exec(expect), Self.ran(stdout: output), index: 0))
                == [.outputContains(.stdout, "DGRAM", truncated: false)])
        #expect(LookupChecker.check(Self.exec(expect), Self.ran(stdout: nil), index: 0).count == 3)
    }

    @Test func stderrIsCheckedLikeStdoutAndNotConfusedWithIt() {
        let expect = LookupExpectation(stderrContains: ["warning"])
        #expect(LookupChecker.check(Self.exec(expect), Self.ran(stdout: "", stderr: "warning: x\n"), index: 0).isEmpty)
        #expect(Self.checks(LookupChecker.check(Self.exec(expect), Self.ran(stdout: "warning: x\n", stderr: ""), index: 0))
                == [.outputContains(.stderr, "warning", truncated: false)])
    }

    @Test func lacksFailsWhenTheTextAppears() {
        let expect = LookupExpectation(stdoutLacks: ["SERVFAIL"], stderrLacks: ["timed out"])
        #expect(LookupChecker.check(Self.exec(expect), Self.ran(stdout: "ok\n", stderr: ""), index: 0).isEmpty)
        #expect(Self.checks(LookupChecker.check(Self.exec(expect), Self.ran(stdout: "status: SERVFAIL\n", stderr: "timed out\n"), index: 0))
                == [.outputLacks(.stdout, "SERVFAIL"), .outputLacks(.stderr, "timed out")])
    }

    @Test func matchesTakesARegularExpressionSearchedAnywhere() throws {
        let pattern = try TextPattern.compile(#"status: (NOERROR|NXDOMAIN)"#).get()
        let expect = LookupExpectation(stdoutMatches: [pattern])
        #expect(LookupChecker.check(Self.exec(expect), Self.ran(stdout: ";; ->>HEADER<<- status: NXDOMAIN, id\n"), index: 0).isEmpty)
        #expect(Self.checks(LookupChecker.check(Self.exec(expect), Self.ran(stdout: "status: SERVFAIL\n"), index: 0))
                == [.outputMatches(.stdout, pattern, truncated: false)])
    }

    @Test func aNeedleMissingFromCutOutputSaysTheOutputWasCut() {
        let expect = LookupExpectation(stdoutContains: ["end"])
        #expect(Self.checks(LookupChecker.check(Self.exec(expect), Self.ran(stdout: "begin", totalStdout: 3_000_000), index: 0))
                == [.outputContains(.stdout, "end", truncated: true)])
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
