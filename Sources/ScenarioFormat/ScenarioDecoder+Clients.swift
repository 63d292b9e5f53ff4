extension ScenarioDecoder {
    /// `clients`: at least one client, each once.
    static func decodeClients(_ node: JSONNode, _ path: JSONPath, context: DecodingContext) -> [ResolverClient]? {
        guard let elements = context.array(node, path, nonEmpty: true) else { return nil }
        var clients: [ResolverClient] = []
        for (index, element) in elements.enumerated() {
            guard let client = context.choice(element, path.appending(index), as: ResolverClient.self) else { continue }
            if clients.contains(client) {
                context.fail("\"\(client.rawValue)\" is listed twice", at: element, path: path.appending(index))
            }
            clients.append(client)
        }
        return clients
    }

    /// `expect.clients` of an expect object (the scenario's or a lookup's): per client, the whole
    /// expectation that client is judged by, the shared keys with the client's replaced (null drops one).
    /// Each is decoded by `decode` like the shared one, so every rule holds for it too; a problem in the
    /// shared keys is reported once, where they are written, and one in a client's keys under
    /// `expect.clients.NAME`. nil for a client: nothing left to check.
    static func decodeClientOverrides<T>(_ expect: JSONNode, _ path: JSONPath, context: DecodingContext,
                                         decode: (JSONNode, JSONPath, DecodingContext) -> T?) -> [ResolverClient: T?] {
        guard case .object(let shared) = expect.value, let member = shared.first(where: { $0.key == "clients" }) else { return [:] }
        let path = path.appending("clients")
        guard case .object(let entries) = member.value.value else {
            context.wrongKind("an object of clients, like { \"musl\": { ... } }", member.value, path)
            return [:]
        }
        var overrides: [ResolverClient: T?] = [:]
        for entry in entries {
            let entryPath = path.appending(entry.key)
            guard let client = ResolverClient(rawValue: entry.key) else {
                let names = ResolverClient.allCases.map(\.rawValue)
                context.fail("unknown client \(entry.key.quotedForMessage); expected one of \(names.joined(separator: ", "))"
                             + Suggestion.hint(for: entry.key, in: names), at: entry.keyRange.start, path: entryPath)
                continue
            }
            guard case .object(let own) = entry.value.value else {
                context.wrongKind("an object of the keys that differ for \(client.rawValue) (null drops a shared key)",
                                  entry.value, entryPath)
                continue
            }
            if own.isEmpty {
                context.fail("an empty override changes nothing; remove it or give the keys that differ for \(client.rawValue)",
                             at: entry.value, path: entryPath)
                continue
            }
            if let nested = own.first(where: { $0.key == "clients" }) {
                context.fail("clients cannot be nested: give \(client.rawValue)'s keys here directly", at: nested.keyRange.start,
                             path: entryPath.appending("clients"))
                continue
            }
            let replaced = Set(own.map(\.key))
            let merged = shared.filter { $0.key != "clients" && !replaced.contains($0.key) } + own.filter { !$0.value.value.isNull }
            guard !merged.isEmpty else {
                overrides[client] = .some(nil)
                continue
            }
            let scratch = DecodingContext(file: context.file)
            let value = decode(JSONNode(value: .object(merged), range: entry.value.range), entryPath, scratch)
            context.absorb(scratch, within: entry.value.range)
            overrides[client] = value
        }
        return overrides
    }
}
