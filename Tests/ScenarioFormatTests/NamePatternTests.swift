import Testing
import DNSWire
import ScenarioFormat

/// Rule names: an exact name or `*.suffix.` for every name strictly below the suffix.
@Suite struct NamePatternTests {
    static func name(_ text: String) throws -> DNSName { try DNSName(text) }

    @Test(arguments: [
        ("a.cluster.local.", true),
        ("a.b.cluster.local.", true),
        ("A.Cluster.LOCAL", true),
        ("cluster.local.", false),
        ("local.", false),
        ("xcluster.local.", false),
        ("a.cluster.local.example.", false),
        (".", false),
    ])
    func wildcardMatchesOnlyNamesStrictlyBelow(candidate: String, matches: Bool) throws {
        let pattern = try #require(NamePattern("*.cluster.local."))
        #expect(pattern == .below(try Self.name("cluster.local.")))
        #expect(pattern.matches(try Self.name(candidate)) == matches)
    }

    @Test(arguments: [
        ("example.com.", true),
        ("EXAMPLE.com", true),
        ("Example.Com.", true),
        ("www.example.com.", false),
        ("com.", false),
        ("example.co.", false),
    ])
    func exactNameMatchesCaseInsensitively(candidate: String, matches: Bool) throws {
        let pattern = try #require(NamePattern("Example.COM"))
        #expect(pattern.matches(try Self.name(candidate)) == matches)
    }

    @Test func descriptionsAreAbsoluteAndKeepCase() throws {
        #expect(NamePattern("Example.COM")?.description == "Example.COM.")
        #expect(NamePattern("*.cluster.local")?.description == "*.cluster.local.")
        #expect(NamePattern(".")?.description == ".")
        #expect(NamePattern.below(.root).description == "*.")
    }

    @Test(arguments: ["", "*", "*.", "**.example.", "*.*.example.", "a.*.example.", "*example.", "a..b.", "*..example."])
    func rejected(text: String) {
        #expect(NamePattern(text) == nil)
    }
}
