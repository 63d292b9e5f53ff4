import Testing
import PropertyBased
import ScenarioFormat

/// Damaged scenarios never crash or hang the decoder: each decodes, or fails with errors that say where and why.
@Suite struct ScenarioPropertyTests {
    static let file = "mutant.json"

    static let seeds = [
        ScenarioDecodingTests.kubernetes,
        doc(top: #""hostname": "pod-1", "addresses": ["10.0.0.5"], "files": { "/etc/gai.conf": "" }"#,
            servers: """
                { "address": "fd00::1", "port": 5353,
                      "records": { "x.example.": { "MX": "10 mail.example.", "TXT": "t" }, "*.w.example.": { "A": "192.0.2.1" } },
                      "rules": [{ "reply": "truncate", "transport": "udp" }] },
                    { "address": "10.0.0.2", "mode": "closed" }
                """,
            lookups: """
                { "getaddrinfo": "x", "flags": ["canonname"], "expect": { "canonname": "x.", "minMs": 1, "maxMs": 9 } },
                    { "exec": ["true"], "expect": { "exitCode": 0, "stdoutContains": "x" } }
                """,
            expect: #"{ "queries": ["A x. @[fd00::1]:5353 udp", { "type": "MX", "flags": ["rd"] }], "order": "subsequence" }"#),
    ]

    static let byteMutations = Generator<[UInt8], Shrink.None<[UInt8]>> { rng in
        JSONRandom.mutate(Array((seeds.randomElement(using: &rng) ?? "").utf8), using: &rng)
    }

    static let structuralMutations = Generator<String, Shrink.None<String>> { rng in
        guard let seed = seeds.randomElement(using: &rng), let root = try? JSONParser.parse(seed) else { return "" }
        var value = root.value
        for _ in 0..<Int.random(in: 1...3, using: &rng) { value = ScenarioMutation.mutate(value, using: &rng) }
        let renderer = JSONRenderer(indentUnit: ["  ", "\t", ""].randomElement(using: &rng) ?? "  ",
                                    maxLineWidth: Int.random(in: 0...120, using: &rng))
        return renderer.render(value)
    }

    /// Decoding `bytes` returns a scenario, or throws errors that each name the file, point inside it and say something.
    static func checkDecoding(_ bytes: [UInt8]) {
        let scenario: Scenario
        do {
            scenario = try ScenarioDecoder.decode(bytes, file: file)
        } catch {
            #expect(!error.errors.isEmpty, "a failure must carry at least one error")
            for problem in error.errors {
                #expect(problem.file == file)
                #expect(!problem.message.isEmpty, "\(problem)")
                #expect(problem.description.hasPrefix(file + ":"), "\(problem)")
                guard let location = problem.location else {
                    Issue.record("decoding errors always have a position: \(problem)")
                    continue
                }
                #expect(location.line >= 1 && location.column >= 1, "\(problem)")
                #expect((0...bytes.count).contains(location.offset), "\(problem)")
            }
            let offsets = error.errors.map { $0.location?.offset ?? 0 }
            #expect(offsets == offsets.sorted(), "errors are sorted by position: \(error)")
            return
        }
        // What decodes must be usable as-is: every promise the model's types make holds.
        #expect(!scenario.name.isEmpty)
        #expect(!scenario.lookups.isEmpty)
        #expect((100...600_000).contains(scenario.timeoutMs))
        #expect(scenario.expect?.queries != nil || scenario.lookups.contains { $0.expect != nil })
    }

    @Test func byteMutationsNeverCrashTheDecoder() async {
        await propertyCheck(count: 2000, input: Self.byteMutations) { bytes in
            Self.checkDecoding(bytes)
        }
    }

    @Test func structuralMutationsNeverCrashTheDecoder() async {
        await propertyCheck(count: 3000, input: Self.structuralMutations) { text in
            Self.checkDecoding(Array(text.utf8))
        }
    }

    @Test func seedsAreValid() throws {
        for seed in Self.seeds { _ = try ScenarioDecoder.decode(Array(seed.utf8), file: Self.file) }
    }

    @Test func decodingIsDeterministic() async {
        await propertyCheck(count: 300, input: Self.structuralMutations) { text in
            let first = Result { () throws(ScenarioErrors) in try ScenarioDecoder.decode(Array(text.utf8), file: Self.file) }
            let second = Result { () throws(ScenarioErrors) in try ScenarioDecoder.decode(Array(text.utf8), file: Self.file) }
            switch (first, second) {
            case (.failure(let a), .failure(let b)): #expect(a.errors == b.errors)
            case (.success(let a), .success(let b)): #expect(a.name == b.name && a.lookups.count == b.lookups.count)
            default: Issue.record("the same text decoded differently:\n\(text)")
            }
        }
    }
}
