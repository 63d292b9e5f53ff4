import Testing
import ScenarioFormat

/// Document-level, sandbox and type errors: each case names the file, line:column, JSON path and what was expected.
@Suite struct ScenarioErrorTests {
    typealias Case = ScenarioErrorCase
    static let topKeys = "$schema, name, description, tags, namespaces, hostname, addresses, resolvConf, kubernetes, hosts, files, "
        + "servers, daemons, lookups, expect, requires, writable, clients, timeoutMs"

    // MARK: - The description format itself

    @Test func descriptionIsFileLineColumnPathMessage() {
        let error = ScenarioError(file: "scenarios/x.json", location: ScenarioFormat.SourceLocation(offset: 200, line: 12, column: 18),
                                  path: "servers[0].rules[2].reply", message: "expected one of ...")
        #expect(error.description == "scenarios/x.json:12:18: servers[0].rules[2].reply: expected one of ...")
        let whole = ScenarioError(file: "x.json", location: nil, path: "", message: "no such file")
        #expect(whole.description == "x.json: no such file")
        let noPath = ScenarioError(file: "x.json", location: .start, path: "", message: "m")
        #expect(noPath.description == "x.json:1:1: m")
        #expect(ScenarioErrors([error, whole]).description == error.description + "\n" + whole.description)
    }

