import Judge
import Observation
import ObservationTestSupport
import ScenarioFormat
import Testing
@testable import Reports
@testable import Runner

/// Behaviour × client: a row per scenario file, a column per client, outcome and query count per cell.
@Suite struct ClientMatrixTests {
    static func result(_ path: String, _ name: String, _ client: ResolverClient?, _ verdict: Verdict, queries: Int,
                       iteration: Int = 1) -> ScenarioResult {
        var scenario = Scenario(name: name)
        scenario.client = client
        let observation = Sample.observation([], lookups: [])
        var result = ScenarioResult(path: path, name: name, verdict: verdict,
                                    observation: verdict == .skip(.missingRequirement("x")) ? nil : observation, scenario: scenario)
        result.iteration = iteration
        result.figures?.queries = queries
        return result
    }

    @Test func noMatrixWithoutClients() {
        #expect(ClientMatrix([Self.result("a.json", "a", nil, .pass, queries: 2)]) == nil)
    }

    @Test func rowsInFirstSeenOrderColumnsInClientOrder() throws {
        let fail = Verdict.fail([])
        let matrix = try #require(ClientMatrix([
            Self.result("walk.json", "search walk", .musl, fail, queries: 2),
            Self.result("walk.json", "search walk", .glibc, .pass, queries: 8),
            Self.result("plain.json", "no clients", nil, .pass, queries: 1),
            Self.result("hosts.json", "hosts first", .glibc, .pass, queries: 0),
            Self.result("hosts.json", "hosts first", .go, .skip(.missingRequirement("x")), queries: 0),
        ]))
        #expect(matrix.clients == [.glibc, .musl, .go])
        #expect(matrix.lines() == [
            "scenario     glibc    musl     go",
            "search walk  PASS 8q  FAIL 2q  -",
            "hosts first  PASS 0q  -        SKIP",
        ])
    }

    @Test func repeatedRunsShowTheWorstAndHowMany() throws {
        let matrix = try #require(ClientMatrix([
            Self.result("a.json", "a", .musl, .pass, queries: 2, iteration: 1),
            Self.result("a.json", "a", .musl, .fail([]), queries: 3, iteration: 2),
            Self.result("a.json", "a", .musl, .pass, queries: 2, iteration: 3),
        ]))
        #expect(matrix.lines() == ["scenario  musl", "a         FAIL 3q ×3"])
    }

    @Test func longNamesAreCut() throws {
        let long = String(repeating: "n", count: 100)
        let matrix = try #require(ClientMatrix([Self.result("a.json", long, .glibc, .pass, queries: 1)]))
        #expect(matrix.lines(nameWidth: 10)[1] == "nnnnnnnnn…  PASS 1q")
    }
}
