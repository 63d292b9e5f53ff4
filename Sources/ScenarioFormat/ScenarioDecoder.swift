import DNSWire

/// Strict decoding of format v1: every problem is reported with file, line:column, JSON path and
/// what was expected.
public enum ScenarioDecoder {
    /// Options that relax validation for `record`, which fills in the expectations itself.
    public struct Options: Sendable {
        /// Accept a scenario that asserts nothing (no `expect.queries` or `alternatives`, no lookup `expect`).
        public var allowNoAssertions: Bool
        public init(allowNoAssertions: Bool = false) { self.allowNoAssertions = allowNoAssertions }
    }

    /// Decodes `bytes` (the contents of `file`).
    public static func decode(_ bytes: [UInt8], file: String, options: Options = Options()) throws(ScenarioErrors) -> Scenario {
        let root: JSONNode
        do {
            root = try JSONParser.parse(bytes)
        } catch {
            throw ScenarioErrors([ScenarioError(file: file, location: error.location, path: "",
                                                message: "invalid JSON: \(error.message)")])
        }
        return try decode(root, file: file, options: options)
    }

    public static func decode(_ root: JSONNode, file: String, options: Options = Options()) throws(ScenarioErrors) -> Scenario {
        let context = DecodingContext(file: file)
        let scenario = decodeScenario(root, context: context, options: options)
        if let scenario, context.errors.isEmpty { return scenario }
        throw ScenarioErrors(context.errors.sorted {
            ($0.location?.offset ?? 0, $0.path) < ($1.location?.offset ?? 0, $1.path)
        }, omitted: context.omitted)
    }

    static func decodeScenario(_ root: JSONNode, context: DecodingContext, options: Options) -> Scenario? {
        let path = JSONPath()
        guard let object = context.object(root, path, as: FormatDescription.scenario) else { return nil }
        var scenario = Scenario(name: "")

        if let (node, path) = object["$schema"] { _ = context.string(node, path) }
        if let (node, path) = object.require("name") {
            scenario.name = context.string(node, path, nonEmpty: true) ?? ""
        }
        if let (node, path) = object["description"] { scenario.description = context.string(node, path) }
        if let (node, path) = object["tags"] {
            scenario.tags = context.strings(node, path, allowSingle: false) ?? []
            // Scalars, not Characters: Character.isWhitespace misses a blank clustered after a prepended mark ("a\u{600} b").
            for (index, tag) in scenario.tags.enumerated()
            where tag.isEmpty || tag.unicodeScalars.contains(where: \.properties.isWhitespace) {
                context.fail("a tag must be non-empty and contain no whitespace", at: node.elements?[index] ?? node,
                             path: path.appending(index))
            }
        }
        decodeSandbox(object, into: &scenario, context: context)
        if let (node, path) = object["servers"] {
            scenario.servers = decodeServers(node, path, context: context)
        }
        if let (node, path) = object["daemons"] {
            scenario.daemons = decodeDaemons(node, path, servers: scenario.servers, context: context)
        }
        if let (node, path) = object.require("lookups") {
            scenario.lookups = decodeLookups(node, path, context: context)
        }
        if let (node, path) = object["expect"] {
            scenario.expect = decodeExpectation(node, path, context: context)
            scenario.clientExpect = decodeClientOverrides(node, path, context: context) { node, path, context in
                decodeExpectation(node, path, context: context)
            }
        }
        if let (node, path) = object["clients"] {
            scenario.clients = decodeClients(node, path, context: context)
            if !scenario.lookups.isEmpty, !scenario.hasBuiltInLookups {
                context.fail("clients make the built-in lookups (getaddrinfo, gethostbyname, res_query, ...); this scenario only "
                             + "runs commands, which resolve with whatever they are linked against", at: node, path: path)
            }
        }
        if let (node, path) = object["requires"] {
            scenario.requires = context.strings(node, path, allowSingle: false) ?? []
            for (index, command) in scenario.requires.enumerated() where command.isEmpty {
                context.fail("expected a command name like \"dig\"", at: node.elements?[index] ?? node, path: path.appending(index))
            }
        }
        if let (node, path) = object["writable"] {
            scenario.writable = decodeWritable(node, path, context: context)
        }
        if let (node, path) = object["timeoutMs"] {
            scenario.timeoutMs = context.integer(node, path, in: Scenario.timeoutMsRange) ?? Scenario.defaultTimeoutMs
        }
        // A lookup that must take longer than the scenario may run can only end in a timeout.
        if let (timeoutNode, timeoutPath) = object["timeoutMs"] ?? object["lookups"] {
            for (index, lookup) in scenario.lookups.enumerated() {
                if let minimum = lookup.expect?.minMs, minimum >= scenario.timeoutMs {
                    context.fail("lookups[\(index)] expects minMs \(minimum), but the scenario may run only timeoutMs "
                                 + "\(scenario.timeoutMs); raise timeoutMs", at: timeoutNode, path: timeoutPath)
                }
            }
        }
        if !options.allowNoAssertions, context.errors.isEmpty, scenario.expect?.queries == nil, scenario.expect?.alternatives == nil,
           scenario.expect?.forbid.isEmpty ?? true, scenario.expect?.counts.isEmpty ?? true,
           !scenario.lookups.contains(where: { $0.expect != nil || !$0.clientExpect.isEmpty }), scenario.clientExpect.isEmpty {
            context.fail("the scenario asserts nothing: add \"expect\": { \"queries\": [...] } or { \"forbid\": [...] }, or an \"expect\" to a lookup"
                         + " (`resolvlab record` writes them from an actual run)", at: root, path: JSONPath())
        }
        return scenario
    }

