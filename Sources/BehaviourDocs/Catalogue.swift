import ScenarioFormat

/// One scenario file as the pages show it.
public struct DocumentedScenario: Sendable {
    /// The path as shown and linked from, normalized (`scenarios/glibc/x.json`).
    public var path: String
    public var scenario: Scenario
    public var client: Client

    public init(path: String, scenario: Scenario) {
        self.path = DocPath.normalized(path)
        self.scenario = scenario
        self.client = Client.of(scenario, path: path)
    }

    /// The file's runs: one per client it names (each with that client's expectations), or itself.
    public static func runs(path: String, scenario: Scenario) -> [DocumentedScenario] {
        let clients = scenario.clientRuns(requested: nil)
        guard !clients.isEmpty else { return [DocumentedScenario(path: path, scenario: scenario)] }
        return clients.map { DocumentedScenario(path: path, scenario: scenario.under($0)) }
    }

    /// The file name without `.json`.
    public var stem: String { DocPath.stem(path) }

    /// `glibc/answer-owned-by-another-name-ignored`: the form descriptions cite each other in.
    public var shortName: String {
        let parts = DocPath.components(path)
        return parts.count > 1 ? parts[parts.count - 2] + "/" + stem : stem
    }
}

/// One behaviour: a scenario, or scenarios of different clients in the same situation (they cite
/// each other in their descriptions, or share a file name), shown side by side.
public struct Behaviour: Sendable {
    /// Ordered by client, then path.
    public var scenarios: [DocumentedScenario]
    public var topic: Topic
    /// Unique on the page, stable while the first scenario's path stays.
    public var anchor: String

    /// The first scenario's name.
    public var title: String { scenarios.first?.scenario.name ?? "" }

    /// The scenarios of `client`, in path order.
    public func scenarios(for client: Client) -> [DocumentedScenario] { scenarios.filter { $0.client == client } }

    /// More than one client: the behaviour compares resolvers.
    public var comparesClients: Bool { Set(scenarios.map(\.client)).count > 1 }

    /// The smallest path: what behaviours are sorted by.
    var sortKey: String { scenarios.map(\.path).min() ?? "" }
}

/// The scenarios grouped into behaviours and topics, in page order.
public struct Catalogue: Sendable {
    /// Topics that have behaviours, in page order, each with its behaviours sorted by path.
    public var sections: [(topic: Topic, behaviours: [Behaviour])]

    public var behaviours: [Behaviour] { sections.flatMap(\.behaviours) }
    /// Scenario files (a file that names several clients counts once).
    public var scenarioCount: Int { Set(behaviours.flatMap { $0.scenarios.map(\.path) }).count }

    /// The clients the catalogue has runs of, in column order.
    public var clients: [Client] { Set(behaviours.flatMap { $0.scenarios.map(\.client) }).sorted() }

    /// Groups `scenarios` (in any order; the result depends only on their paths and contents).
    public init(_ scenarios: [DocumentedScenario]) {
        let sorted = scenarios.sorted { $0.path < $1.path }
        var groups = UnionFind(count: sorted.count)
        for (index, documented) in sorted.enumerated() {
            for other in Self.cited(by: documented, among: sorted) where sorted[other].client != documented.client {
                groups.union(index, other)
            }
            // A file that names several clients is one behaviour, a column per client.
            if index > 0, sorted[index - 1].path == documented.path { groups.union(index - 1, index) }
        }
        var members: [Int: [DocumentedScenario]] = [:]
        for index in sorted.indices { members[groups.find(index), default: []].append(sorted[index]) }
        var usedAnchors: Set<String> = []
        var behaviours: [Behaviour] = []
        for group in members.values.sorted(by: { ($0.map(\.path).min() ?? "") < ($1.map(\.path).min() ?? "") }) {
            let ordered = group.sorted { ($0.client, $0.path) < ($1.client, $1.path) }
            var anchor = Self.anchor(for: ordered[0])
            if usedAnchors.contains(anchor) {
                var suffix = 2
                while usedAnchors.contains("\(anchor)-\(suffix)") { suffix += 1 }
                anchor += "-\(suffix)"
            }
            usedAnchors.insert(anchor)
            behaviours.append(Behaviour(scenarios: ordered, topic: Topic.of(ordered), anchor: anchor))
        }
        sections = Topic.ordered.compactMap { topic in
            let inTopic = behaviours.filter { $0.topic == topic }.sorted { $0.sortKey < $1.sortKey }
            return inTopic.isEmpty ? nil : (topic, inTopic)
        }
    }

    /// The indices of the scenarios `documented` names in its description: `glibc/name` or
    /// `musl/name` (a directory and a file name, as descriptions cite each other), or a bare file
    /// name with a hyphen; and those with the same file name in another directory.
    static func cited(by documented: DocumentedScenario, among all: [DocumentedScenario]) -> [Int] {
        var found: Set<Int> = []
        for token in citations(in: documented.scenario.description ?? "") {
            for (index, candidate) in all.enumerated() where candidate.path != documented.path {
                let matches = token.contains("/")
                    ? candidate.shortName == token || candidate.path == token || candidate.path.hasSuffix("/" + token)
                    : candidate.stem == token
                if matches { found.insert(index) }
            }
        }
        for (index, candidate) in all.enumerated() where candidate.path != documented.path && candidate.stem == documented.stem {
            found.insert(index)
        }
        return found.sorted()
    }

    /// Words that could name a scenario: runs of letters, digits, `-`, `_`, `.` and `/`, without a
    /// trailing `.json` or punctuation, that hold a `/` (`glibc/name`) or a `-` (a bare file name:
    /// the catalogue's all have one, plain words do not).
    static func citations(in text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        func flush() {
            var token = current
            while let last = token.last, last == "." || last == "/" || last == "-" { token.removeLast() }
            if token.hasSuffix(".json") { token.removeLast(5) }
            if token.contains("/") || token.contains("-") { tokens.append(token) }
            current = ""
        }
        for character in text {
            if character.isASCII, character.isLetter || character.isNumber || "-_./".contains(character) {
                current.append(character)
            } else {
                flush()
            }
        }
        flush()
        return tokens
    }

    /// `glibc-answer-owned-by-another-name-ignored`: the directory and file name, in letters, digits and `-`.
    static func anchor(for documented: DocumentedScenario) -> String {
        var anchor = ""
        for character in documented.shortName.lowercased() {
            if character.isASCII, character.isLetter || character.isNumber {
                anchor.append(character)
            } else if anchor.last != "-" {
                anchor.append("-")
            }
        }
        while anchor.hasPrefix("-") { anchor.removeFirst() }
        while anchor.hasSuffix("-") { anchor.removeLast() }
        return anchor.isEmpty ? "scenario" : anchor
    }
}

/// Disjoint sets of indices, for grouping scenarios that cite each other, directly or through another.
struct UnionFind {
    private var parent: [Int]

    init(count: Int) { parent = Array(0..<count) }

    mutating func find(_ index: Int) -> Int {
        var root = index
        while parent[root] != root { root = parent[root] }
        var current = index
        while parent[current] != root {
            let next = parent[current]
            parent[current] = root
            current = next
        }
        return root
    }

    /// Joins two sets; the smaller index becomes the root, so the result does not depend on the order of joins.
    mutating func union(_ first: Int, _ second: Int) {
        let (a, b) = (find(first), find(second))
        if a != b { parent[max(a, b)] = min(a, b) }
    }
}
