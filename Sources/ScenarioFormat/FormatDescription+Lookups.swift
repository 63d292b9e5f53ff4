import DNSWire

/// `lookups[]`: one object kind per lookup kind, and the `expect` keys each kind accepts.
extension FormatDescription {
    /// A key of a lookup's `expect`, with the lookup kinds it applies to.
    public struct LookupExpectKey: Sendable {
        public var key: Key
        public var kinds: [LookupKind]

        init(_ kinds: [LookupKind], _ key: Key) {
            self.key = key
            self.kinds = kinds
        }
    }

    /// The object a lookup of `kind` is written as; its kind's key comes first.
    public static func lookup(_ kind: LookupKind) -> Object {
        switch kind {
        case .getaddrinfo: getaddrinfoLookup
        case .exec: execLookup
        case .gethostbyname: gethostbynameLookup
        case .gethostbyname2: gethostbyname2Lookup
        case .resQuery: resLookup(.resQuery)
        case .resSearch: resLookup(.resSearch)
        case .resQuerydomain: resLookup(.resQuerydomain)
        case .gethostbyaddr: gethostbyaddrLookup
        case .getnameinfo: getnameinfoLookup
        }
    }

    /// What an expect of a kind that returns addresses may not combine: each pair excludes the other.
    static let addressConstraints = [
        Constraint("A lookup either returns addresses or fails.", .exclusive("addresses", "error")),
        Constraint("A lookup either returns addresses or fails.", .exclusive("addressSet", "error")),
        Constraint("The addresses are checked in order or as a set, not both.", .exclusive("addresses", "addressSet")),
        Constraint("A lookup either returns addresses or fails.", .exclusive("inetAddresses", "error")),
        Constraint("A lookup either returns addresses or fails.", .exclusive("inet6Addresses", "error")),
        Constraint("addresses already fixes the order of every address.", .exclusive("addresses", "inetAddresses")),
        Constraint("addresses already fixes the order of every address.", .exclusive("addresses", "inet6Addresses")),
    ]

    /// What an expect of a kind that returns names may not combine.
    static let nameConstraints = [
        Constraint("A lookup either returns names or fails.", .exclusive("names", "error")),
    ]

    /// The `expect` of a lookup of `kind`: the expect keys that apply to it.
    public static func lookupExpect(_ kind: LookupKind) -> Object {
        let keys = lookupExpectKeys.filter { $0.kinds.contains(kind) }.map(\.key)
        switch kind {
        case .getaddrinfo:
            return Object("getaddrinfoExpect",
                          "What the getaddrinfo call must return: addresses or error (not both), canonname, and bounds on "
                            + "how long it took. minMs must not exceed maxMs (resolvlab check verifies that).",
                          nonEmpty: true, constraints: addressConstraints, keys: keys)
        case .gethostbyname, .gethostbyname2:
            return Object("\(kind.rawValue)Expect",
                          "What the \(kind.rawValue) call must return: addresses (in order, or per family) or addressSet (in "
                            + "any order) or an h_errno error name, the official name (h_name) as canonname, and bounds on how "
                            + "long it took.",
                          nonEmpty: true, constraints: addressConstraints, keys: keys)
        case .resQuery, .resSearch, .resQuerydomain:
            return Object("\(kind.rawValue)Expect",
                          "What the \(kind.rawValue) call must return: the reply's rcode, answer count and AD bit, its A and "
                            + "AAAA answers as addresses (in order, or per family) or addressSet (in any order), or the h_errno "
                            + "name it failed with, and bounds on how long it took.",
                          nonEmpty: true, constraints: addressConstraints, keys: keys)
        case .gethostbyaddr:
            return Object("gethostbyaddrExpect",
                          "What the gethostbyaddr call must return: its names (h_name, then the aliases) or an h_errno error "
                            + "name, h_name alone as canonname, and bounds on how long it took.",
                          nonEmpty: true, constraints: nameConstraints, keys: keys)
        case .getnameinfo:
            return Object("getnameinfoExpect",
                          "What the getnameinfo call must return: the host name (as names) or an EAI_* error name, and bounds "
                            + "on how long it took.",
                          nonEmpty: true, constraints: nameConstraints, keys: keys)
        case .exec:
            return Object("execExpect",
                          "What the command must do: exit code, output, and bounds on how long it took. minMs must not "
                            + "exceed maxMs (resolvlab check verifies that).",
                          nonEmpty: true, keys: keys)
        }
    }

