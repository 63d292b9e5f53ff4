@testable import BehaviourDocs
import ScenarioFormat
import Testing

/// What the pages show of a scenario, and that nothing in a scenario can break out of its place.
@Suite struct PageTests {
    static let hostile = "<script>alert(1)</script> & a|b `tick` *star* [x](y)"

    @Test func htmlEscapesEverythingAScenarioSays() throws {
        let scenario = try documented("scenarios/glibc/hostile.json", """
            { "name": \(quoted(Self.hostile)), "description": \(quoted("line one\nline <two> & \"three\"")),
              "resolvConf": ["nameserver 10.96.0.10", "# <b>not bold</b>"],
              "servers": [{ "address": "10.96.0.10" }],
              "lookups": [{ "exec": ["sh", "-c", "echo '<i>' | cat"], "expect": { "exitCode": 0, "stdoutContains": "<i>" } }] }
            """)
        let html = BehaviourPages(scenarios: [scenario], outDirectory: "docs").html()
        #expect(!html.contains("<script>"))
        #expect(!html.contains("<b>"))
        #expect(!html.contains("<i>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; a|b `tick` *star* [x](y)"))
        #expect(html.contains("line one line &lt;two&gt; &amp; &quot;three&quot;"))
        #expect(html.contains("<pre>nameserver 10.96.0.10\n# &lt;b&gt;not bold&lt;/b&gt;</pre>"))
        #expect(html.contains("<code>sh -c &#39;echo &#39;\\&#39;&#39;&lt;i&gt;&#39;\\&#39;&#39; | cat&#39;</code>"))
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("<script"))
    }

    @Test func markdownKeepsEveryRowOnOneLineAndEveryPipeInItsCell() throws {
        let scenario = try documented("scenarios/glibc/hostile.json", """
            { "name": \(quoted(Self.hostile)), "description": \(quoted("line one\nline two | three")),
              "resolvConf": "nameserver 10.96.0.10\\n",
              "servers": [{ "address": "10.96.0.10" }],
              "lookups": [{ "exec": ["sh", "-c", "echo a|b`c"], "expect": { "exitCode": 0 } }] }
            """)
        let markdown = BehaviourPages(scenarios: [scenario], outDirectory: "docs").markdown()
        let escapedName = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; a\\|b \\`tick\\` \\*star\\* \\[x\\](y)"
        #expect(markdown.contains("### <a id=\"glibc-hostile\"></a>" + escapedName + "\n"))
        #expect(!markdown.contains("<script>"))
        #expect(markdown.contains("| **why** | line one line two \\| three |\n"))
        // A code span fenced past the backtick inside it, its pipe escaped for the table.
        #expect(markdown.contains("``sh -c 'echo a\\|b`c'``"))
        // Every table row has as many unescaped pipes as the header: nothing split a cell.
        for row in lines(of: markdown, containing: "| **") {
            #expect(Self.cellSeparators(row) == 3, "\(row)")
        }
    }

    @Test func aPairIsOneTableWithAColumnPerClientAndTheMatrixLeavesAbsentClientsEmpty() throws {
        let pages = BehaviourPages(scenarios: [
            try simple("scenarios/glibc/ignored.json", name: "glibc ignores it", tags: ["faults"]),
            try simple("scenarios/musl/accepted.json", name: "musl takes it", description: "(glibc/ignored)", tags: ["faults"]),
            try documented("scenarios/glibc/alone.json", """
                { "name": "only glibc", "tags": ["faults"], "resolvConf": "nameserver 10.96.0.10\\n",
                  "servers": [{ "address": "10.96.0.10" }],
                  "lookups": [{ "getaddrinfo": "web.example", "expect": { "error": "EAI_NONAME", "minMs": 990 } }],
                  "expect": { "queries": ["A web.example.", "AAAA web.example."] } }
                """),
        ], outDirectory: "docs/behaviour")
        let markdown = pages.markdown()
        #expect(markdown.contains("""
            | Failures, timeouts and retries | [only glibc](#glibc-alone) | [EAI\\_NONAME, ≥ 990 ms · 2 queries](../../scenarios/glibc/alone.json) |  |
            |  | [glibc ignores it](#glibc-ignored) | [10.0.0.5 · 1 query](../../scenarios/glibc/ignored.json) | [10.0.0.5 · 1 query](../../scenarios/musl/accepted.json) |
            """))
        #expect(markdown.contains("### <a id=\"glibc-ignored\"></a>glibc ignores it\n\n| | glibc | musl |\n| --- | --- | --- |\n"))
        #expect(markdown.contains("| **outcome** | 10.0.0.5 · 1 query | 10.0.0.5 · 1 query |"))
        let html = pages.html()
        #expect(html.contains("<thead><tr><th></th><th scope=\"col\">glibc</th><th scope=\"col\">musl</th></tr></thead>"))
        #expect(html.contains("<td class=\"none\"></td>"))
        #expect(html.contains("<a href=\"../../scenarios/musl/accepted.json\">10.0.0.5 · 1 query</a>"))
    }

    @Test func theSequenceShowsGroupsAlternativesOrderForbidAndCounts() throws {
        let scenario = try documented("scenarios/glibc/sequence.json", """
            { "name": "sequence", "resolvConf": "nameserver 10.96.0.10\\n", "servers": [{ "address": "10.96.0.10" }],
              "lookups": [{ "getaddrinfo": "web" }],
              "expect": { "order": "subsequence",
                          "queries": ["A web.a.", ["A web.b.", "AAAA web.b."],
                                      { "type": "A", "name": "web.", "server": "10.96.0.10", "afterMs": { "min": 4950 } }],
                          "forbid": ["* *.cluster.local."],
                          "counts": [{ "query": "AAAA *", "max": 4 }] } }
            """)
        let sheet = ScenarioSheet(scenario, link: "x")
        #expect(sheet.cell(.queries) == [
            .lines([[.text("in this order, other queries may come between:")]]),
            .code(["A web.a.", "any order {", "  A web.b.", "  AAAA web.b.", "}",
                   "A web. @10.96.0.10   (at least 4950 ms after the previous query)"]),
        ])
        #expect(sheet.cell(.forbid) == [.code(["* *.cluster.local."])])
        #expect(sheet.cell(.counts) == [.lines([[.code("AAAA *"), .text(": at most 4")]])])
        #expect(Outcome.summary(of: scenario.scenario) == "at least 4 queries")
        let markdown = BehaviourPages(scenarios: [scenario], outDirectory: "docs").markdown()
        #expect(markdown.contains("`any order {`<br>`\u{A0}\u{A0}A web.b.`"))

        let alternatives = try documented("scenarios/glibc/rotate.json", """
            { "name": "rotate", "resolvConf": "nameserver 10.96.0.10\\n", "servers": [{ "address": "10.96.0.10" }],
              "lookups": [{ "getaddrinfo": "a" }],
              "expect": { "alternatives": [["A a. @10.96.0.10"], ["A a. @10.96.0.11", "A a. @10.96.0.10"], []] } }
            """)
        #expect(ScenarioSheet(alternatives, link: "x").cell(.queries) == [
            .lines([[.text("alternative 1 of 3:")]]), .code(["A a. @10.96.0.10"]),
            .lines([[.text("alternative 2 of 3:")]]), .code(["A a. @10.96.0.11", "A a. @10.96.0.10"]),
            .lines([[.text("alternative 3 of 3:")]]), .lines([[.text("no query at all")]]),
        ])
        #expect(Outcome.summary(of: alternatives.scenario) == "one of 3 sequences of 0–2 queries")
    }

    @Test func serversSayWhatMisbehavesAndLookupsWhatTheyExpect() throws {
        let scenario = try documented("scenarios/glibc/faults.json", """
            { "name": "faults", "resolvConf": "nameserver 10.96.0.10\\n",
              "servers": [
                { "address": "10.96.0.10", "transports": ["udp"], "edns": "formerr", "otherwise": "servfail",
                  "records": { "web.example.": { "A": ["10.0.0.1", "10.0.0.2"] }, "*.wild.example.": { "AAAA": "fd00::1" } },
                  "rules": [
                    { "type": "AAAA", "reply": ["answer", "drop"], "countBy": "socket", "times": 2 },
                    { "name": "web.example.", "transport": "udp", "delayMs": 50,
                      "faults": { "id": "wrong", "answerName": "other.example.", "copies": 2 }, "flags": { "tc": true } }
                  ] },
                { "address": "10.96.0.11", "port": 5353, "mode": "silent" }
              ],
              "lookups": [
                { "getaddrinfo": "web.example", "family": "inet", "flags": ["addrconfig", "canonname"],
                  "expect": { "addresses": ["10.0.0.1", "10.0.0.2", "10.0.0.3"], "maxMs": 500 } },
                { "exec": ["getent", "ahosts", "web.example"], "env": { "RES_OPTIONS": "ndots:2" }, "withPrevious": true,
                  "expect": { "exitCode": 2, "stdoutContains": ["a", "b", "c"] } },
                { "getaddrinfo": "x.example", "before": { "resolvConf": "nameserver 10.96.0.11\\n" } }
              ],
              "expect": { "queries": [] } }
            """)
        let sheet = ScenarioSheet(scenario, link: "x")
        #expect(sheet.cell(.servers) == [.lines([
            [.code("10.96.0.10"), .text(": UDP only, FORMERR to any query with EDNS, servfail for other names")],
            [.text("↳ records "), .code("web.example. A×2"), .text(", "), .code("*.wild.example. AAAA")],
            [.text("↳ rule: "), .code("AAAA *"), .text(" → answer, then drop"), .text(", "), .text("counted per socket"),
             .text(", "), .text("2 times")],
            [.text("↳ rule: "), .code("* web.example. udp"), .text(" → answer"), .text(", "), .text("after 50 ms"), .text(", "),
             .text("flags "), .code("+tc"), .text(", "), .text("wrong ID (the query's plus one)"), .text(", "),
             .text("answer records owned by "), .code("other.example."), .text(", "), .text("sent 2 times")],
            [.code("10.96.0.11:5353"), .text(": silent: reads every query and answers none")],
        ])])
        #expect(sheet.cell(.lookups) == [
            .lines([
                [.text("1. "), .code("getaddrinfo web.example"), .text(" (AF_INET, AI_ADDRCONFIG, AI_CANONNAME)"), .text(" → "),
                 .code("10.0.0.1"), .text(", "), .code("10.0.0.2"), .text(", "), .code("10.0.0.3"), .text("; "), .text("in at most 500 ms")],
                [.text("2. "), .code("getent ahosts web.example"), .text(" with "), .code("RES_OPTIONS=ndots:2"),
                 .text(", together with the previous one"), .text(" → "), .text("exit 2"), .text("; "), .text("stdout contains "),
                 .code("a"), .text(", "), .code("b"), .text(", "), .code("c")],
                [.text("then /etc/resolv.conf is rewritten:")],
            ]),
            .code(["nameserver 10.96.0.11"]),
            .lines([[.text("3. "), .code("getaddrinfo x.example"), .text(" → "), .text("not checked")]]),
        ])
        #expect(Outcome.summary(of: scenario.scenario) == "10.0.0.1, 10.0.0.2 +1, ≤ 500 ms; exit 2, prints a, b +1 · no query")
    }

    @Test func aKubernetesScenarioShowsTheKeyAndTheFileTheKubeletWrites() throws {
        let scenario = try documented("scenarios/kubernetes/pod.json", """
            { "name": "pod", "kubernetes": { "namespace": "prophet", "dnsConfig": { "options": [{ "name": "ndots", "value": "1" }] } },
              "servers": [{ "address": "10.96.0.10" }],
              "lookups": [{ "getaddrinfo": "web", "expect": { "error": "EAI_NONAME" } }] }
            """)
        #expect(ScenarioSheet(scenario, link: "x").cell(.resolvConf) == [
            .lines([[.text("written by the kubelet from "),
                     .code(#""kubernetes": {"namespace": "prophet", "dnsConfig": {"options": [{"name": "ndots", "value": "1"}]}}"#)]]),
            .code(["search prophet.svc.cluster.local svc.cluster.local cluster.local", "nameserver 10.96.0.10", "options ndots:1"]),
        ])
    }

    @Test func pagesSayHowToRegenerateThem() throws {
        let pages = BehaviourPages(scenarios: [try simple("scenarios/glibc/a.json", name: "a")], outDirectory: "docs/behaviour")
        #expect(pages.markdown().contains("<!-- Generated by resolvlab doc from the scenario files: do not edit. After adding or changing a scenario, run make docs. -->"))
        #expect(pages.html().contains("run make docs."))
    }

    /// `|` that end a cell: not escaped, not inside a code span.
    static func cellSeparators(_ row: String) -> Int {
        var count = 0, fence = 0, index = row.startIndex
        while index < row.endIndex {
            let character = row[index]
            if character == "\\" {
                index = row.index(after: index)
                if index < row.endIndex { index = row.index(after: index) }
                continue
            }
            if character == "`" {
                var run = 0
                while index < row.endIndex, row[index] == "`" { run += 1; index = row.index(after: index) }
                fence = fence == 0 ? run : (fence == run ? 0 : fence)
                continue
            }
            if character == "|", fence == 0 { count += 1 }
            index = row.index(after: index)
        }
        return count
    }
}

/// The matrix's few words.
@Suite struct OutcomeTests {
    @Test func theSameResultInARowIsCountedAndManyLookupsAreCut() throws {
        let scenario = try documented("scenarios/glibc/repeat.json", """
            { "name": "repeat", "resolvConf": "nameserver 10.96.0.10\\n", "servers": [{ "address": "10.96.0.10" }],
              "lookups": [
                { "getaddrinfo": "a", "expect": { "error": "EAI_NONAME" } },
                { "getaddrinfo": "a", "expect": { "error": "EAI_NONAME" } },
                { "getaddrinfo": "a" },
                { "exec": ["true"], "expect": { "exitCode": 0 } },
                { "getaddrinfo": "b", "expect": { "addresses": ["10.0.0.1", "10.0.0.2", "10.0.0.3"] } },
                { "getaddrinfo": "c", "expect": { "error": "EAI_AGAIN" } },
                { "getaddrinfo": "d", "expect": { "error": "EAI_NONAME" } }
              ],
              "expect": { "queries": ["A a."], "order": "unordered" } }
            """)
        #expect(Outcome.summary(of: scenario.scenario) == "EAI_NONAME ×2; exit 0; 10.0.0.1, 10.0.0.2 +1; and 2 more · 1 query in any order")
    }

    @Test func aScenarioThatOnlyForbidsSaysSo() throws {
        let scenario = try documented("scenarios/glibc/forbid.json", """
            { "name": "forbid", "resolvConf": "nameserver 10.96.0.10\\n", "servers": [{ "address": "10.96.0.10" }],
              "lookups": [{ "getaddrinfo": "a" }], "expect": { "forbid": ["AAAA *"] } }
            """)
        #expect(Outcome.summary(of: scenario.scenario) == "never 1 pattern")
    }
}
