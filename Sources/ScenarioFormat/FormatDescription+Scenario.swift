/// The top level of a scenario and the sandbox's values: namespaces, addresses, files, paths.
extension FormatDescription {
    /// Every object kind, for tests and tools that walk the whole format.
    public static var objects: [Object] {
        [scenario] + definitions.compactMap { if case .object(let object) = $0 { object } else { nil } }
    }

    /// The schema's `$defs`, in the order written: sandbox values, servers, lookups, expectations.
    public static var definitions: [Definition] {
        sandboxValues.map(Definition.value) + kubernetesValues.map(Definition.value) + kubernetesDefinitions + serverDefinitions
            + [.object(daemon)] + lookupDefinitions + expectationDefinitions
    }

    /// Every key name the format knows, each once, in the order the objects list them.
    public static var allKeyNames: [String] {
        var seen = Set<String>()
        return objects.flatMap(\.keyNames).filter { seen.insert($0).inserted }
    }

    public static let scenario = Object(
        "scenario",
        "A ResolvLab scenario: what /etc/resolv.conf, /etc/hosts and the hostname look like inside throwaway Linux "
            + "namespaces, which scripted DNS servers answer, which lookups run, and which DNS queries must appear on the "
            + "wire. Comments and trailing commas are accepted by resolvlab. This schema is a convenience for editors; "
            + "`resolvlab check` is the authority and also checks what a schema cannot (see the descriptions).",
        constraints: [assertsSomething, resolvConfOrKubernetes],
        keys: [
            Key("$schema", .string(), "Ignored by resolvlab; lets editors find this schema."),
            Key("name", .string(minLength: 1), required: "a one-line summary of the behaviour",
                "One line saying what the scenario shows."),
            Key("description", .string(), "The behaviour in a sentence or two; shown in reports and docs."),
            Key("tags", .array(.string(pattern: Pattern(Regex.tag, "A tag is non-empty and contains no whitespace."))),
                "Free labels (glibc, kubernetes, ...): non-empty, no whitespace."),
            Key("namespaces", .array(.reference("namespace"), unique: true),
                "Namespaces to create. net, mount, uts, ipc and pid are always created; user is created when not root, "
                    + "or when listed (to run as an unprivileged user would, even as root)."),
            Key("hostname", .string(minLength: 1, maxLength: Scenario.hostnameMaxLength, pattern: Pattern(
                Regex.hostname, "Expected a host name: dot-separated labels of letters, digits, - and _, no trailing dot.")),
                "The sandbox's hostname: at most \(Scenario.hostnameMaxLength) bytes of dot-separated labels of letters, "
                    + "digits, - and _, no trailing dot. glibc derives the default search domain from it."),
            Key("addresses", .array(.reference("addressPrefix")),
                "Extra addresses on the sandbox's lo, ADDRESS/PREFIX or a bare address (/32, /128). An IPv6 address here "
                    + "is what turns on AAAA queries under AI_ADDRCONFIG. Server addresses are added automatically."),
            Key("resolvConf", .reference("fileText"),
                "The sandbox's /etc/resolv.conf, byte for byte: a string, or an array of lines (each gets a newline). "
                    + "Default: empty."),
            Key("kubernetes", .reference("kubernetes"),
                "A pod's DNS settings and its node's; the sandbox's /etc/resolv.conf is made from them as the kubelet makes it. "
                    + "Not with resolvConf."),
            Key("hosts", .reference("fileText"),
                "The sandbox's /etc/hosts: a string, or an array of lines (each gets a newline). "
                    + "Default: 127.0.0.1 localhost and ::1 localhost."),
            Key("files", .map(keys: .reference("filePath"), values: .documented("The file's contents.", .string())),
                "Any other file shown in the sandbox: absolute path → contents (/etc/gai.conf, a tool's config). Paths "
                    + "that do not exist on the host are created inside the sandbox only. /etc/resolv.conf and /etc/hosts "
                    + "are set with their own keys; \(prose(HostPaths.kernelTrees, or: "and")) are refused, also "
                    + "through a symlink."),
            Key("servers", .array(.reference("server")), "Scripted DNS servers, each listening on UDP and TCP."),
            Key("daemons", .array(.reference("daemon")),
                "Real programs (dnsmasq, unbound, nscd, ...) started in the sandbox before the lookups, once each is "
                    + "ready, and stopped after them: a cache or stub in front of the scripted servers."),
            Key("lookups", .array(.reference("lookup"), minItems: 1), required: "what the sandbox resolves: getaddrinfo or exec",
                "What runs in the sandbox, in order, at least one: each is { \"getaddrinfo\": \"NAME\", ... } or "
                    + "{ \"exec\": [\"COMMAND\", ...] }."),
            Key("expect", .reference("expect"), "The queries that must appear on the wire, and how they are compared."),
            Key("requires", .array(.string(minLength: 1)),
                "Command names that must be on PATH, e.g. [\"dig\"]; when one is missing the scenario is skipped (SKIP, "
                    + "exit 0). An exec of a missing command without this is an ERROR."),
            Key("writable", .array(.reference("hostPath")),
                "Host paths lookups may write, e.g. [\"/var/cache/nscd\"]; the rest of the host's filesystem is "
                    + "read-only in the sandbox. Each must exist on this machine (resolvlab check verifies that)."),
            Key("clients", .array(.reference("client"), minItems: 1, unique: true),
                "The resolvers the built-in lookups (getaddrinfo, gethostbyname, res_query, ...) run under, one run "
                    + "each, every one judged by the same expect (with a client's own keys from expect.clients): "
                    + "\(prose(ResolverClient.allCases.map(\.rawValue))). Default: glibc, in resolvlab's own process. "
                    + "A client whose helper is not built here is a SKIP; `run --clients` overrides the list."),
            Key("timeoutMs", .integer(Scenario.timeoutMsRange), default: JSONValue(Scenario.defaultTimeoutMs),
                "Budget for the lookups in milliseconds, \(Scenario.timeoutMsRange.lowerBound)..\(Scenario.timeoutMsRange.upperBound) "
                    + "(default \(Scenario.defaultTimeoutMs)). A scenario still running 5 s after it is an ERROR."),
        ])

