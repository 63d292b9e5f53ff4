import DNSWire

extension ScenarioDecoder {
    static func decodeLookups(_ node: JSONNode, _ path: JSONPath, context: DecodingContext) -> [Lookup] {
        guard let elements = context.array(node, path, nonEmpty: true) else { return [] }
        let lookups = elements.enumerated().compactMap { index, element in
            decodeLookup(element, path.appending(index), context: context)
        }
        if let (node, path) = elements.first.flatMap({ $0["withPrevious"] }).map({ ($0, path.appending(0).appending("withPrevious")) }),
           case .bool(true) = node.value {
            context.fail("the first lookup has no previous lookup to start with", at: node, path: path)
        }
        return lookups
    }

    static func decodeLookup(_ node: JSONNode, _ path: JSONPath, context: DecodingContext) -> Lookup? {
        guard case .object(let members) = node.value else {
            context.wrongKind("an object like { \"getaddrinfo\": \"example.com\" } or { \"exec\": [\"getent\", \"hosts\", \"example.com\"] }",
                              node, path)
            return nil
        }
        let kinds = members.filter { LookupKind(rawValue: $0.key) != nil }
        guard kinds.count == 1, let kind = kinds.first.flatMap({ LookupKind(rawValue: $0.key) }) else {
            if kinds.isEmpty {
                // A misspelt kind ("getaddrinf") gets its own did-you-mean.
                ObjectReader(context: context, node: node, path: path, members: members)
                    .rejectUnknownKeys(allowed: FormatDescription.lookupKeys)
            }
            context.fail(kinds.isEmpty
                         ? "a lookup needs a kind: \"getaddrinfo\": \"NAME\", \"exec\": [\"COMMAND\", ...], "
                            + "\"gethostbyname\": \"NAME\", \"gethostbyname2\": \"NAME\", \"res_query\": \"NAME\", "
                            + "\"res_search\": \"NAME\", \"res_querydomain\": \"NAME\", \"gethostbyaddr\": \"ADDRESS\" or "
                            + "\"getnameinfo\": \"ADDRESS\""
                         : "a lookup has exactly one kind; found \(kinds.count == 2 ? "both " : "")"
                            + FormatDescription.prose(kinds.map(\.key), or: "and"),
                         at: node, path: path)
            return nil
        }
        guard let object = context.object(node, path, as: FormatDescription.lookup(kind)) else { return nil }
        var lookup: Lookup?
        switch kind {
        case .getaddrinfo: lookup = decodeGetaddrinfo(object, context: context)
        case .exec: lookup = decodeExec(object, context: context)
        case .gethostbyname, .gethostbyname2: lookup = decodeGethostbyname(object, kind: kind, context: context)
        case .resQuery, .resSearch, .resQuerydomain: lookup = decodeResQuery(object, kind: kind, context: context)
        case .gethostbyaddr, .getnameinfo: lookup = decodeAddressLookup(object, kind: kind, context: context)
        }
        if kind != .exec, let (node, path) = object["expect"] {
            lookup?.clientExpect = decodeClientOverrides(node, path, context: context) { node, path, context in
                decodeLookupExpectation(node, path, kind: kind, context: context)
            }
        }
        if let (node, path) = object["before"] { lookup?.before = decodeFileRewrite(node, path, context: context) }
        if let (node, path) = object["withPrevious"] {
            let value = decodeTrue(node, path, context: context)
            lookup?.withPrevious = value
            if value, let (beforeNode, beforePath) = object["before"] {
                context.fail("a lookup that starts with the previous one cannot rewrite files: the previous one would be "
                             + "reading them; put before on the first lookup of the group", at: beforeNode, path: beforePath)
            }
        }
        return lookup
    }

    /// `before`: `{ "resolvConf": ..., "hosts": ... }`, each written like the top-level key.
    static func decodeFileRewrite(_ node: JSONNode, _ path: JSONPath, context: DecodingContext) -> FileRewrite? {
        guard let object = context.object(node, path, as: FormatDescription.fileRewrite) else { return nil }
        if object.members.isEmpty {
            context.fail("an empty before changes nothing; give it resolvConf or hosts", at: node, path: path)
        }
        var rewrite = FileRewrite()
        if let (node, path) = object["resolvConf"] { rewrite.resolvConf = decodeFileText(node, path, context: context) }
        if let (node, path) = object["hosts"] { rewrite.hosts = decodeFileText(node, path, context: context) }
        return rewrite
    }

