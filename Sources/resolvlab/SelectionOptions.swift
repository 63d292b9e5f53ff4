import ArgumentParser
import Runner
import ScenarioFormat

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
    var shard: String?

    func validate() throws {
        if let shard, SuiteSelection.Shard(shard) == nil {
            throw ValidationError("--shard expects K/N with 1 ≤ K ≤ N, like 2/4; got \(shard)")
        }
    }

    var selection: SuiteSelection {
        SuiteSelection(filter: filter, tags: tags, shard: shard.flatMap(SuiteSelection.Shard.init))
    }

    var isNarrowing: Bool { filter != nil || !tags.isEmpty }

    /// The selected files, in order, and the scenarios of those that decode (decoded once, here).
    struct Selected {
        var paths: [String]
        var scenarios: [String: Scenario]
    }

    /// Expands `paths` and applies the selection. Throws `ExitCode` 2 (after printing why) for
    /// missing paths, no scenario files, a bad regular expression, or a filter that matches nothing.
    func scenarioFiles(_ paths: [String], decodeOptions: ScenarioDecoder.Options = .init()) throws -> Selected {
        let (files, missing) = ScenarioLoader.expand(paths)
        for path in missing { printError("resolvlab: \(path): no such file or directory") }
        if !missing.isEmpty { throw ExitCode(ExitStatus.invalid) }
        if files.isEmpty {
            printError("resolvlab: no *.json scenario files found in \(paths.joined(separator: " "))")
            throw ExitCode(ExitStatus.invalid)
        }
        var scenarios: [String: Scenario] = [:]
        let candidates = files.map { path in
            let scenario = try? ScenarioLoader.load(path: path, options: decodeOptions)
            scenarios[path] = scenario
            return SuiteSelection.Candidate(path: path, name: scenario?.name, tags: scenario?.tags ?? [])
        }
        let selected: [String]
        do {
            selected = try selection.select(candidates)
        } catch {
            printError("resolvlab: \(error)")
            throw ExitCode(ExitStatus.invalid)
        }
        if selected.isEmpty && isNarrowing
            && (try? SuiteSelection(filter: filter, tags: tags).select(candidates).isEmpty) ?? true {
            printError("resolvlab: no scenario matches the selection (\(files.count) files examined)")
            throw ExitCode(ExitStatus.invalid)
        }
        return Selected(paths: selected, scenarios: scenarios)
    }
}