    static func decodeSandbox(_ object: ObjectReader, into scenario: inout Scenario, context: DecodingContext) {
        if let (node, path) = object["namespaces"], let names = context.array(node, path) {
            var namespaces: [ScenarioNamespace] = []
            for (index, element) in names.enumerated() {
                guard let namespace = context.choice(element, path.appending(index), as: ScenarioNamespace.self) else { continue }
                if namespaces.contains(namespace) {
                    context.fail("\"\(namespace.rawValue)\" is listed twice", at: element, path: path.appending(index))
                }
                namespaces.append(namespace)
            }
            scenario.namespaces = namespaces
        }
        if let (node, path) = object["hostname"], let hostname = context.string(node, path, nonEmpty: true) {
            // DNSName alone would accept blanks, escapes and control bytes, which no host name has.
            let hostnameCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
            if hostname.utf8.count > Scenario.hostnameMaxLength || (try? DNSName(hostname)) == nil || hostname.hasSuffix(".")
                || !hostname.allSatisfy(hostnameCharacters.contains) {
                context.fail("expected a host name of at most \(Scenario.hostnameMaxLength) bytes made of dot-separated labels of letters, digits, "
                             + "- and _, found \(hostname.quotedForMessage)", at: node, path: path)
            } else {
                scenario.hostname = hostname
            }
        }
        if let (node, path) = object["addresses"], let elements = context.array(node, path) {
            for (index, element) in elements.enumerated() {
                guard let text = context.string(element, path.appending(index)) else { continue }
                if let prefix = AddressPrefix(text) {
                    scenario.addresses.append(prefix)
                } else {
                    context.fail("expected an IPv4 or IPv6 address with an optional prefix length, like 10.244.154.23/32 "
                                 + "or fd00::17/128; found \(text.quotedForMessage)", at: element, path: path.appending(index))
                }
            }
        }
        if let (node, path) = object["resolvConf"] {
            scenario.resolvConf = decodeFileText(node, path, context: context)
        }
        if let (node, path) = object["kubernetes"] {
            if object.has("resolvConf") {
                context.fail("\"kubernetes\" makes /etc/resolv.conf as the kubelet would, and \"resolvConf\" gives it byte for byte; "
                             + "keep one of them", at: object.members.first { $0.key == "kubernetes" }?.keyRange.start, path: path)
            }
            decodeKubernetes(node, path, into: &scenario, context: context)
        }
        if let (node, path) = object["hosts"] {
            scenario.hosts = decodeFileText(node, path, context: context)
        }
        if let (node, path) = object["files"], case .object(let members) = node.value {
            for member in members {
                let memberPath = path.appending(member.key)
                guard let contents = context.string(member.value, memberPath) else { continue }
                if let problem = filePathProblem(member.key) {
                    context.fail(problem, at: member.keyRange.start, path: memberPath)
                    continue
                }
                scenario.files.append((member.key, contents))
            }
        } else if let (node, path) = object["files"] {
            context.wrongKind("an object mapping absolute paths to file contents", node, path)
        }
    }