    static func decodeExec(_ object: ObjectReader, context: DecodingContext) -> Lookup? {
        guard let (argvNode, argvPath) = object["exec"] else { return nil }
        var arguments = context.strings(argvNode, argvPath, allowSingle: false)
        if let argv = arguments, argv.first?.isEmpty ?? true {
            context.fail("expected the command and its arguments, like [\"getent\", \"ahosts\", \"example.com\"]",
                         at: argvNode, path: argvPath)
            arguments = nil
        }
        for (index, argument) in (arguments ?? []).enumerated() where argument.utf8.contains(0) {
            // The kernel reads each argument up to its first NUL: the rest would silently vanish.
            context.fail("an argument must not contain a NUL character (\\u0000): the program would see it cut short",
                         at: argvNode.elements?[index] ?? argvNode, path: argvPath.appending(index))
            arguments = nil
        }
        // The expect is checked even when argv is wrong, so one pass reports both.
        var expect: LookupExpectation?
        if let (node, path) = object["expect"] {
            expect = decodeLookupExpectation(node, path, kind: .exec, context: context)
        }
        var environment: [String: String] = [:]
        if let (node, path) = object["env"] { environment = decodeEnvironment(node, path, context: context) }
        guard let arguments else { return nil }
        return Lookup(call: .exec(ExecCall(arguments: arguments, environment: environment)), expect: expect)
    }

    /// `env`: `{ "NAME": "VALUE" }`, set in the command's environment.
    static func decodeEnvironment(_ node: JSONNode, _ path: JSONPath, context: DecodingContext) -> [String: String] {
        guard case .object(let members) = node.value else {
            context.wrongKind("an object mapping variable names to values, like { \"RES_OPTIONS\": \"ndots:1\" }", node, path)
            return [:]
        }
        if members.isEmpty { context.fail("an empty env changes nothing; leave it out", at: node, path: path) }
        var environment: [String: String] = [:]
        for member in members {
            let memberPath = path.appending(member.key)
            let name = member.key
            if name.isEmpty || name.contains("=") || name.utf8.contains(0) {
                context.fail("\(name.quotedForMessage) is not an environment variable name (it must be non-empty, with no = "
                             + "and no NUL)", at: member.keyRange.start, path: memberPath)
                continue
            }
            guard let value = context.string(member.value, memberPath) else { continue }
            if value.utf8.contains(0) {
                context.fail("a value must not contain a NUL character (\\u0000): the program would see it cut short",
                             at: member.value, path: memberPath)
                continue
            }
            environment[name] = value
        }
        return environment
    }

    static func decodeGetaddrinfo(_ object: ObjectReader, context: DecodingContext) -> Lookup? {
        guard let (hostNode, hostPath) = object["getaddrinfo"] else { return nil }
        // The other keys are checked even when the host is wrong, so one pass reports everything.
        let host = decodeLookupName(hostNode, hostPath, kind: .getaddrinfo, context: context)
        var family = AddressFamily.unspec
        var flags: [AddrInfoFlag] = []
        var service: String?
        if let (node, path) = object["family"] { family = context.choice(node, path, as: AddressFamily.self) ?? .unspec }
        if let (node, path) = object["flags"], let elements = context.array(node, path) {
            for (index, element) in elements.enumerated() {
                guard let flag = context.choice(element, path.appending(index), as: AddrInfoFlag.self) else { continue }
                if flags.contains(flag) {
                    context.fail("\"\(flag.rawValue)\" is listed twice", at: element, path: path.appending(index))
                }
                flags.append(flag)
            }
        }
        if let (node, path) = object["service"] {
            service = context.string(node, path, nonEmpty: true)
            if let text = service, text.utf8.contains(0) {
                context.fail("a service must not contain a NUL character (\\u0000)", at: node, path: path)
            }
        }
        var expect: LookupExpectation?
        if let (node, path) = object["expect"] {
            expect = decodeLookupExpectation(node, path, kind: .getaddrinfo, context: context)
            if expect?.canonname != nil, !flags.contains(.canonname) {
                context.fail("expect.canonname needs the \"canonname\" flag, or getaddrinfo returns no canonical name",
                             at: node["canonname"] ?? node, path: path.appending("canonname"))
            }
        }
        guard let host else { return nil }
        return Lookup(call: .getaddrinfo(GetaddrinfoCall(host: host, family: family, flags: flags, service: service)),
                      expect: expect)
    }

