import ScenarioFormat

/// The stub resolver a documented run observes: the columns of the summary matrix.
public typealias Client = ResolverClient

extension ResolverClient {
    /// The helper that runs musl's getaddrinfo (`tools/musl/`) in scenarios written before `clients`.
    public static let muslFrontEnd = "resolvlab-musl-gai"

    /// The client of a scenario that names none: a lookup through the musl front end says musl; then a
    /// `musl` or `glibc` tag; then a `musl` directory on the path. glibc otherwise: `daemons/` and
    /// `kubernetes/` scenarios resolve with glibc.
    public static func of(_ scenario: Scenario, path: String) -> ResolverClient {
        if let client = scenario.client { return client }
        let runsMusl = scenario.lookups.contains { lookup in
            guard case .exec(let call) = lookup.call, let command = call.arguments.first else { return false }
            return command.split(separator: "/").last.map(String.init) == muslFrontEnd
        }
        if runsMusl || scenario.tags.contains(ResolverClient.musl.rawValue) { return .musl }
        if scenario.tags.contains(ResolverClient.glibc.rawValue) { return .glibc }
        return DocPath.components(path).dropLast().contains(ResolverClient.musl.rawValue) ? .musl : .glibc
    }
}
