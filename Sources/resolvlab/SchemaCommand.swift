import ArgumentParser

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema of the scenario format."
    )

    func run() throws {
        throw ValidationError("schema is not implemented yet")
    }
}
