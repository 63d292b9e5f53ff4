import ArgumentParser
import Foundation
import Reports
import Runner

/// `--report KIND=FILE` (repeatable), `--pcap-dir`, `--pcap-all`: files written after a run.
struct ReportOptions: ParsableArguments {
    enum Kind: String, CaseIterable { case junit, json, tap }

    @Option(name: .customLong("report"),
            help: ArgumentHelp("Also write a report: junit=FILE, json=FILE or tap=FILE (repeatable).", valueName: "kind=file"))
    var reports: [String] = []

    @Option(help: ArgumentHelp("Write the capture of every failing or erroring scenario to this directory as .pcap files.",
                               valueName: "dir"))
    var pcapDir: String?

    @Flag(help: "With --pcap-dir, write the capture of every scenario, passing ones too.")
    var pcapAll = false

    func validate() throws {
        _ = try requested()
        if pcapAll && pcapDir == nil { throw ValidationError("--pcap-all needs --pcap-dir DIR") }
    }

    /// The requested reports, parsed.
    func requested() throws -> [(kind: Kind, path: String)] {
        try reports.map { text in
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let kind = Kind(rawValue: parts[0]), !parts[1].isEmpty else {
                throw ValidationError("--report expects KIND=FILE with KIND one of "
                                      + "\(Kind.allCases.map(\.rawValue).joined(separator: ", ")); got \(text)")
            }
            return (kind, parts[1])
        }
    }

    /// Writes every requested file; returns false (after saying why) if one could not be written.
    func write(_ suite: SuiteReport) -> Bool {
        var ok = true
        for (kind, path) in (try? requested()) ?? [] {
            do {
                let bytes: [UInt8] = switch kind {
                case .junit: Array(JUnitReport.render(suite).utf8)
                case .tap: Array(TAPReport.render(suite).utf8)
                case .json: try JSONReport.render(suite)
                }
                try Data(bytes).write(to: URL(fileURLWithPath: path))
            } catch {
                printError("resolvlab: cannot write the \(kind.rawValue) report to \(path): \(error)")
                ok = false
            }
        }
        if let pcapDir {
            do {
                let written = try PcapExport.write(suite, to: pcapDir, all: pcapAll)
                if !written.isEmpty {
                    print("wrote \(written.count) capture\(written.count == 1 ? "" : "s") to \(pcapDir)")
                }
            } catch {
                printError("resolvlab: cannot write captures to \(pcapDir): \(error)")
                ok = false
            }
        }
        return ok
    }
}
