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

extension LoadedScenario {
    /// The runs of this file: one per client it runs under (`Scenario.clientRuns`), each judged by that
    /// client's expectations, or the file itself when it names none (and for a file that did not decode).
    public func clientRuns(requested: [ResolverClient]?) -> [LoadedScenario] {
        guard let scenario else { return [self] }
        let clients = scenario.clientRuns(requested: requested)
        guard !clients.isEmpty else { return [self] }
        return clients.map { LoadedScenario(path: path, content: .success(scenario.under($0))) }
    }
}