    /// The name a lookup call resolves (the value of its kind's key): non-empty, without NUL.
    static func decodeLookupName(_ node: JSONNode, _ path: JSONPath, kind: LookupKind, context: DecodingContext) -> String? {
        guard let name = context.string(node, path, nonEmpty: true) else { return nil }
        guard !name.utf8.contains(0) else {
            context.fail("a name must not contain a NUL character (\\u0000): \(kind.rawValue) would see it cut short",
                         at: node, path: path)
            return nil
        }
        return name
    }

    /// `{ "gethostbyname": "NAME" }` or `{ "gethostbyname2": "NAME", "family": "inet|inet6" }`.
    static func decodeGethostbyname(_ object: ObjectReader, kind: LookupKind, context: DecodingContext) -> Lookup? {
        guard let (nameNode, namePath) = object[kind.rawValue] else { return nil }
        let name = decodeLookupName(nameNode, namePath, kind: kind, context: context)
        var family: HostFamily?
        if kind == .gethostbyname2, let (node, path) = object.require("family") {
            family = context.choice(node, path, as: HostFamily.self)
        }
        var expect: LookupExpectation?
        if let (node, path) = object["expect"] { expect = decodeLookupExpectation(node, path, kind: kind, context: context) }
        guard let name else { return nil }
        if kind == .gethostbyname2 {
            // A family the decoder refused has been reported; the lookup is dropped with it.
            guard let family else { return nil }
            return Lookup(call: .gethostbyname(GethostbynameCall(name: name, family: family)), expect: expect)
        }
        return Lookup(call: .gethostbyname(GethostbynameCall(name: name)), expect: expect)
    }

    /// `{ "res_query": "NAME", "type": "TYPE" }`, `{ "res_search": "NAME", "type": "TYPE" }` or
    /// `{ "res_querydomain": "NAME", "domain": "DOMAIN", "type": "TYPE" }`.
    static func decodeResQuery(_ object: ObjectReader, kind: LookupKind, context: DecodingContext) -> Lookup? {
        guard let (nameNode, namePath) = object[kind.rawValue] else { return nil }
        let name = decodeLookupName(nameNode, namePath, kind: kind, context: context)
        var domain: String?
        if kind == .resQuerydomain, let (node, path) = object.require("domain") {
            domain = decodeLookupName(node, path, kind: kind, context: context)
        }
        var type: DNSType?
        if let (node, path) = object.require("type"), let text = context.string(node, path) {
            type = DNSType(scenarioText: text)
            if type == nil {
                context.fail("unknown record type \(text.quotedForMessage) (use a mnemonic like A or AAAA, or TYPEnnn)",
                             at: node, path: path)
            }
        }
        var expect: LookupExpectation?
        if let (node, path) = object["expect"] { expect = decodeLookupExpectation(node, path, kind: kind, context: context) }
        guard let name, let type else { return nil }
        if kind == .resQuerydomain {
            guard let domain else { return nil }
            return Lookup(call: .resQuery(ResQueryCall(name: name, type: type, domain: domain)), expect: expect)
        }
        return Lookup(call: .resQuery(ResQueryCall(name: name, type: type, search: kind == .resSearch)), expect: expect)
    }

