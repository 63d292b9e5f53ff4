import DNSWire

/// Chains of CNAMEs within one table, as the responder follows them into one answer.
extension RecordTable {
    /// How many CNAME links the responder follows, at most, within one server's records: a longer
    /// chain is refused when the scenario is decoded, so an answer is never cut short silently.
    public static let maximumCNAMEChain = 200

    /// Owners whose CNAME chain is longer than `limit` links, with the chain's length: heads in file
    /// order, then loops. Links are the CNAME records the responder puts in one answer: it follows a
    /// chain to its end or until a name repeats, so a loop counts each of its names once (a short loop
    /// is fine, a long one is cut short like a long chain). Each chain is reported at its head (an
    /// owner no CNAME points to, or a wildcard); a loop no head leads into, at its first owner in file
    /// order. Linear in the table: every name is walked once.
    public func cnameChainsLonger(than limit: Int) -> [(owner: Entry, links: Int)] {
        var lengths: [NameKey: Int] = [:]      // links from a name until its chain ends or repeats
        var path: [NameKey] = []
        var position: [NameKey: Int] = [:]     // where on `path` a name is, to see a loop close
        func length(from start: NameKey) -> Int {
            defer {
                path.removeAll(keepingCapacity: true)
                position.removeAll(keepingCapacity: true)
            }
            var current = start
            var tail = 0
            while true {
                if let known = lengths[current] { tail = known; break }
                if let loopStart = position[current] {
                    // Every name on the loop repeats after the loop's length; names before it add theirs.
                    let loop = path.count - loopStart
                    for name in path[loopStart...] { lengths[name] = loop }
                    path.removeSubrange(loopStart...)
                    tail = loop
                    break
                }
                guard let target = cnameTarget(at: current) else { break }
                position[current] = path.count
                path.append(current)
                current = NameKey(target)
            }
            for name in path.reversed() {
                tail += 1
                lengths[name] = tail
            }
            return lengths[start] ?? tail
        }
        let targets = Set(entries.compactMap { ownCNAMETarget($0).map(NameKey.init) })
        var results: [(owner: Entry, links: Int)] = []
        for entry in entries {
            guard let target = ownCNAMETarget(entry) else { continue }
            let links: Int
            if entry.isWildcard {
                // Any name below the wildcard starts a chain: one link to the target, then the target's.
                links = 1 + length(from: NameKey(target))
            } else if !targets.contains(NameKey(entry.owner)) {
                links = length(from: NameKey(entry.owner))
            } else {
                continue
            }
            if links > limit { results.append((entry, links)) }
        }
        // What no head reaches is a loop of its own: checked once, at its first owner.
        for entry in entries where !entry.isWildcard && ownCNAMETarget(entry) != nil {
            let owner = NameKey(entry.owner)
            guard lengths[owner] == nil else { continue }
            let links = length(from: owner)
            if links > limit { results.append((entry, links)) }
        }
        return results
    }

    /// The target of the CNAME `entry` itself holds (for a wildcard, what every name below it gets).
    private func ownCNAMETarget(_ entry: Entry) -> DNSName? {
        guard let set = entry.records.first(where: { $0.type == .CNAME }), case .cname(let target)? = set.data.first else { return nil }
        return target
    }
}
