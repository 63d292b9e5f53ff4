import Kubelet
import Yams

/// Reads the DNS fields of a Pod document strictly: a value of the wrong YAML type is an error (as the API
/// server refuses `value: 1` where a string belongs), and so is an unknown key inside `dnsConfig`.
final class ManifestReader {
    let file: String
    private(set) var errors: [PodManifestError] = []

    init(file: String) { self.file = file }

    func fail(_ message: String, at node: Node?, path: String) {
        errors.append(PodManifestError(file: file, line: node?.mark?.line, column: node?.mark?.column, path: path, message: message))
    }

    /// A semantic problem (`PodDNS.problems`), placed at the node it is about, or the nearest one that exists.
    func fail(_ problem: KubeletInputProblem, in document: Node) {
        var components = problem.path
        var path: String
        var node: Node?
        if case .key("namespace")? = components.first {
            components.removeFirst()
            path = "metadata.namespace"
            node = document.mapping?["metadata"]?.mapping?["namespace"] ?? document.mapping?["metadata"] ?? document
        } else {
            path = "spec"
            node = document.mapping?["spec"] ?? document
        }
        for component in components {
            switch component {
            case .key(let key):
                path += "." + key
                if let next = node?.mapping?[key] { node = next }
            case .index(let index):
                path += "[\(index)]"
                if let elements = node?.sequence, index < elements.count { node = elements[index] }
            }
        }
        fail(problem.message, at: node, path: path)
    }

    func pod(_ document: Node) -> PodManifest? {
        guard let root = mapping(document, path: "", what: "a Pod manifest (apiVersion: v1, kind: Pod)") else { return nil }
        guard let kindNode = root["kind"] else {
            fail("missing kind: expected a Pod manifest (kind: Pod)", at: document, path: "")
            return nil
        }
        guard let kind = string(kindNode, path: "kind") else { return nil }
        guard kind == "Pod" else {
            fail("expected kind: Pod, found \(kind); resolvlab reads a Pod (for a Deployment or a Job, put its spec.template "
                 + "into a Pod manifest)", at: kindNode, path: "kind")
            return nil
        }
        if let version = root["apiVersion"], let text = string(version, path: "apiVersion"), text != "v1" {
            fail("expected apiVersion: v1 (Pods are in the core API group), found \(text)", at: version, path: "apiVersion")
        }
        var manifest = PodManifest(pod: PodDNS())
        if let metadataNode = root["metadata"], !isNull(metadataNode),
           let metadata = mapping(metadataNode, path: "metadata", what: "a mapping (name, namespace, ...)") {
            if let node = metadata["name"], !isNull(node) { manifest.name = string(node, path: "metadata.name") }
            if let node = metadata["namespace"], !isNull(node), let namespace = string(node, path: "metadata.namespace") {
                // The API server puts a pod without one in "default".
                manifest.pod.namespace = namespace.isEmpty ? PodDNS.defaultNamespace : namespace
            }
        }
        guard let specNode = root["spec"], !isNull(specNode),
              let spec = mapping(specNode, path: "spec", what: "a mapping (containers, dnsPolicy, ...)") else { return manifest }
        if let node = spec["dnsPolicy"], !isNull(node), let text = string(node, path: "spec.dnsPolicy"), !text.isEmpty {
            // "" is defaulted like a missing policy, to ClusterFirst.
            if let policy = DNSPolicy(rawValue: text) {
                manifest.pod.dnsPolicy = policy
            } else {
                fail("expected one of \(DNSPolicy.allCases.map(\.rawValue).joined(separator: ", ")); found \(text)"
                     + Self.hint(text, DNSPolicy.allCases.map(\.rawValue)), at: node, path: "spec.dnsPolicy")
            }
        }
        if let node = spec["hostNetwork"], !isNull(node) {
            if node.scalar != nil, node.has(.bool), let value = node.bool {
                manifest.pod.hostNetwork = value
            } else {
                fail("expected true or false, found \(Self.describe(node))", at: node, path: "spec.hostNetwork")
            }
        }
        if let node = spec["dnsConfig"], !isNull(node) { manifest.pod.dnsConfig = dnsConfig(node) }
        return manifest
    }

