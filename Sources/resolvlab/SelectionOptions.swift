import ArgumentParser
import Runner
import ScenarioFormat

extension SuiteSelection.Shard: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

/// `--filter`, `--tag`, `--shard`: which of the given scenario files to run.
struct SelectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Run only scenarios whose name or path matches this regular expression.",
                               valueName: "regex"))
    var filter: String?

    @Option(name: .customLong("tag"),
            help: ArgumentHelp("Run only scenarios carrying this tag (repeatable: any of the tags).", valueName: "tag"))
    var tags: [String] = []

    @Option(help: ArgumentHelp("Run only shard K of N (1-based): a stable, balanced split for CI matrices; every "
                               + "scenario is in exactly one shard.", valueName: "K/N"))
    var shard: SuiteSelection.Shard?

    var selection: SuiteSelection {
        SuiteSelection(filter: filter, tags: tags, shard: shard)
    }

    var isNarrowing: Bool { filter != nil || !tags.isEmpty }

    /// Expands `paths`, reads and decodes every file once, and applies the selection. Throws
    /// `ExitCode` 2 (after printing why) for missing paths, no scenario files, a bad regular
    /// expression, or a filter that matches nothing. `beforeReading` gets the number of files
    /// found, before any is read.
    func scenarios(_ paths: [String], decodeOptions: ScenarioDecoder.Options = .init(),
                   beforeReading: (Int) -> Void = { _ in }) throws -> [LoadedScenario] {
        let (files, missing) = ScenarioLoader.expand(paths)
        for path in missing { printError("resolvlab: \(path): no such file or directory") }
        if !missing.isEmpty { throw ExitCode(ExitStatus.invalid) }
        if files.isEmpty {
            printError("resolvlab: no *.json scenario files found in \(paths.joined(separator: " "))")
            throw ExitCode(ExitStatus.invalid)
        }
        beforeReading(files.count)
        let loaded = files.map { LoadedScenario.load($0, options: decodeOptions) }
        let selected: [LoadedScenario]
        do {
            selected = try selection.select(loaded)
        } catch {
            printError("resolvlab: \(error)")
            throw ExitCode(ExitStatus.invalid)
        }
        if selected.isEmpty && isNarrowing
            && (try? SuiteSelection(filter: filter, tags: tags).select(loaded).isEmpty) ?? true {
            printError("resolvlab: no scenario matches the selection (\(files.count) files examined)")
            throw ExitCode(ExitStatus.invalid)
        }
        return selected
    }
}