    public static let daemon = Object(
        "daemon",
        "A program started in the sandbox before the lookups and stopped (SIGTERM) after them. It must stay in the "
            + "foreground. Its queries are captured like any others.",
        keys: [
            Key("name", .string(minLength: 1), required: "how reports name it",
                "How reports name it; queries to and from its address are attributed to it."),
            Key("exec", .refined(.array(.string(pattern: Pattern(Regex.noNUL, "An argument must not contain NUL (\\u0000).")),
                                        minItems: 1),
                                 keywords(["prefixItems": .array([.members([
                                     "type": .string("string"), "minLength": JSONValue(1), "pattern": .string(Regex.nonEmptyNoNUL),
                                 ])])])),
                required: "the command and its arguments",
                "The command (searched on PATH) and its arguments, like [\"dnsmasq\", \"--keep-in-foreground\", ...]."),
            Key("address", .reference("ipAddress"),
                "The address it listens on and sends its own queries from (configure it so), added to the sandbox's lo; "
                    + "not a scripted server's. Queries to it are the client's hop, queries from it the daemon's."),
            Key("ready", .string(pattern: Pattern(Regex.readiness,
                                                 "Expected \"udp ADDRESS[:PORT]\", \"tcp ADDRESS[:PORT]\" or \"path /PATH\".")),
                "When it is ready: \"udp ADDRESS[:PORT]\" or \"tcp ADDRESS[:PORT]\" (a socket bound there; port 53 when "
                    + "omitted) or \"path /PATH\" (the path exists, like nscd's socket). Default: udp on its address, port 53."),
            Key("readyTimeoutMs", .integer(Daemon.readyTimeoutRange), default: JSONValue(Daemon.defaultReadyTimeoutMs),
                "How long it may take to become ready before the scenario is an ERROR."),
        ])

