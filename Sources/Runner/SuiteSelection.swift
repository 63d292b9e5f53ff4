import ScenarioFormat

/// Which scenario files a run takes: `--filter`, `--tag`, `--shard K/N`.
public struct SuiteSelection: Sendable {
    /// A regular expression searched for in the scenario's name and path.
    public var filter: String?
    /// Selects scenarios that carry at least one of these tags.
    public var tags: [String]
    public var shard: Shard?

    public init(filter: String? = nil, tags: [String] = [], shard: Shard? = nil) {
        self.filter = filter
        self.tags = tags
        self.shard = shard
    }

    /// `K/N`: the K-th of N shards (1-based).
    public struct Shard: Hashable, Sendable, CustomStringConvertible {
        public var index: Int
        public var count: Int

        /// Parses `K/N` with 1 ≤ K ≤ N.
        public init?(_ text: String) {
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]),
                  count >= 1, (1...count).contains(index) else { return nil }
            self.index = index
            self.count = count
        }

        public var description: String { "\(index)/\(count)" }
    }

    /// A candidate file: its path, and the scenario if the file decodes.
    public struct Candidate: Sendable {
        public var path: String
        public var name: String?
        public var tags: [String]

        public init(path: String, name: String?, tags: [String]) {
            self.path = path
            self.name = name
            self.tags = tags
        }

        public init(_ loaded: LoadedScenario) {
            self.init(path: loaded.path, name: loaded.scenario?.name, tags: loaded.scenario?.tags ?? [])
        }
    }

    /// The selected scenarios, in the order given (see `select(_:)`).
    public func select(_ loaded: [LoadedScenario]) throws(SelectionError) -> [LoadedScenario] {
        let paths = Set(try select(loaded.map(Candidate.init)))
        return loaded.filter { paths.contains($0.path) }
    }

    /// The selected paths, in the order given. Filter and tags apply first; the shard then splits
    /// what remains round-robin over the sorted paths, so shards are balanced, disjoint, cover the
    /// whole selection, and do not depend on the order paths were given in. A file that does not
    /// decode (no name, no tags) is kept whatever the tags say, so a broken scenario is reported
    /// by exactly one shard instead of silently dropped.
    public func select(_ candidates: [Candidate]) throws(SelectionError) -> [String] {
        let expression: Regex<AnyRegexOutput>?
        if let filter {
            do {
                expression = try Regex(filter)
            } catch {
                throw SelectionError(message: "--filter \(filter) is not a valid regular expression: \(error)")
            }
        } else {
            expression = nil
        }
        let kept = candidates.filter { candidate in
            if let expression {
                let matches = candidate.path.contains(expression) || (candidate.name?.contains(expression) ?? false)
                if !matches { return false }
            }
            if !tags.isEmpty, candidate.name != nil, !candidate.tags.contains(where: tags.contains) { return false }
            return true
        }
        guard let shard else { return kept.map(\.path) }
        let sorted = Array(Set(kept.map(\.path))).sorted()
        var inShard = Set<String>()
        for (position, path) in sorted.enumerated() where position % shard.count == shard.index - 1 {
            inShard.insert(path)
        }
        return kept.map(\.path).filter(inShard.contains)
    }

    public struct SelectionError: Error, CustomStringConvertible, Sendable {
        public var message: String
        public var description: String { message }
    }
}
