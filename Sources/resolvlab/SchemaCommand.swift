import ArgumentParser
import ScenarioFormat

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema of the scenario format.",
        discussion: """
            Prints a JSON Schema (draft 2020-12) describing scenario files, format v1. An editor that knows it \
            completes keys and values, shows what each key means on hover, and flags typos and wrong values \
            while you type. Save it once, for example next to your scenarios:

              resolvlab schema > schema/scenario.schema.json

            Then point your editor at it, either per file with a "$schema" key (a path relative to the \
            scenario file, or a URL; resolvlab ignores the key):

              { "$schema": "../schema/scenario.schema.json", "name": "...", ... }

            or for every scenario at once, e.g. in VS Code's settings.json:

              "json.schemas": [{
                "fileMatch": ["scenarios/**/*.json"],
                "url": "./schema/scenario.schema.json"
              }]

            Scenario files may contain comments and trailing commas; in VS Code also add \
            "files.associations": { "scenarios/**/*.json": "jsonc" } so the editor accepts them.

            The schema is a help for editing: `resolvlab check` remains the authority, and also checks what a \
            schema cannot express, such as a CNAME being alone at its name, minMs not exceeding maxMs, two \
            servers on one address and port, and the exact syntax of domain names.
            """
    )

    func run() throws {
        print(ScenarioSchema.text, terminator: "")
    }
}
