import ArgumentParser
import BehaviourDocs
import Glibc
import Reports
import ScenarioFormat
import SystemCalls
import Tracing

struct DocCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doc",
        abstract: "Write the behaviour pages (Markdown and HTML) from scenario files.",
        discussion: """
            Reads the scenarios (nothing runs) and writes two pages into --out: README.md (Markdown that renders \
            on GitHub) and index.html (one self-contained page). Both have a summary matrix, behaviour against \
            client (glibc, musl), with each scenario's expected outcome, and a section per topic (search, timeouts, \
            truncation, faults, ...) with a table per behaviour: why the resolver does it (the description), the \
            resolv.conf, the servers and what they do wrong, the lookups and their results, and the expected queries \
            on the wire. Scenarios of different clients that cite each other in their descriptions \
            ("glibc/answer-owned-by-another-name-ignored"), or share a file name, are one behaviour with a column \
            per client.

            The client is musl when a lookup runs resolvlab-musl-gai, the scenario is tagged musl, or it lies in a \
            musl directory; glibc otherwise. The output depends only on the files, so it can be committed and \
            checked for staleness.

            --readme FILE also rewrites the lines between <!-- resolver-differences:start --> and \
            <!-- resolver-differences:end --> in FILE: one line per behaviour recorded for both clients.

            An invalid scenario is reported as `check` reports it, and nothing is written (exit 2).

            Example (what `make docs` runs):
              resolvlab doc scenarios --out docs/behaviour --readme README.md
            """
    )

    @Argument(help: "Scenario files, or directories searched recursively for *.json.")
    var paths: [String]

    @Option(help: ArgumentHelp("The directory to write README.md and index.html into (created if missing).", valueName: "dir"))
    var out: String

    @Option(help: ArgumentHelp("A Markdown file whose resolver-differences section is rewritten.", valueName: "file"))
    var readme: String?

    func validate() throws {
        if out.isEmpty { throw ValidationError("--out needs a directory") }
    }

    func run() throws {
        do {
            try Directories.prepare(out)
        } catch {
            printError("resolvlab: --out \(out): \(error)")
            throw ExitCode(ExitStatus.invalid)
        }
        var readmeText: String?
        if let readme {
            do {
                let text = try TraceSetup.readText(readme, option: "--readme")
                try FileReplacement.checkWritable(readme)
                _ = try ResolverDifferences.splice(text, section: "")
                _ = try CatalogueList.splice(text, section: "")
                readmeText = text
            } catch let error as MarkerError {
                printError("resolvlab: --readme \(readme): \(error)")
                throw ExitCode(ExitStatus.invalid)
            } catch {
                printError(error is FileWriteError ? "resolvlab: --readme \(error)" : "resolvlab: \(error)")
                throw ExitCode(ExitStatus.invalid)
            }
        }

        let scenarios = try loadScenarios()
        let (outDirectory, readmeDirectory, documented) = placed(scenarios)
        let pages = BehaviourPages(scenarios: documented, outDirectory: outDirectory)
        var written: [String] = []
        do {
            for (name, text) in [(BehaviourPages.markdownName, pages.markdown()), (BehaviourPages.htmlName, pages.html())] {
                let path = DocPath.normalized(out + "/" + name)
                try FileReplacement.write(Array(text.utf8), to: path)
                written.append(path)
            }
            if let readme, let readmeText, let readmeDirectory {
                let section = ResolverDifferences.section(pages, readmeDirectory: readmeDirectory)
                let listed = try CatalogueList.splice(readmeText, section: CatalogueList.section(pages, readmeDirectory: readmeDirectory))
                let updated = try ResolverDifferences.splice(listed, section: section)
                if updated != readmeText {
                    try FileReplacement.replaceContents(of: readme, with: Array(updated.utf8))
                    written.append(readme)
                }
            }
        } catch {
            printError("resolvlab: \(error)")
            throw ExitCode(ExitStatus.failed)
        }
        let behaviours = pages.catalogue.behaviours
        print("\(behaviours.count) behaviours from \(pages.catalogue.scenarioCount) scenarios (\(behaviours.filter(\.comparesClients).count) compared between clients)")
        for path in written { print("wrote \(TextEscaping.line(path))") }
        throw ExitCode(ExitStatus.passed)
    }

    /// Every scenario, decoded; or every problem of every file, as `check` prints them, and exit 2.
    private func loadScenarios() throws -> [(path: String, scenario: Scenario)] {
        let (files, missing) = ScenarioLoader.expand(paths)
        for path in missing { printError("\(TextEscaping.line(path)): no such file or directory") }
        if files.isEmpty && missing.isEmpty {
            printError("no *.json scenario files found in \(paths.joined(separator: " "))")
        }
        var loaded: [(path: String, scenario: Scenario)] = []
        var invalid = !missing.isEmpty || files.isEmpty
        for file in files {
            do {
                loaded.append((file, try ScenarioLoader.load(path: file)))
            } catch {
                invalid = true
                printError(error.description)
            }
        }
        if invalid {
            printError("resolvlab: nothing written")
            throw ExitCode(ExitStatus.invalid)
        }
        return loaded
    }

    /// The scenario paths and the output directories, all relative to the working directory, or all
    /// absolute when one is: links between them are worked out from their names.
    private func placed(_ scenarios: [(path: String, scenario: Scenario)])
        -> (out: String, readmeDirectory: String?, scenarios: [DocumentedScenario]) {
        let all = [out] + (readme.map { [$0] } ?? []) + scenarios.map(\.path)
        let directory = all.contains(where: { $0.hasPrefix("/") }) ? workingDirectory() : nil
        func place(_ path: String) -> String { directory.map { DocPath.absolute(path, in: $0) } ?? DocPath.normalized(path) }
        return (place(out), readme.map { DocPath.directory(of: place($0)) },
                scenarios.flatMap { DocumentedScenario.runs(path: place($0.path), scenario: $0.scenario) })
    }

    private func workingDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "/" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