    @Test(arguments: [
        ([JSONPath.Component](), ""),
        ([.key("servers"), .index(0), .key("rules"), .index(2), .key("reply")], "servers[0].rules[2].reply"),
        ([.key("servers"), .index(0), .key("records"), .key("x.example."), .key("A"), .index(1)],
         #"servers[0].records["x.example."].A[1]"#),
        ([.key("files"), .key("/etc/gai.conf")], #"files["/etc/gai.conf"]"#),
        ([.key("$schema")], "$schema"),
        ([.key("1st")], #"["1st"]"#),
        ([.key("")], #"[""]"#),
        ([.key(#"a"b\c"#)], #"["a\"b\\c"]"#),
        ([.key("ключ")], #"["ключ"]"#),
        ([.key("a\nb")], #"["a\nb"]"#),
        ([.index(3), .key("a_b")], "[3].a_b"),
    ])
    func jsonPathsPrintLikeJavaScript(components: [JSONPath.Component], expected: String) {
        #expect(JSONPath(components).description == expected)
    }

    // MARK: - JSON syntax

    @Test(arguments: [
        Case("missing comma", """
            {
              "name": "x"
              ‸"lookups": []
            }
            """, path: "", "invalid JSON: expected ',' or '}' after object member"),
        Case("duplicate key", """
            {
              "name": "a",
              ‸"name": "b"
            }
            """, path: "", #"invalid JSON: duplicate key "name" (first defined at 2:3)"#),
        Case("unterminated string", #"{ "name": ‸"x"#, path: "", "invalid JSON: unterminated string"),
        Case("raw newline in a string", "{ \"name\": \"x‸\n\" }", path: "",
             #"invalid JSON: control character U+000A in string: escape it as \n"#),
        Case("unterminated comment", "{ \"name\": \"x\" ‸/* never closed\n", path: "", "invalid JSON: unterminated block comment"),
        Case("empty file", "‸", path: "", "invalid JSON: unexpected end of input"),
        Case("garbage after the document", "{}\n‸}", path: "", "invalid JSON: unexpected content after the top-level value"),
    ])
    func syntaxErrors(_ c: Case) {
        ScenarioFixture.expectError(c.marked, path: c.path, c.message)
    }

    // MARK: - Top level

    @Test(arguments: [
        Case("root is an array", #"‸["A x."]"#, path: "", "expected an object, found an array"),
        Case("root is null", "‸null", path: "", "expected an object, found null"),
        Case("unknown key with suggestion", doc(top: #"‸"timeout": 5000"#), path: "timeout",
             #"unknown key "timeout"; expected one of \#(topKeys) (did you mean "timeoutMs"?)"#),
        Case("unknown key differing only in case", doc(top: #"‸"Hosts": """#), path: "Hosts",
             #"unknown key "Hosts"; expected one of \#(topKeys) (did you mean "hosts"?)"#),
        Case("unknown key with swapped letters", doc(top: #"‸"desciprtion": "x""#), path: "desciprtion",
             #"unknown key "desciprtion"; expected one of \#(topKeys) (did you mean "description"?)"#),
        Case("unknown key without suggestion", doc(top: #"‸"zzz": 1"#), path: "zzz",
             #"unknown key "zzz"; expected one of \#(topKeys)"#),
        Case("name missing", #"‸{ "lookups": [{ "exec": ["true"], "expect": { "exitCode": 0 } }] }"#, path: "",
             #"missing required key "name" (a one-line summary of the behaviour)"#),
        Case("name empty", #"{ "name": ‸"", "lookups": [{ "exec": ["true"], "expect": { "exitCode": 0 } }] }"#,
             path: "name", "must not be empty"),
        Case("name not a string", #"{ "name": ‸5, "lookups": [{ "exec": ["true"], "expect": { "exitCode": 0 } }] }"#,
             path: "name", "expected a string, found a number 5"),
        Case("description null", doc(top: #""description": ‸null"#), path: "description", "expected a string, found null"),
        Case("tags as one string", doc(top: #""tags": ‸"glibc""#), path: "tags",
             #"expected an array of strings, found a string "glibc""#),
        Case("tag with a blank", doc(top: #""tags": ["ok", ‸"two words"]"#), path: "tags[1]",
             "a tag must be non-empty and contain no whitespace"),
        Case("empty tag", doc(top: #""tags": [‸""]"#), path: "tags[0]", "a tag must be non-empty and contain no whitespace"),
        Case("tag not a string", doc(top: #""tags": ["ok", ‸true]"#), path: "tags[1]", "expected a string, found a boolean true"),
        Case("requires as one string", doc(top: #""requires": ‸"getent""#), path: "requires",
             #"expected an array of strings, found a string "getent""#),
        Case("lookups missing", "‸" + doc(lookups: nil), path: "",
             #"missing required key "lookups" (what the sandbox resolves: getaddrinfo or exec)"#),
        Case("lookups empty", doc(top: #""lookups": ‸[]"#, lookups: nil), path: "lookups", "must not be empty"),
        Case("lookups an object", doc(top: #""lookups": ‸{}"#, lookups: nil), path: "lookups", "expected an array, found an object"),
        Case("servers an object", doc(top: #""servers": ‸{ "address": "10.0.0.1" }"#, servers: nil), path: "servers",
             "expected an array, found an object"),
        Case("expect an array", doc(expect: #"‸["A x."]"#), path: "expect", "expected an object, found an array"),
        Case("timeoutMs below range", doc(top: #""timeoutMs": ‸99"#), path: "timeoutMs",
             "expected an integer from 100 to 600000, found 99"),
        Case("timeoutMs above range", doc(top: #""timeoutMs": ‸600001"#), path: "timeoutMs",
             "expected an integer from 100 to 600000, found 600001"),
        Case("timeoutMs negative", doc(top: #""timeoutMs": ‸-1"#), path: "timeoutMs",
             "expected an integer from 100 to 600000, found -1"),
        Case("timeoutMs with exponent", doc(top: #""timeoutMs": ‸1e4"#), path: "timeoutMs", "expected an integer, found 1e4"),
        Case("timeoutMs fraction", doc(top: #""timeoutMs": ‸1000.5"#), path: "timeoutMs", "expected an integer, found 1000.5"),
        Case("timeoutMs as a string", doc(top: #""timeoutMs": ‸"10000""#), path: "timeoutMs",
             #"expected an integer, found a string "10000""#),
        Case("timeoutMs too big for Int", doc(top: #""timeoutMs": ‸99999999999999999999"#), path: "timeoutMs",
             "expected an integer, found 99999999999999999999"),
    ])
    func topLevelErrors(_ c: Case) {
        ScenarioFixture.expectError(c.marked, path: c.path, c.message)
    }

    @Test func assertsNothing() {
        ScenarioFixture.expectError("‸" + doc(lookups: #"{ "getaddrinfo": "x.example" }, { "exec": ["true"] }"#, expect: nil),
                                    path: "",
                                    #"the scenario asserts nothing: add "expect": { "queries": [...] } or { "forbid": [...] }, or an "expect" to a lookup"#
                                        + " (`resolvlab record` writes them from an actual run)")
    }

    // MARK: - Sandbox: namespaces, hostname, addresses, files

    @Test(arguments: [
        Case("duplicate", doc(top: #""namespaces": ["net", "mount", ‸"net"]"#), path: "namespaces[2]", #""net" is listed twice"#),
        Case("pid twice", doc(top: #""namespaces": ["pid", ‸"pid"]"#), path: "namespaces[1]", #""pid" is listed twice"#),
        Case("unknown", doc(top: #""namespaces": ["net", "mount", ‸"ipcc"]"#), path: "namespaces[2]",
             #"expected one of user, net, mount, uts, ipc, pid; found "ipcc" (did you mean "ipc"?)"#),
        Case("cgroup is not offered", doc(top: #""namespaces": [‸"cgroup"]"#), path: "namespaces[0]",
             #"expected one of user, net, mount, uts, ipc, pid; found "cgroup""#),
        Case("not an array", doc(top: #""namespaces": ‸"net""#), path: "namespaces", #"expected an array, found a string "net""#),
        Case("hostname empty", doc(top: #""hostname": ‸"""#), path: "hostname", "must not be empty"),
        Case("hostname a number", doc(top: #""hostname": ‸1"#), path: "hostname", "expected a string, found a number 1"),
    ])
    func namespaceAndHostnameErrors(_ c: Case) {
        ScenarioFixture.expectError(c.marked, path: c.path, c.message)
    }

    /// net, mount, uts, ipc and pid are always created now, so a list need not name them, and a hostname
    /// needs no "uts" in the list.
    @Test(arguments: [
        (#"["pid"]"#, [ScenarioNamespace.pid]),
        (#"["user"]"#, [.user]),
        ("[]", []),
        (#"["user", "net", "mount", "uts", "ipc", "pid"]"#, [.user, .net, .mount, .uts, .ipc, .pid]),
        (#"["uts", "pid", "net"]"#, [.uts, .pid, .net]),
    ])
    func namespacesNeedNotNameTheAlwaysCreatedOnes(json: String, expected: [ScenarioNamespace]) throws {
        let scenario = try ScenarioFixture.decode(doc(top: #""namespaces": \#(json), "hostname": "pod-1""#))
        #expect(scenario.namespaces == expected)
        #expect(scenario.hostname == "pod-1")
        #expect(ScenarioNamespace.allCases.map(\.rawValue) == ["user", "net", "mount", "uts", "ipc", "pid"])
    }

    /// The hostname as JSON source, and as the message must show it: JSON-escaped, so it stays on one line.
    @Test(arguments: [
        ("a..b", #""a..b""#), ("pod-1.prophet.", #""pod-1.prophet.""#), (".pod", #"".pod""#), ("my host", #""my host""#),
        (#"tab\there"#, #""tab\there""#), (#"a\\b"#, #""a\\b""#), (#"nul\u0000"#, #""nul\u0000""#),
        (#"line\nbreak"#, #""line\nbreak""#), ("ünï", #""ünï""#),
        (String(repeating: "a", count: 65), "\"" + String(repeating: "a", count: 65) + "\""),
    ])
    func badHostname(json: String, shown: String) {
        ScenarioFixture.expectError(doc(top: #""hostname": ‸"\#(json)""#), path: "hostname",
                                    "expected a host name of at most 64 bytes made of dot-separated labels of letters, digits, "
                                        + "- and _, found \(shown)")
    }

    @Test(arguments: ["pod-1", "pod-1.prophet", "a", "A_B.c-d", String(repeating: "a", count: 63),
                      String(repeating: "abc.", count: 15) + "abcd"])
    func goodHostname(hostname: String) throws {
        let scenario = try ScenarioFixture.decode(doc(top: #""hostname": "\#(hostname)""#))
        #expect(scenario.hostname == hostname)
    }

    @Test(arguments: ["10.0.0.1/33", "fd00::1/129", "/", "", "10.0.0.1/", "/24", "10.0.0.1/x", "10.0.0.1/-1", "10.0.0.1/+8",
                      "10.0.0.1/8/8", "10.0.0.1/ 8", "10.0.0.256/8", "010.0.0.1", "fd00::1::2/64", "10.0.0.1/1000"])
    func badAddressPrefix(text: String) {
        ScenarioFixture.expectError(doc(top: #""addresses": ["10.0.0.9", ‸"\#(text)"]"#), path: "addresses[1]",
                                    "expected an IPv4 or IPv6 address with an optional prefix length, like 10.244.154.23/32 "
                                        + "or fd00::17/128; found \"\(text)\"")
    }

    @Test(arguments: [
        Case("addresses as one string", doc(top: #""addresses": ‸"10.0.0.1""#), path: "addresses",
             #"expected an array, found a string "10.0.0.1""#),
        Case("address not a string", doc(top: #""addresses": [‸32]"#), path: "addresses[0]", "expected a string, found a number 32"),
        Case("resolvConf a number", doc(top: #""resolvConf": ‸5"#), path: "resolvConf",
             "expected a string or an array of lines, found a number 5"),
        Case("resolvConf line with a newline", doc(top: #""resolvConf": ["nameserver 10.0.0.1", ‸"options\nndots:1"]"#),
             path: "resolvConf[1]", "a line must not contain a newline; split it into two elements"),
        Case("resolvConf line not a string", doc(top: #""resolvConf": [‸{}]"#), path: "resolvConf[0]",
             "expected a string, found an object"),
        Case("hosts null", doc(top: #""hosts": ‸null"#), path: "hosts", "expected a string or an array of lines, found null"),
        Case("files an array", doc(top: #""files": ‸["/etc/gai.conf"]"#), path: "files",
             "expected an object mapping absolute paths to file contents, found an array"),
        Case("file contents not a string", doc(top: #""files": { "/etc/gai.conf": ‸["a"] }"#), path: #"files["/etc/gai.conf"]"#,
             "expected a string, found an array"),
    ])
    func addressAndFileTextErrors(_ c: Case) {
        ScenarioFixture.expectError(c.marked, path: c.path, c.message)
    }

    @Test(arguments: [
        ("etc/gai.conf", "expected an absolute file path like /etc/gai.conf"),
        ("/", "expected an absolute file path like /etc/gai.conf"),
        ("/etc/", "expected an absolute file path like /etc/gai.conf"),
        ("", "expected an absolute file path like /etc/gai.conf"),
        ("/etc/../etc/gai.conf", "a path must not contain . or .. components"),
        ("/etc/./gai.conf", "a path must not contain . or .. components"),
        ("/..", "a path must not contain . or .. components"),
        ("/etc/resolv.conf", #"set /etc/resolv.conf with the "resolvConf" key"#),
        ("/etc//resolv.conf", "a path must not contain empty components (//)"),
        ("//etc/resolv.conf", "a path must not contain empty components (//)"),
        ("//proc/self/x", "a path must not contain empty components (//)"),
        ("/etc/hosts", #"set /etc/hosts with the "hosts" key"#),
        ("/proc/sys/net/ipv6/conf/all/disable_ipv6", "files under /proc cannot be replaced"),
        ("/proc", "files under /proc cannot be replaced"),
        ("/sys/kernel/hostname", "files under /sys cannot be replaced"),
        ("/dev/null", "files under /dev cannot be replaced"),
        ("/etc/a\\u0000b", "a path must not contain NUL"),
    ])
    func badFilePath(json: String, message: String) throws {
        let key = try #require(try JSONParser.parse("\"\(json)\"").value.stringValue)
        let path = JSONPath([.key("files"), .key(key)]).description
        ScenarioFixture.expectError(doc(top: #""files": { "/etc/gai.conf": "", ‸"\#(json)": "x" }"#), path: path, message)
    }

    @Test(arguments: ["/etc/nsswitch.conf", "/procfs/x", "/device", "/etc/resolv.conf.d/x", "/run/systemd/resolve/stub-resolv.conf"])
    func acceptedFilePath(path: String) throws {
        let scenario = try ScenarioFixture.decode(doc(top: #""files": { "\#(path)": "x" }"#))
        #expect(scenario.files.map(\.path) == [path])
    }

    // MARK: - Several errors at once

    @Test func everyErrorIsReportedSortedByPosition() {
        // Written in an order unlike the decoder's (name first, timeoutMs last), so sorting is what orders them.
        ScenarioFixture.expectErrors("""
            {
              "timeoutMs": ‸5,
              "servers": [{ "address": ‸"10.0.0.300", "mode": ‸"loud" }],
              "lookups": [{ "getaddrinfo": "x", "family": ‸"inet5" }],
              "expect": { "queries": [‸"AAA x."], ‸"sort": "exact" },
              "name": ‸7,
            }
            """, [
                ("timeoutMs", "expected an integer from 100 to 600000, found 5"),
                ("servers[0].address", #"expected an IPv4 or IPv6 address, found "10.0.0.300""#),
                ("servers[0].mode", #"expected one of serve, silent, closed; found "loud""#),
                ("lookups[0].family", #"expected one of unspec, inet, inet6; found "inet5" (did you mean "inet"?)"#),
                ("expect.queries[0]", #"unknown record type "AAA" in "AAA x.""#),
                ("expect.sort", #"unknown key "sort"; expected one of queries, alternatives, order, forbid, counts, clients"#),
                ("name", "expected a string, found a number 7"),
            ])
    }

    @Test func missingKeyAndMisspeltKeyAreBothReported() {
        ScenarioFixture.expectErrors(doc(servers: #"‸{ ‸"adress": "10.0.0.1" }"#), [
            ("servers[0]", #"missing required key "address" (the server's IPv4 or IPv6 address)"#),
            ("servers[0].adress", #"unknown key "adress"; expected one of address, port, mode, transports, records, rules, otherwise, ttl, edns, minimalResponses (did you mean "address"?)"#),
        ])
    }

    @Test func errorsCarryTheFileNameTheCallerGave() {
        do {
            _ = try ScenarioDecoder.decode(Array("{".utf8), file: "/tmp/dir with space/ü.json")
            Issue.record("an unterminated object must not decode")
        } catch {
            #expect(error.errors.map(\.file) == ["/tmp/dir with space/ü.json"])
            #expect(error.description == "/tmp/dir with space/ü.json:1:2: invalid JSON: unexpected end of input")
        }
    }
}