    static let assertsSomething = Constraint(
        "A scenario must assert something: expect.queries or expect.alternatives, a non-empty expect.forbid or expect.counts, or an expect on at least one "
            + "lookup (`resolvlab record` fills them in from an actual run).",
        .schema(keywords(["anyOf": .array([
            .members(["required": .strings(["expect"]), "properties": .members(["expect": .members(["required": .strings(["queries"])])])]),
            .members(["required": .strings(["expect"]), "properties": .members(["expect": .members(["required": .strings(["alternatives"])])])]),
            .members(["required": .strings(["expect"]), "properties": .members(["expect": .members([
                "required": .strings(["forbid"]), "properties": .members(["forbid": .members(["minItems": JSONValue(1)])]),
            ])])]),
            .members(["required": .strings(["expect"]), "properties": .members(["expect": .members([
                "required": .strings(["counts"]), "properties": .members(["counts": .members(["minItems": JSONValue(1)])]),
            ])])]),
            .members(["required": .strings(["lookups"]),
                      "properties": .members(["lookups": .members(["contains": .members(["required": .strings(["expect"])])])])]),
        ])]), keys: ["expect", "lookups"]))

    static var sandboxValues: [Value] {
        let kernelTrees = prose(HostPaths.kernelTrees)
        let underKernelTrees = "^/(" + HostPaths.kernelTrees.map { String($0.dropFirst()) }.joined(separator: "|") + ")/"
        return [
            Value("client", "A resolver the built-in lookups can run under: \(prose(ResolverClient.allCases.map(\.rawValue))).",
                  .choice(of: ResolverClient.self)),
            Value("clientOverrides",
                  "Per client, the keys whose expected value differs for that client: each replaces the shared key of "
                    + "the same name, and null drops a shared key. Written like the object it sits in (resolvlab check "
                    + "verifies the keys and values).",
                  .map(keys: .reference("client"), values: .anyObject)),
            Value("namespace", "A Linux namespace: \(prose(ScenarioNamespace.allCases.map(\.rawValue))).",
                  .choice(of: ScenarioNamespace.self)),
            Value("ipv4", "An IPv4 address in dotted-quad form without leading zeros, like 192.0.2.1.",
                  .string(pattern: Pattern(Regex.ipv4, "Expected an IPv4 address like 192.0.2.1 (no leading zeros)."))),
            Value("ipv6", "An IPv6 address (RFC 4291 text form, optionally ending in a dotted quad; no zone index), like 2001:db8::1.",
                  .string(pattern: Pattern(Regex.ipv6, "Expected an IPv6 address like 2001:db8::1."))),
            Value("ipAddress", "An IPv4 or IPv6 address, like 10.96.0.10 or fd00::1.",
                  .anyOf([.reference("ipv4"), .reference("ipv6")])),
            Value("addressPrefix", "An address with an optional prefix length, like 10.244.154.23/32 or fd00::17/128.",
                  .anyOf([Regex.ipv4Prefix, Regex.ipv6Prefix].map {
                      .string(pattern: Pattern($0, "Expected an address with an optional prefix length, like 10.244.154.23/32 or fd00::17/128."))
                  })),
            Value("fileText", "A file's text: a string, or an array of lines (each gets a newline).",
                  .anyOf([.string(), .array(.documented("One line, without a newline.", .string(pattern: Pattern(
                      Regex.line, "A line must not contain a newline; split it into two elements."))))])),
            Value("filePath",
                  "An absolute file path like /etc/gai.conf: no empty, . or .. components, not /etc/resolv.conf or "
                    + "/etc/hosts (they have their own keys), nothing under \(kernelTrees).",
                  .refined(.string(pattern: Pattern(
                      Regex.absolutePath, "Expected an absolute file path like /etc/gai.conf, without empty, . or .. components.")),
                           keywords(["not": .members(["anyOf": .array([
                               .members(["enum": .strings(["/etc/resolv.conf", "/etc/hosts"] + HostPaths.kernelTrees)]),
                               .members(["pattern": .string(underKernelTrees)]),
                               .members(["pattern": .string(Regex.dotComponent)]),
                           ])])]))),
            Value("hostPath",
                  "An absolute path on this machine like /var/cache/nscd: no empty, . or .. components, nothing under "
                    + "\(kernelTrees), also through a symlink.",
                  .refined(.string(pattern: Pattern(
                      Regex.absolutePath, "Expected an absolute path like /var/cache/nscd, without empty, . or .. components.")),
                           keywords(["not": .members(["anyOf": .array([
                               .members(["enum": .strings(HostPaths.kernelTrees)]),
                               .members(["pattern": .string(underKernelTrees)]),
                               .members(["pattern": .string(Regex.dotComponent)]),
                           ])])]))),
        ]
    }
}
