import ScenarioFormat

/// A scenario file as a run holds it: read and decoded once, before anything runs. Selection,
/// scheduling, the sandbox request and judging all use this one decoded value.
public struct LoadedScenario: Sendable {
    public var path: String
    public var content: Result<Scenario, ScenarioErrors>

    public init(path: String, content: Result<Scenario, ScenarioErrors>) {
        self.path = path
        self.content = content
    }

    public var scenario: Scenario? { try? content.get() }

    /// Reads and decodes the file at `path`.
    public static func load(_ path: String, options: ScenarioDecoder.Options = .init()) -> LoadedScenario {
        LoadedScenario(path: path, content: Result { () throws(ScenarioErrors) -> Scenario in
            try ScenarioLoader.load(path: path, options: options)
        })
    }
}