    /// `{ "gethostbyaddr": "ADDRESS" }` or `{ "getnameinfo": "ADDRESS", "flags": [...] }`.
    static func decodeAddressLookup(_ object: ObjectReader, kind: LookupKind, context: DecodingContext) -> Lookup? {
        guard let (addressNode, addressPath) = object[kind.rawValue] else { return nil }
        var address: IPAddress?
        if let text = context.string(addressNode, addressPath) {
            address = IPAddress(text)
            if address == nil {
                context.fail("\(kind.rawValue) looks up an address: expected an IPv4 or IPv6 address like 10.0.0.5 or fd00::5, "
                             + "found \(text.quotedForMessage)", at: addressNode, path: addressPath)
            }
        }
        var flags = GetnameinfoCall.defaultFlags
        if kind == .getnameinfo, let (node, path) = object["flags"], let elements = context.array(node, path) {
            flags = []
            for (index, element) in elements.enumerated() {
                guard let flag = context.choice(element, path.appending(index), as: NameInfoFlag.self) else { continue }
                if flags.contains(flag) {
                    context.fail("\"\(flag.rawValue)\" is listed twice", at: element, path: path.appending(index))
                }
                flags.append(flag)
            }
        }
        var expect: LookupExpectation?
        if let (node, path) = object["expect"] { expect = decodeLookupExpectation(node, path, kind: kind, context: context) }
        guard let address else { return nil }
        if kind == .getnameinfo {
            return Lookup(call: .getnameinfo(GetnameinfoCall(address: address, flags: flags)), expect: expect)
        }
        return Lookup(call: .gethostbyaddr(GethostbyaddrCall(address: address)), expect: expect)
    }

    /// `inetAddresses`, `inet6Addresses`: an array, maybe empty, of addresses of the one family.
    static func decodeFamilyAddresses(_ node: JSONNode, _ path: JSONPath, family: HostFamily,
                                      context: DecodingContext) -> [IPAddress]? {
        guard let elements = context.array(node, path) else { return nil }
        var addresses: [IPAddress] = []
        let (what, other) = family == .inet ? ("IPv4", "inet6Addresses") : ("IPv6", "inetAddresses")
        for (index, element) in elements.enumerated() {
            guard let text = context.string(element, path.appending(index)) else { continue }
            switch (IPAddress(text), family) {
            case (.v4(let address)?, .inet): addresses.append(.v4(address))
            case (.v6(let address)?, .inet6): addresses.append(.v6(address))
            case (_?, _):
                context.fail("expected an \(what) address, found \(text.quotedForMessage) (list it in \(other))",
                             at: element, path: path.appending(index))
            case (nil, _):
                context.fail("expected an \(what) address, found \(text.quotedForMessage)", at: element, path: path.appending(index))
            }
        }
        return addresses
    }

    /// `addresses` and `addressSet`: a non-empty array of IP addresses.
    static func decodeAddresses(_ node: JSONNode, _ path: JSONPath, kind: LookupKind, context: DecodingContext) -> [IPAddress]? {
        guard let elements = context.array(node, path) else { return nil }
        if elements.isEmpty {
            context.fail("\(kind.rawValue) returns at least one address or fails; to expect a failure use \"error\"",
                         at: node, path: path)
        }
        var addresses: [IPAddress] = []
        for (index, element) in elements.enumerated() {
            guard let text = context.string(element, path.appending(index)) else { continue }
            if let address = IPAddress(text) {
                addresses.append(address)
            } else {
                context.fail("expected an IPv4 or IPv6 address, found \(text.quotedForMessage)", at: element, path: path.appending(index))
            }
        }
        return addresses
    }

