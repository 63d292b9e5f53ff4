import Testing
import ScenarioFormat

/// exec's output checks (`stdoutContains`, `stderrContains`, `stdoutLacks`, `stderrLacks`, `stdoutMatches`,
/// `stderrMatches`) and the NUL characters refused in what a lookup hands to getaddrinfo or execve.
@Suite struct ExecExpectationTests {
    typealias Case = ScenarioErrorCase
    static let gaiExpectKeys = LookupErrorTests.gaiExpectKeys

    static func exec(_ expect: String) -> String { doc(lookups: #"{ "exec": ["true"], "expect": \#(expect) }"#) }

    // MARK: - Decoded values

    @Test func textChecksTakeAStringOrAList() throws {
        let scenario = try ScenarioFixture.decode(Self.exec("""
            { "stdoutContains": "a", "stderrContains": ["b", "c"], "stdoutLacks": ["d"], "stderrLacks": "e f" }
            """))
        let expect = try #require(scenario.lookups.first?.expect)
        #expect(expect.stdoutContains == ["a"])
        #expect(expect.stderrContains == ["b", "c"])
        #expect(expect.stdoutLacks == ["d"])
        #expect(expect.stderrLacks == ["e f"])
        #expect(expect.stdoutMatches.isEmpty && expect.stderrMatches.isEmpty)
        #expect(expect.exitCode == nil)
    }

    @Test func patternsAreKeptAsWrittenAndMatchAnywhere() throws {
        let scenario = try ScenarioFixture.decode(Self.exec(#"{ "stdoutMatches": "^o+k$", "stderrMatches": ["a.c", "[0-9]{3}"] }"#))
        let expect = try #require(scenario.lookups.first?.expect)
        #expect(expect.stdoutMatches.map(\.source) == ["^o+k$"])
        #expect(expect.stderrMatches.map(\.source) == ["a.c", "[0-9]{3}"])
        let ok = try #require(expect.stdoutMatches.first)
        #expect(ok.matches(in: "ooook"))
        #expect(!ok.matches(in: "ooook!"))
        #expect(!ok.matches(in: "k"))
        let digits = try #require(expect.stderrMatches.last)
        #expect(digits.matches(in: "error 404 not found"))
        #expect(!digits.matches(in: "error 40"))
        #expect(ok.description == "/^o+k$/")
    }

    // MARK: - Errors

    @Test(arguments: [
        Case("stderrContains a number", exec(#"{ "stderrContains": ‸5 }"#), path: "lookups[0].expect.stderrContains",
             "expected a string or an array of strings, found a number 5"),
        Case("stderrContains an empty string", exec(#"{ "stderrContains": ‸"" }"#), path: "lookups[0].expect.stderrContains",
             "an empty string checks nothing; give the text standard error must contain"),
        Case("stdoutLacks an empty list", exec(#"{ "stdoutLacks": ‸[] }"#), path: "lookups[0].expect.stdoutLacks",
             "an empty list checks nothing; give the text standard output must not contain"),
        Case("stderrLacks with an empty string", exec(#"{ "stderrLacks": ["a", ‸""] }"#), path: "lookups[0].expect.stderrLacks[1]",
             "an empty string checks nothing; give the text standard error must not contain"),
        Case("stdoutLacks element not a string", exec(#"{ "stdoutLacks": ["a", ‸null] }"#), path: "lookups[0].expect.stdoutLacks[1]",
             "expected a string, found null"),
        Case("stdoutMatches an empty expression", exec(#"{ "stdoutMatches": ‸"" }"#), path: "lookups[0].expect.stdoutMatches",
             "an empty expression matches anything; give a regular expression standard output must match"),
        Case("stderrMatches with an empty expression", exec(#"{ "stderrMatches": ["x", ‸""] }"#),
             path: "lookups[0].expect.stderrMatches[1]",
             "an empty expression matches anything; give a regular expression standard error must match"),
        Case("stderrMatches an empty list", exec(#"{ "stderrMatches": ‸[] }"#), path: "lookups[0].expect.stderrMatches",
             "an empty list checks nothing; give a regular expression standard error must match"),
        Case("stdoutMatches an object", exec(#"{ "stdoutMatches": ‸{} }"#), path: "lookups[0].expect.stdoutMatches",
             "expected a string or an array of strings, found an object"),
    ])
    func outputCheckErrors(_ c: Case) {
        ScenarioFixture.expectError(c.marked, path: c.path, c.message)
    }

    /// The compiler's complaint is its own; the message must name the path, say what is wrong, and quote the expression.
    @Test(arguments: [
        (#"{ "stdoutMatches": ‸"(unclosed" }"#, "lookups[0].expect.stdoutMatches", #""(unclosed""#),
        (#"{ "stderrMatches": ["ok", ‸"[z-a]"] }"#, "lookups[0].expect.stderrMatches[1]", #""[z-a]""#),
        (#"{ "stdoutMatches": ["a", "b", ‸"x{2,1}"] }"#, "lookups[0].expect.stdoutMatches[2]", #""x{2,1}""#),
    ])
    func invalidRegularExpressionIsAnErrorNamingThePath(marked: String, path: String, quoted: String) throws {
        let (text, locations) = ScenarioFixture.unmark(Self.exec(marked))
        let errors = ScenarioFixture.errors(text)
        try #require(errors.count == 1, "\(errors)")
        let error = errors[0]
        #expect(error.path == path)
        #expect(error.location.map { "\($0.line):\($0.column)" } == locations.first)
        #expect(error.message.hasPrefix("not a valid regular expression ("), "\(error.message)")
        #expect(error.message.hasSuffix("): \(quoted)"), "\(error.message)")
        #expect(error.message.count > "not a valid regular expression (): ".count + quoted.count, "the compiler's reason is missing")
    }

    @Test(arguments: ["stderrContains", "stdoutLacks", "stderrLacks", "stdoutMatches", "stderrMatches"])
    func getaddrinfoRefusesOutputChecks(key: String) {
        ScenarioFixture.expectError(doc(lookups: #"{ "getaddrinfo": "x", "expect": { "error": "EAI_AGAIN", ‸"\#(key)": "x" } }"#),
                                    path: "lookups[0].expect.\(key)",
                                    #""\#(key)" only applies to exec lookups; this one accepts \#(Self.gaiExpectKeys)"#)
    }

    @Test func everyProblemInOneExpectIsReported() {
        ScenarioFixture.expectErrors(Self.exec(#"{ "stdoutContains": ‸[], "stderrLacks": [‸""], "stdoutMatches": [‸""], ‸"stdoutMatch": "x" }"#), [
            ("lookups[0].expect.stdoutContains", "an empty list checks nothing; give the text standard output must contain"),
            ("lookups[0].expect.stderrLacks[0]", "an empty string checks nothing; give the text standard error must not contain"),
            ("lookups[0].expect.stdoutMatches[0]",
             "an empty expression matches anything; give a regular expression standard output must match"),
            ("lookups[0].expect.stdoutMatch",
             #"unknown key "stdoutMatch"; expected one of \#(LookupErrorTests.execExpectKeys) (did you mean "stdoutMatches"?)"#),
        ])
    }

    // MARK: - NUL characters

    @Test(arguments: [
        Case("NUL in a getaddrinfo name", doc(lookups: #"{ "getaddrinfo": ‸"x\u0000.example" }"#), path: "lookups[0].getaddrinfo",
             #"a name must not contain a NUL character (\u0000): getaddrinfo would see it cut short"#),
        Case("NUL at the end of a name", doc(lookups: #"{ "getaddrinfo": ‸"x.example\u0000" }"#), path: "lookups[0].getaddrinfo",
             #"a name must not contain a NUL character (\u0000): getaddrinfo would see it cut short"#),
        Case("NUL in a service", doc(lookups: #"{ "getaddrinfo": "x", "service": ‸"44\u00003" }"#), path: "lookups[0].service",
             #"a service must not contain a NUL character (\u0000)"#),
        Case("NUL in an exec argument", doc(lookups: #"{ "exec": ["echo", "ok", ‸"a\u0000b"] }"#), path: "lookups[0].exec[2]",
             #"an argument must not contain a NUL character (\u0000): the program would see it cut short"#),
        Case("NUL in the command", doc(lookups: #"{ "exec": [‸"tr\u0000ue"] }"#), path: "lookups[0].exec[0]",
             #"an argument must not contain a NUL character (\u0000): the program would see it cut short"#),
    ])
    func nulIsRefused(_ c: Case) {
        ScenarioFixture.expectError(c.marked, path: c.path, c.message)
    }

    @Test func everyArgumentWithNULIsReportedAndTheExpectStillChecked() {
        ScenarioFixture.expectErrors(doc(lookups: #"{ "exec": [‸"\u0000", "ok", ‸"b\u0000"], "expect": { "exitCode": ‸-1 } }"#), [
            ("lookups[0].exec[0]", #"an argument must not contain a NUL character (\u0000): the program would see it cut short"#),
            ("lookups[0].exec[2]", #"an argument must not contain a NUL character (\u0000): the program would see it cut short"#),
            ("lookups[0].expect.exitCode", "expected an integer from 0 to 255, found -1"),
        ])
    }

    /// A NUL the JSON spells as an escape is one character; one written another way is no NUL at all.
    @Test func textThatOnlyLooksLikeNULIsAccepted() throws {
        let scenario = try ScenarioFixture.decode(doc(lookups: #"""
            { "exec": ["printf", "\\u0000", "%s", "\u2400"], "expect": { "exitCode": 0 } }, { "getaddrinfo": "x", "service": "0" }
            """#))
        guard case .exec(let call)? = scenario.lookups.first?.call else {
            Issue.record("lookups[0] should be exec")
            return
        }
        #expect(call.arguments == ["printf", #"\u0000"#, "%s", "\u{2400}"])
    }
}
