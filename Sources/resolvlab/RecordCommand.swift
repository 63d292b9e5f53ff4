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

            Each scenario runs once, exactly as `resolvlab run` runs it. Then its file is rewritten: \
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

            Exit codes: 0 every file was recorded or already up to date; 1 some scenario could not be \
            recorded (error or skip); 2 invalid scenario file or usage; 3 this machine cannot create the \
            namespaces.
            """
    )

    @Argument(help: "Scenario files, or directories searched recursively for *.json.")
    var paths: [String]

    @OptionGroup var selection: SelectionOptions

    @Option(name: .shortAndLong, help: "Scenarios to run at once (default: the number of cores).")
    var jobs: Int?

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
        let clockStart = MonotonicInstant.now()
        var results: [ScenarioResult] = []
        var totals = Totals()
        let signals = try? SignalWatch([SIGINT, SIGTERM])
        let interruption = SuiteRunner(configuration: RunConfiguration(jobs: jobs ?? ProcessorCount.online(),
                                                                       forkedProbe: ResolvLab.forkedProbe,
                                                                       forkServer: server))
            .run(selected, signals: signals) { _, result in
                totals.add(Self.apply(result))
                results.append(result)
            }
        print("\(totals.updated) updated, \(totals.unchanged) unchanged, \(totals.skipped) not recorded "
              + "in \(Figures.decimal(clockStart.milliseconds(to: .now()) / 1000, places: 1)) s")
        if let blocked = results.first(where: { $0.errorReason?.kind == "namespaces" }), let reason = blocked.errorReason {
            printError("resolvlab: \(VerdictText.describe(reason))")
        }
        if let interruption { throw ExitCode(ExitStatus.interrupted(by: interruption)) }
        throw ExitCode(Self.exitCode(for: results, skipped: totals.skipped))
    }

    /// 3 when the namespaces are unavailable, else 2 for invalid files, else 1 if any file was not recorded.
    static func exitCode(for results: [ScenarioResult], skipped: Int) -> Int32 {
        ExitStatus.precedence(results) ?? (skipped > 0 ? ExitStatus.failed : ExitStatus.passed)
    }

    /// What happened to one file.
    enum FileOutcome: Equatable {
        case updated, unchanged
        /// Left untouched: the scenario errored or was skipped, or the file could not be rewritten.
        case skipped
    }

    struct Totals {
        var updated = 0, unchanged = 0, skipped = 0

        mutating func add(_ outcome: FileOutcome) {
            switch outcome {
            case .updated: updated += 1
            case .unchanged: unchanged += 1
            case .skipped: skipped += 1
            }
        }
    }

    /// Records each result into its file and prints what changed; for `record` and `run --update`.
    @discardableResult
    static func apply(_ results: [ScenarioResult]) -> (updated: Int, unchanged: Int, skipped: Int) {
        var totals = Totals()
        for result in results { totals.add(apply(result)) }
        return (totals.updated, totals.unchanged, totals.skipped)
    }

    /// Records one result (a pass or fail with an observation) into the file it ran from, printing one
    /// headline and the changes; errors and skips leave the file alone and print why.
    @discardableResult
    static func apply(_ result: ScenarioResult) -> FileOutcome {
        let report = HumanReport(verbosity: .normal)
        let place = TextEscaping.line(result.name == result.path ? result.path : "\(result.name)  (\(result.path))")
        guard result.outcome == .pass || result.outcome == .fail, result.observation != nil else {
            // Invalid files, errors and skips read as `run` shows them, plus what happened to the file.
            var lines = report.lines(for: result)
            if lines.isEmpty { lines = [report.headline(result)] }
            lines.append("      not recorded: the file was left unchanged")
            print(lines.joined(separator: "\n"))
            return .skipped
        }
        do {
            // The bytes about to be edited, decoded with them so positions and expectations agree.
            let source = try ScenarioLoader.read(result.path)
            let scenario = try ScenarioDecoder.decode(source, file: result.path, options: .init(allowNoAssertions: true))
            let recording = try ExpectationRecorder.record(source: source, scenario: scenario, result: result)
            var lines: [String] = []
            if recording.changed {
                try FileReplacement.replaceContents(of: result.path, with: recording.source)
                lines.append("UPDATED   \(place)")
                lines += recording.changes.map { "      \(TextEscaping.line($0))" }
            } else {
                lines.append("UNCHANGED \(place)")
            }
            let warnings = recording.notes + recording.stillFailing.map(VerdictText.describe)
                + (recording.unjudgeable.map { [VerdictText.describe($0)] } ?? [])
            if !warnings.isEmpty {
                lines.append("      warning: record does not write these expectations, and the run does not meet them:")
                lines += warnings.map { "        \(TextEscaping.line($0))" }
            }
            print(lines.joined(separator: "\n"))
            return recording.changed ? .updated : .unchanged
        } catch let error as ScenarioErrors {
            let problems = TextEscaping.lines(error.description).joined(separator: "\n")
            print("ERROR     \(place)\n      \(problems)\n      not recorded: the file was left unchanged")
        } catch let error as FileWriteError {
            print("ERROR     \(place)\n      not recorded, the file was left unchanged: \(TextEscaping.line("\(error)"))")
        } catch {
            print("ERROR     \(place)\n      not recorded, the file was left unchanged: \(TextEscaping.line("\(error)"))")
        }
        return .skipped
    }
}