    static func decodeLookupExpectation(_ node: JSONNode, _ path: JSONPath, kind: LookupKind,
                                        context: DecodingContext) -> LookupExpectation? {
        guard case .object(let members) = node.value else {
            context.wrongKind("an object", node, path)
            return nil
        }
        let expectKind = FormatDescription.lookupExpect(kind)
        let allowed = expectKind.keyNames
        // A key that belongs to another lookup kind gets a message saying so, not just "unknown".
        var foreign = Set<String>()
        for member in members where !allowed.contains(member.key) {
            // A key may be described once per group of kinds (error: EAI_* names or h_errno names).
            let owners = Set(FormatDescription.lookupExpectKeys.filter { $0.key.name == member.key }.flatMap(\.kinds))
            guard !owners.isEmpty else { continue }
            foreign.insert(member.key)
            let kinds = FormatDescription.prose(LookupKind.allCases.filter(owners.contains).map(\.rawValue), or: "and")
            context.fail("\"\(member.key)\" only applies to \(kinds) lookups; this one accepts \(allowed.joined(separator: ", "))",
                         at: member.keyRange.start, path: path.appending(member.key))
        }
        let object = ObjectReader(context: context, node: node, path: path, members: members.filter { !foreign.contains($0.key) },
                                  kind: expectKind)
        object.rejectUnknownKeys(allowed: allowed)
        var expect = LookupExpectation()
        if let (node, path) = object["addresses"] { expect.addresses = decodeAddresses(node, path, kind: kind, context: context) }
        if let (node, path) = object["addressSet"] { expect.addressSet = decodeAddresses(node, path, kind: kind, context: context) }
        if let (node, path) = object["inetAddresses"] {
            expect.inetAddresses = decodeFamilyAddresses(node, path, family: .inet, context: context)
        }
        if let (node, path) = object["inet6Addresses"] {
            expect.inet6Addresses = decodeFamilyAddresses(node, path, family: .inet6, context: context)
        }
        if let (node, path) = object["names"] {
            let names = context.strings(node, path, allowSingle: false)
            if case .array(let elements) = node.value, elements.isEmpty {
                context.fail("\(kind.rawValue) returns at least one name or fails; to expect a failure use \"error\"",
                             at: node, path: path)
            }
            for (index, name) in (names ?? []).enumerated() where name.isEmpty {
                context.fail("must not be empty", at: node.elements?[index] ?? node, path: path.appending(index))
            }
            expect.names = names
        }
        if let (node, path) = object["authenticData"] { expect.authenticData = context.bool(node, path) }
        if let (node, path) = object["error"], let name = context.string(node, path) {
            let hostError = kind.failsWithHostError
            let names = hostError ? HostErrorName.names : GetaddrinfoErrorName.names
            // Bytes, not String ==: canonical equivalence would take a Kelvin sign (U+212A) for the K of EAI_SOCKTYPE.
            if names.contains(where: { $0.utf8.elementsEqual(name.utf8) }) {
                expect.error = name
            } else {
                let what = hostError ? "an h_errno name for \(kind.rawValue)" : "a \(kind.rawValue) error name"
                var message = "expected \(what), one of \(names.joined(separator: ", ")); found \(name.quotedForMessage)"
                message += Suggestion.hint(for: name, in: names)
                context.fail(message, at: node, path: path)
            }
        }
        let decoded: [(String, [IPAddress]?)] = [("addresses", expect.addresses), ("addressSet", expect.addressSet),
                                                 ("inetAddresses", expect.inetAddresses), ("inet6Addresses", expect.inet6Addresses)]
        if let key = decoded.first(where: { $0.1 != nil })?.0, object.has("error") {
            context.fail("a lookup either returns addresses or fails; expect one of \(key) and error", at: node, path: path)
        }
        if expect.names != nil, object.has("error") {
            context.fail("a lookup either returns names or fails; expect one of names and error", at: node, path: path)
        }
        if expect.addresses != nil, let key = decoded.dropFirst(2).first(where: { $0.1 != nil })?.0,
           let (keyNode, keyPath) = object[key] {
            context.fail("addresses already fixes the order of every address; give either addresses or \(key)",
                         at: keyNode, path: keyPath)
        }
        if expect.addresses != nil, expect.addressSet != nil, let (setNode, setPath) = object["addressSet"] {
            context.fail("addresses already fixes the order; give either addresses (in order) or addressSet (any order)",
                         at: setNode, path: setPath)
        }
        if let (node, path) = object["canonname"] { expect.canonname = context.string(node, path, nonEmpty: true) }
        if let (node, path) = object["rcode"] { expect.rcode = decodeRcode(node, path, context: context) }
        if let (node, path) = object["answerCount"] {
            expect.answerCount = context.integer(node, path, in: LookupExpectation.answerCountRange)
        }
        if let (node, path) = object["exitCode"] { expect.exitCode = context.integer(node, path, in: LookupExpectation.exitCodeRange) }
        expect.stdoutContains = decodeTexts(object["stdoutContains"], purpose: "standard output must contain", context: context)
        expect.stderrContains = decodeTexts(object["stderrContains"], purpose: "standard error must contain", context: context)
        expect.stdoutLacks = decodeTexts(object["stdoutLacks"], purpose: "standard output must not contain", context: context)
        expect.stderrLacks = decodeTexts(object["stderrLacks"], purpose: "standard error must not contain", context: context)
        expect.stdoutMatches = decodePatterns(object["stdoutMatches"], stream: "standard output", context: context)
        expect.stderrMatches = decodePatterns(object["stderrMatches"], stream: "standard error", context: context)
        if let (node, path) = object["minMs"] { expect.minMs = context.integer(node, path, in: LookupExpectation.millisecondsRange) }
        if let (node, path) = object["maxMs"] { expect.maxMs = context.integer(node, path, in: LookupExpectation.millisecondsRange) }
        if let minimum = expect.minMs, let maximum = expect.maxMs, minimum > maximum, let (node, path) = object["maxMs"] {
            context.fail("maxMs (\(maximum)) is less than minMs (\(minimum))", at: node, path: path)
        }
        if members.isEmpty {
            context.fail("an empty expect checks nothing; remove it or say what to expect", at: node, path: path)
        }
        return expect
    }

