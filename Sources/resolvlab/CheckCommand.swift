import ArgumentParser
import Reports
import ScenarioFormat

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate scenario files without running them.",
        discussion: """
            Prints every problem as FILE:LINE:COLUMN: JSON.PATH: message (at most \(ScenarioErrors.printedLimit) per \
            file, then how many more). Exits 2 if any file is invalid.
            """
    )

    @Argument(help: "Scenario files, or directories searched recursively for *.json.")
    var paths: [String]

    func run() throws {
        let (files, missing) = ScenarioLoader.expand(paths)
        var invalid = !missing.isEmpty
        for path in missing { printError("\(path): no such file or directory") }
        if files.isEmpty && missing.isEmpty {
            printError("no *.json scenario files found in \(paths.joined(separator: " "))")
            throw ExitCode(ExitStatus.invalid)
        }
        for file in files {
            do {
                _ = try ScenarioLoader.load(path: file)
                print("ok    \(TextEscaping.line(file))")
            } catch {
                invalid = true
                print("error \(TextEscaping.line(file))")
                printError(error.description)
            }
        }
        if invalid { throw ExitCode(ExitStatus.invalid) }
    }
}
