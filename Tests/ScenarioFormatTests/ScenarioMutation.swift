import ScenarioFormat

/// Random edits of a valid scenario that keep it JSON, so the decoder (not just the parser) meets the damage.
enum ScenarioMutation {
    /// Keys the format knows (from its description, so a new key is mutated too), and a few data keys,
    /// so renames often produce a wrong-but-meaningful document.
    static let keys = FormatDescription.allKeyNames + ["x.example.", "*.example.", "/etc/resolv.conf", "/proc/x", "", "nmae"]

    /// Values that appear in scenarios, valid somewhere and wrong elsewhere.
    static let values: [JSONValue] = [
        "", "x", "x.example", "A x.", "* *", "AAAA x. @10.0.0.1:5353 tcp", "A x. quic", "10.0.0.1", "fd00::1", "0.0.0.0",
        "::ffff:10.0.0.1", "10.0.0.1/33", "10.0.0.0/8", "nxdomain", "truncate", "answer", "silent", "closed", "serve", "tcp",
        "udp", "canonname", "addrconfig", "inet6", "EAI_NONAME", "/etc/gai.conf", "/etc/resolv.conf", "*.example.", "*",
        "a..b", "10 mail.example.", "0 5 443 web.example.", "exact", "unordered", "user", "net", "mount", "uts", "pid",
        "/tmp", "224.0.0.1", "ff02::1", "^x+$", "(", "a\u{0}b",
    ].map(JSONValue.string) + [
        .number(JSONNumber(0)), .number(JSONNumber(-1)), .number(JSONNumber(1)), .number(JSONNumber(53)),
        .number(JSONNumber(65536)), .number(JSONNumber(600_001)), .number(JSONNumber(literal: "1e3") ?? JSONNumber(0)),
        .number(JSONNumber(literal: "0.5") ?? JSONNumber(0)), .number(JSONNumber(literal: "-0") ?? JSONNumber(0)),
        .number(JSONNumber(literal: "123456789012345678901234567890") ?? JSONNumber(0)),
        .bool(true), .bool(false), .null, .emptyArray, .emptyObject,
        .array([.string("")]), .array([.string("getent"), .string("hosts")]), .array([.string("A x."), .number(JSONNumber(1))]),
        .object([("exitCode", .number(JSONNumber(0)))]), .object([("getaddrinfo", .string("x"))]),
        .object([("address", .string("10.0.0.1"))]), .object([("CNAME", .array([.string("a."), .string("b.")]))]),
    ]

    typealias Path = [JSONPath.Component]

    /// Every node's path, the root's (`[]`) included.
    static func paths(_ value: JSONValue, under prefix: Path = []) -> [Path] {
        var result = [prefix]
        switch value {
        case .array(let elements):
            for (index, element) in elements.enumerated() { result += paths(element.value, under: prefix + [.index(index)]) }
        case .object(let members):
            for member in members { result += paths(member.value.value, under: prefix + [.key(member.key)]) }
        default:
            break
        }
        return result
    }

    /// `value` with the node at `path` replaced by `change`'s result; nil from `change` removes the node.
    static func edit(_ value: JSONValue, at path: ArraySlice<JSONPath.Component>, _ change: (JSONValue) -> JSONValue?) -> JSONValue? {
        guard let first = path.first else { return change(value) }
        let rest = path.dropFirst()
        switch (value, first) {
        case (.array(let elements), .index(let index)) where elements.indices.contains(index):
            var copy = elements
            if let new = edit(elements[index].value, at: rest, change) { copy[index] = JSONNode(new) } else { copy.remove(at: index) }
            return .array(copy)
        case (.object(let members), .key(let key)):
            guard let index = members.firstIndex(where: { $0.key == key }) else { return value }
            var copy = members
            if let new = edit(members[index].value.value, at: rest, change) {
                copy[index] = JSONMember(key: key, keyRange: .zero, value: JSONNode(new))
            } else {
                copy.remove(at: index)
            }
            return .object(copy)
        default:
            return value
        }
    }

    /// One random structural edit somewhere in `value`.
    static func mutate<R: RandomNumberGenerator>(_ value: JSONValue, using rng: inout R) -> JSONValue {
        let all = paths(value)
        let path = all.randomElement(using: &rng) ?? []
        let kind = Int.random(in: 0..<8, using: &rng)
        let replacement = values.randomElement(using: &rng) ?? .null
        let random = JSONRandom.value(depth: 2, using: &rng)
        let newKey = keys.randomElement(using: &rng) ?? "x"
        let changed = edit(value, at: path[...]) { node in
            switch kind {
            case 0, 1: return replacement
            case 2: return random
            case 3: return nil
            case 4:
                // Rename one member of an object (skipped when the new key is taken: the parser rejects duplicates).
                guard case .object(var members) = node, !members.isEmpty, !members.contains(where: { $0.key == newKey }) else {
                    return replacement
                }
                let index = members.count / 2
                members[index] = JSONMember(key: newKey, keyRange: .zero, value: members[index].value)
                return .object(members)
            case 5:
                // Add a member or element, as a user adding a line would.
                switch node {
                case .object(var members) where !members.contains(where: { $0.key == newKey }):
                    members.append(JSONMember(key: newKey, keyRange: .zero, value: JSONNode(replacement)))
                    return .object(members)
                case .array(var elements):
                    elements.append(elements.last ?? JSONNode(replacement))
                    return .array(elements)
                default:
                    return .array([node])
                }
            case 6:
                if case .string(let text) = node { return .string(String(text.dropLast())) }
                return .array([node])
            default:
                if case .string(let text) = node { return .string(text.uppercased() + ".") }
                if case .array(let elements) = node { return elements.first?.value ?? .null }
                return node
            }
        }
        return changed ?? .null
    }
}
