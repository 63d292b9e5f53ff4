import ArgumentParser
import Glibc
import Judge
import Recording
import Reports
import Runner
import ScenarioFormat
import SystemCalls

struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Run scenarios and write what was observed into their expectations.",
        discussion: """
            Use this after changing a scenario on purpose (a resolv.conf option, a server's records, a \
            lookup) to re-record what the resolver now does, instead of editing the expected queries by hand.

            Workflow:
              1. edit the scenario, e.g. change "options ndots:5" to "options ndots:1"
              2. resolvlab record scenarios/glibc/my-scenario.json
              3. git diff, to review the new expectations
              4. commit, or fix the scenario and record again

            Each scenario runs once (once per client, see below), exactly as `resolvlab run` runs it. Then its file is rewritten: \
            "expect": { "queries": [...] } becomes the DNS queries seen on the wire, in order, as "TYPE NAME" \
            (plus @SERVER when the scenario has several servers, and udp/tcp when a query used TCP); \
            "expect" is added at the end of the file if it has none. Each getaddrinfo lookup's "expect" gets \
            the addresses it returned or the EAI_* error it failed with (and "canonname" when the lookup asks \
            for it); a gethostbyname or gethostbyname2 lookup's gets its addresses or h_errno name (an \
            "addressSet" stays a set, and "canonname" is kept up to date once written); a res_query or \
            res_search lookup's gets the reply's "rcode" and "answerCount" too (a res_querydomain lookup's \
            likewise, and "authenticData" when the reply's AD bit came back set or is already expected); \
            a gethostbyaddr or getnameinfo lookup's gets its "names" or error name ("inetAddresses" and \
            "inet6Addresses" stay per family); each exec lookup's "expect" gets the exit code.

            What the run already meets stays exactly as written (wildcards, "order", "stdoutContains", \
            "minMs", "maxMs"), and nothing else in the file changes: comments, layout and key order stay byte \
            for byte, so the diff shows only what the resolver does differently. An up-to-date file is not \
            touched. Files are replaced atomically and keep their owner, group and mode; a file you may \
            not write is refused, and an interrupted record leaves no temporary file behind.

            A scenario that cannot be judged (ERROR: a missing command, capture loss, a timeout) or that is \
            skipped is not recorded: its file is left alone and the reason is printed. A new scenario needs \
            no expectations at all: write its resolv.conf, servers and lookups, and let record add the rest.

            A scenario with "clients" (or any scenario, under --clients) runs once per client. The first \
            client listed writes the shared expectations, as above, and loses any override of its own. Each \
            other client whose run differs gets "expect": { "clients": { NAME: { "queries": [...] } } } and, \
            per lookup, "expect": { "clients": { NAME: {...} } } holding only the keys that differ, null for a \
            shared key that does not apply to it (shared "addresses" when the client failed with "error"). \
            An override the client's run meets stays as written; one it no longer needs is removed, so \
            recording an unchanged scenario again changes nothing. A client that was skipped (its helper is \
            not built here, or it has no equivalent of a lookup's call) or that errored is not recorded: its \
            overrides stay as written and the file's lines say so. When the first client's run cannot be \
            recorded, the file is left alone.

            Exit codes: 0 every file was recorded or already up to date; 1 some scenario could not be \
            recorded (error or skip), or a client's run errored or its helper is missing (a client without \
            an equivalent call is skipped by every run, and does not count); 2 invalid scenario file or \
            usage; 3 this machine cannot create the namespaces.
            """
    )

    @Argument(help: "Scenario files, or directories searched recursively for *.json.")
    var paths: [String]

    @OptionGroup var selection: SelectionOptions

    @Option(name: .shortAndLong, help: "Scenarios to run at once (default: the number of cores).")
    var jobs: Int?

    @Option(help: ArgumentHelp("Record the built-in lookups under these clients instead of the scenario's own \"clients\"; "
                               + "the first writes the shared expectation (comma-separated, or all): "
                               + ResolverClient.allCases.map(\.rawValue).joined(separator: ", ") + ".", valueName: "list"))
    var clients: ClientList?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let jobs, jobs > RunConfiguration.maximumJobs {
            throw ValidationError("--jobs must be at most \(RunConfiguration.maximumJobs)")
        }
    }

    func run() throws {
        SignalMask.block([SIGINT, SIGTERM])
        signal(SIGPIPE, SIG_IGN)
        var server: ForkServer?
        let selected = try selection.scenarios(paths, decodeOptions: .init(allowNoAssertions: true)) { files in
            server = ResolvLab.forkServer(scenarios: files)
        }
        defer { server?.close() }
        // One run per client a file names (or --clients lists), delivered in a row, recorded together.
        let runs = selected.map { $0.clientRuns(requested: clients?.clients) }
        var grouping = FileGrouping(runs: runs.map(\.count))
        let clockStart = MonotonicInstant.now()
        var results: [ScenarioResult] = []
        var totals = Totals()
        let signals = try? SignalWatch([SIGINT, SIGTERM])
        let interruption = SuiteRunner(configuration: RunConfiguration(jobs: jobs ?? ProcessorCount.online(),
                                                                       forkedProbe: ResolvLab.forkedProbe,
                                                                       forkServer: server))
            .run(runs.flatMap { $0 }, signals: signals) { _, result in
                if let group = grouping.add(result) { totals.add(Self.apply(group)) }
                results.append(result)
            }
        print("\(totals.summary) in \(Figures.decimal(clockStart.milliseconds(to: .now()) / 1000, places: 1)) s")
        if let blocked = results.first(where: { $0.errorReason?.kind == "namespaces" }), let reason = blocked.errorReason {
            printError("resolvlab: \(VerdictText.describe(reason))")
        }
        if let interruption { throw ExitCode(ExitStatus.interrupted(by: interruption)) }
        throw ExitCode(Self.exitCode(for: results, skipped: totals.failures))
    }

    /// 3 when the namespaces are unavailable, else 2 for invalid files, else 1 if any file or client run
    /// was not recorded (`skipped`: `Totals.failures`).
    static func exitCode(for results: [ScenarioResult], skipped: Int) -> Int32 {
        ExitStatus.precedence(results) ?? (skipped > 0 ? ExitStatus.failed : ExitStatus.passed)
    }

    /// What happened to one file.
    enum FileOutcome: Equatable {
        case updated, unchanged
        /// Left untouched: the scenario errored or was skipped, or the file could not be rewritten.
        case skipped
    }

    /// What happened to one file, and to the runs of its clients that were not recorded.
    struct FileRecord: Equatable {
        var outcome: FileOutcome
        /// Client runs after the first that were skipped or errored: their overrides stay as written.
        var clientsLeft = 0
        /// Of those, the ones that make record's exit code 1: an ERROR, or a helper missing here (a client
        /// that has no equivalent of a lookup's call is skipped by every run, and is not a failure).
        var clientsFailed = 0
    }

    struct Totals {
        var updated = 0, unchanged = 0, skipped = 0
        var clientsLeft = 0, clientsFailed = 0

        mutating func add(_ record: FileRecord) {
            switch record.outcome {
            case .updated: updated += 1
            case .unchanged: unchanged += 1
            case .skipped: skipped += 1
            }
            clientsLeft += record.clientsLeft
            clientsFailed += record.clientsFailed
        }

        /// `N updated, N unchanged, N not recorded`, and the client runs left out, if any.
        var summary: String {
            var text = "\(updated) updated, \(unchanged) unchanged, \(skipped) not recorded"
            if clientsLeft > 0 { text += ", \(Plural.count(clientsLeft, "client run")) left as written" }
            return text
        }

        /// Counted for the exit code: files not recorded and client runs that failed.
        var failures: Int { skipped + clientsFailed }
    }

    /// Groups the results of a suite into files: `runs[i]` results in a row belong to the i-th file
    /// (one per client it runs under), in the order `SuiteRunner` delivers them.
    struct FileGrouping {
        var runs: [Int]
        private var file = 0
        private var pending: [ScenarioResult] = []

        init(runs: [Int]) { self.runs = runs }

        /// The runs of one file, once its last one arrives.
        mutating func add(_ result: ScenarioResult) -> [ScenarioResult]? {
            pending.append(result)
            guard file < runs.count, pending.count >= runs[file] else { return nil }
            defer { pending = []; file += 1 }
            return pending
        }
    }

    /// Records the results of a suite whose i-th file ran `runs[i]` times (once per client), printing
    /// what changed; for `run --update`.
    static func apply(_ results: [ScenarioResult], runs: [Int]) -> Totals {
        var grouping = FileGrouping(runs: runs)
        var totals = Totals()
        for result in results {
            if let group = grouping.add(result) { totals.add(apply(group)) }
        }
        return totals
    }

    /// Records the runs of one file (one per client it runs under, the first writing the shared
    /// expectation; or the one run of a file without clients) into it, printing one headline and the
    /// changes. When the first run errored or was skipped, the file is left alone and the reason printed;
    /// a later client's run that errored or was skipped leaves that client's overrides as written.
    static func apply(_ runs: [ScenarioResult]) -> FileRecord {
        guard let result = runs.first else { return FileRecord(outcome: .skipped) }
        let report = HumanReport(verbosity: .normal)
        let place = TextEscaping.line(result.name == result.path ? result.path : "\(result.name)  (\(result.path))")
        guard recordable(result) else {
            // Invalid files, errors and skips read as `run` shows them, plus what happened to the file.
            var lines: [String] = []
            for run in runs {
                let shown = report.lines(for: run)
                lines += shown.isEmpty ? [report.headline(run)] : shown
            }
            var reason = "      not recorded: the file was left unchanged"
            if let client = result.client, runs.count > 1 {
                reason += " (\(client.rawValue)'s run writes the shared expectation, and it could not be recorded)"
            }
            lines.append(reason)
            print(lines.joined(separator: "\n"))
            return FileRecord(outcome: .skipped)
        }
        let recorded = [result] + runs.dropFirst().filter(recordable)
        let left = runs.dropFirst().filter { !recordable($0) }
        var record = FileRecord(outcome: .skipped, clientsLeft: left.count,
                                clientsFailed: left.filter { if case .skip(.clientCannot) = $0.verdict { false } else { true } }.count)
        do {
            // The bytes about to be edited, decoded with them so positions and expectations agree.
            let source = try ScenarioLoader.read(result.path)
            let scenario = try ScenarioDecoder.decode(source, file: result.path, options: .init(allowNoAssertions: true))
            let recording = try ExpectationRecorder.record(source: source, scenario: scenario, results: recorded)
            var lines: [String] = []
            let clients = runs.count > 1 ? "  [" + recorded.compactMap { $0.client?.rawValue }.joined(separator: ", ") + "]" : ""
            if recording.changed {
                try FileReplacement.replaceContents(of: result.path, with: recording.source)
                lines.append("UPDATED   \(place)\(clients)")
                lines += recording.changes.map { "      \(TextEscaping.line($0))" }
            } else {
                lines.append("UNCHANGED \(place)\(clients)")
            }
            for run in left {
                let client = run.client?.rawValue ?? "?"
                let why = switch run.verdict {
                case .skip(let reason): "SKIP: " + VerdictText.describe(reason)
                case .error(let reason): "ERROR: " + VerdictText.describe(reason)
                default: run.outcome.rawValue
                }
                lines.append("      not recorded under \(client), its expectations were left as written: \(TextEscaping.line(why))")
            }
            // The first client's mismatches are named after it when others were recorded too.
            let firstName = runs.count > 1 ? result.client.map { "\($0.rawValue): " } ?? "" : ""
            var warnings = recording.notes + (recording.stillFailing.map(VerdictText.describe)
                + (recording.unjudgeable.map { [VerdictText.describe($0)] } ?? [])).map { firstName + $0 }
            for check in recording.clientChecks {
                warnings += (check.stillFailing.map(VerdictText.describe) + (check.unjudgeable.map { [VerdictText.describe($0)] } ?? []))
                    .map { "\(check.client.rawValue): \($0)" }
            }
            if !warnings.isEmpty {
                lines.append("      warning: record does not write these expectations, and the run does not meet them:")
                lines += warnings.map { "        \(TextEscaping.line($0))" }
            }
            print(lines.joined(separator: "\n"))
            record.outcome = recording.changed ? .updated : .unchanged
            return record
        } catch let error as ScenarioErrors {
            let problems = TextEscaping.lines(error.description).joined(separator: "\n")
            print("ERROR     \(place)\n      \(problems)\n      not recorded: the file was left unchanged")
        } catch let error as FileWriteError {
            print("ERROR     \(place)\n      not recorded, the file was left unchanged: \(TextEscaping.line("\(error)"))")
        } catch {
            print("ERROR     \(place)\n      not recorded, the file was left unchanged: \(TextEscaping.line("\(error)"))")
        }
        return FileRecord(outcome: .skipped)
    }

    /// A pass or fail with an observation: a run record can write.
    static func recordable(_ result: ScenarioResult) -> Bool {
        (result.outcome == .pass || result.outcome == .fail) && result.observation != nil
    }
}
