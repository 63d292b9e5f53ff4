import ArgumentParser
import Reports
import Runner
import SystemCalls

/// `junit=FILE`, `json=FILE`, `tap=FILE`, `html=FILE`.
struct ReportRequest: ExpressibleByArgument {
    var format: ReportFormat
    var path: String

    init?(argument: String) {
        let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let format = ReportFormat(rawValue: parts[0]), !parts[1].isEmpty else { return nil }
        self.format = format
        path = parts[1]
    }

    static var defaultCompletionKind: CompletionKind { .file() }
}

/// `--report KIND=FILE` (repeatable), `--pcap-dir`, `--pcap-all`: files written after a run.
struct ReportOptions: ParsableArguments {
    @Option(name: .customLong("report"),
            help: ArgumentHelp("Also write a report: junit=FILE, json=FILE, tap=FILE or html=FILE (repeatable).", valueName: "kind=file"))
    var reports: [ReportRequest] = []

    @Option(help: ArgumentHelp("Keep the capture of every failing or erroring scenario in this directory as .pcap files "
                               + "(created if missing; existing files are never replaced).", valueName: "dir"))
    var pcapDir: String?

    @Flag(help: "With --pcap-dir, keep the capture of every scenario, passing ones too.")
    var pcapAll = false

    func validate() throws {
        if pcapAll && pcapDir == nil { throw ValidationError("--pcap-all needs --pcap-dir DIR") }
        let paths = reports.map(\.path)
        if let duplicate = paths.first(where: { path in paths.filter { $0 == path }.count > 1 }) {
            throw ValidationError("--report names \(duplicate) more than once")
        }
    }

    /// Checks, before anything runs, that every report and the capture directory can be written:
    /// one clear line and exit 2, rather than a finished run whose reports are lost.
    func checkWritable() throws {
        for report in reports {
            do {
                try FileReplacement.checkWritable(report.path)
            } catch {
                printError("resolvlab: --report \(report.format.rawValue)=\(report.path): \(error)")
                throw ExitCode(ExitStatus.invalid)
            }
        }
        if let pcapDir {
            do {
                try PcapExport.prepare(directory: pcapDir)
            } catch {
                printError("resolvlab: --pcap-dir \(pcapDir): \(error)")
                throw ExitCode(ExitStatus.invalid)
            }
        }
    }

    func capturePolicy(repeated: Bool) -> CaptureFilePolicy? {
        pcapDir.map { PcapExport.policy(directory: $0, all: pcapAll, repeated: repeated) }
    }

    /// Writes every requested report (each atomically: never a half-written or empty file); returns
    /// false, after saying why, if one could not be written.
    func write(_ suite: SuiteReport) -> Bool {
        var ok = true
        for report in reports {
            do {
                try FileReplacement.write(try report.format.render(suite), to: report.path)
            } catch let error as FileWriteError {
                printError("resolvlab: cannot write the \(report.format.rawValue) report: \(error)")
                ok = false
            } catch {
                printError("resolvlab: cannot render the \(report.format.rawValue) report: \(error)")
                ok = false
            }
        }
        let kept = suite.results.compactMap(\.pcapPath)
        if let pcapDir, !kept.isEmpty {
            print("kept \(kept.count == 1 ? "1 capture" : "\(kept.count) captures") in \(TextEscaping.line(pcapDir))")
        }
        return ok
    }
}