    /// `resolvConf` and `hosts`: the file's text, or an array of its lines.
    static func decodeFileText(_ node: JSONNode, _ path: JSONPath, context: DecodingContext) -> String {
        if case .string(let text) = node.value { return text }
        guard case .array(let elements) = node.value else {
            context.wrongKind("a string or an array of lines", node, path)
            return ""
        }
        var lines: [String] = []
        for (index, element) in elements.enumerated() {
            guard let line = context.string(element, path.appending(index)) else { continue }
            if line.contains("\n") {
                context.fail("a line must not contain a newline; split it into two elements", at: element,
                             path: path.appending(index))
            }
            lines.append(line)
        }
        return lines.map { $0 + "\n" }.joined()
    }

    /// `writable`: absolute host paths that exist, each a directory or file lookups may write.
    static func decodeWritable(_ node: JSONNode, _ path: JSONPath, context: DecodingContext) -> [String] {
        guard let elements = context.array(node, path) else { return [] }
        var paths: [String] = []
        for (index, element) in elements.enumerated() {
            let elementPath = path.appending(index)
            guard let text = context.string(element, elementPath) else { continue }
            if let problem = hostPathProblem(text, purpose: "be made writable") {
                context.fail(problem, at: element, path: elementPath)
            } else if !HostPaths.exists(text) {
                context.fail("\(text.quotedForMessage) does not exist on this machine; only existing paths can be made writable",
                             at: element, path: elementPath)
            } else {
                paths.append(text)
            }
        }
        return paths
    }

    /// What is wrong with the spelling of an absolute path, judged on its bytes as the kernel sees
    /// them (as Characters, "/proc/\u{301}x" would not start with "/proc/"); nil when nothing is.
    static func pathSyntaxProblem(_ bytes: [UInt8], expected: String) -> String? {
        let slash = UInt8(ascii: "/")
        guard bytes.first == slash, bytes.count > 1, bytes.last != slash else { return "expected \(expected)" }
        if bytes.contains(0) { return "a path must not contain NUL" }
        let components = bytes.split(separator: slash)
        if components.contains(where: { $0.elementsEqual("..".utf8) || $0.elementsEqual(".".utf8) }) {
            return "a path must not contain . or .. components"
        }
        // "/etc//resolv.conf" would otherwise slip past the comparisons that follow.
        if zip(bytes, bytes.dropFirst()).contains(where: { $0 == slash && $1 == slash }) {
            return "a path must not contain empty components (//)"
        }
        return nil
    }

    /// Problems with an absolute path into the host's filesystem, as the kernel would see it.
    static func hostPathProblem(_ path: String, purpose: String) -> String? {
        if let problem = pathSyntaxProblem(Array(path.utf8), expected: "an absolute path like /var/lib/example") { return problem }
        let resolved = HostPaths.resolve(path)
        for root in HostPaths.kernelTrees where resolved.isWithin(root) {
            let via = resolved == path ? "" : " (it leads to \(resolved))"
            return "files under \(root) cannot \(purpose)\(via)"
        }
        return nil
    }

    static func filePathProblem(_ path: String) -> String? {
        let bytes = Array(path.utf8)
        if let problem = pathSyntaxProblem(bytes, expected: "an absolute file path like /etc/gai.conf") { return problem }
        if bytes.elementsEqual("/etc/resolv.conf".utf8) { return "set /etc/resolv.conf with the \"resolvConf\" key" }
        if bytes.elementsEqual("/etc/hosts".utf8) { return "set /etc/hosts with the \"hosts\" key" }
        for root in HostPaths.kernelTrees where bytes.elementsEqual(root.utf8) || bytes.starts(with: (root + "/").utf8) {
            return "files under \(root) cannot be replaced"
        }
        // A symlink on the way may lead somewhere the literal path does not say. /etc/resolv.conf and
        // /etc/hosts may be symlinks themselves (Ubuntu: into /run/systemd/resolve), and the sandbox
        // places their contents where they lead: compare where both sides lead.
        let resolved = HostPaths.resolve(path)
        for (file, key) in [("/etc/resolv.conf", "resolvConf"), ("/etc/hosts", "hosts")] {
            let target = HostPaths.resolve(file)
            guard resolved == target else { continue }
            if target == file { return "\(path) leads to \(file); set it with the \"\(key)\" key" }
            if path == target { return "\(path) is where \(file) leads; set it with the \"\(key)\" key" }
            return "\(path) leads to \(target), where \(file) leads; set it with the \"\(key)\" key"
        }
        if resolved != path {
            for root in HostPaths.kernelTrees where resolved.isWithin(root) {
                return "files under \(root) cannot be replaced (\(path) leads to \(resolved))"
            }
        }
        return nil
    }
}
