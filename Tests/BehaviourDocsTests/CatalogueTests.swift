@testable import BehaviourDocs
import ScenarioFormat
import Testing

/// Which client a scenario documents, which scenarios are one behaviour, and where it goes.
@Suite struct CatalogueTests {
    @Test func clientComesFromTheDirectoryTheMuslFrontEndOrATag() throws {
        #expect(try simple("scenarios/glibc/a.json", name: "a").client == .glibc)
        #expect(try simple("scenarios/musl/a.json", name: "a").client == .musl)
        #expect(try simple("scenarios/daemons/a.json", name: "a").client == .glibc)
        #expect(try simple("elsewhere/a.json", name: "a", tags: ["musl"]).client == .musl)
        #expect(try simple("scenarios/musl/a.json", name: "a", tags: ["glibc"]).client == .glibc)
        let viaFrontEnd = try documented("scenarios/kubernetes/a.json", """
            { "name": "a", "resolvConf": "nameserver 10.96.0.10\\n", "servers": [{ "address": "10.96.0.10" }],
              "lookups": [{ "exec": ["/opt/bin/resolvlab-musl-gai", "web.example"], "expect": { "exitCode": 2 } }] }
            """)
        #expect(viaFrontEnd.client == .musl)
    }

    @Test func scenariosOfTwoClientsThatCiteEachOtherAreOneBehaviour() throws {
        let catalogue = Catalogue([
            try simple("scenarios/musl/accepted.json", name: "musl accepts it", description: "glibc refuses it (glibc/refused).", tags: ["faults"]),
            try simple("scenarios/glibc/refused.json", name: "glibc refuses it", tags: ["faults"]),
            try simple("scenarios/glibc/unrelated.json", name: "something else", tags: ["faults"]),
        ])
        #expect(catalogue.behaviours.count == 2)
        let pair = try #require(catalogue.behaviours.first { $0.comparesClients })
        #expect(pair.scenarios.map(\.path) == ["scenarios/glibc/refused.json", "scenarios/musl/accepted.json"])
        #expect(pair.title == "glibc refuses it")
        #expect(pair.anchor == "glibc-refused")
        #expect(pair.scenarios(for: .musl).map(\.path) == ["scenarios/musl/accepted.json"])
    }

    @Test func aBareFileNameWithAHyphenOrTheSameFileNameAlsoPairs() throws {
        let catalogue = Catalogue([
            try simple("scenarios/musl/asks-all-at-once.json", name: "m1", description: "where glibc waits (silent-costs-five-seconds), musl..."),
            try simple("scenarios/glibc/silent-costs-five-seconds.json", name: "g1"),
            try simple("scenarios/glibc/wrong-id-retried.json", name: "g2"),
            try simple("scenarios/musl/wrong-id-retried.json", name: "m2"),
            // "timeout/attempts" and plain words name no scenario.
            try simple("scenarios/musl/timeout.json", name: "m3", description: "every timeout/attempts, as timeout says"),
            try simple("scenarios/glibc/timeout.json", name: "g3-same-stem"),
        ])
        let pairs = catalogue.behaviours.filter(\.comparesClients).map { $0.scenarios.map(\.path) }
        #expect(pairs.contains(["scenarios/glibc/silent-costs-five-seconds.json", "scenarios/musl/asks-all-at-once.json"]))
        #expect(pairs.contains(["scenarios/glibc/wrong-id-retried.json", "scenarios/musl/wrong-id-retried.json"]))
        #expect(pairs.contains(["scenarios/glibc/timeout.json", "scenarios/musl/timeout.json"]))
        #expect(pairs.count == 3)
    }

    @Test func citationsWithinOneClientStayApart() throws {
        let catalogue = Catalogue([
            try simple("scenarios/glibc/race-fixed.json", name: "the fix", description: "Unlike glibc/race-lost, nothing is lost."),
            try simple("scenarios/glibc/race-lost.json", name: "the bug"),
        ])
        #expect(catalogue.behaviours.count == 2)
        #expect(catalogue.behaviours.filter(\.comparesClients).isEmpty)
    }

    @Test func topicIsTheFirstInPageOrderThatATagNames() throws {
        let catalogue = Catalogue([
            try simple("scenarios/glibc/race.json", name: "race", tags: ["glibc", "timeout", "conntrack"]),
            try simple("scenarios/glibc/odd.json", name: "odd", tags: ["glibc", "no-such-topic"]),
            try simple("scenarios/glibc/walk.json", name: "walk", tags: ["glibc", "ndots"]),
            try documented("scenarios/kubernetes/pod.json", """
                { "name": "pod", "tags": ["glibc", "search"], "kubernetes": { "namespace": "prophet" },
                  "servers": [{ "address": "10.96.0.10" }],
                  "lookups": [{ "getaddrinfo": "web", "expect": { "error": "EAI_NONAME" } }] }
                """),
        ])
        #expect(catalogue.sections.map(\.topic.key) == ["kubernetes", "search-and-ndots", "failures-and-retries", "other"])
        #expect(catalogue.sections.map { $0.behaviours.map(\.title) } == [["pod"], ["walk"], ["race"], ["odd"]])
    }