    /// Keys every lookup kind takes: files rewritten before it, and starting with the previous lookup.
    static var commonLookupKeys: [Key] {
        [
            Key("before", .reference("fileRewrite"),
                "Rewrite the sandbox's resolv.conf and/or hosts in place just before this lookup starts."),
            Key("withPrevious", .boolean,
                "true: start together with the previous lookup, each on its own thread (in-process calls) or process (exec), "
                    + "instead of after it; the next lookup waits for all of them. Not on the first lookup, not with before."),
        ]
    }

    public static let fileRewrite = Object(
        "fileRewrite",
        "New contents for the sandbox's files, written in place (same file, new contents and modification time) before "
            + "a lookup, as a container runtime rewrites a bind-mounted resolv.conf.",
        nonEmpty: true,
        keys: [
            Key("resolvConf", .reference("fileText"), "The new /etc/resolv.conf: its text, or an array of its lines."),
            Key("hosts", .reference("fileText"), "The new /etc/hosts: its text, or an array of its lines."),
        ])

    /// Every key of any lookup kind, each once: what a lookup whose kind is misspelt may hold.
    public static var lookupKeys: [String] {
        var seen = Set<String>()
        return LookupKind.allCases.flatMap { lookup($0).keyNames }.filter { seen.insert($0).inserted }
    }

    static let getaddrinfoLookup = Object(
        "getaddrinfoLookup",
        "getaddrinfo(3) called in the sandbox process itself. The hints ask for SOCK_STREAM, so each address is listed once.",
        constraints: [
            Constraint("getaddrinfo returns a canonical name only when asked with the canonname flag.",
                       .contains(key: "flags", value: AddrInfoFlag.canonname.rawValue, whileObject: "expect", has: "canonname")),
        ],
        keys: [
            Key("getaddrinfo", .string(minLength: 1, pattern: Pattern(Regex.noNUL, "A name must not contain NUL (\\u0000).")),
                required: "the name to look up", "The name to look up."),
            Key("family", .choice(of: AddressFamily.self), default: .string(AddressFamily.unspec.rawValue),
                "The ai_family hint: unspec (default), inet or inet6."),
            Key("flags", .array(.choice(of: AddrInfoFlag.self), unique: true),
                "ai_flags by name; omitted means no flags (ai_flags = 0, so AAAA is asked even without IPv6)."),
            Key("service", .string(minLength: 1, pattern: Pattern(Regex.noNUL, "A service must not contain NUL (\\u0000).")),
                "The service argument, like \"443\"."),
            Key("expect", .reference("getaddrinfoExpect"), "What the call must return."),
        ] + commonLookupKeys)

    static let hostName = Shape.string(minLength: 1, pattern: Pattern(Regex.noNUL, "A name must not contain NUL (\\u0000)."))

    static let gethostbyaddrLookup = Object(
        "gethostbyaddrLookup",
        "gethostbyaddr(3) (its reentrant gethostbyaddr_r) called in the sandbox process itself for an IPv4 address "
            + "(AF_INET) or an IPv6 address (AF_INET6): glibc asks its PTR record.",
        keys: [
            Key("gethostbyaddr", .reference("ipAddress"), required: "the address to look up, like 10.0.0.5",
                "The address whose name to look up, like 10.0.0.5 or fd00::5."),
            Key("expect", .reference("gethostbyaddrExpect"), "What the call must return."),
        ] + commonLookupKeys)

    static let getnameinfoLookup = Object(
        "getnameinfoLookup",
        "getnameinfo(3) called in the sandbox process itself for an address (port 0, no service): the host name only.",
        keys: [
            Key("getnameinfo", .reference("ipAddress"), required: "the address to look up, like 10.0.0.5",
                "The address whose name to look up, like 10.0.0.5 or fd00::5."),
            Key("flags", .array(.choice(of: NameInfoFlag.self), unique: true),
                default: .strings(GetnameinfoCall.defaultFlags.map(\.rawValue)),
                "The flags by their NI_* names in lower case. Omitted: [\"namereqd\"], so an address without a PTR "
                    + "record fails with EAI_NONAME; [] asks without NI_NAMEREQD (the numeric form comes back instead)."),
            Key("expect", .reference("getnameinfoExpect"), "What the call must return."),
        ] + commonLookupKeys)

    static let gethostbynameLookup = Object(
        "gethostbynameLookup",
        "gethostbyname(3) (its reentrant gethostbyname_r) called in the sandbox process itself: IPv4 addresses only.",
        keys: [
            Key("gethostbyname", hostName, required: "the name to look up", "The name to look up."),
            Key("expect", .reference("gethostbynameExpect"), "What the call must return."),
        ] + commonLookupKeys)

