import Testing
import ScenarioFormat

/// A file with thousands of mistakes: the first `keptLimit` problems are kept and the rest counted, at
/// most `printedLimit` are printed, then "... and N more problems in FILE"; and it is quick.
@Suite struct ErrorLimitTests {
    /// A valid document plus `count` unknown top-level keys, one per line from line 3.
    static func badKeys(_ count: Int) -> String {
        doc(top: (0..<count).map { #""bad\#($0)": \#($0)"# }.joined(separator: ",\n  "))
    }

    static func errors(_ text: String) -> ScenarioErrors? {
        do {
            _ = try ScenarioFixture.decode(text)
            return nil
        } catch {
            return error
        }
    }

    static let keys = "$schema, name, description, tags, namespaces, hostname, addresses, resolvConf, kubernetes, hosts, files, servers, "
        + "daemons, lookups, expect, requires, writable, clients, timeoutMs"

    static func message(_ index: Int) -> String {
        "\(ScenarioFixture.file):\(3 + index):3: bad\(index): unknown key \"bad\(index)\"; expected one of \(keys)"
    }

    @Test func theLimits() {
        #expect(ScenarioErrors.keptLimit == 1000)
        #expect(ScenarioErrors.printedLimit == 50)
    }

    @Test func fiveThousandProblemsKeepTheFirstThousandAndPrintFifty() throws {
        let text = Self.badKeys(5000)
        var found: ScenarioErrors?
        let elapsed = ContinuousClock().measure { found = Self.errors(text) }
        let errors = try #require(found, "5000 unknown keys must not decode")
        #expect(errors.errors.count == ScenarioErrors.keptLimit)
        #expect(errors.omitted == 4000)
        #expect(errors.totalCount == 5000)
        // The first ones found, in file order, each with its own line.
        #expect(errors.errors.map(\.path) == (0..<1000).map { "bad\($0)" })
        #expect(errors.errors.first?.description == Self.message(0))
        #expect(errors.errors.last?.description == Self.message(999))
        let lines = errors.description.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == ScenarioErrors.printedLimit + 1)
        #expect(Array(lines.prefix(50)) == (0..<50).map(Self.message))
        #expect(lines.last == "... and 4950 more problems in \(ScenarioFixture.file)")
        #expect(elapsed < .seconds(10), "5000 problems took \(elapsed)")
    }

    @Test func exactlyTheKeptLimitOmitsNothing() throws {
        let errors = try #require(Self.errors(Self.badKeys(1000)))
        #expect(errors.errors.count == 1000 && errors.omitted == 0)
        let more = try #require(Self.errors(Self.badKeys(1001)))
        #expect(more.errors.count == 1000 && more.omitted == 1)
        #expect(more.errors.last?.path == "bad999")
        #expect(more.description.hasSuffix("\n... and 951 more problems in \(ScenarioFixture.file)"))
    }

    static func problems(_ count: Int) -> [ScenarioError] {
        (0..<count).map { index in
            ScenarioError(file: "x.json", location: ScenarioFormat.SourceLocation(offset: index, line: index + 1, column: 1),
                          path: "k\(index)", message: "m")
        }
    }

    @Test func fiftyAreAllPrinted() {
        let errors = ScenarioErrors(Self.problems(50))
        #expect(errors.description == Self.problems(50).map(\.description).joined(separator: "\n"))
        #expect(!errors.description.contains("more problem"))
    }

    @Test func oneMoreIsCountedInTheSingular() {
        let lines = ScenarioErrors(Self.problems(51)).description.split(separator: "\n").map(String.init)
        #expect(lines.count == 51)
        #expect(lines.last == "... and 1 more problem in x.json")
    }

    @Test func omittedProblemsAreCountedEvenWhenFewAreKept() {
        let errors = ScenarioErrors(Self.problems(3), omitted: 7)
        #expect(errors.totalCount == 10)
        #expect(errors.description == (Self.problems(3).map(\.description) + ["... and 7 more problems in x.json"]).joined(separator: "\n"))
        #expect(ScenarioErrors([], omitted: 2).description == "... and 2 more problems in this file")
    }
}
