import DNSWire
import Kubelet
import Foundation
import Testing
import ScenarioFormat

/// The decoder and schema/scenario.schema.json know the same keys for every object kind. The decoder is
/// asked by behaviour (what its unknown-key message lists, which keys it reads), the schema by reading the
/// file on disk, so neither side's answer comes from the code under test's own bookkeeping.
@Suite struct FormatDescriptionTests {
    /// Where one object kind sits in `document`, by its schema name ("" is the root).
    struct Site: Sendable, CustomTestStringConvertible {
        var kind: String
        var path: [JSONPath.Component]
        var testDescription: String { kind.isEmpty ? "scenario" : kind }
    }

    /// One object of every kind, all valid.
    static let document = """
        {
          "name": "every object kind",
          "daemons": [{ "name": "d", "exec": ["true"], "address": "10.0.0.53" }],
          "kubernetes": { "dnsConfig": { "options": [{ "name": "ndots", "value": "1" }] } },
          "servers": [{ "address": "10.0.0.1", "records": { "a.example.": { "A": "192.0.2.1" } }, "rules": [{ "reply": "drop" },
                                                                                              { "rcode": "FORMERR", "flags": { "aa": true }, "faults": { "copies": 2 } }] }],
          "lookups": [
            { "getaddrinfo": "a.example", "flags": ["canonname"], "expect": { "error": "EAI_NONAME" } },
            { "exec": ["true"], "expect": { "exitCode": 0 }, "before": { "hosts": "" } },
            { "gethostbyname": "a.example", "expect": { "error": "HOST_NOT_FOUND" } },
            { "gethostbyname2": "a.example", "family": "inet6", "expect": { "addressSet": ["2001:db8::1"] } },
            { "res_query": "a.example", "type": "MX", "expect": { "rcode": "NOERROR" } },
            { "res_search": "a", "type": "A", "expect": { "answerCount": 1 } },
            { "res_querydomain": "a", "domain": "example", "type": "A", "expect": { "authenticData": true } },
            { "gethostbyaddr": "192.0.2.1", "expect": { "names": ["a.example"] } },
            { "getnameinfo": "192.0.2.1", "flags": ["nofqdn"], "expect": { "error": "EAI_NONAME" } }
          ],
          "expect": { "queries": ["A a.example.", { "type": "A", "afterMs": { "max": 100 } }], "forbid": [{ "type": "MX" }],
                      "counts": [{ "query": "A a.example.", "max": 1 }] }
        }
        """

    static let sites: [Site] = [
        Site(kind: "", path: []),
        Site(kind: "kubernetes", path: [.key("kubernetes")]),
        Site(kind: "dnsConfig", path: [.key("kubernetes"), .key("dnsConfig")]),
        Site(kind: "dnsOption", path: [.key("kubernetes"), .key("dnsConfig"), .key("options"), .index(0)]),
        Site(kind: "server", path: [.key("servers"), .index(0)]),
        Site(kind: "daemon", path: [.key("daemons"), .index(0)]),
        Site(kind: "recordSet", path: [.key("servers"), .index(0), .key("records"), .key("a.example.")]),
        Site(kind: "rule", path: [.key("servers"), .index(0), .key("rules"), .index(0)]),
        Site(kind: "replyFlags", path: [.key("servers"), .index(0), .key("rules"), .index(1), .key("flags")]),
        Site(kind: "faults", path: [.key("servers"), .index(0), .key("rules"), .index(1), .key("faults")]),
        Site(kind: "getaddrinfoLookup", path: [.key("lookups"), .index(0)]),
        Site(kind: "getaddrinfoExpect", path: [.key("lookups"), .index(0), .key("expect")]),
        Site(kind: "execLookup", path: [.key("lookups"), .index(1)]),
        Site(kind: "execExpect", path: [.key("lookups"), .index(1), .key("expect")]),
        Site(kind: "gethostbynameLookup", path: [.key("lookups"), .index(2)]),
        Site(kind: "gethostbynameExpect", path: [.key("lookups"), .index(2), .key("expect")]),
        Site(kind: "gethostbyname2Lookup", path: [.key("lookups"), .index(3)]),
        Site(kind: "gethostbyname2Expect", path: [.key("lookups"), .index(3), .key("expect")]),
        Site(kind: "res_queryLookup", path: [.key("lookups"), .index(4)]),
        Site(kind: "res_queryExpect", path: [.key("lookups"), .index(4), .key("expect")]),
        Site(kind: "res_searchLookup", path: [.key("lookups"), .index(5)]),
        Site(kind: "res_searchExpect", path: [.key("lookups"), .index(5), .key("expect")]),
        Site(kind: "res_querydomainLookup", path: [.key("lookups"), .index(6)]),
        Site(kind: "res_querydomainExpect", path: [.key("lookups"), .index(6), .key("expect")]),
        Site(kind: "gethostbyaddrLookup", path: [.key("lookups"), .index(7)]),
        Site(kind: "gethostbyaddrExpect", path: [.key("lookups"), .index(7), .key("expect")]),
        Site(kind: "getnameinfoLookup", path: [.key("lookups"), .index(8)]),
        Site(kind: "getnameinfoExpect", path: [.key("lookups"), .index(8), .key("expect")]),
        Site(kind: "fileRewrite", path: [.key("lookups"), .index(1), .key("before")]),
        Site(kind: "expect", path: [.key("expect")]),
        Site(kind: "timedQueryObject", path: [.key("expect"), .key("queries"), .index(1)]),
        Site(kind: "gapBounds", path: [.key("expect"), .key("queries"), .index(1), .key("afterMs")]),
        Site(kind: "queryObject", path: [.key("expect"), .key("forbid"), .index(0)]),
        Site(kind: "queryCount", path: [.key("expect"), .key("counts"), .index(0)]),
    ]