    static let gethostbyname2Lookup = Object(
        "gethostbyname2Lookup",
        "gethostbyname2(3) (its reentrant gethostbyname2_r) called in the sandbox process itself, for one address family.",
        keys: [
            Key("gethostbyname2", hostName, required: "the name to look up", "The name to look up."),
            Key("family", .choice(of: HostFamily.self), required: "the address family, inet or inet6",
                "The af argument: inet (AF_INET) or inet6 (AF_INET6)."),
            Key("expect", .reference("gethostbyname2Expect"), "What the call must return."),
        ] + commonLookupKeys)

    static func resLookup(_ kind: LookupKind) -> Object {
        let doc = switch kind {
        case .resSearch:
            "res_search(3) for class IN, called in the sandbox process itself: the name goes through the search list "
                + "and ndots, as getaddrinfo's does."
        case .resQuerydomain:
            "res_querydomain(3) for class IN, called in the sandbox process itself: glibc joins the name and the "
                + "domain (NAME.DOMAIN) and asks that with res_query, without the search list."
        default:
            "res_query(3) for class IN, called in the sandbox process itself: the name is asked as it is, without the "
                + "search list."
        }
        let domain = kind == .resQuerydomain
            ? [Key("domain", hostName, required: "the domain to join to the name", "The domain joined to the name.")] : []
        return Object(
            "\(kind.rawValue)Lookup",
            doc,
            keys: [
                Key(kind.rawValue, hostName, required: "the name to look up", "The name to ask."),
            ] + domain + [
                Key("type", .refined(.string(pattern: Pattern(Regex.recordType, "Expected a record type like A, AAAA or TYPE65.")),
                                     keywords(["examples": .strings(typeExamples + ["TYPE65"])])),
                    required: "the record type, like A", "The record type to ask: a mnemonic (A, AAAA, MX, ...) or TYPEnnn."),
                Key("expect", .reference("\(kind.rawValue)Expect"), "What the call must return."),
            ] + commonLookupKeys)
    }

    static let execLookup = Object(
        "execLookup",
        "A command run inside the sandbox (searched on PATH), with the caller's environment minus LOCALDOMAIN, "
            + "RES_OPTIONS and HOSTALIASES.",
        keys: [
            Key("exec", .refined(.array(.string(pattern: Pattern(Regex.noNUL, "An argument must not contain NUL (\\u0000).")),
                                        minItems: 1),
                                 keywords(["prefixItems": .array([.members([
                                     "type": .string("string"), "minLength": JSONValue(1), "pattern": .string(Regex.nonEmptyNoNUL),
                                     "patternErrorMessage": .string("The command must be non-empty and must not contain NUL (\\u0000)."),
                                 ])])])),
                required: "the command and its arguments",
                "The command and its arguments, like [\"getent\", \"ahosts\", \"example.com\"]."),
            Key("expect", .reference("execExpect"), "What the command must do."),
            Key("env", .refined(.map(keys: .documented("A variable name: no = and no NUL.", .string(minLength: 1, pattern: Pattern(
                Regex.environmentName, "A variable name has no = and no NUL."))),
                                     values: .documented("Its value.", .string(pattern: Pattern(Regex.noNUL,
                                                                                               "A value must not contain NUL (\\u0000).")))),
                                keywords(["minProperties": JSONValue(1)])),
                "Variables set in the command's environment, over the sandbox's: { \"RES_OPTIONS\": \"ndots:1\" } (the "
                    + "resolver variables the sandbox removes may be set again here)."),
        ] + commonLookupKeys)

