import ScenarioFormat

/// The stub resolver a scenario observes: the columns of the summary matrix.
public enum Client: String, CaseIterable, Sendable, Hashable, Comparable {
    case glibc, musl

    /// The helper that runs musl's getaddrinfo (`tools/musl/`); every other lookup goes through glibc,
    /// which resolvlab itself and the commands it execs are linked against.
    public static let muslFrontEnd = "resolvlab-musl-gai"

    /// A lookup through the musl front end says musl; then a `musl` or `glibc` tag; then a `musl`
    /// directory on the path. glibc otherwise: `daemons/` and `kubernetes/` scenarios resolve with glibc.
    public static func of(_ scenario: Scenario, path: String) -> Client {
        let runsMusl = scenario.lookups.contains { lookup in
            guard case .exec(let call) = lookup.call, let command = call.arguments.first else { return false }
            return command.split(separator: "/").last.map(String.init) == muslFrontEnd
        }
        if runsMusl || scenario.tags.contains(Client.musl.rawValue) { return .musl }
        if scenario.tags.contains(Client.glibc.rawValue) { return .glibc }
        return DocPath.components(path).dropLast().contains(Client.musl.rawValue) ? .musl : .glibc
    }

    /// Columns in this order: glibc, then musl.
    public static func < (lhs: Client, rhs: Client) -> Bool { lhs.rank < rhs.rank }

    private var rank: Int {
        switch self {
        case .glibc: 0
        case .musl: 1
        }
    }
}