    func dnsConfig(_ node: Node) -> PodDNSConfig? {
        let path = "spec.dnsConfig"
        guard let config = mapping(node, path: path, what: "a mapping of nameservers, searches and options") else { return nil }
        rejectUnknownKeys(config, allowed: ["nameservers", "searches", "options"], path: path)
        var result = PodDNSConfig()
        if let list = config["nameservers"], !isNull(list) { result.nameservers = strings(list, path: path + ".nameservers") }
        if let list = config["searches"], !isNull(list) { result.searches = strings(list, path: path + ".searches") }
        if let list = config["options"], !isNull(list) {
            guard let elements = sequence(list, path: path + ".options", what: "a list of options like - name: ndots") else { return result }
            for (index, element) in elements.enumerated() {
                let elementPath = path + ".options[\(index)]"
                guard let option = mapping(element, path: elementPath, what: "an option: name, and optionally value") else { continue }
                rejectUnknownKeys(option, allowed: ["name", "value"], path: elementPath)
                var name = ""
                if let node = option["name"], !isNull(node) {
                    name = string(node, path: elementPath + ".name") ?? ""
                } else {
                    fail("missing name: an option needs one, like - name: ndots", at: element, path: elementPath)
                }
                var value: String?
                if let node = option["value"], !isNull(node) { value = string(node, path: elementPath + ".value") }
                result.options.append(.init(name, value))
            }
        }
        return result
    }

    // MARK: - Values of the right YAML type

    func isNull(_ node: Node) -> Bool { node.scalar != nil && node.has(.null) }

    func mapping(_ node: Node, path: String, what: String) -> Node.Mapping? {
        guard let mapping = node.mapping else {
            fail("expected \(what), found \(Self.describe(node))", at: node, path: path)
            return nil
        }
        return mapping
    }

    func sequence(_ node: Node, path: String, what: String) -> Node.Sequence? {
        guard let sequence = node.sequence else {
            fail("expected \(what), found \(Self.describe(node))", at: node, path: path)
            return nil
        }
        return sequence
    }

    /// A string: a scalar the YAML resolver takes as a string (`1`, `true` and `~` are not; quote them).
    func string(_ node: Node, path: String) -> String? {
        guard let scalar = node.scalar, node.has(.str) else {
            let quote = node.scalar.map { " (quote it: \"\($0.string)\")" } ?? ""
            fail("expected a string, found \(Self.describe(node))\(quote)", at: node, path: path)
            return nil
        }
        return scalar.string
    }

    func strings(_ node: Node, path: String) -> [String] {
        guard let elements = sequence(node, path: path, what: "a list of strings") else { return [] }
        return elements.enumerated().compactMap { string($0.element, path: path + "[\($0.offset)]") }
    }

    func rejectUnknownKeys(_ mapping: Node.Mapping, allowed: [String], path: String) {
        for key in mapping.keys {
            let name = key.string ?? Self.describe(key)
            if !allowed.contains(name) {
                fail("unknown field \(name); expected \(allowed.joined(separator: ", "))" + Self.hint(name, allowed), at: key,
                     path: path + "." + name)
            }
        }
    }

    /// `the integer 1`, `a mapping`, ...: what a node of the wrong type is.
    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            switch node.tag.rawValue {
            case Tag.Name.null.rawValue: return "null"
            case Tag.Name.bool.rawValue: return "the boolean \(scalar.string)"
            case Tag.Name.int.rawValue: return "the integer \(scalar.string)"
            case Tag.Name.float.rawValue: return "the number \(scalar.string)"
            case Tag.Name.str.rawValue: return "the string \"\(scalar.string)\""
            default: return "\(scalar.string) (\(node.tag))"
            }
        }
    }

    /// ` (did you mean "X"?)` for a near miss: letter case, or up to two letters added, dropped or changed.
    static func hint(_ word: String, _ candidates: [String]) -> String {
        let lowered = Array(word.lowercased())
        let scored = candidates.map { ($0, distance(lowered, Array($0.lowercased()))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= min(2, max(1, word.count / 3)), best.0 != word else { return "" }
        return " (did you mean \"\(best.0)\"?)"
    }

    /// Levenshtein distance.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var current = [i + 1]
            for (j, cb) in b.enumerated() { current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1))) }
            previous = current
        }
        return previous[b.count]
    }
}

extension Node {
    /// The YAML resolver took this node as one of `name` (a plain `1` is an int, a quoted one a str).
    func has(_ name: Tag.Name) -> Bool { tag.rawValue == name.rawValue }
}
