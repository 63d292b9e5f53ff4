import DNSWire
import Foundation
import Testing
import ScenarioFormat

/// schema/scenario.schema.json describes what the strict decoder accepts: the file is the schema generated
/// from the format description (a golden file), every bundled scenario passes both, documents the decoder
/// refuses are refused by the schema too, and the schema never refuses a document the decoder accepts.
/// Python's jsonschema validates (Debian's python3-jsonschema, installed by `make deps`).
@Suite struct SchemaTests {
    @Test func fileOnDiskIsTheGeneratedSchemaByteForByte() throws {
        let data = try #require(FileManager.default.contents(atPath: SchemaPaths.schema), "cannot read \(SchemaPaths.schema)")
        let file = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let generated = ScenarioSchema.text.split(separator: "\n", omittingEmptySubsequences: false)
        let line = zip(file, generated).enumerated().first { !$0.element.0.utf8.elementsEqual($0.element.1.utf8) }?.offset
            ?? min(file.count, generated.count)
        // The line, not the whole text, so a difference is readable.
        let identical = Array(data) == Array(ScenarioSchema.text.utf8)
        #expect(identical, """
            schema/scenario.schema.json is not the schema the format description generates (first difference at line \
            \(line + 1)). If the description changed on purpose, regenerate the file:
                swift run resolvlab schema > schema/scenario.schema.json
              file:      \(line < file.count ? String(file[line]) : "(end)")
              generated: \(line < generated.count ? String(generated[line]) : "(end)")
            """)
    }

    @Test func schemaIsJSONAndAValidDraft202012Schema() throws {
        let root = try JSONParser.parse(ScenarioSchema.text)
        let members = try #require(root.value.objectMembers, "the schema is not a JSON object")
        #expect(members["$schema"] == .string("https://json-schema.org/draft/2020-12/schema"))
        #expect(members["$id"] == .string("https://resolvlab.dev/schema/scenario-v1.json"))
        // The validator script runs Draft202012Validator.check_schema before anything else.
        _ = try SchemaValidator.validate([])
    }

    @Test func everyBundledScenarioPassesTheDecoderAndTheSchema() throws {
        let files = SchemaPaths.bundledScenarios
        #expect(files.count >= 20, "found only \(files.count) scenarios under \(SchemaPaths.scenarios)")
        var documents: [String] = []
        for file in files {
            let text = try #require(FileManager.default.contents(atPath: file).flatMap { String(data: $0, encoding: .utf8) })
            do {
                _ = try ScenarioDecoder.decode(Array(text.utf8), file: file)
            } catch {
                Issue.record("the decoder refuses \(file):\n\(error)")
            }
            let members = try #require(try JSONParser.parse(text).value.objectMembers)
            // Each scenario names the schema by a relative path, so editors find it without settings.
            if case .string(let reference)? = members["$schema"] {
                let resolved = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(reference).standardized.path
                #expect(resolved == URL(fileURLWithPath: SchemaPaths.schema).standardized.path, "\(file): $schema is \(reference)")
            } else {
                Issue.record("\(file) has no \"$schema\" key")
            }
            documents.append(try SchemaValidator.strictJSON(text))
        }
        let verdicts = try SchemaValidator.validate(documents.map { SchemaValidator.Item(instance: $0) })
        for (file, errors) in zip(files, verdicts) {
            #expect(errors.isEmpty, "the schema refuses \(file):\n\(errors.map(\.description).joined(separator: "\n"))")
        }
    }

    @Test(arguments: SchemaCase.invalid)
    func decoderAndSchemaBothRefuse(_ c: SchemaCase) throws {
        let decoderErrors = c.decoderErrors
        #expect(!decoderErrors.isEmpty, "the decoder accepts:\n\(c.text)")
        #expect(!decoderErrors.contains { $0.message.hasPrefix("invalid JSON") }, "the fixture is not JSON:\n\(decoderErrors)")
        #expect(decoderErrors.isEmpty || decoderErrors.contains { $0.path.hasPrefix(c.at) },
                "the decoder complains elsewhere than \(c.at):\n\(decoderErrors)")
        let schemaErrors = try SchemaCase.schemaErrors(for: c)
        #expect(!schemaErrors.isEmpty, "the schema accepts:\n\(c.text)")
        #expect(schemaErrors.isEmpty || schemaErrors.contains { $0.path.hasPrefix(c.at) },
                "the schema complains elsewhere than \(c.at):\n\(schemaErrors.map(\.description).joined(separator: "\n"))")
    }

    @Test(arguments: SchemaCase.valid)
    func decoderAndSchemaBothAccept(_ c: SchemaCase) throws {
        #expect(c.decoderErrors.isEmpty, "the decoder refuses:\n\(c.text)\n\(c.decoderErrors)")
        let schemaErrors = try SchemaCase.schemaErrors(for: c)
        #expect(schemaErrors.isEmpty, "the schema refuses:\n\(c.text)\n\(schemaErrors.map(\.description).joined(separator: "\n"))")
    }

    @Test func caseLabelsAreUnique() {
        let labels = (SchemaCase.invalid + SchemaCase.valid).map(\.label)
        #expect(Set(labels).count == labels.count)
    }

    /// Damaged copies of valid scenarios: whatever the decoder still accepts, the schema must accept too.
    @Test func schemaAcceptsEveryMutantTheDecoderAccepts() throws {
        var seeds = SchemaCase.valid.map(\.text)
        for file in SchemaPaths.bundledScenarios {
            if let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) { seeds.append(text) }
        }
        let roots = seeds.compactMap { try? JSONParser.parse($0).value }
        var random = SchemaTestRandom(seed: 0x5C4E_3A51)
        var accepted: [String] = []
        var tried = 0
        while tried < 3000 {
            guard var value = roots.randomElement(using: &random) else { break }
            for _ in 0..<Int.random(in: 1...3, using: &random) { value = ScenarioMutation.mutate(value, using: &random) }
            tried += 1
            let text = JSONRenderer().render(value)
            if (try? ScenarioDecoder.decode(Array(text.utf8), file: "mutant.json")) != nil { accepted.append(text) }
        }
        #expect(accepted.count >= 100, "only \(accepted.count) of \(tried) mutants decode; the check would prove little")
        let verdicts = try SchemaValidator.validate(accepted.map { SchemaValidator.Item(instance: $0) })
        for (text, errors) in zip(accepted, verdicts).filter({ !$0.1.isEmpty }).prefix(10) {
            Issue.record("the decoder accepts but the schema refuses:\n\(text)\n\(errors.map(\.description).joined(separator: "\n"))")
        }
    }

    /// Random near-misses of valid values, against the parser each pattern mirrors.
    @Test(arguments: PatternCheck.all)
    func patternAgreesWithTheParser(_ check: PatternCheck) throws {
        var random = SchemaTestRandom(seed: UInt64(check.definition.utf8.count) &* 0x9E37_79B9)
        var candidates = Set(check.seeds)
        while candidates.count < 1500 {
            guard var text = check.seeds.randomElement(using: &random) else { break }
            for _ in 0..<Int.random(in: 1...3, using: &random) { text = PatternCheck.mutate(text, using: &random) }
            candidates.insert(text)
        }
        let texts = candidates.sorted()
        let verdicts = try SchemaValidator.validate(texts.map {
            SchemaValidator.Item(definition: check.definition, instance: JSONRenderer().render(.string($0)))
        })
        var parserOnly: [String] = []
        var schemaOnly: [String] = []
        for (text, errors) in zip(texts, verdicts) {
            let parser = check.parserAccepts(text)
            if parser && !errors.isEmpty { parserOnly.append(text) }
            // Python's `$` also matches before a final newline (ECMA-262's, which editors use, does not).
            if !parser && errors.isEmpty && !text.hasSuffix("\n") { schemaOnly.append(text) }
        }
        #expect(parserOnly.isEmpty, "\(check.definition) refuses what the parser accepts: \(parserOnly.prefix(20).map(\.debugDescription))")
        if check.exact {
            #expect(schemaOnly.isEmpty, "\(check.definition) accepts what the parser refuses: \(schemaOnly.prefix(20).map(\.debugDescription))")
        }
        let acceptedCount = texts.filter(check.parserAccepts).count
        #expect(acceptedCount >= 50 && acceptedCount < texts.count, "\(acceptedCount) of \(texts.count) candidates parse; the mix proves little")
    }
}

/// Where the schema and the scenarios are, from this file's path.
enum SchemaPaths {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let schema = root.appendingPathComponent("schema/scenario.schema.json").path
    static let scenarios = root.appendingPathComponent("scenarios").path

    static var bundledScenarios: [String] {
        ScenarioLoader.expand([scenarios]).files
    }
}

/// Runs Python's jsonschema (Draft 2020-12, format checks off) over many instances in one process.
enum SchemaValidator {
    struct Item {
        /// A JSON pointer into the schema, `#` for the whole schema.
        var definition = "#"
        /// Strict JSON: Python's json reads neither comments nor trailing commas.
        var instance: String
    }

    struct Problem: CustomStringConvertible {
        var path: String
        var message: String
        var description: String { "\(path.isEmpty ? "(root)" : path): \(message)" }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let python = "/usr/bin/python3"

    static let script = #"""
        import json, sys
        try:
            import jsonschema
        except ImportError as error:
            sys.stderr.write(f"{error}\n")
            sys.exit(3)
        with open(sys.argv[1], encoding="utf-8") as file:
            schema = json.load(file)
        jsonschema.Draft202012Validator.check_schema(schema)
        validators = {}
        def validator(definition):
            # A definition is validated with all of $defs beside it, so its own $refs resolve.
            if definition not in validators:
                root = schema if definition == "#" else {"$defs": schema["$defs"], "$ref": definition}
                validators[definition] = jsonschema.Draft202012Validator(root, format_checker=None)
            return validators[definition]
        def path(error):
            text = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in error.absolute_path)
            return text[1:] if text.startswith(".") else text
        with open(sys.argv[2], encoding="utf-8") as file:
            items = json.load(file)
        json.dump([[[path(e), e.message[:400]] for e in validator(item["definition"]).iter_errors(item["instance"])]
                   for item in items], sys.stdout)
        """#

    /// `text` (JSON with comments and trailing commas) as strict JSON, through the project's own parser.
    static func strictJSON(_ text: String) throws -> String {
        try JSONRenderer().render(JSONParser.parse(text).value)
    }

    /// The schema's complaints about each item, in order; empty when it is valid.
    static func validate(_ items: [Item]) throws -> [[Problem]] {
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw Failure(description: "\(python) not found: run `make deps` (it installs python3 and python3-jsonschema)")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("resolvlab-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("items.json")
        let output = directory.appendingPathComponent("out.json")
        let errors = directory.appendingPathComponent("err.txt")
        let payload = "[" + items.map {
            #"{"definition": \#(JSONRenderer().render(.string($0.definition))), "instance": \#($0.instance)}"#
        }.joined(separator: ",\n") + "]"
        try Data(payload.utf8).write(to: input)
        // Files, not pipes: a full pipe would block Python while this process waits for it to exit.
        try Data().write(to: output)
        try Data().write(to: errors)
        let outputHandle = try FileHandle(forWritingTo: output)
        let errorHandle = try FileHandle(forWritingTo: errors)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script, SchemaPaths.schema, input.path]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = outputHandle
        process.standardError = errorHandle
        try process.run()
        process.waitUntilExit()
        try outputHandle.close()
        try errorHandle.close()
        let stderr = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
        if process.terminationStatus == 3 {
            throw Failure(description: "Python's jsonschema module is missing (\(stderr.trimmingCharacters(in: .whitespacesAndNewlines))): "
                          + "run `make deps` (it installs python3-jsonschema)")
        }
        guard process.terminationStatus == 0 else {
            throw Failure(description: "the schema validator failed with status \(process.terminationStatus):\n\(stderr)")
        }
        let data = try Data(contentsOf: output)
        guard let verdicts = try JSONSerialization.jsonObject(with: data) as? [[[String]]], verdicts.count == items.count else {
            throw Failure(description: "the schema validator printed something unexpected:\n\(String(decoding: data, as: UTF8.self))")
        }
        return verdicts.map { $0.map { Problem(path: $0.first ?? "", message: $0.last ?? "") } }
    }
}

/// A small document that the decoder and the schema must judge alike.
struct SchemaCase: Sendable, CustomTestStringConvertible {
    var label: String
    var text: String
    /// Where both must complain: some error of each has a JSON path starting with it ("" is anywhere).
    var at: String

    init(_ label: String, _ text: String, at: String = "") {
        self.label = label
        self.text = text
        self.at = at
    }

    var testDescription: String { label }

    var decoderErrors: [ScenarioError] {
        do {
            _ = try ScenarioDecoder.decode(Array(text.utf8), file: "case.json")
            return []
        } catch {
            return error.errors
        }
    }

    /// One Python run for every case; each test picks its own verdict.
    static let verdicts: Result<[String: [SchemaValidator.Problem]], SchemaValidator.Failure> = {
        let cases = invalid + valid
        do {
            let items = try cases.map { SchemaValidator.Item(instance: try SchemaValidator.strictJSON($0.text)) }
            let results = try SchemaValidator.validate(items)
            return .success(Dictionary(zip(cases.map(\.label), results), uniquingKeysWith: { first, _ in first }))
        } catch let failure as SchemaValidator.Failure {
            return .failure(failure)
        } catch {
            return .failure(SchemaValidator.Failure(description: "\(error)"))
        }
    }()

    static func schemaErrors(for c: SchemaCase) throws -> [SchemaValidator.Problem] {
        try #require(try verdicts.get()[c.label])
    }

    static let lookup = #"{ "getaddrinfo": "a.example", "expect": { "error": "EAI_NONAME" } }"#

    /// A minimal valid scenario with `top` members added and its one lookup replaced by `lookup`.
    static func document(_ top: String = "", lookup: String = lookup) -> String {
        #"{ "name": "edge case", \#(top.isEmpty ? "" : top + ", ")"lookups": [\#(lookup)] }"#
    }

    static func server(_ members: String) -> String {
        document(#""servers": [{ "address": "10.0.0.1", \#(members) }]"#)
    }

    static func records(_ owners: String) -> String { server(#""records": { \#(owners) }"#) }
    static func rule(_ members: String) -> String { server(#""rules": [\#(members)]"#) }
    static func getaddrinfo(_ members: String) -> String { document(lookup: #"{ "getaddrinfo": "a.example", \#(members) }"#) }
    static func exec(_ members: String) -> String { document(lookup: #"{ "exec": ["true"], \#(members) }"#) }
    static func queries(_ items: String) -> String { document(#""expect": { "queries": [\#(items)] }"#) }

    static let invalid: [SchemaCase] = [
        // kubernetes
        SchemaCase("kubernetes with resolvConf", document(#""resolvConf": "nameserver 10.0.0.1\n", "kubernetes": {}"#)),
        SchemaCase("an unknown dnsPolicy", document(#""kubernetes": { "dnsPolicy": "ClusterLast" }"#), at: "kubernetes.dnsPolicy"),
        SchemaCase("dnsPolicy None without dnsConfig", document(#""kubernetes": { "dnsPolicy": "None" }"#), at: "kubernetes"),
        SchemaCase("dnsPolicy None without nameservers", document(#""kubernetes": { "dnsPolicy": "None", "dnsConfig": { "nameservers": [] } }"#),
                   at: "kubernetes"),
        SchemaCase("a namespace with capitals", document(#""kubernetes": { "namespace": "Prophet" }"#), at: "kubernetes.namespace"),
        SchemaCase("four dnsConfig nameservers", document(#"""
            "kubernetes": { "dnsConfig": { "nameservers": ["192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"] } }
            """#), at: "kubernetes.dnsConfig.nameservers"),
        SchemaCase("a search domain with capitals", document(#""kubernetes": { "dnsConfig": { "searches": ["Corp.Example"] } }"#),
                   at: "kubernetes.dnsConfig.searches"),
        SchemaCase("an option without name", document(#""kubernetes": { "dnsConfig": { "options": [{ "value": "1" }] } }"#),
                   at: "kubernetes.dnsConfig.options"),
        SchemaCase("an option value that is a number", document(#""kubernetes": { "dnsConfig": { "options": [{ "name": "ndots", "value": 1 }] } }"#),
                   at: "kubernetes.dnsConfig.options"),
        SchemaCase("a cluster domain with a trailing dot", document(#""kubernetes": { "clusterDomain": "cluster.local." }"#),
                   at: "kubernetes.clusterDomain"),
        SchemaCase("a cluster DNS name", document(#""kubernetes": { "clusterDNS": ["kube-dns"] }"#), at: "kubernetes.clusterDNS"),
        SchemaCase("an owner without records", records(#""empty.example.": {}"#), at: "servers[0].records"),
        SchemaCase("an empty stdoutContains list", exec(#""expect": { "stdoutContains": [], "exitCode": 255 }"#),
                   at: "lookups[0]"),
        SchemaCase("an empty required command", document(#""requires": [""]"#), at: "requires[0]"),
        // Unknown keys, everywhere.
        SchemaCase("unknown top-level key", document(#""timeout": 5000"#)),
        SchemaCase("unknown server key", server(#""prot": 53"#), at: "servers[0]"),
        SchemaCase("unknown rule key", rule(#"{ "name": "a.example.", "replay": "servfail" }"#), at: "servers[0].rules[0]"),
        SchemaCase("unknown getaddrinfo key", getaddrinfo(#""famliy": "inet", "expect": { "error": "EAI_NONAME" }"#), at: "lookups[0]"),
        SchemaCase("unknown exec key", exec(#""environment": {}, "expect": { "exitCode": 0 }"#), at: "lookups[0]"),
        SchemaCase("empty exec env", exec(#""env": {}, "expect": { "exitCode": 0 }"#), at: "lookups[0]"),
        SchemaCase("env name with =", exec(#""env": { "A=B": "1" }"#), at: "lookups[0]"),
        SchemaCase("unknown lookup expect key", getaddrinfo(#""expect": { "adresses": ["10.0.0.1"] }"#), at: "lookups[0]"),
        SchemaCase("unknown expect key", document(#""expect": { "queries": [], "ordr": "exact" }"#), at: "expect"),
        SchemaCase("unknown query object key", queries(#"{ "type": "A", "nmae": "a.example." }"#), at: "expect.queries[0]"),
        SchemaCase("unknown record type", records(#""a.example.": { "AAA": ["fd00::1"] }"#), at: "servers[0].records"),
        // Required keys and wrong types.
        SchemaCase("name missing", #"{ "lookups": [\#(lookup)] }"#),
        SchemaCase("name empty", #"{ "name": "", "lookups": [\#(lookup)] }"#, at: "name"),
        SchemaCase("name not a string", #"{ "name": 5, "lookups": [\#(lookup)] }"#, at: "name"),
        SchemaCase("lookups missing", #"{ "name": "x", "expect": { "queries": [] } }"#),
        SchemaCase("lookups empty", #"{ "name": "x", "lookups": [], "expect": { "queries": [] } }"#, at: "lookups"),
        SchemaCase("lookups not an array", #"{ "name": "x", "lookups": \#(lookup) }"#, at: "lookups"),
        SchemaCase("$schema not a string", document(#""$schema": 1"#), at: "$schema"),
        SchemaCase("tags as a string", document(#""tags": "glibc""#), at: "tags"),
        SchemaCase("tag with a blank", document(#""tags": ["two words"]"#), at: "tags[0]"),
        SchemaCase("requires as a string", document(#""requires": "dig""#), at: "requires"),
        SchemaCase("resolvConf a number", document(#""resolvConf": 5"#), at: "resolvConf"),
        SchemaCase("resolvConf line with a newline", document(#""resolvConf": ["nameserver 10.0.0.1\noptions ndots:1"]"#), at: "resolvConf"),
        SchemaCase("hosts an object", document(#""hosts": {}"#), at: "hosts"),
        SchemaCase("file contents not a string", document(#""files": { "/etc/gai.conf": 1 }"#), at: "files"),
        // Lookups: exactly one kind, with the keys that kind allows.
        SchemaCase("lookup with both kinds", document(lookup: #"{ "getaddrinfo": "a", "exec": ["true"], "expect": { "exitCode": 0 } }"#),
                   at: "lookups[0]"),
        SchemaCase("lookup with no kind", document(lookup: #"{ "expect": { "exitCode": 0 } }"#), at: "lookups[0]"),
        SchemaCase("exec exitCode of the wrong type", exec(#""expect": { "exitCode": "0" }"#), at: "lookups[0]"),
        SchemaCase("exec exitCode above 255", exec(#""expect": { "exitCode": 256 }"#), at: "lookups[0]"),
        SchemaCase("getaddrinfo with exitCode", getaddrinfo(#""expect": { "exitCode": 0 }"#), at: "lookups[0]"),
        SchemaCase("exec with addresses", exec(#""expect": { "addresses": ["10.0.0.1"] }"#), at: "lookups[0]"),
        SchemaCase("exec without a command", document(lookup: #"{ "exec": [], "expect": { "exitCode": 0 } }"#), at: "lookups[0]"),
        SchemaCase("exec with an empty command", document(lookup: #"{ "exec": [""], "expect": { "exitCode": 0 } }"#), at: "lookups[0]"),
        SchemaCase("exec command with NUL", document(lookup: #"{ "exec": ["ec\u0000ho"], "expect": { "exitCode": 0 } }"#),
                   at: "lookups[0]"),
        SchemaCase("exec argument with NUL", document(lookup: #"{ "exec": ["echo", "a\u0000b"], "expect": { "exitCode": 0 } }"#),
                   at: "lookups[0]"),
        SchemaCase("getaddrinfo name with NUL", document(lookup: #"{ "getaddrinfo": "a\u0000.example", "expect": { "error": "EAI_NONAME" } }"#),
                   at: "lookups[0]"),
        SchemaCase("service with NUL", getaddrinfo(#""service": "44\u00003", "expect": { "error": "EAI_NONAME" }"#), at: "lookups[0]"),
        SchemaCase("getaddrinfo host empty", document(lookup: #"{ "getaddrinfo": "", "expect": { "error": "EAI_NONAME" } }"#),
                   at: "lookups[0]"),
        SchemaCase("minMs as a string", exec(#""expect": { "minMs": "5" }"#), at: "lookups[0]"),
        SchemaCase("stdoutContains a number", exec(#""expect": { "stdoutContains": 5 }"#), at: "lookups[0]"),
        SchemaCase("stdoutContains an empty string", exec(#""expect": { "stdoutContains": "" }"#), at: "lookups[0]"),
        SchemaCase("stderrContains an empty string in a list", exec(#""expect": { "stderrContains": ["a", ""] }"#), at: "lookups[0]"),
        SchemaCase("stderrLacks an empty list", exec(#""expect": { "stderrLacks": [] }"#), at: "lookups[0]"),
        SchemaCase("stdoutLacks a number", exec(#""expect": { "stdoutLacks": 1 }"#), at: "lookups[0]"),
        SchemaCase("stdoutMatches an empty expression", exec(#""expect": { "stdoutMatches": [""] }"#), at: "lookups[0]"),
        SchemaCase("stderrMatches an object", exec(#""expect": { "stderrMatches": {} }"#), at: "lookups[0]"),
        SchemaCase("getaddrinfo with stderrContains", getaddrinfo(#""expect": { "stderrContains": "x" }"#), at: "lookups[0]"),
        SchemaCase("getaddrinfo with stdoutMatches", getaddrinfo(#""expect": { "error": "EAI_NONAME", "stdoutMatches": "x" }"#),
                   at: "lookups[0]"),
        SchemaCase("empty lookup expect", getaddrinfo(#""expect": {}"#), at: "lookups[0]"),
        SchemaCase("addresses and error", getaddrinfo(#""expect": { "addresses": ["10.0.0.1"], "error": "EAI_NONAME" }"#), at: "lookups[0]"),
        SchemaCase("empty addresses", getaddrinfo(#""expect": { "addresses": [] }"#), at: "lookups[0]"),
        SchemaCase("expected address not an address", getaddrinfo(#""expect": { "addresses": ["a.example."] }"#), at: "lookups[0]"),
        SchemaCase("canonname without the flag", getaddrinfo(#""expect": { "canonname": "a.example." }"#), at: "lookups[0]"),
        SchemaCase("asserts nothing", document(lookup: #"{ "getaddrinfo": "a.example" }"#)),
        // Enumerations, one bad value each.
        SchemaCase("order random", document(#""expect": { "queries": [], "order": "random" }"#), at: "expect.order"),
        SchemaCase("namespace cgroup", document(#""namespaces": ["net", "cgroup"]"#), at: "namespaces"),
        SchemaCase("mode quiet", server(#""mode": "quiet""#), at: "servers[0]"),
        SchemaCase("reply misspelt", rule(#"{ "reply": "nxdomian" }"#), at: "servers[0].rules[0]"),
        SchemaCase("otherwise answer", server(#""otherwise": "answer""#), at: "servers[0]"),
        SchemaCase("rule transport sctp", rule(#"{ "transport": "sctp", "reply": "drop" }"#), at: "servers[0].rules[0]"),
        SchemaCase("family inet4", getaddrinfo(#""family": "inet4", "expect": { "error": "EAI_NONAME" }"#), at: "lookups[0]"),
        SchemaCase("flag by its C name", getaddrinfo(#""flags": ["AI_ADDRCONFIG"], "expect": { "error": "EAI_NONAME" }"#), at: "lookups[0]"),
        SchemaCase("query flag tc", queries(#"{ "flags": ["tc"] }"#), at: "expect.queries[0]"),
        SchemaCase("query transport sctp", queries(#"{ "transport": "sctp" }"#), at: "expect.queries[0]"),
        SchemaCase("error name unknown", getaddrinfo(#""expect": { "error": "EAI_NOTFOUND" }"#), at: "lookups[0]"),
        // Numeric ranges.
        SchemaCase("port 0", server(#""port": 0"#), at: "servers[0]"),
        SchemaCase("port 70000", server(#""port": 70000"#), at: "servers[0]"),
        SchemaCase("port as a string", server(#""port": "53""#), at: "servers[0]"),
        SchemaCase("timeoutMs 50", document(#""timeoutMs": 50"#), at: "timeoutMs"),
        SchemaCase("timeoutMs 700000", document(#""timeoutMs": 700000"#), at: "timeoutMs"),
        SchemaCase("timeoutMs fractional", document(#""timeoutMs": 1000.5"#), at: "timeoutMs"),
        SchemaCase("negative delay", rule(#"{ "delayMs": -1 }"#), at: "servers[0].rules[0]"),
        SchemaCase("delay over ten minutes", rule(#"{ "delayMs": 600001 }"#), at: "servers[0].rules[0]"),
        SchemaCase("times 0", rule(#"{ "times": 0, "reply": "drop" }"#), at: "servers[0].rules[0]"),
        SchemaCase("maxMs over ten minutes", exec(#""expect": { "maxMs": 600001 }"#), at: "lookups[0]"),
        // Query strings.
        SchemaCase("query string with one word", queries(#""A""#), at: "expect.queries[0]"),
        SchemaCase("query string with an unknown transport", queries(#""A a.example. sctp""#), at: "expect.queries[0]"),
        SchemaCase("query string with two servers", queries(#""A a.example. @10.0.0.1 @10.0.0.2""#), at: "expect.queries[0]"),
        SchemaCase("query string with two transports", queries(#""A a.example. udp tcp""#), at: "expect.queries[0]"),
        SchemaCase("query string with a bad type", queries(#""A-AAAA a.example.""#), at: "expect.queries[0]"),
        SchemaCase("query string with a server name", queries(#""A a.example. @ns.example.""#), at: "expect.queries[0]"),
        SchemaCase("query object type with a blank", queries(#"{ "type": "A AAAA" }"#), at: "expect.queries[0]"),
        SchemaCase("query object server with an empty port", queries(#"{ "server": "10.0.0.1:" }"#), at: "expect.queries[0]"),
        SchemaCase("query neither string nor object", queries("5"), at: "expect.queries[0]"),
        SchemaCase("order without queries", document(#""expect": { "order": "exact" }"#), at: "expect"),
        SchemaCase("empty expect", document(#""expect": {}"#), at: "expect"),
        SchemaCase("empty group", queries(#""A a.example.", []"#), at: "expect.queries[1]"),
        SchemaCase("nested group", queries(#"["A a.example.", ["AAAA a.example."]]"#), at: "expect.queries[0]"),
        SchemaCase("group under unordered", document(#""expect": { "queries": [["A a.example."]], "order": "unordered" }"#),
                   at: "expect"),
        SchemaCase("group in an alternative under unordered",
                   document(#""expect": { "alternatives": [["A a."], [["A b."]]], "order": "unordered" }"#), at: "expect"),
        SchemaCase("afterMs without bounds", queries(#"{ "type": "A", "afterMs": {} }"#), at: "expect.queries[0]"),
        SchemaCase("afterMs a number", queries(#"{ "type": "A", "afterMs": 5 }"#), at: "expect.queries[0]"),
        SchemaCase("afterMs above ten minutes", queries(#"{ "type": "A", "afterMs": { "min": 600001 } }"#), at: "expect.queries[0]"),
        SchemaCase("afterMs in forbid", document(#""expect": { "forbid": [{ "type": "A", "afterMs": { "max": 1 } }] }"#),
                   at: "expect.forbid[0]"),
        SchemaCase("afterMs in counts", document(#""expect": { "counts": [{ "query": { "afterMs": { "max": 1 } }, "max": 1 }] }"#),
                   at: "expect.counts[0]"),
        SchemaCase("queries and alternatives", document(#""expect": { "queries": [], "alternatives": [[], ["A a."]] }"#), at: "expect"),
        SchemaCase("one alternative", document(#""expect": { "alternatives": [["A a."]] }"#), at: "expect.alternatives"),
        SchemaCase("an alternative that is a query", document(#""expect": { "alternatives": [["A a."], "A b."] }"#),
                   at: "expect.alternatives[1]"),
        SchemaCase("order with forbid only", document(#""expect": { "forbid": ["A a."], "order": "exact" }"#), at: "expect"),
        // Sandbox.
        SchemaCase("namespace listed twice", document(#""namespaces": ["net", "mount", "net"]"#), at: "namespaces"),
        SchemaCase("hostname with a trailing dot", document(#""hostname": "pod-1.""#), at: "hostname"),
        SchemaCase("hostname with a blank", document(#""hostname": "pod 1""#), at: "hostname"),
        SchemaCase("address prefix 33", document(#""addresses": ["10.0.0.1/33"]"#), at: "addresses[0]"),
        SchemaCase("address prefix 129", document(#""addresses": ["fd00::1/129"]"#), at: "addresses[0]"),
        SchemaCase("address with a leading zero", document(#""addresses": ["10.0.0.01"]"#), at: "addresses[0]"),
        SchemaCase("relative file path", document(#""files": { "etc/gai.conf": "" }"#), at: "files"),
        SchemaCase("files replaces resolv.conf", document(#""files": { "/etc/resolv.conf": "" }"#), at: "files"),
        SchemaCase("file under /proc", document(#""files": { "/proc/sys/x": "" }"#), at: "files"),
        SchemaCase("file with a .. component", document(#""files": { "/etc/../x": "" }"#), at: "files"),
        SchemaCase("file with an empty component", document(#""files": { "/etc//x": "" }"#), at: "files"),
        SchemaCase("writable as one string", document(#""writable": "/tmp""#), at: "writable"),
        SchemaCase("writable relative path", document(#""writable": ["tmp"]"#), at: "writable[0]"),
        SchemaCase("writable with a trailing slash", document(#""writable": ["/tmp/"]"#), at: "writable[0]"),
        SchemaCase("writable with a .. component", document(#""writable": ["/tmp/../etc"]"#), at: "writable[0]"),
        SchemaCase("writable under /proc", document(#""writable": ["/proc/sys/net"]"#), at: "writable[0]"),
        SchemaCase("writable /dev itself", document(#""writable": ["/dev"]"#), at: "writable[0]"),
        // Servers, records and rules.
        SchemaCase("server address a name", document(#""servers": [{ "address": "ns.example." }]"#), at: "servers[0]"),
        SchemaCase("server address missing", document(#""servers": [{ "port": 53 }]"#), at: "servers[0]"),
        SchemaCase("server address unspecified", document(#""servers": [{ "address": "::" }]"#), at: "servers[0]"),
        SchemaCase("server address IPv4-mapped", document(#""servers": [{ "address": "::ffff:10.0.0.1" }]"#), at: "servers[0]"),
        SchemaCase("server address IPv4 multicast", document(#""servers": [{ "address": "224.0.0.251" }]"#), at: "servers[0]"),
        SchemaCase("server address at the top of 224/4", document(#""servers": [{ "address": "239.255.255.250" }]"#), at: "servers[0]"),
        SchemaCase("server address broadcast", document(#""servers": [{ "address": "255.255.255.255" }]"#), at: "servers[0]"),
        SchemaCase("server address IPv6 multicast", document(#""servers": [{ "address": "ff02::fb" }]"#), at: "servers[0]"),
        SchemaCase("server address IPv6 multicast in capitals", document(#""servers": [{ "address": "FF05::1:3" }]"#), at: "servers[0]"),
        SchemaCase("silent server with records", server(#""mode": "silent", "records": { "a.example.": { "A": "10.0.0.1" } }"#),
                   at: "servers[0]"),
        SchemaCase("closed server with otherwise", server(#""mode": "closed", "otherwise": "servfail""#), at: "servers[0]"),
        SchemaCase("records an array", server(#""records": []"#), at: "servers[0]"),
        SchemaCase("A record out of range", records(#""a.example.": { "A": "10.0.0.256" }"#), at: "servers[0].records"),
        SchemaCase("A record with a leading zero", records(#""a.example.": { "A": ["10.0.0.01"] }"#), at: "servers[0].records"),
        SchemaCase("A record with an IPv6 address", records(#""a.example.": { "A": "fd00::1" }"#), at: "servers[0].records"),
        SchemaCase("AAAA record with two ::", records(#""a.example.": { "AAAA": "fd00::1::2" }"#), at: "servers[0].records"),
        SchemaCase("empty record list", records(#""a.example.": { "A": [] }"#), at: "servers[0].records"),
        SchemaCase("record value a number", records(#""a.example.": { "TXT": 5 }"#), at: "servers[0].records"),
        SchemaCase("CNAME with two names", records(#""a.example.": { "CNAME": "b.example. c.example." }"#), at: "servers[0].records"),
        SchemaCase("MX without preference", records(#""a.example.": { "MX": "mail.example." }"#), at: "servers[0].records"),
        SchemaCase("SRV without port", records(#""a.example.": { "SRV": "0 5 web.example." }"#), at: "servers[0].records"),
        SchemaCase("SOA with four numbers", records(#""a.example.": { "SOA": "ns. host. 1 2 3 4" }"#), at: "servers[0].records"),
        SchemaCase("owner with an inner *", records(#""a.*.example.": { "A": "10.0.0.1" }"#), at: "servers[0].records"),
        SchemaCase("empty rule", rule("{}"), at: "servers[0].rules[0]"),
        SchemaCase("truncate limited to tcp", rule(#"{ "transport": "tcp", "reply": "truncate" }"#), at: "servers[0].rules[0]"),
        SchemaCase("rule name with an inner *", rule(#"{ "name": "a*.example.", "reply": "drop" }"#), at: "servers[0].rules[0]"),
        SchemaCase("rule type unknown", rule(#"{ "type": "A-AAAA", "reply": "drop" }"#), at: "servers[0].rules[0]"),
        // Spellings Swift's String semantics once let through (see the decoder's scalar and byte checks).
        SchemaCase("record type with a long s", records(#""a.example.": { "ſrv": "0 5 443 web.example." }"#), at: "servers[0].records"),
        SchemaCase("file under /proc behind a combining mark", document(#""files": { "/proc/\u0301x": "" }"#), at: "files"),
        SchemaCase("owner with * behind a combining mark", records(#""a*\u0301.example.": { "A": "10.0.0.1" }"#),
                   at: "servers[0].records"),
        SchemaCase("query words glued by a combining mark", queries(#""A a.example. \u0301udp""#), at: "expect.queries[0]"),
        SchemaCase("error name with a Kelvin sign", getaddrinfo(#""expect": { "error": "EAI_SOC\u212ATYPE" }"#), at: "lookups[0]"),
        SchemaCase("tag with a blank behind a prepended mark", document(#""tags": ["a\u0600 b"]"#), at: "tags[0]"),
    ]

    static let valid: [SchemaCase] = [
        SchemaCase("the minimal document", document()),
        SchemaCase("an empty kubernetes key", document(#""kubernetes": {}"#)),
        SchemaCase("every kubernetes key", document(#"""
            "kubernetes": { "namespace": "prophet", "dnsPolicy": "None", "hostNetwork": false, "clusterDomain": "",
                            "clusterDNS": [], "nodeResolvConf": ["search a.example"],
                            "dnsConfig": { "nameservers": ["fd00::10"], "searches": ["a.example.", "b.example"],
                                           "options": [{ "name": "ndots", "value": "1" }, { "name": "edns0" }] } }
            """#)),
        SchemaCase("string resolvConf", document(#""resolvConf": "nameserver 10.0.0.1\noptions ndots:1 edns0\n""#)),
        SchemaCase("line arrays for resolvConf and hosts", document(#""resolvConf": ["nameserver 10.0.0.1", ""], "hosts": ["10.0.0.9 web"]"#)),
        SchemaCase("single-string record values in any case and TYPEnnn", records(#"""
            "a.example.": { "A": "10.0.0.1", "aaaa": "fd00::1", "TYPE16": "text", "Mx": "+10\tmail.example.",
                            "srv": " 0 5 443 web.example. ", "TYPE00006": "ns. host. 1 3600 600 86400 60" },
            "b.example.": { "NS": ["ns1.example.", "ns2.example."], "PTR": "a.example." }
            """#)),
        SchemaCase("wildcard owner and a CNAME chain", records(#"""
            "*.example.": { "A": ["10.0.0.1", "10.0.0.2"] }, "alias.example.": { "CNAME": ["a.example."] },
            "*.\u0301x.example.": { "A": "10.0.0.3" }
            """#)),
        SchemaCase("object-form query with flags", queries(#"""
            { "type": "*", "name": "a.example.", "server": "[fd00::1]:5353", "transport": "tcp", "flags": ["rd", "edns0", "rd"] },
            { "type": "https", "name": "*", "server": "10.0.0.1:+53" }, { "server": "fd00::1" }, {}
            """#)),
        SchemaCase("string queries in every form", queries(#"""
            "* *", "a a.example. TCP @10.0.0.1:5353", "TYPE65 a.example. @[fd00::1]:53 udp", "\tAAAA   a.example.  ",
            "A a.example. @fd00::1", "PTR 1.0.0.10.in-addr.arpa. @[10.0.0.1]", "NSEC3PARAM a.example."
            """#)),
        SchemaCase("no query at all, unordered", document(#""expect": { "queries": [], "order": "unordered" }"#)),
        SchemaCase("groups and afterMs", queries(#"""
            ["A a.example.", { "type": "AAAA", "name": "a.example.", "afterMs": { "max": 100 } }], "A b.",
            [{ "afterMs": { "min": 4950, "max": 600000 } }], { "type": "A", "afterMs": { "min": 0 } }
            """#)),
        SchemaCase("groups in subsequence order", document(#""expect": { "queries": [["A a.", "AAAA a."]], "order": "subsequence" }"#)),
        SchemaCase("alternatives alone, with groups and an empty one",
                   document(#""expect": { "alternatives": [[["A a.", "AAAA a."]], [], ["A b. @10.0.0.1"]], "order": "exact" }"#)),
        SchemaCase("alternatives unordered without groups",
                   document(#""expect": { "alternatives": [["A a.", { "type": "A", "afterMs": { "max": 9 } }], ["A b."]], "order": "unordered" }"#)),
        SchemaCase("rules of every kind", rule(#"""
            { "name": "*", "reply": "answer" }, { "name": "*.example.", "type": "TYPE65", "delayMs": 0 },
            { "name": "a.example", "type": "https", "transport": "udp", "reply": "truncate", "times": 1000000 },
            { "transport": "tcp", "reply": "drop", "delayMs": 600000 }
            """#)),
        SchemaCase("namespaces and hostname", document(#""namespaces": ["user", "net", "mount", "uts", "ipc", "pid"], "hostname": "pod-1.prophet_x""#)),
        // net and mount are always created, so a list without them, or a hostname without uts, is fine.
        SchemaCase("namespaces without net or mount, hostname without uts", document(#""namespaces": ["pid"], "hostname": "pod-1""#)),
        SchemaCase("exec with every expectation", exec(#"""
            "expect": { "exitCode": 0, "stdoutContains": "ok", "stderrContains": ["a", "b"], "stdoutLacks": "x", "stderrLacks": ["y"],
                        "stdoutMatches": "^o+k$", "stderrMatches": ["a.*b", "[0-9]+"], "minMs": 0, "maxMs": 600000 }
            """#)),
        SchemaCase("writable existing paths", document(#""writable": ["/tmp", "/etc"]"#)),
        SchemaCase("server addresses next to multicast and broadcast", document(#"""
            "servers": [{ "address": "223.255.255.255" }, { "address": "240.0.0.1" }, { "address": "255.255.255.254" },
                        { "address": "ff::1" }, { "address": "fe80::1" }, { "address": "0ff0::1" }]
            """#)),
        SchemaCase("getaddrinfo with every option", document(lookup: #"""
            { "getaddrinfo": "a.example", "family": "inet6", "flags": ["addrconfig", "canonname", "v4mapped", "all"],
              "service": "443", "expect": { "addresses": ["::ffff:10.0.0.1", "fd00::1"], "canonname": "a.example.", "minMs": 5, "maxMs": 5 } }
            """#)),
        SchemaCase("every sandbox key", document(#"""
            "$schema": "https://resolvlab.dev/schema/scenario-v1.json", "description": "", "tags": ["ünïcode", "a-b"],
            "addresses": ["10.0.0.1", "fd00::17/128", "10.244.0.0/016", "::ffff:10.0.0.1/96", "fe80::1/64"],
            "files": { "/etc/gai.conf": "", "/opt/a b/c..d/.e": "x" }, "requires": ["dig"], "timeoutMs": 100
            """#)),
        SchemaCase("servers of every mode", document(#"""
            "servers": [{ "address": "10.0.0.1", "port": 65535, "mode": "silent" }, { "address": "fd00::1", "mode": "closed", "port": 1 },
                        { "address": "64:ff9b::10.0.0.1", "mode": "serve", "otherwise": "drop",
                          "records": { "a.example.": { "AAAA": "64:ff9b::192.0.2.1" } } }]
            """#)),
        SchemaCase("comments and trailing commas", """
            {
              // JSON5 subset: the schema sees the document after the project's parser has read it.
              "name": "edge case", /* inline */
              "lookups": [{ "exec": ["getent", "hosts", "a.example"], "expect": { "exitCode": 2, }, },],
            }
            """),
    ]
}

/// One pattern of the schema and the parser it mirrors.
struct PatternCheck: Sendable, CustomTestStringConvertible {
    var definition: String
    var seeds: [String]
    /// Exact: the pattern accepts precisely what the parser does. Otherwise it only must not refuse more.
    var exact: Bool
    var parserAccepts: @Sendable (String) -> Bool

    var testDescription: String { definition }

    static let addresses = [
        "0.0.0.0", "10.244.154.23", "255.255.255.255", "1.2.3.4", "::", "::1", "fd00::17", "2606:4700:3033::6818:6309",
        "1:2:3:4:5:6:7:8", "1::8", "::ffff:1.2.3.4", "1:2:3:4:5:6:1.2.3.4", "1::2:3:4:5:6:7", "1:2:3:4:5:6:7::", "fe80::1%lo",
        "ABCD:EF01::9", "64:ff9b::192.0.2.1", "1:2:3:4:5::1.2.3.4",
    ]

    static let all: [PatternCheck] = [
        PatternCheck(definition: "#/$defs/addressPrefix",
                     seeds: addresses + addresses.map { $0 + "/32" } + addresses.map { $0 + "/128" } + ["10.0.0.0/8", "::/0"],
                     exact: true, parserAccepts: { AddressPrefix($0) != nil }),
        PatternCheck(definition: "#/$defs/ipAddress", seeds: addresses, exact: true, parserAccepts: { IPAddress($0) != nil }),
        PatternCheck(definition: "#/$defs/server/properties/address",
                     seeds: addresses + ["224.0.0.251", "239.255.255.255", "240.0.0.1", "223.0.0.1", "255.255.255.254", "ff02::1",
                                         "FF00::", "ff::1", "fe80::1", "ff02::1.2.3.4", "::ffff:224.0.0.1"],
                     exact: true, parserAccepts: { text in
                         guard let address = IPAddress(text), !address.bytes.allSatisfy({ $0 == 0 }) else { return false }
                         if case .v6(let v6) = address, v6.v4Mapped != nil { return false }
                         return !address.isMulticastOrBroadcast
                     }),
        PatternCheck(definition: "#/$defs/ipv4", seeds: ["0.0.0.0", "10.244.154.23", "255.255.255.255", "1.2.3.4", "192.0.2.1", "99.9.0.100"],
                     exact: true, parserAccepts: { IPv4Address($0) != nil }),
        PatternCheck(definition: "#/$defs/ipv6", seeds: addresses, exact: true, parserAccepts: { IPv6Address($0) != nil }),
        PatternCheck(definition: "#/$defs/query",
                     seeds: ["A x.", "AAAA x. @10.0.0.1", "A x. tcp", "A x. @[fd00::1]:5353 udp", "* *", "A x. @10.0.0.1:5353",
                             "AAAA x. @fd00::1", "MX * tcp", "TYPE65534 x.", "SRV _sip._udp.example. @[::1]:53 tcp", "A x. UDP @fd00::1"],
                     exact: false, parserAccepts: { if case .success = QueryPattern.parse($0) { true } else { false } }),
        PatternCheck(definition: "#/$defs/rule/properties/name", seeds: ["*", "*.example.", "a.example", ".", "*.a", "a\\.b.c"],
                     exact: false, parserAccepts: { $0 == "*" || NamePattern($0) != nil }),
        PatternCheck(definition: "#/$defs/recordsMX", seeds: ["10 mail.example.", " 0\tmx. ", "65535 a"],
                     exact: false, parserAccepts: { RecordText.parse($0, type: .MX) != nil }),
        PatternCheck(definition: "#/$defs/recordsSRV", seeds: ["0 5 443 web.example.", "1 2 3 ."],
                     exact: false, parserAccepts: { RecordText.parse($0, type: .SRV) != nil }),
        PatternCheck(definition: "#/$defs/recordsSOA", seeds: ["ns. host. 1 3600 600 86400 60", "a b 0 0 0 0 4294967295"],
                     exact: false, parserAccepts: { RecordText.parse($0, type: .SOA) != nil }),
        PatternCheck(definition: "#/$defs/recordsCNAME", seeds: ["a.example.", " b ", "c\\.d"],
                     exact: false, parserAccepts: { RecordText.parse($0, type: .CNAME) != nil }),
    ]

    /// Characters the formats give meaning to, and a few that only look like them.
    static let alphabet: [Character] = Array("0123456789abcdefABCDEFxX:./*@[]%+- \t\n_\\tcpudTCPUD") + ["\u{301}", "ſ", "\u{212A}"]

    /// One random insertion, deletion or replacement.
    static func mutate<R: RandomNumberGenerator>(_ text: String, using random: inout R) -> String {
        var characters = Array(text.unicodeScalars.map(Character.init))
        let character = alphabet.randomElement(using: &random) ?? "0"
        let index = Int.random(in: 0...characters.count, using: &random)
        switch Int.random(in: 0..<3, using: &random) {
        case 0:
            characters.insert(character, at: index)
        case 1 where index < characters.count:
            characters.remove(at: index)
        default:
            if index < characters.count { characters[index] = character } else { characters.append(character) }
        }
        return String(characters)
    }
}

/// SplitMix64: a seeded generator, so a failing run can be repeated.
struct SchemaTestRandom: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension JSONValue {
    /// An object's members by key, for reading a few top-level values.
    fileprivate var objectMembers: [String: JSONValue]? {
        guard case .object(let members) = self else { return nil }
        return Dictionary(members.map { ($0.key, $0.value.value) }, uniquingKeysWith: { first, _ in first })
    }
}