    /// The schema file, parsed by the project's own parser.
    static func schemaFile() throws -> JSONValue {
        let data = try #require(FileManager.default.contents(atPath: SchemaPaths.schema), "cannot read \(SchemaPaths.schema)")
        return try JSONParser.parse(Array(data)).value
    }

    static func member(_ value: JSONValue, _ key: String) -> JSONValue? {
        guard case .object(let members) = value else { return nil }
        return members.first { $0.key == key }?.value.value
    }

    /// The schema of object kind `kind` ("" for the root).
    static func schemaObject(_ kind: String, in schema: JSONValue) throws -> JSONValue {
        if kind.isEmpty { return schema }
        return try #require(member(schema, "$defs").flatMap { member($0, kind) }, "the schema has no $defs/\(kind)")
    }

    static func propertyNames(_ object: JSONValue) -> [String] {
        guard case .object(let members)? = member(object, "properties") else { return [] }
        return members.map(\.key)
    }

    /// `document` with member `key` of the object at `path` set to `value` (added when absent).
    static func setting(_ key: String, to value: JSONValue, at path: [JSONPath.Component]) throws -> String {
        let root = try JSONParser.parse(document).value
        let edited = ScenarioMutation.edit(root, at: path[...]) { node in
            guard case .object(var members) = node else { return node }
            let member = JSONMember(key: key, keyRange: .zero, value: JSONNode(value))
            if let index = members.firstIndex(where: { $0.key == key }) { members[index] = member } else { members.append(member) }
            return .object(members)
        }
        return JSONRenderer().render(try #require(edited))
    }

    /// `document` without member `key` of the object at `path`.
    static func removing(_ key: String, at path: [JSONPath.Component]) throws -> String {
        let root = try JSONParser.parse(document).value
        let edited = ScenarioMutation.edit(root, at: (path + [.key(key)])[...]) { _ in nil }
        return JSONRenderer().render(try #require(edited))
    }

    static func errors(_ text: String) -> [ScenarioError] {
        do {
            _ = try ScenarioDecoder.decode(Array(text.utf8), file: "kinds.json")
            return []
        } catch {
            return error.errors
        }
    }

    @Test func theBaseDocumentIsValid() throws {
        _ = try ScenarioDecoder.decode(Array(Self.document.utf8), file: "kinds.json")
    }

    /// A new object kind in the schema needs a site here, or the drift checks below would skip it.
    @Test func everyObjectKindOfTheSchemaHasASite() throws {
        let schema = try Self.schemaFile()
        guard case .object(let definitions)? = Self.member(schema, "$defs") else {
            Issue.record("the schema has no $defs")
            return
        }
        let kinds = [""] + definitions.filter { Self.member($0.value.value, "properties") != nil }.map(\.key)
        #expect(Set(kinds) == Set(Self.sites.map(\.kind)))
        #expect(Set(FormatDescription.objects.map(\.name)) == Set(Self.sites.map { $0.kind.isEmpty ? "scenario" : $0.kind }))
    }

    /// The drift that must never happen again: the keys the decoder accepts are the schema's properties.
    @Test(arguments: sites)
    func decoderKeysAreTheSchemaProperties(_ site: Site) throws {
        let schemaKeys = Self.propertyNames(try Self.schemaObject(site.kind, in: try Self.schemaFile()))
        #expect(!schemaKeys.isEmpty)
        let unknown = "zzzzzzzzzz"
        let errors = Self.errors(try Self.setting(unknown, to: .null, at: site.path))
        let path = JSONPath(site.path + [.key(unknown)]).description
        let error = try #require(errors.first { $0.path == path }, "no error at \(path): \(errors)")
        // "unknown key "zz…"; expected one of a, b, c" or "unknown record type "ZZ…"; expected one of A, AAAA, ..."
        let list = try #require(error.message.components(separatedBy: "; expected one of ").last?
            .components(separatedBy: " (did you mean").first, "\(error.message)")
        #expect(list.components(separatedBy: ", ") == schemaKeys, "\(error.message)")
    }

    /// Every key the schema offers is read by the decoder: a value of no possible shape is an error at that key.
    @Test(arguments: sites)
    func everySchemaPropertyIsReadByTheDecoder(_ site: Site) throws {
        for key in Self.propertyNames(try Self.schemaObject(site.kind, in: try Self.schemaFile())) {
            let nonsense = JSONValue.array([.array([.null])])
            let errors = Self.errors(try Self.setting(key, to: nonsense, at: site.path))
            let path = JSONPath(site.path + [.key(key)]).description
            let atKey = errors.filter { $0.path == path || $0.path.hasPrefix(path + "[") || $0.path.hasPrefix(path + ".") }
            #expect(!atKey.isEmpty, "\(key) = [[null]] gives no error at \(path): \(errors)")
            #expect(!atKey.contains { $0.message.hasPrefix("unknown") }, "\(atKey)")
        }
    }

    /// What the schema calls required, the decoder requires, and names in its message.
    @Test(arguments: sites)
    func requiredKeysAreRequiredByTheDecoder(_ site: Site) throws {
        let object = try Self.schemaObject(site.kind, in: try Self.schemaFile())
        guard case .array(let required)? = Self.member(object, "required") else { return }
        for case .string(let key) in required.map(\.value) {
            let errors = Self.errors(try Self.removing(key, at: site.path))
            let path = JSONPath(site.path).description
            // A lookup without its kind's key has no kind at all; gethostbyname2 without family lacks a key.
            let expected = site.kind.hasSuffix("Lookup") && site.kind.hasPrefix(key)
                ? #"a lookup needs a kind: "getaddrinfo": "NAME", "exec": ["COMMAND", ...], "gethostbyname": "NAME", "gethostbyname2": "NAME", "res_query": "NAME", "res_search": "NAME", "res_querydomain": "NAME", "gethostbyaddr": "ADDRESS" or "getnameinfo": "ADDRESS""#
                : #"missing required key "\#(key)""#
            #expect(errors.contains { $0.path == path && $0.message.hasPrefix(expected) }, "without \(key): \(errors)")
        }
    }

    /// A key of one lookup kind's expect, given to another kind, is named as belonging to its kind.
    @Test(arguments: LookupKind.allCases)
    func foreignExpectKeysNameTheirKind(kind: LookupKind) throws {
        let schema = try Self.schemaFile()
        let own = Self.propertyNames(try Self.schemaObject("\(kind.rawValue)Expect", in: schema))
        let site = try #require(Self.sites.first { $0.kind == "\(kind.rawValue)Expect" })
        // Which kinds take each key, read from the schema file.
        var owners: [String: [String]] = [:]
        for other in LookupKind.allCases {
            for key in Self.propertyNames(try Self.schemaObject("\(other.rawValue)Expect", in: schema)) {
                owners[key, default: []].append(other.rawValue)
            }
        }
        for other in LookupKind.allCases where other != kind {
            for key in Self.propertyNames(try Self.schemaObject("\(other.rawValue)Expect", in: schema)) where !own.contains(key) {
                let errors = Self.errors(try Self.setting(key, to: .string("x"), at: site.path))
                let kinds = owners[key] ?? []
                let named = kinds.count == 1 ? kinds[0] : kinds.dropLast().joined(separator: ", ") + " and " + (kinds.last ?? "")
                let message = "\"\(key)\" only applies to \(named) lookups; this one accepts \(own.joined(separator: ", "))"
                #expect(errors.map(\.message) == [message], "\(key) on \(kind.rawValue)")
            }
        }
    }

    @Test func lookupKindsAreNamedByTheirFirstKey() {
        for kind in LookupKind.allCases {
            #expect(FormatDescription.lookup(kind).keys.first?.name == kind.rawValue)
            #expect(FormatDescription.lookup(kind).keys.first?.isRequired == true)
        }
    }

    @Test func constraintsNameKeysOfTheirObject() {
        for object in FormatDescription.objects {
            for constraint in object.constraints {
                for key in constraint.keys {
                    #expect(object.keyNames.contains(key), "\(object.name): \"\(constraint.doc)\" names \(key)")
                }
            }
        }
    }

    @Test func keysAreUniqueWithinEachObject() {
        for object in FormatDescription.objects {
            #expect(Set(object.keyNames).count == object.keyNames.count, "\(object.name): \(object.keyNames)")
        }
    }

    /// Enumerations in the schema file are the model's enums, in declaration order.
    @Test func schemaEnumsAreTheModelEnums() throws {
        let schema = try Self.schemaFile()
        func choices(_ pointer: [String]) -> [String]? {
            var value: JSONValue? = schema
            for key in pointer { value = value.flatMap { Self.member($0, key) } }
            guard case .array(let elements)? = value.flatMap({ Self.member($0, "enum") }) else { return nil }
            return elements.compactMap(\.value.stringValue)
        }
        #expect(choices(["$defs", "namespace"]) == ScenarioNamespace.allCases.map(\.rawValue))
        #expect(choices(["$defs", "kubernetes", "properties", "dnsPolicy"]) == DNSPolicy.allCases.map(\.rawValue))
        #expect(choices(["$defs", "transport"]) == Transport.allCases.map(\.rawValue))
        #expect(choices(["$defs", "server", "properties", "mode"]) == Server.Mode.allCases.map(\.rawValue))
        #expect(choices(["$defs", "server", "properties", "otherwise"]) == Server.Fallback.allCases.map(\.rawValue))
        #expect(choices(["$defs", "reply"]) == Rule.Reply.allCases.map(\.rawValue))
        #expect(choices(["$defs", "rule", "properties", "countBy"]) == Rule.CountBy.allCases.map(\.rawValue))
        #expect(choices(["$defs", "faults", "properties", "questionCase"]) == ReplyShaping.QuestionCase.allCases.map(\.rawValue))
        #expect(choices(["$defs", "faults", "properties", "tcpClose"]) == ReplyShaping.TCPClose.allCases.map(\.rawValue))
        #expect(choices(["$defs", "getaddrinfoLookup", "properties", "family"]) == AddressFamily.allCases.map(\.rawValue))
        #expect(choices(["$defs", "getaddrinfoExpect", "properties", "error"]) == GetaddrinfoErrorName.names)
        #expect(choices(["$defs", "expect", "properties", "order"]) == Expectation.Order.allCases.map(\.rawValue))
        #expect(GetaddrinfoErrorName.names.contains("EAI_NONAME") && GetaddrinfoErrorName.names.contains("EAI_AGAIN"))
    }

    /// Editors show descriptions on hover: every definition and every property has one.
    @Test func everyDefinitionAndPropertyIsDescribed() throws {
        let schema = try Self.schemaFile()
        var undescribed: [String] = []
        func check(_ value: JSONValue, _ pointer: String) {
            if case .string(let text)? = Self.member(value, "description"), !text.isEmpty {} else { undescribed.append(pointer) }
        }
        check(schema, "#")
        guard case .object(let definitions)? = Self.member(schema, "$defs") else {
            Issue.record("the schema has no $defs")
            return
        }
        var objects = [("#", schema)]
        for definition in definitions {
            check(definition.value.value, "#/$defs/\(definition.key)")
            objects.append(("#/$defs/\(definition.key)", definition.value.value))
        }
        for (pointer, object) in objects {
            guard case .object(let properties)? = Self.member(object, "properties") else { continue }
            for property in properties { check(property.value.value, "\(pointer)/properties/\(property.key)") }
        }
        #expect(undescribed.isEmpty, "no description: \(undescribed)")
    }

    /// Every `$ref` names a definition, and every definition is used.
    @Test func everyReferenceResolvesAndEveryDefinitionIsUsed() throws {
        let schema = try Self.schemaFile()
        var references = Set<String>()
        func collect(_ value: JSONValue) {
            switch value {
            case .object(let members):
                for member in members {
                    if member.key == "$ref", case .string(let target) = member.value.value { references.insert(target) }
                    collect(member.value.value)
                }
            case .array(let elements):
                for element in elements { collect(element.value) }
            default:
                break
            }
        }
        collect(schema)
        guard case .object(let definitions)? = Self.member(schema, "$defs") else {
            Issue.record("the schema has no $defs")
            return
        }
        let defined = Set(definitions.map { "#/$defs/\($0.key)" })
        #expect(references.subtracting(defined).isEmpty, "unresolved: \(references.subtracting(defined).sorted())")
        #expect(defined.subtracting(references).isEmpty, "unused: \(defined.subtracting(references).sorted())")
    }
}
