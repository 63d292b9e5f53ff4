import Testing
import ScenarioFormat

/// Errors in `lookups` and in the scenario-level `expect`.
@Suite struct LookupErrorTests {
    typealias Case = ScenarioErrorCase
    static let errorNames = "EAI_ADDRFAMILY, EAI_AGAIN, EAI_BADFLAGS, EAI_FAIL, EAI_FAMILY, EAI_MEMORY, EAI_NODATA, EAI_NONAME, "
        + "EAI_OVERFLOW, EAI_SERVICE, EAI_SOCKTYPE, EAI_SYSTEM"
    static let gaiExpectKeys = "addresses, addressSet, inetAddresses, inet6Addresses, error, canonname, minMs, maxMs, clients"
    static let execExpectKeys = "exitCode, stdoutContains, stderrContains, stdoutLacks, stderrLacks, stdoutMatches, stderrMatches, "
        + "minMs, maxMs"

    static func lookup(_ text: String) -> String { doc(lookups: text) }

    // MARK: - Lookup kinds

    @Test(arguments: [
        Case("no kind", lookup(#"‸{ "expect": { "exitCode": 0 } }"#), path: "lookups[0]",
             #"a lookup needs a kind: "getaddrinfo": "NAME", "exec": ["COMMAND", ...], "gethostbyname": "NAME", "gethostbyname2": "NAME", "res_query": "NAME", "res_search": "NAME", "res_querydomain": "NAME", "gethostbyaddr": "ADDRESS" or "getnameinfo": "ADDRESS""#),
        Case("empty object", lookup(#"{ "getaddrinfo": "x" }, ‸{}"#), path: "lookups[1]",
             #"a lookup needs a kind: "getaddrinfo": "NAME", "exec": ["COMMAND", ...], "gethostbyname": "NAME", "gethostbyname2": "NAME", "res_query": "NAME", "res_search": "NAME", "res_querydomain": "NAME", "gethostbyaddr": "ADDRESS" or "getnameinfo": "ADDRESS""#),
        Case("both kinds", lookup(#"‸{ "getaddrinfo": "x.example", "exec": ["getent", "hosts", "x.example"] }"#), path: "lookups[0]",
             "a lookup has exactly one kind; found both getaddrinfo and exec"),
        Case("a string", lookup(#"‸"x.example""#), path: "lookups[0]",
             #"expected an object like { "getaddrinfo": "example.com" } or { "exec": ["getent", "hosts", "example.com"] }, found a string "x.example""#),
        Case("exec with empty argv", lookup(#"{ "exec": ‸[] }"#), path: "lookups[0].exec",
             #"expected the command and its arguments, like ["getent", "ahosts", "example.com"]"#),
        Case("exec with an empty command", lookup(#"{ "exec": ‸["", "x"] }"#), path: "lookups[0].exec",
             #"expected the command and its arguments, like ["getent", "ahosts", "example.com"]"#),
        Case("exec as one string", lookup(#"{ "exec": ‸"getent hosts x.example" }"#), path: "lookups[0].exec",
             #"expected an array of strings, found a string "getent hosts x.example""#),
        Case("exec argument not a string", lookup(#"{ "exec": ["sleep", ‸1] }"#), path: "lookups[0].exec[1]",
             "expected a string, found a number 1"),
        Case("exec with a getaddrinfo key", lookup(#"{ "exec": ["true"], ‸"family": "inet" }"#), path: "lookups[0].family",
             #"unknown key "family"; expected one of exec, expect, env, before, withPrevious"#),
        Case("getaddrinfo empty", lookup(#"{ "getaddrinfo": ‸"" }"#), path: "lookups[0].getaddrinfo", "must not be empty"),
        Case("getaddrinfo a list", lookup(#"{ "getaddrinfo": ‸["x"] }"#), path: "lookups[0].getaddrinfo",
             "expected a string, found an array"),
        Case("getaddrinfo unknown key", lookup(#"{ "getaddrinfo": "x", ‸"famly": "inet" }"#), path: "lookups[0].famly",
             #"unknown key "famly"; expected one of getaddrinfo, family, flags, service, expect, before, withPrevious (did you mean "family"?)"#),
        Case("unknown family", lookup(#"{ "getaddrinfo": "x", "family": ‸"inet4" }"#), path: "lookups[0].family",
             #"expected one of unspec, inet, inet6; found "inet4" (did you mean "inet"?)"#),
        Case("unknown flag", lookup(#"{ "getaddrinfo": "x", "flags": ["all", ‸"addrconf"] }"#), path: "lookups[0].flags[1]",
             #"expected one of addrconfig, all, canonname, numerichost, passive, v4mapped; found "addrconf" (did you mean "addrconfig"?)"#),
        Case("C flag name", lookup(#"{ "getaddrinfo": "x", "flags": [‸"AI_ADDRCONFIG"] }"#), path: "lookups[0].flags[0]",
             #"expected one of addrconfig, all, canonname, numerichost, passive, v4mapped; found "AI_ADDRCONFIG" (did you mean "addrconfig"?)"#),
        Case("flag twice", lookup(#"{ "getaddrinfo": "x", "flags": ["all", ‸"all"] }"#), path: "lookups[0].flags[1]",
             #""all" is listed twice"#),
        Case("flags as one string", lookup(#"{ "getaddrinfo": "x", "flags": ‸"addrconfig" }"#), path: "lookups[0].flags",
             #"expected an array, found a string "addrconfig""#),
        Case("service empty", lookup(#"{ "getaddrinfo": "x", "service": ‸"" }"#), path: "lookups[0].service", "must not be empty"),
    ])
    func lookupErrors(_ c: Case) {
        ScenarioFixture.expectError(c.marked, path: c.path, c.message)
    }

    @Test func misspeltKindIsNamedNotJustMissing() {
        ScenarioFixture.expectErrors(Self.lookup(#"‸{ ‸"getaddrinf": "x.example" }"#), [
            ("lookups[0]", #"a lookup needs a kind: "getaddrinfo": "NAME", "exec": ["COMMAND", ...], "gethostbyname": "NAME", "gethostbyname2": "NAME", "res_query": "NAME", "res_search": "NAME", "res_querydomain": "NAME", "gethostbyaddr": "ADDRESS" or "getnameinfo": "ADDRESS""#),
            ("lookups[0].getaddrinf",
             #"unknown key "getaddrinf"; expected one of getaddrinfo, family, flags, service, expect, before, withPrevious, exec, env, gethostbyname, gethostbyname2, res_query, type, res_search, res_querydomain, domain, gethostbyaddr, getnameinfo (did you mean "getaddrinfo"?)"#),
        ])
    }

    @Test func aWrongKindValueDoesNotHideTheRestOfTheLookup() {
        ScenarioFixture.expectErrors(Self.lookup(#"{ "exec": ‸[], "expect": { "exitCode": ‸300 } }"#), [
            ("lookups[0].exec", #"expected the command and its arguments, like ["getent", "ahosts", "example.com"]"#),
            ("lookups[0].expect.exitCode", "expected an integer from 0 to 255, found 300"),
        ])
        ScenarioFixture.expectErrors(Self.lookup(#"{ "getaddrinfo": ‸"", "family": ‸"inet4", "expect": { ‸"exitCode": 0, "error": ‸"EAI_FAILED" } }"#), [
            ("lookups[0].getaddrinfo", "must not be empty"),
            ("lookups[0].family", #"expected one of unspec, inet, inet6; found "inet4" (did you mean "inet"?)"#),
            ("lookups[0].expect.exitCode", #""exitCode" only applies to exec lookups; this one accepts \#(Self.gaiExpectKeys)"#),
            ("lookups[0].expect.error",
             #"expected a getaddrinfo error name, one of \#(Self.errorNames); found "EAI_FAILED" (did you mean "EAI_FAIL"?)"#),
        ])
    }

    @Test func everyLookupIsChecked() {
        ScenarioFixture.expectErrors(Self.lookup(#"{ "exec": ‸[] }, { "getaddrinfo": "x" }, ‸{}"#), [
            ("lookups[0].exec", #"expected the command and its arguments, like ["getent", "ahosts", "example.com"]"#),
            ("lookups[2]", #"a lookup needs a kind: "getaddrinfo": "NAME", "exec": ["COMMAND", ...], "gethostbyname": "NAME", "gethostbyname2": "NAME", "res_query": "NAME", "res_search": "NAME", "res_querydomain": "NAME", "gethostbyaddr": "ADDRESS" or "getnameinfo": "ADDRESS""#),
        ])
    }

    // MARK: - A lookup's expect

    @Test(arguments: [
        Case("addresses on exec", lookup(#"{ "exec": ["true"], "expect": { ‸"addresses": ["192.0.2.1"] } }"#),
             path: "lookups[0].expect.addresses", #""addresses" only applies to getaddrinfo, gethostbyname, gethostbyname2, res_query, res_search and res_querydomain lookups; this one accepts \#(execExpectKeys)"#),
        Case("error on exec", lookup(#"{ "exec": ["true"], "expect": { "exitCode": 0, ‸"error": "EAI_NONAME" } }"#),
             path: "lookups[0].expect.error", #""error" only applies to getaddrinfo, gethostbyname, gethostbyname2, res_query, res_search, res_querydomain, gethostbyaddr and getnameinfo lookups; this one accepts \#(execExpectKeys)"#),
        Case("canonname on exec", lookup(#"{ "exec": ["true"], "expect": { ‸"canonname": "x." } }"#),
             path: "lookups[0].expect.canonname",
             #""canonname" only applies to getaddrinfo, gethostbyname, gethostbyname2 and gethostbyaddr lookups; this one accepts \#(execExpectKeys)"#),
        Case("exitCode on getaddrinfo", lookup(#"{ "getaddrinfo": "x", "expect": { ‸"exitCode": 0 } }"#),
             path: "lookups[0].expect.exitCode", #""exitCode" only applies to exec lookups; this one accepts \#(gaiExpectKeys)"#),
        Case("stdoutContains on getaddrinfo", lookup(#"{ "getaddrinfo": "x", "expect": { "error": "EAI_AGAIN", ‸"stdoutContains": "x" } }"#),
             path: "lookups[0].expect.stdoutContains",
             #""stdoutContains" only applies to exec lookups; this one accepts \#(gaiExpectKeys)"#),
        Case("unknown expect key", lookup(#"{ "getaddrinfo": "x", "expect": { ‸"adresses": [] } }"#),
             path: "lookups[0].expect.adresses",
             #"unknown key "adresses"; expected one of \#(gaiExpectKeys) (did you mean "addresses"?)"#),
        Case("unknown exec expect key", lookup(#"{ "exec": ["true"], "expect": { ‸"exitcode": 0 } }"#),
             path: "lookups[0].expect.exitcode",
             #"unknown key "exitcode"; expected one of \#(execExpectKeys) (did you mean "exitCode"?)"#),
        Case("unknown EAI name", lookup(#"{ "getaddrinfo": "x", "expect": { "error": ‸"EAI_NONAM" } }"#), path: "lookups[0].expect.error",
             #"expected a getaddrinfo error name, one of \#(errorNames); found "EAI_NONAM" (did you mean "EAI_NONAME"?)"#),
        Case("EAI name in lower case", lookup(#"{ "getaddrinfo": "x", "expect": { "error": ‸"eai_again" } }"#),
             path: "lookups[0].expect.error",
             #"expected a getaddrinfo error name, one of \#(errorNames); found "eai_again" (did you mean "EAI_AGAIN"?)"#),
        Case("EAI as a number", lookup(#"{ "getaddrinfo": "x", "expect": { "error": ‸-2 } }"#), path: "lookups[0].expect.error",
             "expected a string, found a number -2"),
        Case("addresses and error", lookup(#"{ "getaddrinfo": "x", "expect": ‸{ "addresses": ["192.0.2.1"], "error": "EAI_NONAME" } }"#),
             path: "lookups[0].expect", "a lookup either returns addresses or fails; expect one of addresses and error"),
        Case("no addresses", lookup(#"{ "getaddrinfo": "x", "expect": { "addresses": ‸[] } }"#), path: "lookups[0].expect.addresses",
             #"getaddrinfo returns at least one address or fails; to expect a failure use "error""#),
        Case("bad expected address", lookup(#"{ "getaddrinfo": "x", "expect": { "addresses": ["192.0.2.1", ‸"192.0.2"] } }"#),
             path: "lookups[0].expect.addresses[1]", #"expected an IPv4 or IPv6 address, found "192.0.2""#),
        Case("addresses as one string", lookup(#"{ "getaddrinfo": "x", "expect": { "addresses": ‸"192.0.2.1" } }"#),
             path: "lookups[0].expect.addresses", #"expected an array, found a string "192.0.2.1""#),
        Case("minMs above maxMs", lookup(#"{ "getaddrinfo": "x", "expect": { "minMs": 200, "maxMs": ‸100 } }"#),
             path: "lookups[0].expect.maxMs", "maxMs (100) is less than minMs (200)"),
        Case("minMs above maxMs, written the other way round", lookup(#"{ "exec": ["true"], "expect": { "maxMs": ‸5, "minMs": 6 } }"#),
             path: "lookups[0].expect.maxMs", "maxMs (5) is less than minMs (6)"),
        Case("negative minMs", lookup(#"{ "getaddrinfo": "x", "expect": { "minMs": ‸-1 } }"#), path: "lookups[0].expect.minMs",
             "expected an integer from 0 to 600000, found -1"),
        Case("exitCode above 255", lookup(#"{ "exec": ["true"], "expect": { "exitCode": ‸256 } }"#), path: "lookups[0].expect.exitCode",
             "expected an integer from 0 to 255, found 256"),
        Case("exitCode a string", lookup(#"{ "exec": ["true"], "expect": { "exitCode": ‸"0" } }"#), path: "lookups[0].expect.exitCode",
             #"expected an integer, found a string "0""#),
        Case("stdoutContains a number", lookup(#"{ "exec": ["true"], "expect": { "stdoutContains": ‸1 } }"#),
             path: "lookups[0].expect.stdoutContains", "expected a string or an array of strings, found a number 1"),
        Case("canonname without the flag", lookup(#"{ "getaddrinfo": "x", "flags": ["addrconfig"], "expect": { "error": "EAI_NONAME", "canonname": ‸"x." } }"#),
             path: "lookups[0].expect.canonname",
             #"expect.canonname needs the "canonname" flag, or getaddrinfo returns no canonical name"#),
        Case("canonname empty", lookup(#"{ "getaddrinfo": "x", "flags": ["canonname"], "expect": { "canonname": ‸"" } }"#),
             path: "lookups[0].expect.canonname", "must not be empty"),
        Case("empty getaddrinfo expect", lookup(#"{ "getaddrinfo": "x", "expect": ‸{} }"#), path: "lookups[0].expect",
             "an empty expect checks nothing; remove it or say what to expect"),
        Case("empty exec expect", lookup(#"{ "exec": ["true"], "expect": ‸{} }"#), path: "lookups[0].expect",
             "an empty expect checks nothing; remove it or say what to expect"),
        Case("expect a list", lookup(#"{ "exec": ["true"], "expect": ‸[0] }"#), path: "lookups[0].expect",
             "expected an object, found an array"),
    ])
    func lookupExpectErrors(_ c: Case) {
        ScenarioFixture.expectError(c.marked, path: c.path, c.message)
    }

    // MARK: - The scenario's expect

    @Test(arguments: [
        Case("empty expect", doc(expect: "‸{}"), path: "expect", #"an empty expect checks nothing; add "queries" or "forbid""#),
        Case("order without queries", doc(expect: #"{ "order": ‸"subsequence" }"#), path: "expect.order",
             "order has no effect without queries or alternatives"),
        Case("unknown order", doc(expect: #"{ "queries": [], "order": ‸"strict" }"#), path: "expect.order",
             #"expected one of exact, subsequence, unordered; found "strict""#),
        Case("order in capitals", doc(expect: #"{ "queries": [], "order": ‸"Exact" }"#), path: "expect.order",
             #"expected one of exact, subsequence, unordered; found "Exact" (did you mean "exact"?)"#),
        Case("unknown key", doc(expect: #"{ ‸"querys": ["A x."] }"#), path: "expect.querys",
             #"unknown key "querys"; expected one of queries, alternatives, order, forbid, counts, clients (did you mean "queries"?)"#),
        Case("forbid as one string", doc(expect: #"{ "forbid": ‸"* *.cluster.local." }"#), path: "expect.forbid",
             #"expected an array, found a string "* *.cluster.local.""#),
        Case("forbid with a bad pattern", doc(expect: #"{ "forbid": ["AAAA *", ‸"A a*b.example."] }"#), path: "expect.forbid[1]",
             #""a*b.example." is not a name pattern (a name, *.suffix. or *) in "A a*b.example.""#),
        Case("count without bounds", doc(expect: #"{ "counts": [‸{ "query": "A x." }] }"#), path: "expect.counts[0]",
             #"a count needs "min", "max" or both"#),
        Case("count without a query", doc(expect: #"{ "counts": [‸{ "max": 1 }] }"#), path: "expect.counts[0]",
             #"missing required key "query" (the pattern whose matches are counted)"#),
        Case("count with max below min", doc(expect: #"{ "counts": [{ "query": "A x.", "min": 3, "max": ‸2 }] }"#),
             path: "expect.counts[0].max", "max (2) is less than min (3)"),
        Case("count negative", doc(expect: #"{ "counts": [{ "query": "A x.", "min": ‸-1 }] }"#),
             path: "expect.counts[0].min", "expected an integer from 0 to 1000000, found -1"),
        Case("count with a bad pattern", doc(expect: #"{ "counts": [{ "query": ‸"A x. quic", "max": 1 }] }"#),
             path: "expect.counts[0].query",
             #"unexpected "quic": after TYPE NAME only @SERVER and udp/tcp may follow in "A x. quic""#),
        Case("forbid with a star inside the suffix", doc(expect: #"{ "forbid": [{ "name": ‸"*.*.example." }] }"#),
             path: "expect.forbid[0].name", #""*.*.example." is not a name pattern (a name, *.suffix. or *)"#),
        Case("empty group", doc(expect: #"{ "queries": ["A x.", ‸[]] }"#), path: "expect.queries[1]",
             #"an empty group matches nothing; a group holds the queries that may come in any order among themselves, like ["A x.", "AAAA x."]"#),
        Case("nested group", doc(expect: #"{ "queries": [["A x.", ‸["AAAA x."]]] }"#), path: "expect.queries[0][1]",
             "groups do not nest: a group holds queries (strings or objects), not another group"),
        Case("group under unordered", doc(expect: #"{ "order": "unordered", "queries": ["A y.", ‸["A x.", "AAAA x."]] }"#),
             path: "expect.queries[1]",
             "a group has no effect under order unordered, where every query may come in any order; write its queries "
                + "without the brackets, or use order exact or subsequence"),
        Case("group with a bad pattern", doc(expect: #"{ "queries": [["A x.", ‸"AAA x."]] }"#), path: "expect.queries[0][1]",
             #"unknown record type "AAA" in "AAA x.""#),
        Case("group member a number", doc(expect: #"{ "queries": [["A x.", ‸5]] }"#), path: "expect.queries[0][1]",
             #"expected a string like "A example.com." or an object with type, name, server, transport, found a number 5"#),
        Case("afterMs on the first query in exact order", doc(expect: #"{ "queries": [‸{ "type": "A", "afterMs": { "min": 1 } }, "A y."] }"#),
             path: "expect.queries[0].afterMs",
             "under order exact the first query is the first on the wire: nothing comes before it for afterMs to be measured from"),
        Case("afterMs a number", doc(expect: #"{ "queries": ["A y.", { "type": "A", "afterMs": ‸4950 }] }"#),
             path: "expect.queries[1].afterMs", "expected an object, found a number 4950"),
        Case("afterMs without bounds", doc(expect: #"{ "queries": ["A y.", { "type": "A", "afterMs": ‸{} }] }"#),
             path: "expect.queries[1].afterMs",
             #"afterMs needs "min", "max" or both (milliseconds after the previous query on the wire)"#),
        Case("afterMs max below min", doc(expect: #"{ "queries": ["A y.", { "type": "A", "afterMs": { "min": 5000, "max": ‸4950 } }] }"#),
             path: "expect.queries[1].afterMs.max", "max (4950) is less than min (5000)"),
        Case("afterMs negative", doc(expect: #"{ "queries": ["A y.", { "type": "A", "afterMs": { "min": ‸-1 } }] }"#),
             path: "expect.queries[1].afterMs.min", "expected an integer from 0 to 600000, found -1"),
        Case("afterMs above ten minutes", doc(expect: #"{ "queries": ["A y.", { "type": "A", "afterMs": { "max": ‸600001 } }] }"#),
             path: "expect.queries[1].afterMs.max", "expected an integer from 0 to 600000, found 600001"),
        Case("afterMs a fraction", doc(expect: #"{ "queries": ["A y.", { "type": "A", "afterMs": { "min": ‸4999.5 } }] }"#),
             path: "expect.queries[1].afterMs.min", "expected an integer, found 4999.5"),
        Case("afterMs misspelt bound", doc(expect: #"{ "queries": ["A y.", { "type": "A", "afterMs": { "min": 4950, ‸"mxa": 5500 } }] }"#),
             path: "expect.queries[1].afterMs.mxa", #"unknown key "mxa"; expected one of min, max (did you mean "max"?)"#),
        Case("afterMs in a group", doc(expect: #"{ "queries": [["A x.", { "type": "AAAA", "afterMs": { "max": ‸"5" } }]] }"#),
             path: "expect.queries[0][1].afterMs.max", #"expected an integer, found a string "5""#),
        Case("afterMs in forbid", doc(expect: #"{ "forbid": [{ "type": "A", ‸"afterMs": { "max": 5 } }] }"#),
             path: "expect.forbid[0].afterMs",
             "afterMs applies only to queries in expect.queries and expect.alternatives, which are timed against the query before them"),
        Case("afterMs in counts", doc(expect: #"{ "counts": [{ "query": { ‸"afterMs": { "min": 1 } }, "max": 1 }] }"#),
             path: "expect.counts[0].query.afterMs",
             "afterMs applies only to queries in expect.queries and expect.alternatives, which are timed against the query before them"),
        Case("alternatives and queries", doc(expect: #"{ "queries": ["A x."], "alternatives": ‸[["A x."], ["A y."]] }"#),
             path: "expect.alternatives",
             "alternatives and queries exclude each other: write the one expected sequence as queries, or every possible one as alternatives"),
        Case("one alternative", doc(expect: #"{ "alternatives": ‸[["A x."]] }"#), path: "expect.alternatives",
             #"expected at least 2 alternatives, found 1; a single expected sequence is written as "queries""#),
        Case("alternatives empty", doc(expect: #"{ "alternatives": ‸[] }"#), path: "expect.alternatives",
             #"expected at least 2 alternatives, found 0; a single expected sequence is written as "queries""#),
        Case("alternative not a list", doc(expect: #"{ "alternatives": [["A x."], ‸"A y."] }"#), path: "expect.alternatives[1]",
             #"expected an array, found a string "A y.""#),
        Case("alternative with a bad pattern", doc(expect: #"{ "alternatives": [["A x."], ["A y.", ‸"A y. quic"]] }"#),
             path: "expect.alternatives[1][1]",
             #"unexpected "quic": after TYPE NAME only @SERVER and udp/tcp may follow in "A y. quic""#),
        Case("group in an alternative under unordered",
             doc(expect: #"{ "order": "unordered", "alternatives": [["A x."], [‸["A y.", "A z."]]] }"#),
             path: "expect.alternatives[1][0]",
             "a group has no effect under order unordered, where every query may come in any order; write its queries "
                + "without the brackets, or use order exact or subsequence"),
        Case("empty group in an alternative", doc(expect: #"{ "alternatives": [["A x."], ["A y.", ‸[]]] }"#),
             path: "expect.alternatives[1][1]",
             #"an empty group matches nothing; a group holds the queries that may come in any order among themselves, like ["A x.", "AAAA x."]"#),
        Case("order beside forbid alone", doc(expect: #"{ "forbid": [], "order": ‸"exact" }"#),
             path: "expect.order", "order has no effect without queries or alternatives"),
        Case("queries as one string", doc(expect: #"{ "queries": ‸"A x." }"#), path: "expect.queries",
             #"expected an array, found a string "A x.""#),
        Case("query a number", doc(expect: #"{ "queries": ["A x.", ‸28] }"#), path: "expect.queries[1]",
             #"expected a query (a string like "A example.com." or an object) or a group of queries (an array of them), found a number 28"#),
        Case("object query unknown key", doc(expect: #"{ "queries": [{ "type": "A", ‸"nmae": "x." }] }"#),
             path: "expect.queries[0].nmae",
             #"unknown key "nmae"; expected one of type, name, server, transport, flags, ednsPayloadSize, ednsVersion, afterMs (did you mean "name"?)"#),
        Case("object query bad flag", doc(expect: #"{ "queries": [{ "type": "A", "flags": ["rd", ‸"dnssec"] }] }"#),
             path: "expect.queries[0].flags[1]", #"expected one of rd, ad, cd, edns0, do; found "dnssec""#),
        Case("object query flag in capitals", doc(expect: #"{ "queries": [{ "flags": [‸"RD"] }] }"#),
             path: "expect.queries[0].flags[0]", #"expected one of rd, ad, cd, edns0, do; found "RD" (did you mean "rd"?)"#),
        Case("object query flags as one string", doc(expect: #"{ "queries": [{ "flags": ‸"rd" }] }"#),
             path: "expect.queries[0].flags", #"expected an array, found a string "rd""#),
        Case("object query bad type", doc(expect: #"{ "queries": [{ "type": ‸"AAA" }] }"#), path: "expect.queries[0].type",
             #"unknown record type "AAA""#),
        Case("object query bad name", doc(expect: #"{ "queries": [{ "name": ‸"a..b" }] }"#), path: "expect.queries[0].name",
             #""a..b" is not a valid domain name"#),
        Case("object query bad server", doc(expect: #"{ "queries": [{ "server": ‸"10.0.0.1:99999" }] }"#),
             path: "expect.queries[0].server", #"expected ADDRESS or ADDRESS:PORT ([v6]:PORT), found "10.0.0.1:99999""#),
        Case("object query server with @", doc(expect: #"{ "queries": [{ "server": ‸"@10.0.0.1" }] }"#),
             path: "expect.queries[0].server", #"expected ADDRESS or ADDRESS:PORT ([v6]:PORT), found "@10.0.0.1""#),
        Case("object query bad transport", doc(expect: #"{ "queries": [{ "transport": ‸"dot" }] }"#),
             path: "expect.queries[0].transport", #"expected one of udp, tcp; found "dot""#),
    ])
    func expectErrors(_ c: Case) {
        ScenarioFixture.expectError(c.marked, path: c.path, c.message)
    }

    @Test("alternatives written as one flat list: each element is named as needing to be a list of queries")
    func alternativesAsAFlatList() {
        ScenarioFixture.expectErrors(doc(expect: #"{ "alternatives": [‸"A x.", ‸"A y."] }"#), [
            ("expect.alternatives[0]", #"expected an array, found a string "A x.""#),
            ("expect.alternatives[1]", #"expected an array, found a string "A y.""#),
        ])
    }

    @Test(arguments: [
        ("AAA x.", #"unknown record type "AAA""#),
        ("A a..b.", #""a..b." is not a valid domain name"#),
        ("A x. @10.0.0", #""@10.0.0" is not @ADDRESS or @ADDRESS:PORT"#),
        ("A x. @", #""@" is not @ADDRESS or @ADDRESS:PORT"#),
        ("A x. @10.0.0.1:0", #""@10.0.0.1:0" is not @ADDRESS or @ADDRESS:PORT"#),
        ("A x. @[fd00::1]53", #""@[fd00::1]53" is not @ADDRESS or @ADDRESS:PORT"#),
        ("A x. quic", #"unexpected "quic": after TYPE NAME only @SERVER and udp/tcp may follow"#),
        ("A x. tcp udp", "more than one transport"),
        ("A x. @10.0.0.1 @10.0.0.2", "more than one @SERVER"),
        ("A", #"expected "TYPE NAME [@SERVER] [udp|tcp]", like "A example.com.""#),
        ("", #"expected "TYPE NAME [@SERVER] [udp|tcp]", like "A example.com.""#),
    ])
    func badQueryString(query: String, problem: String) {
        ScenarioFixture.expectError(doc(expect: #"{ "queries": ["A x.", ‸"\#(query)"] }"#), path: "expect.queries[1]",
                                    "\(problem) in \"\(query)\"")
    }
}

/// Checks added after the schema work: expectations that can never be met or check nothing.
@Suite("Vacuous or impossible expectations")
struct VacuousExpectationTests {
    static func errors(_ text: String) -> [String] {
        do {
            _ = try ScenarioDecoder.decode(Array(text.utf8), file: "s.json")
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    @Test("an empty stdoutContains list is refused")
    func emptyStdoutContains() {
        let errors = Self.errors(#"{ "name": "x", "lookups": [ { "exec": ["true"], "expect": { "stdoutContains": [] } } ] }"#)
        #expect(errors.contains { $0.contains("lookups[0].expect.stdoutContains: an empty list checks nothing") }, "\(errors)")
    }

    @Test("an empty required command is refused")
    func emptyRequirement() {
        let errors = Self.errors(#"{ "name": "x", "requires": [""], "lookups": [ { "exec": ["true"], "expect": { "exitCode": 0 } } ] }"#)
        #expect(errors.contains { $0.contains("requires[0]: expected a command name") }, "\(errors)")
    }

    @Test("a record owner with no records is refused")
    func ownerWithoutRecords() {
        let errors = Self.errors(#"""
            { "name": "x", "servers": [ { "address": "10.0.0.1", "records": { "a.example.": {} } } ],
              "lookups": [ { "exec": ["true"], "expect": { "exitCode": 0 } } ] }
            """#)
        #expect(errors.contains { $0.contains(#"servers[0].records["a.example."]: a name without records"#) }, "\(errors)")
    }

    @Test("minMs at or beyond timeoutMs is refused, with the default timeout too")
    func minimumBeyondTimeout() {
        let explicit = Self.errors(#"{ "name": "x", "timeoutMs": 1000, "lookups": [ { "exec": ["true"], "expect": { "minMs": 1000 } } ] }"#)
        #expect(explicit.contains { $0.contains("timeoutMs: lookups[0] expects minMs 1000, but the scenario may run only timeoutMs 1000") },
                "\(explicit)")
        let implicit = Self.errors(#"{ "name": "x", "lookups": [ { "exec": ["true"], "expect": { "minMs": 12000 } } ] }"#)
        #expect(implicit.contains { $0.contains("lookups: lookups[0] expects minMs 12000") }, "\(implicit)")
        #expect(Self.errors(#"{ "name": "x", "timeoutMs": 15000, "lookups": [ { "exec": ["true"], "expect": { "minMs": 12000 } } ] }"#).isEmpty)
    }
}
