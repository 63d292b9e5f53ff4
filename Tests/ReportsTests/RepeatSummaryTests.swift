import Glibc
import Judge
import Testing
@testable import Reports
@testable import Runner

@Suite("Repeat summary and terminal")
struct RepeatSummaryTests {
    func result(_ path: String, _ verdict: Verdict, iteration: Int) -> ScenarioResult {
        var result = ScenarioResult(path: path, name: path, verdict: verdict)
        result.iteration = iteration
        return result
    }

    static let tooMany = Verdict.fail([.queries(QueryMismatch(order: .exact, expectedCount: 2, observedCount: 3, difference: .count))])

    @Test("identical outcomes across runs are summarised in one line")
    func stable() {
        let results = (1...3).flatMap { [result("a.json", .pass, iteration: $0), result("b.json", .skip(.missingRequirement("dig")), iteration: $0)] }
        #expect(RepeatSummary.render(results, runs: 3) == ["every scenario had the same outcome in all 3 runs (2 scenarios)"],
                "results without an observation have no figures")
    }

    @Test("every run whose outcome differs from the first is listed with its reason")
    func flaky() {
        let results = [
            result("a.json", .pass, iteration: 1), result("b.json", .pass, iteration: 1),
            result("a.json", Self.tooMany, iteration: 2), result("b.json", .pass, iteration: 2),
            result("a.json", .pass, iteration: 3), result("b.json", .pass, iteration: 3),
        ]
        #expect(RepeatSummary.render(results, runs: 3) == [
            "outcomes that differ from the first run:",
            "  a.json: run 1 pass; 1 of 3 runs differ:",
            "    run 2 fail: queries (exact): expected 2 queries, observed 3",
        ])
    }

    @Test("figures over the runs: outcomes, median and slowest, queries, frames, drops, capture errors, peak memory")
    func figures() {
        var results: [ScenarioResult] = []
        for (iteration, duration) in [(1, 100.0), (2, 300.0), (3, 200.0)] {
            var pass = Sample.pass
            pass.iteration = iteration
            pass.durationMs = duration
            results.append(iteration == 2 ? pass.slimmed() : pass)
        }
        var lost = Sample.captureLoss
        lost.path = Sample.pass.path
        lost.iteration = 4
        lost.durationMs = 400
        results.append(lost)
        let lines = RepeatSummary.render(results, runs: 4)
        let figures = Array(lines.drop { $0 != "figures over 4 runs:" })
        #expect(figures == [
            "figures over 4 runs:",
            "  scenarios/glibc/pass.json: 3 pass, 1 error; median 250 ms, slowest 400 ms; 1-2 queries, 4 frames, "
                + "0 kernel drops, 1 capture-loss error; sandbox peak memory up to 12 MiB",
        ])
    }

    @Test("colour codes only when enabled; a pipe is not a terminal")
    func colour() {
        #expect(TerminalColour(enabled: false).paint("PASS", .green) == "PASS")
        #expect(TerminalColour(enabled: true).paint("PASS", .green) == "\u{1B}[32mPASS\u{1B}[0m")
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        #expect(!TerminalColour.detect(fileDescriptor: fds[1]).enabled)
        #expect(!ProgressLine(fileDescriptor: fds[1]).enabled)
    }

    @Test("a repeated run's headline carries its run number")
    func iterationInHeadline() {
        let report = HumanReport(verbosity: .normal)
        #expect(report.headline(result("a.json", .pass, iteration: 2)).hasPrefix("PASS  a.json #2"))
        #expect(!report.headline(result("a.json", .pass, iteration: 1)).contains("#"))
    }
}
