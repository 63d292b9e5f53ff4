import Judge
import Runner
import ScenarioFormat

/// Behaviour × client: one row per scenario file that ran under clients, one column per client, each
/// cell the outcome and the number of queries on the wire (what `run` prints after its summary when
/// scenarios ran under several clients, so differences between resolvers read at a glance).
public struct ClientMatrix: Sendable {
    public struct Row: Sendable {
        public var path: String
        public var name: String
        public var cells: [ResolverClient: Cell]
    }

    public struct Cell: Sendable, Hashable {
        public var outcome: Outcome
        /// Queries on the wire; nil when nothing ran (a skip, or an error before the sandbox reported).
        public var queries: Int?
        /// Runs of this cell under `--repeat` that ended otherwise than `outcome` (the worst of them).
        public var runs: Int

        /// `PASS 8q`, `FAIL 2q`, `SKIP`.
        public var text: String {
            var text = outcome.rawValue.uppercased()
            if let queries { text += " \(queries)q" }
            if runs > 1 { text += " ×\(runs)" }
            return text
        }
    }

    public var clients: [ResolverClient]
    public var rows: [Row]

    /// nil when no result ran under a client.
    public init?(_ results: [ScenarioResult]) {
        var rows: [Row] = []
        var rowIndex: [String: Int] = [:]
        var clients = Set<ResolverClient>()
        for result in results {
            guard let client = result.client else { continue }
            clients.insert(client)
            let index = rowIndex[result.path] ?? {
                rows.append(Row(path: result.path, name: result.name, cells: [:]))
                rowIndex[result.path] = rows.count - 1
                return rows.count - 1
            }()
            let cell = Cell(outcome: result.outcome, queries: result.figures?.queries, runs: 1)
            if let existing = rows[index].cells[client] {
                // Under --repeat the cell shows the worst run, and how many runs there were.
                let worse = Self.severity(cell.outcome) > Self.severity(existing.outcome) ? cell : existing
                rows[index].cells[client] = Cell(outcome: worse.outcome, queries: worse.queries, runs: existing.runs + 1)
            } else {
                rows[index].cells[client] = cell
            }
        }
        guard !clients.isEmpty else { return nil }
        self.clients = clients.sorted()
        self.rows = rows
    }

    static func severity(_ outcome: Outcome) -> Int {
        switch outcome {
        case .pass: 0
        case .skip: 1
        case .fail: 2
        case .error: 3
        }
    }

    /// The table as aligned text: a header, then a row per scenario (its name, cut to `nameWidth`).
    public func lines(nameWidth: Int = 60) -> [String] {
        let names = rows.map { row -> String in
            let name = TextEscaping.line(row.name)
            return name.count > nameWidth ? String(name.prefix(nameWidth - 1)) + "…" : name
        }
        let first = max("scenario".count, names.map(\.count).max() ?? 0)
        let widths = clients.map { client in
            max(client.rawValue.count, rows.compactMap { $0.cells[client]?.text.count }.max() ?? 1)
        }
        func line(_ label: String, _ cells: [String]) -> String {
            let padded = [HumanReport.padded(label, to: first)] + zip(cells, widths).map { HumanReport.padded($0, to: $1) }
            return padded.joined(separator: "  ").trimmingTrailingBlanks
        }
        var lines = [line("scenario", clients.map(\.rawValue))]
        for (row, name) in zip(rows, names) {
            lines.append(line(name, clients.map { row.cells[$0]?.text ?? "-" }))
        }
        return lines
    }
}

extension String {
    var trimmingTrailingBlanks: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
