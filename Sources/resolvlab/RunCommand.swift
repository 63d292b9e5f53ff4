import ArgumentParser
import FoundationEssentials
import Glibc
import Judge
import Reports
import Runner
import ScenarioFormat
import SystemCalls

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run scenarios and check the DNS queries they produce.",
        discussion: """
            Each scenario runs in its own throwaway namespaces. One line per scenario shows PASS, FAIL, \
            ERROR or SKIP, the number of queries observed and the time taken; a FAIL shows expected versus \
            observed queries as a diff, and the output of its commands. Results are printed in input order \
            whatever --jobs is.

            Ctrl-C (SIGINT) or SIGTERM stops every sandbox, prints the summary of what finished (the rest \
            marked interrupted), writes the requested reports, and exits 130 or 143.

            Examples:
              resolvlab run scenarios/
              resolvlab run --jobs 4 --report junit=report.xml --pcap-dir pcaps scenarios/
              resolvlab run --tag kubernetes --shard 2/4 scenarios/
              resolvlab run --repeat 100 --quiet scenarios/flaky.json
              resolvlab run --pod pod.yaml -v scenarios/kubernetes/

            --pod and the other Kubernetes options apply to scenarios with a "kubernetes" key: --pod replaces its \
            namespace, dnsPolicy, hostNetwork and dnsConfig with the manifest's, --cluster-domain, --cluster-dns and \
            --node-resolv-conf replace the node's settings, and the resolv.conf is made again. The servers, lookups \
            and expectations stay the scenario's, so a FAIL's diff shows what the pod's settings change. Every \
            selected scenario must have the key (use --tag or --filter); --update cannot be combined with them.

            --update records as `record` does, also with --clients: a scenario's runs are recorded together, \
            the first client listed writing the shared expectations and the others their expect.clients \
            overrides (see resolvlab record --help).
            """
    )

    @Argument(help: "Scenario files, or directories searched recursively for *.json.")
    var paths: [String]

    @OptionGroup var selection: SelectionOptions

    @OptionGroup var output: ReportOptions

    @OptionGroup(title: "Kubernetes: run the scenarios' lookups under another pod's or node's DNS settings")
    var podOptions: PodOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Scenarios busy at once (default: the number of cores). "
            + "A scenario whose sandbox is waiting (little CPU used: a silent server, a resolver timeout) lends its slot."))
    var jobs: Int?

    @Option(help: ArgumentHelp("Run the built-in lookups of every scenario under these clients, one run each, instead of "
                               + "the scenario's own \"clients\" (comma-separated, or all): "
                               + ResolverClient.allCases.map(\.rawValue).joined(separator: ", ") + ".", valueName: "list"))
    var clients: ClientList?

    @Option(help: "Run every scenario this many times (at most 1,000,000) and report outcomes that differ between runs.")
    var `repeat`: Int = 1

    /// What `--repeat` accepts: beyond it the queue of runs alone would not fit in memory.
    static let maximumRepeat = 1_000_000

    @Flag(help: "Write the observed queries and lookup results into each scenario's expect, like `record`.")
    var update = false

    @Flag(name: .shortAndLong, help: "Print only failures, errors and the summary.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Show every observed query, lookup result, command output and capture figures, for passing scenarios too.")
    var verbose = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let jobs, jobs > RunConfiguration.maximumJobs {
            throw ValidationError("--jobs must be at most \(RunConfiguration.maximumJobs)")
        }
        if `repeat` < 1 { throw ValidationError("--repeat must be at least 1") }
        if `repeat` > Self.maximumRepeat { throw ValidationError("--repeat must be at most 1000000") }
        if quiet && verbose { throw ValidationError("--quiet and --verbose cannot be combined") }
        if update && `repeat` > 1 { throw ValidationError("--update records one run; it cannot be combined with --repeat") }
        if update, let first = podOptions.given.first {
            throw ValidationError("--update records what each file does as written; it cannot be combined with \(first)")
        }
    }

    func run() throws {
        // Before any thread exists: SIGINT and SIGTERM are read from a descriptor by the run loop.
        SignalMask.block([SIGINT, SIGTERM])
        signal(SIGPIPE, SIG_IGN)
        let decodeOptions = ScenarioDecoder.Options(allowNoAssertions: update)
        var server: ForkServer?
        var selected = try selection.scenarios(paths, decodeOptions: decodeOptions) { files in
            let (runs, overflow) = files.multipliedReportingOverflow(by: `repeat`)
            server = ResolvLab.forkServer(scenarios: overflow ? .max : runs)
        }
        defer { server?.close() }
        if !podOptions.isEmpty { selected = try podOptions.apply(to: selected) }
        let runs = selected.map { $0.clientRuns(requested: clients?.clients) }
        selected = runs.flatMap { $0 }
        try output.checkWritable()
        let queue = Array(repeating: selected, count: `repeat`).flatMap { $0 }
        let reporter = HumanReport(verbosity: quiet ? .quiet : verbose ? .verbose : .normal,
                                   colour: .detect(fileDescriptor: STDOUT_FILENO))
        let progress = ProgressLine()
        let started = Date()
        let clockStart = MonotonicInstant.now()
        var results: [ScenarioResult] = []
        let configuration = RunConfiguration(jobs: jobs ?? ProcessorCount.online(),
                                             captureFiles: output.capturePolicy(repeated: `repeat` > 1),
                                             keepsPassingObservations: verbose || update || !output.reports.isEmpty,
                                             forkedProbe: ResolvLab.forkedProbe, forkServer: server)
        let signals = try? SignalWatch([SIGINT, SIGTERM])
        let interruption = SuiteRunner(configuration: configuration).run(
            queue, signals: signals, startFirst: { $0.scenario?.expectsToWait ?? false },
            progress: { state in progress.show("[\(state.finished)/\(state.total)] \(state.running) running") },
            completed: { index, result in
                var result = result
                result.iteration = selected.isEmpty ? 1 : index / selected.count + 1
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
        let seconds = clockStart.milliseconds(to: .now()) / 1000
        if !quiet, let matrix = ClientMatrix(results) {
            print("")
            print(matrix.lines().joined(separator: "\n"))
        }
        print(HumanReport.summary(results, seconds: seconds))
        if let interruption {
            printError("resolvlab: interrupted by \(SignalName.name(interruption) ?? "signal \(interruption)"); "
                       + "scenarios that had not finished are reported as interrupted")
        }
        if let blocked = results.first(where: { $0.errorReason?.kind == "namespaces" }), let reason = blocked.errorReason {
            printError("resolvlab: \(VerdictText.describe(reason))")
        }
        let suiteReport = SuiteReport(results: results, startedAt: started, durationSeconds: seconds,
                                      repeatCount: `repeat`, toolVersion: ResolvLab.configuration.version,
                                      interruptedBy: interruption)
        let written = output.write(suiteReport)
        if let interruption { throw ExitCode(ExitStatus.interrupted(by: interruption)) }
        if update {
            let totals = RecordCommand.apply(results, runs: runs.map(\.count))
            print(totals.summary)
            throw ExitCode(RecordCommand.exitCode(for: results, skipped: totals.failures))
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

/// `--clients glibc,musl` or `--clients all`.
struct ClientList: ExpressibleByArgument {
    var clients: [ResolverClient]

    init?(argument: String) {
        if argument == "all" {
            clients = ResolverClient.allCases
            return
        }
        var clients: [ResolverClient] = []
        for name in argument.split(separator: ",", omittingEmptySubsequences: false) {
            guard let client = ResolverClient(rawValue: String(name)), !clients.contains(client) else { return nil }
            clients.append(client)
        }
        guard !clients.isEmpty else { return nil }
        self.clients = clients
    }

    static var allValueStrings: [String] { ResolverClient.allCases.map(\.rawValue) + ["all"] }
}

/// The number of CPUs this process may run on.
enum ProcessorCount {
    static func online() -> Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }
}
