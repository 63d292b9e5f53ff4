import ArgumentParser
import Foundation
import Glibc
import Reports
import Runner
import ScenarioFormat

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run scenarios and check the DNS queries they produce.",
        discussion: """
            Each scenario runs in its own throwaway namespaces. One line per scenario shows PASS, FAIL, \
            ERROR or SKIP, the number of queries observed and the time taken; a FAIL shows expected versus \
            observed queries as a diff. Results are printed in input order whatever --jobs is.

            Examples:
              resolvlab run scenarios/
              resolvlab run --jobs 4 --report junit=report.xml --pcap-dir pcaps scenarios/
              resolvlab run --tag kubernetes --shard 2/4 scenarios/
              resolvlab run --repeat 100 --quiet scenarios/flaky.json
            """
    )

    @Argument(help: "Scenario files, or directories searched recursively for *.json.")
    var paths: [String]

    @OptionGroup var selection: SelectionOptions

    @OptionGroup var output: ReportOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Scenarios busy at once (default: the number of cores). "
            + "Scenarios waiting on a resolver timeout do not count against it."))
    var jobs: Int?

    @Option(help: "Run every scenario this many times and report outcomes that differ between runs.")
    var `repeat`: Int = 1

    @Flag(help: "Write the observed queries and lookup results into each scenario's expect, like `record`.")
    var update = false

    @Flag(name: .shortAndLong, help: "Print only failures, errors and the summary.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Show every observed query, lookup result and capture statistics, for passing scenarios too.")
    var verbose = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if `repeat` < 1 { throw ValidationError("--repeat must be at least 1") }
        if quiet && verbose { throw ValidationError("--quiet and --verbose cannot be combined") }
        if update && `repeat` > 1 { throw ValidationError("--update records one run; it cannot be combined with --repeat") }
    }

    func run() throws {
        signal(SIGPIPE, SIG_IGN)
        let decodeOptions = ScenarioDecoder.Options(allowNoAssertions: update)
        let selected = try selection.scenarioFiles(paths, decodeOptions: decodeOptions)
        let files = selected.paths
        let queue = Array(repeating: files, count: `repeat`).flatMap { $0 }
        let reporter = HumanReport(verbosity: quiet ? .quiet : verbose ? .verbose : .normal,
                                   colour: .detect(fileDescriptor: STDOUT_FILENO))
        let progress = ProgressLine()
        let started = Date()
        var results: [ScenarioResult] = []
        let suite = SuiteRunner(runner: ScenarioRunner(decodeOptions: decodeOptions),
                                jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        let waiting = Set(files.filter { selected.scenarios[$0]?.expectsToWait ?? false })
        suite.run(queue, startFirst: waiting.contains, progress: { state in
            progress.show("[\(state.finished)/\(state.total)] \(state.running) running")
        }, completed: { index, result in
            var result = result
            result.iteration = files.isEmpty ? 1 : index / files.count + 1
            let lines = reporter.lines(for: result)
            if !lines.isEmpty {
                progress.clear()
                print(lines.joined(separator: "\n"))
                fflush(nil)
            }
            results.append(result)
        })
        progress.clear()
        if `repeat` > 1 { print(RepeatSummary.render(results, runs: `repeat`).joined(separator: "\n")) }
        let seconds = Date().timeIntervalSince(started)
        print(HumanReport.summary(results, seconds: seconds))
        if let blocked = results.first(where: { $0.errorKind == .namespaces }) {
            printError("resolvlab: \(blocked.reason ?? "cannot create namespaces")")
        }
        let suiteReport = SuiteReport(results: results, startedAt: started, durationSeconds: seconds,
                                      repeatCount: `repeat`, toolVersion: ResolvLab.configuration.version)
        let written = output.write(suiteReport)
        if update {
            let totals = RecordCommand.apply(results)
            print("\(totals.updated) updated, \(totals.unchanged) unchanged, \(totals.skipped) not recorded")
            throw ExitCode(RecordCommand.exitCode(for: results, skipped: totals.skipped))
        }
        let code = Self.exitCode(for: results)
        throw ExitCode(written || code != ExitStatus.passed ? code : ExitStatus.failed)
    }

    /// 3 when the namespaces are unavailable, else 2 for invalid files, else 1 for any fail or error, else 0.
    static func exitCode(for results: [ScenarioResult]) -> Int32 {
        ExitStatus.precedence(results)
            ?? (results.contains { $0.outcome == .fail || $0.outcome == .error } ? ExitStatus.failed : ExitStatus.passed)
    }
}
