import Testing
import DNSWire
import ScenarioFormat

/// Valid documents and the model values they decode to.
@Suite struct ScenarioDecodingTests {
    /// The example from design.md ("Scenario format v1"), with comments and a few trailing commas added.
    static let kubernetes = """
        {
          "name": "kubernetes ndots:5 walks every search domain before the absolute name",
          "description": "Free text; shown in generated docs.",
          "tags": ["glibc", "kubernetes", "search",],

          "namespaces": ["user", "net", "mount", "uts"], // default: net, mount, uts, plus user when not root
          "hostname": "pod-1.prophet",                    // needs uts
          "addresses": ["10.244.154.23/32", "fd00::17/128"], // extra addresses inside the sandbox
          "resolvConf": [                                 // string, or array of lines
            "search prophet.svc.cluster.local svc.cluster.local cluster.local",
            "nameserver 10.96.0.10",
            "options ndots:5",
          ],
          "hosts": "127.0.0.1 localhost\\n::1 localhost\\n", // default as shown
          "files": { "/etc/gai.conf": "..." },             // any other file bind-mounted in the sandbox

          "servers": [
            {
              "address": "10.96.0.10",          // IPv4 or IPv6; UDP and TCP; "port" defaults to 53
              "records": {
                "ycwu314.top.": { "A": ["104.24.99.9"], "AAAA": ["2606:4700:3033::6818:6309"] },
                "alias.example.": { "CNAME": ["ycwu314.top."] }
              },
              "rules": [                        // checked in order before records; first match wins
                { "name": "*.cluster.local.", "type": "AAAA", "reply": "servfail", "times": 1 },
                { "name": "slow.example.", "delayMs": 300 },
                { "name": "big.example.", "transport": "udp", "reply": "truncate" },
              ],
              "otherwise": "nxdomain"           // nxdomain | nodata | servfail | refused | drop
            },
            { "address": "10.96.0.11", "mode": "silent" } // serve (default) | silent (drop all) | closed (no listener)
          ],

          "lookups": [
            { "getaddrinfo": "ycwu314.top", "family": "unspec", "flags": ["addrconfig"],
              "expect": { "addresses": ["2606:4700:3033::6818:6309", "104.24.99.9"] } },
            { "exec": ["getent", "ahosts", "ycwu314.top"], "expect": { "exitCode": 0 } }
          ],

          "expect": {
            "queries": [
              "A ycwu314.top.prophet.svc.cluster.local.",
              "AAAA ycwu314.top.prophet.svc.cluster.local.",
              "A ycwu314.top.svc.cluster.local.",
              "AAAA ycwu314.top.svc.cluster.local.",
              "A ycwu314.top.cluster.local.",
              "AAAA ycwu314.top.cluster.local.",
              "A ycwu314.top.",
              "AAAA ycwu314.top."
            ],
            "order": "exact"                    // exact (default) | subsequence | unordered
          },
          /* a block comment */
          "timeoutMs": 10000,
        }
        """

    static func name(_ text: String) throws -> DNSName { try DNSName(text) }
    static func ip(_ text: String) throws -> IPAddress { try #require(IPAddress(text)) }

    @Test func kubernetesExampleTopLevel() throws {
        let scenario = try ScenarioFixture.decode(Self.kubernetes)
        #expect(scenario.name == "kubernetes ndots:5 walks every search domain before the absolute name")
        #expect(scenario.description == "Free text; shown in generated docs.")
        #expect(scenario.tags == ["glibc", "kubernetes", "search"])
        #expect(scenario.namespaces == [.user, .net, .mount, .uts])
        #expect(scenario.hostname == "pod-1.prophet")
        #expect(scenario.addresses == [AddressPrefix(address: try Self.ip("10.244.154.23"), prefixLength: 32),
                                       AddressPrefix(address: try Self.ip("fd00::17"), prefixLength: 128)])
        // Lines are joined with newlines and the file ends with one, as resolv.conf files do.
        #expect(scenario.resolvConf == """
            search prophet.svc.cluster.local svc.cluster.local cluster.local
            nameserver 10.96.0.10
            options ndots:5

