import ArgumentParser

struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Run scenarios and write the observed queries into their expectations."
    )

    @Argument(help: "Scenario files, or directories searched recursively for *.json.")
    var paths: [String]

    func run() throws {
        throw ValidationError("record is not implemented yet")
    }
}