    /// `stdoutContains` and its kin: a string or a non-empty array of non-empty strings.
    static func decodeTexts(_ member: (node: JSONNode, path: JSONPath)?, purpose: String,
                            context: DecodingContext) -> [String] {
        guard let (node, path) = member else { return [] }
        let texts = context.strings(node, path, allowSingle: true) ?? []
        if case .array(let elements) = node.value, elements.isEmpty {
            context.fail("an empty list checks nothing; give the text \(purpose)", at: node, path: path)
        }
        for (index, text) in texts.enumerated() where text.isEmpty {
            // "" is in every text: as a requirement it checks nothing, as a prohibition it can never hold.
            context.fail("an empty string checks nothing; give the text \(purpose)",
                         at: node.elements?[index] ?? node, path: node.elements == nil ? path : path.appending(index))
        }
        return texts
    }

    /// `stdoutMatches`, `stderrMatches`: a regular expression or a non-empty array of them.
    static func decodePatterns(_ member: (node: JSONNode, path: JSONPath)?, stream: String,
                               context: DecodingContext) -> [TextPattern] {
        guard let (node, path) = member else { return [] }
        let sources = context.strings(node, path, allowSingle: true) ?? []
        if case .array(let elements) = node.value, elements.isEmpty {
            context.fail("an empty list checks nothing; give a regular expression \(stream) must match", at: node, path: path)
        }
        var patterns: [TextPattern] = []
        for (index, source) in sources.enumerated() {
            let elementNode = node.elements?[index] ?? node
            let elementPath = node.elements == nil ? path : path.appending(index)
            if source.isEmpty {
                context.fail("an empty expression matches anything; give a regular expression \(stream) must match",
                             at: elementNode, path: elementPath)
                continue
            }
            switch TextPattern.compile(source) {
            case .success(let pattern): patterns.append(pattern)
            case .failure(let error):
                context.fail("not a valid regular expression (\(error.message)): \(source.quotedForMessage)",
                             at: elementNode, path: elementPath)
            }
        }
        return patterns
    }

