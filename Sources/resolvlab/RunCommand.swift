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
            observed queries as a diff.
            """
    )

    @Argument(help: "Scenario files, or directories searched recursively for *.json.")
    var paths: [String]

    @Option(name: .shortAndLong, help: "Scenarios to run at once (default: the number of cores).")
    var jobs: Int?

    @Option(help: "Run every scenario this many times (to hunt flakiness or measure timing).")
    var `repeat`: Int = 1

    @Flag(name: .shortAndLong, help: "Print only failures, errors and the summary.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Show every observed query and lookup result, for passing scenarios too.")
    var verbose = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if `repeat` < 1 { throw ValidationError("--repeat must be at least 1") }
        if quiet && verbose { throw ValidationError("--quiet and --verbose cannot be combined") }
    }

    func run() throws {
        signal(SIGPIPE, SIG_IGN)
        let (files, missing) = ScenarioLoader.expand(paths)
        for path in missing { printError("resolvlab: \(path): no such file or directory") }
        if !missing.isEmpty { throw ExitCode(ExitStatus.invalid) }
        if files.isEmpty {
            printError("resolvlab: no *.json scenario files found in \(paths.joined(separator: " "))")
            throw ExitCode(ExitStatus.invalid)
        }
        let queue = Array(repeating: files, count: `repeat`).flatMap { $0 }
        let reporter = HumanReport(verbosity: quiet ? .quiet : verbose ? .verbose : .normal)
        let started = Date()
        var results: [ScenarioResult] = []
        SuiteRunner(jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount).run(queue) { _, result in
            let lines = reporter.lines(for: result)
            if !lines.isEmpty { print(lines.joined(separator: "\n")) }
            results.append(result)
        }
        print(HumanReport.summary(results, seconds: Date().timeIntervalSince(started)))
        if let blocked = results.first(where: { $0.errorKind == .namespaces }) {
            printError("resolvlab: \(blocked.reason ?? "cannot create namespaces")")
        }
        throw ExitCode(Self.exitCode(for: results))
    }

    /// 3 when the namespaces are unavailable, else 2 for invalid files, else 1 for any fail or error, else 0.
    static func exitCode(for results: [ScenarioResult]) -> Int32 {
        if results.contains(where: { $0.errorKind == .namespaces }) { return ExitStatus.noNamespaces }
        if results.contains(where: { $0.errorKind == .invalid }) { return ExitStatus.invalid }
        if results.contains(where: { $0.outcome == .fail || $0.outcome == .error }) { return ExitStatus.failed }
        return ExitStatus.passed
    }
}