    @Test func aPairTakesItsTopicFromEveryTagOfBoth() throws {
        let catalogue = Catalogue([
            try simple("scenarios/glibc/lost.json", name: "g", tags: ["glibc", "timeout"]),
            try simple("scenarios/musl/lost.json", name: "m", tags: ["musl", "conntrack"]),
        ])
        #expect(catalogue.sections.map(\.topic.key) == ["failures-and-retries"])
    }

    @Test func aTopicDirectoryDecidesBeforeAnyTag() throws {
        let catalogue = Catalogue([
            try simple("scenarios/transport/glibc/walk.json", name: "in transport", tags: ["glibc", "ndots"]),
            try simple("scenarios/bugs/race-bug.json", name: "bug", tags: ["glibc", "conntrack"]),
            try simple("elsewhere/bugs-not/x.json", name: "tagged", tags: ["hosts"]),
        ])
        #expect(catalogue.sections.map(\.topic.key) == ["bugs", "hosts-and-nsswitch", "transport"])
    }

    @Test func theOrderScenariosComeInChangesNothing() throws {
        let scenarios = [
            try simple("scenarios/musl/b.json", name: "musl b", description: "see glibc/b", tags: ["search"]),
            try simple("scenarios/glibc/b.json", name: "glibc b", tags: ["search"]),
            try simple("scenarios/glibc/a.json", name: "glibc a", tags: ["faults"]),
            try simple("scenarios/glibc/c.json", name: "glibc c", tags: ["search"]),
        ]
        let forward = BehaviourPages(scenarios: scenarios, outDirectory: "docs/behaviour")
        let backward = BehaviourPages(scenarios: scenarios.reversed(), outDirectory: "docs/behaviour")
        #expect(forward.markdown() == backward.markdown())
        #expect(forward.html() == backward.html())
        #expect(forward.catalogue.behaviours.map(\.anchor) == ["glibc-b", "glibc-c", "glibc-a"])
    }

    @Test func anchorsStayUniqueWhenFileNamesCollide() throws {
        let catalogue = Catalogue([
            try simple("one/glibc/x.json", name: "first"),
            try simple("two/glibc/x.json", name: "second"),
        ])
        #expect(catalogue.behaviours.map(\.anchor) == ["glibc-x", "glibc-x-2"])
    }
}

/// A file that names clients is one behaviour with a column per client, each showing that client's
/// expectations (the shared ones with its overrides).
@Suite struct ClientColumnsTests {
    @Test func aFileWithClientsIsOneBehaviourAColumnPerClient() throws {
        let path = "scenarios/search/servfail-in-the-walk.json"
        let scenario = try ScenarioDecoder.decode(Array("""
            { "name": "SERVFAIL in the walk", "clients": ["musl", "glibc", "c-ares"], "tags": ["search"],
              "resolvConf": ["search a.example", "nameserver 10.96.0.10", "options ndots:5"],
              "servers": [{ "address": "10.96.0.10", "records": { "web.example.": { "A": "10.0.0.5" } },
                            "rules": [{ "name": "web.a.example.", "reply": "servfail" }] }],
              "lookups": [{ "getaddrinfo": "web.example", "family": "inet",
                            "expect": { "addresses": ["10.0.0.5"], "clients": { "musl": { "addresses": null, "error": "EAI_AGAIN" } } } }],
              "expect": { "queries": ["A web.a.example.", "A web.example."], "clients": { "musl": { "queries": ["A web.a.example."] } } } }
            """.utf8), file: path)
        let runs = DocumentedScenario.runs(path: path, scenario: scenario)
        #expect(runs.map(\.client) == [.musl, .glibc, .cAres])
        let catalogue = Catalogue(runs + [try simple("scenarios/glibc/other.json", name: "other")])
        #expect(catalogue.behaviours.count == 2)
        #expect(catalogue.scenarioCount == 2)
        #expect(catalogue.clients == [.glibc, .musl, .cAres])
        let behaviour = try #require(catalogue.behaviours.first { $0.comparesClients })
        #expect(behaviour.scenarios.map(\.client) == [.glibc, .musl, .cAres])
        #expect(behaviour.scenarios(for: .musl).first?.scenario.expect?.queries?.count == 1)
        #expect(behaviour.scenarios(for: .musl).first?.scenario.lookups.first?.expect?.error == "EAI_AGAIN")
        #expect(behaviour.scenarios(for: .cAres).first?.scenario.expect?.queries?.count == 2)
        let markdown = BehaviourPages(scenarios: runs, outDirectory: "docs/behaviour").markdown()
        #expect(markdown.contains("| topic | behaviour | glibc | musl | c-ares |"), "\(markdown)")
        #expect(markdown.contains("| | glibc | musl | c-ares |"), "\(markdown)")
    }
}