    static func decodeExpectation(_ node: JSONNode, _ path: JSONPath, context: DecodingContext) -> Expectation? {
        guard let object = context.object(node, path, as: FormatDescription.expect) else { return nil }
        var expectation = Expectation(queries: nil)
        func patterns(_ node: JSONNode, _ path: JSONPath) -> [QueryPattern]? {
            guard let elements = context.array(node, path) else { return nil }
            return elements.enumerated().compactMap { index, element in
                decodeQueryPattern(element, path.appending(index), timed: false, context: context)
            }
        }
        if let (node, path) = object["order"] {
            expectation.order = context.choice(node, path, as: Expectation.Order.self) ?? .exact
            if !object.has("queries") && !object.has("alternatives") {
                context.fail("order has no effect without queries or alternatives", at: node, path: path)
            }
        }
        if let (node, path) = object["queries"] {
            expectation.queries = decodeQuerySteps(node, path, order: expectation.order, context: context)
        }
        if let (node, path) = object["alternatives"], let elements = context.array(node, path) {
            if object.has("queries") {
                context.fail("alternatives and queries exclude each other: write the one expected sequence as queries, "
                             + "or every possible one as alternatives", at: node, path: path)
            } else if elements.count < 2 {
                context.fail("expected at least 2 alternatives, found \(elements.count); a single expected sequence is written "
                             + "as \"queries\"", at: node, path: path)
            }
            expectation.alternatives = elements.enumerated().compactMap { index, element in
                decodeQuerySteps(element, path.appending(index), order: expectation.order, context: context)
            }
        }
        if let (node, path) = object["forbid"] { expectation.forbid = patterns(node, path) ?? [] }
        if let (node, path) = object["counts"], let elements = context.array(node, path) {
            expectation.counts = elements.enumerated().compactMap { index, element in
                decodeQueryCount(element, path.appending(index), context: context)
            }
        }
        if object.members.isEmpty {
            context.fail("an empty expect checks nothing; add \"queries\" or \"forbid\"", at: node, path: path)
        }
        return expectation
    }

    /// `queries`, or one of `alternatives`: query patterns and groups (arrays of patterns) in order.
    static func decodeQuerySteps(_ node: JSONNode, _ path: JSONPath, order: Expectation.Order,
                                 context: DecodingContext) -> [QueryStep]? {
        guard let elements = context.array(node, path) else { return nil }
        var steps: [QueryStep] = []
        for (index, element) in elements.enumerated() {
            let elementPath = path.appending(index)
            guard case .array(let members) = element.value else {
                switch element.value {
                case .string, .object: break
                default:
                    context.wrongKind("a query (a string like \"A example.com.\" or an object) or a group of queries "
                                      + "(an array of them)", element, elementPath)
                    continue
                }
                guard let pattern = decodeQueryPattern(element, elementPath, timed: true, context: context) else { continue }
                if index == 0, order == .exact, pattern.afterMs != nil {
                    context.fail("under order exact the first query is the first on the wire: nothing comes before it for "
                                 + "afterMs to be measured from", at: element, path: elementPath.appending("afterMs"))
                }
                steps.append(.query(pattern))
                continue
            }
            if members.isEmpty {
                context.fail("an empty group matches nothing; a group holds the queries that may come in any order "
                             + "among themselves, like [\"A x.\", \"AAAA x.\"]", at: element, path: elementPath)
                continue
            }
            if order == .unordered {
                context.fail("a group has no effect under order unordered, where every query may come in any order; "
                             + "write its queries without the brackets, or use order exact or subsequence", at: element, path: elementPath)
            }
            var group: [QueryPattern] = []
            for (position, member) in members.enumerated() {
                let memberPath = elementPath.appending(position)
                if case .array = member.value {
                    context.fail("groups do not nest: a group holds queries (strings or objects), not another group",
                                 at: member, path: memberPath)
                } else if let pattern = decodeQueryPattern(member, memberPath, timed: true, context: context) {
                    group.append(pattern)
                }
            }
            steps.append(.group(group))
        }
        return steps
    }

    /// `afterMs`: `{ "min": N, "max": M }` with either bound or both, `min` not above `max`.
    static func decodeGapBounds(_ node: JSONNode, _ path: JSONPath, context: DecodingContext) -> GapBounds? {
        guard let object = context.object(node, path, as: FormatDescription.gapBounds) else { return nil }
        var bounds = GapBounds()
        if let (node, path) = object["min"] { bounds.min = context.integer(node, path, in: GapBounds.range) }
        if let (node, path) = object["max"] { bounds.max = context.integer(node, path, in: GapBounds.range) }
        if !object.has("min") && !object.has("max") {
            context.fail("afterMs needs \"min\", \"max\" or both (milliseconds after the previous query on the wire)",
                         at: node, path: path)
        }
        if let minimum = bounds.min, let maximum = bounds.max, minimum > maximum, let (node, path) = object["max"] {
            context.fail("max (\(maximum)) is less than min (\(minimum))", at: node, path: path)
        }
        return bounds.min == nil && bounds.max == nil ? nil : bounds
    }