            """)
        #expect(scenario.hosts == "127.0.0.1 localhost\n::1 localhost\n")
        #expect(scenario.files.map(\.path) == ["/etc/gai.conf"])
        #expect(scenario.files.map(\.contents) == ["..."])
        #expect(scenario.requires == [])
        #expect(scenario.timeoutMs == 10_000)
    }

    @Test func kubernetesExampleServers() throws {
        let scenario = try ScenarioFixture.decode(Self.kubernetes)
        try #require(scenario.servers.count == 2)
        let first = scenario.servers[0]
        #expect(first.address == (try Self.ip("10.96.0.10")))
        #expect(first.port == 53)
        #expect(first.mode == .serve)
        #expect(first.otherwise == .nxdomain)

        let answer = try #require(first.records.entry(for: try Self.name("YCWU314.top")))
        #expect(answer.records.map(\.type) == [.A, .AAAA])
        #expect(answer.records.map(\.data) == [[.a(IPv4Address(104, 24, 99, 9))],
                                               [.aaaa(try #require(IPv6Address("2606:4700:3033::6818:6309")))]])
        let alias = try #require(first.records.entry(for: try Self.name("alias.example")))
        #expect(alias.records.map(\.type) == [.CNAME])
        #expect(alias.records.map(\.data) == [[.cname(try Self.name("ycwu314.top."))]])
        #expect(first.records.entries.count == 2)

        try #require(first.rules.count == 3)
        #expect(first.rules[0].name == .below(try Self.name("cluster.local.")))
        #expect(first.rules[0].type == .AAAA)
        #expect(first.rules[0].transport == nil)
        #expect(first.rules[0].replies == [.servfail])
        #expect(first.rules[0].times == 1)
        #expect(first.rules[0].delayMs == 0)
        // A rule without "reply" still answers (from the records), only later.
        #expect(first.rules[1].name == .exact(try Self.name("slow.example.")))
        #expect(first.rules[1].replies == [.answer])
        #expect(first.rules[1].delayMs == 300)
        #expect(first.rules[1].times == nil)
        #expect(first.rules[2].transport == .udp)
        #expect(first.rules[2].replies == [.truncate])

        let second = scenario.servers[1]
        #expect(second.address == (try Self.ip("10.96.0.11")))
        #expect(second.mode == .silent)
        #expect(second.records.isEmpty)
        #expect(second.rules.isEmpty)
    }

    @Test func kubernetesExampleLookupsAndExpectation() throws {
        let scenario = try ScenarioFixture.decode(Self.kubernetes)
        try #require(scenario.lookups.count == 2)
        // The host is passed to getaddrinfo verbatim: a trailing dot would change what the resolver does.
        guard case .getaddrinfo(let call) = scenario.lookups[0].call else {
            Issue.record("lookups[0] should be getaddrinfo")
            return
        }
        #expect(call == GetaddrinfoCall(host: "ycwu314.top", family: .unspec, flags: [.addrconfig], service: nil))
        #expect(scenario.lookups[0].call.kind == .getaddrinfo)
        #expect(scenario.lookups[0].expect?.addresses == [try Self.ip("2606:4700:3033::6818:6309"), try Self.ip("104.24.99.9")])
        #expect(scenario.lookups[0].expect?.error == nil)
        #expect(scenario.lookups[0].label == "getaddrinfo ycwu314.top")

        guard case .exec(let call) = scenario.lookups[1].call else {
            Issue.record("lookups[1] should be exec")
            return
        }
        #expect(call.arguments == ["getent", "ahosts", "ycwu314.top"])
        #expect(scenario.lookups[1].call.kind == .exec)
        #expect(scenario.lookups[1].expect?.exitCode == 0)
        #expect(scenario.lookups[1].expect?.stdoutContains == [])
        #expect(scenario.lookups[1].label == "exec getent ahosts ycwu314.top")

        let expect = try #require(scenario.expect)
        #expect(expect.order == .exact)
        let walk = ["ycwu314.top.prophet.svc.cluster.local.", "ycwu314.top.svc.cluster.local.",
                    "ycwu314.top.cluster.local.", "ycwu314.top."]
        let queries = try walk.flatMap { name in
            [QueryPattern(type: .A, name: try Self.name(name)), QueryPattern(type: .AAAA, name: try Self.name(name))]
        }
        #expect(expect.queries?.flatMap(\.patterns) == queries)
    }

    @Test func omittedKeysTakeTheDesignDefaults() throws {
        let scenario = try ScenarioFixture.decode(doc())
        #expect(scenario.description == nil)
        #expect(scenario.tags == [])
        #expect(scenario.namespaces == nil)
        #expect(scenario.hostname == nil)
        #expect(scenario.addresses == [])
        #expect(scenario.resolvConf == "")
        #expect(scenario.hosts == "127.0.0.1 localhost\n::1 localhost\n")
        #expect(scenario.hosts == Scenario.defaultHosts)
        #expect(scenario.files.isEmpty)
        #expect(scenario.timeoutMs == 10_000)
        let server = try #require(scenario.servers.first)
        #expect(server.port == 53)
        #expect(server.mode == .serve)
        #expect(server.otherwise == .nxdomain)
        #expect(server.records.isEmpty && server.rules.isEmpty)
        #expect(scenario.expect?.order == .exact)
        guard case .getaddrinfo(let call)? = scenario.lookups.first?.call else {
            Issue.record("expected a getaddrinfo lookup")
            return
        }
        #expect(call.family == .unspec && call.flags == [] && call.service == nil)
    }

    @Test func resolvConfAndHostsAsOneStringAreKeptExactly() throws {
        let scenario = try ScenarioFixture.decode(doc(
            top: #""resolvConf": "nameserver 10.0.0.1\noptions ndots:1", "hosts": """#))
        #expect(scenario.resolvConf == "nameserver 10.0.0.1\noptions ndots:1")
        #expect(scenario.hosts == "")
    }

    @Test func emptyLineArrayIsAnEmptyFile() throws {
        let scenario = try ScenarioFixture.decode(doc(top: #""resolvConf": [], "hosts": ["", "::1 x"]"#))
        #expect(scenario.resolvConf == "")
        #expect(scenario.hosts == "\n::1 x\n")
    }

    @Test func serverWithPortModeAndEveryRecordType() throws {
        let scenario = try ScenarioFixture.decode(doc(servers: """
            { "address": "fd00::53", "port": 5353, "otherwise": "refused",
                  "records": {
                    "x.example": { "a": "192.0.2.1", "TXT": ["v=spf1 -all"], "MX": ["10 mail.example."],
                                   "NS": ["ns1.example."], "SOA": ["ns1.example. host.example. 1 7200 900 1209600 300"] },
                    "_sip._udp.example.": { "SRV": ["0 5 5060 sip.example."] },
                    "1.2.0.192.in-addr.arpa.": { "PTR": "x.example." },
                    "*.wild.example.": { "A": ["192.0.2.9"] },
                  } },
                { "address": "10.0.0.2", "mode": "closed" }
            """))
        try #require(scenario.servers.count == 2)
        let server = scenario.servers[0]
        #expect(server.address == (try Self.ip("fd00::53")))
        #expect(server.port == 5353)
        #expect(server.otherwise == .refused)
        #expect(scenario.servers[1].mode == .closed)

        let x = try #require(server.records.entry(for: try Self.name("x.example.")))
        #expect(x.records.map(\.type) == [.A, .TXT, .MX, .NS, .SOA])
        #expect(x.records.map(\.data) == [
            [.a(IPv4Address(192, 0, 2, 1))],
            [.txt([Array("v=spf1 -all".utf8)])],
            [.mx(preference: 10, exchange: try Self.name("mail.example."))],
            [.ns(try Self.name("ns1.example."))],
            [.soa(mname: try Self.name("ns1.example."), rname: try Self.name("host.example."), serial: 1, refresh: 7200,
                  retry: 900, expire: 1_209_600, minimum: 300)],
        ])
        let srv = try #require(server.records.entry(for: try Self.name("_sip._udp.example.")))
        #expect(srv.records.map(\.data) == [[.srv(priority: 0, weight: 5, port: 5060, target: try Self.name("sip.example."))]])
        let ptr = try #require(server.records.entry(for: try Self.name("1.2.0.192.in-addr.arpa.")))
        #expect(ptr.records.map(\.data) == [[.ptr(try Self.name("x.example."))]])

        // The wildcard is stored under its suffix, marked as a wildcard, not as the suffix's own records.
        #expect(server.records.entry(for: try Self.name("wild.example.")) == nil)
        let wildcard = try #require(server.records.entries.first { $0.isWildcard })
        #expect(wildcard.owner == (try Self.name("wild.example.")))
    }

    @Test func lookupVariants() throws {
        let scenario = try ScenarioFixture.decode(doc(lookups: """
            { "getaddrinfo": "x.example.", "family": "inet6", "flags": ["canonname", "v4mapped", "all"], "service": "https",
                  "expect": { "canonname": "x.example", "minMs": 0, "maxMs": 500 } },
                { "getaddrinfo": "nope.example", "family": "inet", "expect": { "error": "EAI_NONAME" } },
                { "exec": ["getent", "hosts", "x.example"], "expect": { "exitCode": 2, "stdoutContains": "x.example" } },
                { "exec": ["sh", "-c", "true"], "expect": { "stdoutContains": ["a", "b"] } },
                { "getaddrinfo": "unchecked.example" }
            """))
        try #require(scenario.lookups.count == 5)
        guard case .getaddrinfo(let call) = scenario.lookups[0].call else {
            Issue.record("lookups[0] should be getaddrinfo")
            return
        }
        #expect(call.host == "x.example.")
        #expect(call.family == .inet6)
        #expect(call.flags == [.canonname, .v4mapped, .all])
        #expect(call.service == "https")
        #expect(scenario.lookups[0].expect?.canonname == "x.example")
        #expect(scenario.lookups[0].expect?.minMs == 0)
        #expect(scenario.lookups[0].expect?.maxMs == 500)
        #expect(scenario.lookups[0].expect?.addresses == nil)
        #expect(scenario.lookups[1].expect?.error == "EAI_NONAME")
        // A single string stands for a one-element list.
        #expect(scenario.lookups[2].expect?.stdoutContains == ["x.example"])
        #expect(scenario.lookups[2].expect?.exitCode == 2)
        #expect(scenario.lookups[3].expect?.stdoutContains == ["a", "b"])
        #expect(scenario.lookups[3].expect?.exitCode == nil)
        #expect(scenario.lookups[4].expect == nil)
    }

    @Test func queriesInStringAndObjectForms() throws {
        let scenario = try ScenarioFixture.decode(doc(expect: """
            {
                "queries": [
                  "AAAA x.example @10.0.0.1:5353 tcp",
                  { "type": "A", "name": "X.Example.", "server": "[fd00::1]:53", "transport": "udp", "flags": ["rd", "edns0"] },
                  { "name": "y.example." },
                  {},
                  { "type": "*", "name": "*" },
                  "* *",
                ],
                "order": "unordered",
              }
            """))
        let expect = try #require(scenario.expect)
        #expect(expect.order == .unordered)
        #expect(expect.queries?.flatMap(\.patterns) == [
            QueryPattern(type: .AAAA, name: try Self.name("x.example."), server: try Self.ip("10.0.0.1"), port: 5353, transport: .tcp),
            QueryPattern(type: .A, name: try Self.name("x.example."), server: try Self.ip("fd00::1"), port: 53, transport: .udp,
                         flags: [.rd, .edns0]),
            QueryPattern(name: try Self.name("y.example.")),
            QueryPattern(),
            QueryPattern(),
            QueryPattern(),
        ])
    }

    @Test("forbid takes patterns in both forms, *.suffix. included, and needs no queries beside it")
    func forbidPatterns() throws {
        let scenario = try ScenarioFixture.decode(doc(expect: """
            { "forbid": ["* *.cluster.local.", { "type": "AAAA", "name": "*.svc.cluster.local." }, "AAAA x.example tcp"] }
            """))
        let expect = try #require(scenario.expect)
        #expect(expect.queries == nil)
        #expect(expect.forbid == [
            QueryPattern(below: try Self.name("cluster.local.")),
            QueryPattern(type: .AAAA, below: try Self.name("svc.cluster.local.")),
            QueryPattern(type: .AAAA, name: try Self.name("x.example."), transport: .tcp),
        ])
    }

    @Test("counts take a pattern in either form and a lower bound, an upper bound or both")
    func countPatterns() throws {
        let scenario = try ScenarioFixture.decode(doc(expect: """
            { "counts": [{ "query": "A x.example", "min": 2, "max": 2 }, { "query": { "type": "AAAA" }, "max": 0 },
                         { "query": "* *.example.", "min": 1 }] }
            """))
        let counts = try #require(scenario.expect?.counts)
        #expect(counts == [
            QueryCount(QueryPattern(type: .A, name: try Self.name("x.example.")), min: 2, max: 2),
            QueryCount(QueryPattern(type: .AAAA), max: 0),
            QueryCount(QueryPattern(below: try Self.name("example.")), min: 1),
        ])
        #expect(counts.map(\.bounds) == ["exactly 2", "at most 0", "at least 1"])
        #expect(counts[0].allows(2) && !counts[0].allows(1) && !counts[0].allows(3))
    }

    @Test("an array in queries is a group of patterns in either form; the rest stay single queries", arguments: ["exact", "subsequence"])
    func groups(order: String) throws {
        let scenario = try ScenarioFixture.decode(doc(expect: """
            { "order": "\(order)", "queries": [["A x.a.", { "type": "AAAA", "name": "x.a." }], "A x.", ["AAAA x."]] }
            """))
        let expect = try #require(scenario.expect)
        #expect(expect.queries == [
            .group([QueryPattern(type: .A, name: try Self.name("x.a.")), QueryPattern(type: .AAAA, name: try Self.name("x.a."))]),
            .query(QueryPattern(type: .A, name: try Self.name("x."))),
            .group([QueryPattern(type: .AAAA, name: try Self.name("x."))]),
        ])
        #expect(expect.queries?.map(\.isGroup) == [true, false, true])
        #expect(expect.alternatives == nil)
    }

    @Test("afterMs takes min, max or both, in queries and in groups, first query included under subsequence; not part of the pattern's text")
    func afterMsBounds() throws {
        let scenario = try ScenarioFixture.decode(doc(expect: """
            { "order": "subsequence", "queries": [{ "type": "A", "afterMs": { "max": 100 } }, [{ "name": "x.", "afterMs": { "min": 4950, "max": 5500 } }],
                          { "type": "AAAA", "afterMs": { "min": 0 } }, { "type": "A", "afterMs": { "min": 7, "max": 7 } }] }
            """))
        let patterns = try #require(scenario.expect?.queries).flatMap(\.patterns)
        #expect(patterns.map(\.afterMs) == [GapBounds(max: 100), GapBounds(min: 4950, max: 5500), GapBounds(min: 0), GapBounds(min: 7, max: 7)])
        #expect(patterns.map { $0.afterMs?.description } == ["at most 100 ms", "4950 to 5500 ms", "at least 0 ms", "exactly 7 ms"])
        #expect(patterns[1].description == "* x.")
        // Inclusive at both ends.
        let bounds = GapBounds(min: 4950, max: 5500)
        #expect(bounds.allows(4950) && bounds.allows(5500) && !bounds.allows(4949.999) && !bounds.allows(5500.001))
    }

    @Test("alternatives are two or more query lists, each like queries, groups included; they alone assert something")
    func alternatives() throws {
        let scenario = try ScenarioFixture.decode(doc(expect: """
            { "alternatives": [["A x. @10.0.0.1", "A y. @10.0.0.2"], ["A x. @10.0.0.2", ["A y. @10.0.0.1"]], []],
              "order": "subsequence" }
            """))
        let expect = try #require(scenario.expect)
        #expect(expect.queries == nil)
        let alternatives = try #require(expect.alternatives)
        #expect(alternatives.count == 3)
        #expect(alternatives.map { $0.map(\.isGroup) } == [[false, false], [false, true], []])
        #expect(alternatives[1].flatMap(\.patterns).map(\.description) == ["A x. @10.0.0.2", "A y. @10.0.0.1"])
        #expect(expect.sequences.count == 3)
        #expect(expect.order == .subsequence)
    }

    @Test(arguments: ["subsequence", "unordered", "exact"])
    func everyOrder(order: String) throws {
        let scenario = try ScenarioFixture.decode(doc(expect: #"{ "queries": [], "order": "\#(order)" }"#))
        #expect(scenario.expect?.order.rawValue == order)
        // An empty list asserts that nothing was sent; it is not "no assertion".
        #expect(scenario.expect?.queries == [])
    }

    @Test func lookupExpectAloneIsAnAssertion() throws {
        let scenario = try ScenarioFixture.decode(doc(
            lookups: #"{ "exec": ["true"], "expect": { "exitCode": 0 } }"#, expect: nil))
        #expect(scenario.expect == nil)
        #expect(scenario.lookups.first?.expect?.exitCode == 0)
    }

    @Test func namespacesIpcAndSchemaAndRequires() throws {
        let scenario = try ScenarioFixture.decode(doc(
            top: #""$schema": "https://example.invalid/v1.json", "namespaces": ["net", "mount", "ipc"], "requires": ["getent", "dig"]"#))
        #expect(scenario.namespaces == [.net, .mount, .ipc])
        #expect(scenario.requires == ["getent", "dig"])
    }

    @Test func bareAddressesAreHostPrefixes() throws {
        let scenario = try ScenarioFixture.decode(doc(
            top: #""addresses": ["10.0.0.5", "fd00::5", "192.168.0.0/16", "fd00::/8", "0.0.0.0/0"]"#))
        #expect(scenario.addresses.map(\.description) == ["10.0.0.5/32", "fd00::5/128", "192.168.0.0/16", "fd00::/8", "0.0.0.0/0"])
    }

    @Test func filesKeepFileOrder() throws {
        let scenario = try ScenarioFixture.decode(doc(
            top: #""files": { "/etc/nsswitch.conf": "hosts: dns files\n", "/etc/gai.conf": "", "/etc/host.conf": "multi off\n" }"#))
        #expect(scenario.files.map(\.path) == ["/etc/nsswitch.conf", "/etc/gai.conf", "/etc/host.conf"])
        #expect(scenario.files.map(\.contents) == ["hosts: dns files\n", "", "multi off\n"])
    }

    @Test func timeoutBoundsAreInclusive() throws {
        #expect(try ScenarioFixture.decode(doc(top: #""timeoutMs": 100"#)).timeoutMs == 100)
        #expect(try ScenarioFixture.decode(doc(top: #""timeoutMs": 600000"#)).timeoutMs == 600_000)
    }

    @Test func assertingNothingIsAcceptedWhenRecording() throws {
        let text = doc(expect: nil)
        let errors = ScenarioFixture.errors(text)
        #expect(errors.map(\.description) == [
            "scenarios/case.json:1:1: the scenario asserts nothing: add \"expect\": { \"queries\": [...] } or { \"forbid\": [...] }, or an \"expect\" "
                + "to a lookup (`resolvlab record` writes them from an actual run)",
        ])
        let scenario = try ScenarioFixture.decode(text, options: ScenarioDecoder.Options(allowNoAssertions: true))
        #expect(scenario.expect == nil)
        #expect(scenario.lookups.count == 1)
    }

    @Test func allowingNoAssertionsDoesNotHideOtherErrors() {
        let errors = ScenarioFixture.errors(doc(top: #""timeoutMs": 5"#, expect: nil),
                                            options: ScenarioDecoder.Options(allowNoAssertions: true))
        #expect(errors.map(\.path) == ["timeoutMs"])
    }

    @Test func loaderNamesTheFileItCannotRead() {
        #expect(throws: ScenarioErrors.self) { try ScenarioLoader.load(path: "/nonexistent/resolvlab/x.json") }
        do {
            _ = try ScenarioLoader.load(path: "/nonexistent/resolvlab/x.json")
        } catch {
            #expect(error.description == "/nonexistent/resolvlab/x.json: no such file")
        }
    }
}
