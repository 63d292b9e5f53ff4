import Testing
import DNSWire
import ScenarioFormat

/// What changes during a run: files rewritten before a lookup, a command's own environment, and
/// lookups that start together.
@Suite struct LookupStepTests {
    typealias Case = ScenarioErrorCase

    static func lookups(_ inner: String) -> String { doc(lookups: inner) }

    @Test(arguments: [
        Case("before not an object", lookups(#"{ "getaddrinfo": "x.example", "before": ‸["nameserver 10.0.0.1"] }"#),
             path: "lookups[0].before", "expected an object, found an array"),
        Case("empty before", lookups(#"{ "getaddrinfo": "x.example", "before": ‸{} }"#), path: "lookups[0].before",
             "an empty before changes nothing; give it resolvConf or hosts"),
        Case("unknown file in before", lookups(#"{ "getaddrinfo": "x.example", "before": { ‸"resolv": "x" } }"#),
             path: "lookups[0].before.resolv", #"unknown key "resolv"; expected one of resolvConf, hosts"#),
        Case("before line with a newline", lookups(#"{ "getaddrinfo": "x.example", "before": { "hosts": [‸"a\nb"] } }"#),
             path: "lookups[0].before.hosts[0]", "a line must not contain a newline; split it into two elements"),
        Case("withPrevious on the first lookup", lookups(#"{ "getaddrinfo": "x.example", "withPrevious": ‸true }"#),
             path: "lookups[0].withPrevious", "the first lookup has no previous lookup to start with"),
        Case("withPrevious false", lookups(#"{ "getaddrinfo": "x.example" }, { "getaddrinfo": "y.example", "withPrevious": ‸false }"#),
             path: "lookups[1].withPrevious", "false is the default and changes nothing; leave the key out"),
        Case("withPrevious and before", lookups(#"{ "getaddrinfo": "x.example" }, { "getaddrinfo": "y.example", "withPrevious": true, "before": ‸{ "hosts": "" } }"#),
             path: "lookups[1].before",
             "a lookup that starts with the previous one cannot rewrite files: the previous one would be reading them; put before on the first lookup of the group"),
        Case("env on getaddrinfo", lookups(#"{ "getaddrinfo": "x.example", ‸"env": { "RES_OPTIONS": "ndots:1" } }"#),
             path: "lookups[0].env", #"unknown key "env"; expected one of getaddrinfo, family, flags, service, expect, before, withPrevious"#),
        Case("env not an object", lookups(#"{ "exec": ["true"], "env": ‸["A=1"] }"#), path: "lookups[0].env",
             #"expected an object mapping variable names to values, like { "RES_OPTIONS": "ndots:1" }, found an array"#),
        Case("env name with =", lookups(#"{ "exec": ["true"], "env": { ‸"A=B": "1" } }"#), path: #"lookups[0].env["A=B"]"#,
             #""A=B" is not an environment variable name (it must be non-empty, with no = and no NUL)"#),
        Case("env value a number", lookups(#"{ "exec": ["true"], "env": { "A": ‸1 } }"#), path: "lookups[0].env.A",
             "expected a string, found a number 1"),
        Case("empty env", lookups(#"{ "exec": ["true"], "env": ‸{} }"#), path: "lookups[0].env",
             "an empty env changes nothing; leave it out"),
    ])
    func lookupStepErrors(_ c: Case) {
        ScenarioFixture.expectError(c.marked, path: c.path, c.message)
    }

    @Test func everyPartReadsBack() throws {
        let scenario = try ScenarioFixture.decode(Self.lookups(
            #"{ "getaddrinfo": "x.example", "before": { "resolvConf": ["nameserver 10.0.0.2"], "hosts": "10.0.0.9 x.example\n" } }, "#
                + #"{ "exec": ["getent", "hosts", "x.example"], "env": { "RES_OPTIONS": "ndots:1", "LOCALDOMAIN": "" }, "withPrevious": true }"#))
        let lookups = scenario.lookups
        #expect(lookups[0].before == FileRewrite(resolvConf: "nameserver 10.0.0.2\n", hosts: "10.0.0.9 x.example\n"))
        #expect(!lookups[0].withPrevious && lookups[1].withPrevious)
        guard case .exec(let call) = lookups[1].call else {
            Issue.record("not an exec lookup")
            return
        }
        #expect(call.environment == ["RES_OPTIONS": "ndots:1", "LOCALDOMAIN": ""])
        #expect(lookups[0].before?.files.map(\.path) == ["/etc/resolv.conf", "/etc/hosts"])
    }

    @Test("lookups that start with the previous one join its batch; the others each start one",
          arguments: [([false], [0..<1]), ([false, true, true, false], [0..<3, 3..<4]), ([false, false, true], [0..<1, 1..<3]),
                      ([false, true, false, true], [0..<2, 2..<4])])
    func batches(withPrevious: [Bool], expected: [Range<Int>]) {
        let steps = withPrevious.map { LookupStep(call: .exec(ExecCall(arguments: ["true"])), withPrevious: $0) }
        #expect(LookupStep.batches(steps) == expected)
    }
}