    /// In the order messages list them; `minMs` and `maxMs` apply to every kind.
    public static let lookupExpectKeys: [LookupExpectKey] = {
        func texts(_ name: String, _ what: String) -> Key {
            Key(name, .oneOrMore(.string(minLength: 1)), "Text \(what): a non-empty string, or a non-empty array of them.")
        }
        func patterns(_ name: String, _ stream: String) -> Key {
            Key(name, .oneOrMore(.string(minLength: 1)),
                "A regular expression (Swift Regex syntax, like PCRE) \(stream) must match somewhere, or a non-empty array "
                    + "of them; resolvlab check verifies each compiles.")
        }
        let resKinds = LookupKind.resKinds
        let addressKinds: [LookupKind] = [.getaddrinfo, .gethostbyname, .gethostbyname2] + resKinds
        let hostKinds: [LookupKind] = [.gethostbyname, .gethostbyname2]
        return [
            LookupExpectKey(addressKinds, Key("addresses", .array(.reference("ipAddress"), minItems: 1),
                                              "The addresses in the order returned.")),
            LookupExpectKey(addressKinds, Key("addressSet", .array(.reference("ipAddress"), minItems: 1),
                                              "The addresses returned, in any order (each as many times as listed).")),
            LookupExpectKey(addressKinds, Key("inetAddresses", .array(.reference("ipv4")),
                                              "The IPv4 addresses returned, in their order, whatever IPv6 addresses come "
                                                + "between them; [] means none.")),
            LookupExpectKey(addressKinds, Key("inet6Addresses", .array(.reference("ipv6")),
                                              "The IPv6 addresses returned, in their order, whatever IPv4 addresses come "
                                                + "between them; [] means none.")),
            LookupExpectKey([.gethostbyaddr, .getnameinfo],
                            Key("names", .array(.string(minLength: 1), minItems: 1),
                                "The names returned, in order: gethostbyaddr's h_name then its aliases, getnameinfo's host.")),
            LookupExpectKey([.getaddrinfo, .getnameinfo], Key("error", .choice(GetaddrinfoErrorName.names),
                                                              "The EAI_* name the call must fail with.")),
            LookupExpectKey(hostKinds + resKinds + [.gethostbyaddr],
                            Key("error", .choice(HostErrorName.names),
                                "The h_errno name the call must fail with (NETDB_INTERNAL: a system error).")),
            LookupExpectKey([.getaddrinfo], Key("canonname", .string(minLength: 1),
                                                "ai_canonname of the first result (needs the canonname flag).")),
            LookupExpectKey(hostKinds, Key("canonname", .string(minLength: 1),
                                           "h_name, the official name: the end of a CNAME chain, or the name searched for.")),
            LookupExpectKey([.gethostbyaddr], Key("canonname", .string(minLength: 1),
                                                  "h_name, the official name: the PTR record's target.")),
            LookupExpectKey(resKinds, Key("rcode", .oneOf([.string(pattern: Pattern(Regex.rcode, "Expected an rcode name like "
                                                                                       + "NXDOMAIN or RCODEnnn.")),
                                                         .integer(0...Int(DNSRcode.maxExtended))]),
                                          "The rcode of the reply the call returned, or failed on (the last one res_search got).")),
            LookupExpectKey(resKinds, Key("answerCount", .integer(LookupExpectation.answerCountRange),
                                          "How many records the reply's answer section holds (CNAMEs included).")),
            LookupExpectKey(resKinds, Key("authenticData", .boolean,
                                          "The AD bit of the reply as the call returned it (glibc clears it unless "
                                            + "options trust-ad).")),
            LookupExpectKey([.exec], Key("exitCode", .integer(LookupExpectation.exitCodeRange), "The command's exit code.")),
            LookupExpectKey([.exec], texts("stdoutContains", "standard output must contain")),
            LookupExpectKey([.exec], texts("stderrContains", "standard error must contain")),
            LookupExpectKey([.exec], texts("stdoutLacks", "standard output must not contain")),
            LookupExpectKey([.exec], texts("stderrLacks", "standard error must not contain")),
            LookupExpectKey([.exec], patterns("stdoutMatches", "standard output")),
            LookupExpectKey([.exec], patterns("stderrMatches", "standard error")),
            LookupExpectKey(LookupKind.allCases, Key("minMs", .reference("milliseconds"),
                                                     "The lookup took at least this many milliseconds.")),
            LookupExpectKey(LookupKind.allCases, Key("maxMs", .reference("milliseconds"),
                                                     "The lookup took at most this many milliseconds.")),
            LookupExpectKey(LookupKind.allCases.filter { $0 != .exec }, Key("clients", .reference("clientOverrides"),
                "Where a client returns something else: { \"c-ares\": { \"error\": \"EAI_NONAME\", \"addresses\": null } }. "
                    + "Its keys replace these for that client (null drops one).")),
        ]
    }()

    static var lookupDefinitions: [Definition] {
        [.value(Value("lookup",
                      "One lookup: exactly one of { \"getaddrinfo\": \"NAME\", ... }, { \"exec\": [\"COMMAND\", ...] }, "
                        + "{ \"gethostbyname\": \"NAME\" }, { \"gethostbyname2\": \"NAME\", \"family\": ... }, "
                        + "{ \"res_query\": \"NAME\", \"type\": ... }, { \"res_search\": \"NAME\", \"type\": ... }, "
                        + "{ \"res_querydomain\": \"NAME\", \"domain\": ..., \"type\": ... }, "
                        + "{ \"gethostbyaddr\": \"ADDRESS\" } and { \"getnameinfo\": \"ADDRESS\" }.",
                      .oneOf(LookupKind.allCases.map { .reference(lookup($0).name) })))]
            + LookupKind.allCases.map { .object(lookup($0)) } + [.object(fileRewrite)]
            + [.value(Value("milliseconds", "A duration in milliseconds.", .integer(LookupExpectation.millisecondsRange)))]
            + LookupKind.allCases.map { .object(lookupExpect($0)) }
    }
}