    static func decodeQueryCount(_ node: JSONNode, _ path: JSONPath, context: DecodingContext) -> QueryCount? {
        guard let object = context.object(node, path, as: FormatDescription.queryCount) else { return nil }
        let pattern = object.require("query").flatMap { decodeQueryPattern($0.node, $0.path, timed: false, context: context) }
        var count = QueryCount(QueryPattern())
        if let (node, path) = object["min"] { count.min = context.integer(node, path, in: QueryCount.range) }
        if let (node, path) = object["max"] { count.max = context.integer(node, path, in: QueryCount.range) }
        if !object.has("min") && !object.has("max") {
            context.fail("a count needs \"min\", \"max\" or both", at: node, path: path)
        }
        if let minimum = count.min, let maximum = count.max, minimum > maximum, let (node, path) = object["max"] {
            context.fail("max (\(maximum)) is less than min (\(minimum))", at: node, path: path)
        }
        guard let pattern else { return nil }
        count.pattern = pattern
        return count
    }

    /// One query pattern; `timed` where it may carry `afterMs` (in `queries` and `alternatives`, not in `forbid` or `counts`).
    static func decodeQueryPattern(_ node: JSONNode, _ path: JSONPath, timed: Bool, context: DecodingContext) -> QueryPattern? {
        switch node.value {
        case .string(let text):
            switch QueryPattern.parse(text) {
            case .success(let pattern): return pattern
            case .failure(let error):
                context.fail("\(error.message) in \(text.quotedForMessage)", at: node, path: path)
                return nil
            }
        case .object(let members):
            let kind = timed ? FormatDescription.timedQueryObject : FormatDescription.queryObject
            var checked = node
            if !timed, let afterMs = members.first(where: { $0.key == "afterMs" }) {
                // Named for what it is rather than as an unknown key: it is one, only elsewhere.
                context.fail("afterMs applies only to queries in expect.queries and expect.alternatives, which are timed "
                             + "against the query before them", at: afterMs.keyRange.start, path: path.appending("afterMs"))
                checked = JSONNode(value: .object(members.filter { $0.key != "afterMs" }), range: node.range)
            }
            guard let object = context.object(checked, path, as: kind) else { return nil }
            var pattern = QueryPattern()
            // "*" means any, as in the string form.
            if let (node, path) = object["type"], let text = context.string(node, path), text != "*" {
                if let type = DNSType(scenarioText: text) { pattern.type = type } else {
                    context.fail("unknown record type \(text.quotedForMessage)", at: node, path: path)
                }
            }
            if let (node, path) = object["name"], let text = context.string(node, path), let problem = pattern.setName(text) {
                context.fail(problem, at: node, path: path)
            }
            if let (node, path) = object["server"], let text = context.string(node, path) {
                if let (address, port) = QueryPattern.parseServer(text) {
                    pattern.server = address
                    pattern.port = port
                } else {
                    context.fail("expected ADDRESS or ADDRESS:PORT ([v6]:PORT), found \(text.quotedForMessage)", at: node, path: path)
                }
            }
            if let (node, path) = object["transport"] { pattern.transport = context.choice(node, path, as: Transport.self) }
            if let (node, path) = object["flags"], let elements = context.array(node, path) {
                var flags = Set<QueryFlag>()
                for (index, element) in elements.enumerated() {
                    if let flag = context.choice(element, path.appending(index), as: QueryFlag.self) { flags.insert(flag) }
                }
                pattern.flags = flags
            }
            if let (node, path) = object["ednsPayloadSize"] {
                pattern.ednsPayloadSize = context.integer(node, path, in: 0...65535).map(UInt16.init)
            }
            if let (node, path) = object["ednsVersion"] { pattern.ednsVersion = context.integer(node, path, in: 0...255).map(UInt8.init) }
            if let (node, path) = object["afterMs"] { pattern.afterMs = decodeGapBounds(node, path, context: context) }
            return pattern
        default:
            context.wrongKind("a string like \"A example.com.\" or an object with type, name, server, transport", node, path)
            return nil
        }
    }
}
