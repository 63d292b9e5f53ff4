import Foundation
import FoundationXML
@testable import Reports
@testable import Runner
import Testing

/// The JUnit mapping: counts, attributes, messages, bodies, read back with an XML parser.
@Suite("JUnit report")
struct JUnitReportTests {
    static func parse(_ suite: SuiteReport) throws -> XMLDocument {
        try XMLDocument(xmlString: JUnitReport.render(suite))
    }

    static func string(_ document: XMLDocument, _ xpath: String) throws -> [String] {
        try document.nodes(forXPath: xpath).map { $0.stringValue ?? "" }
    }

    static func one(_ document: XMLDocument, _ xpath: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> String {
        let values = try string(document, xpath)
        #expect(values.count == 1, "\(xpath) matched \(values.count) nodes", sourceLocation: sourceLocation)
        return values.first ?? ""
    }

    @Test("one testsuite inside testsuites carries the counts, time, UTC timestamp and host")
    func suiteAttributes() throws {
        let document = try Self.parse(Sample.suite())
        #expect(try Self.string(document, "/testsuites/testsuite/@name") == ["resolvlab"])
        // pass, fail, capture loss, invalid, skip, hostile (a fail).
        #expect(try Self.one(document, "/testsuites/testsuite/@tests") == "6")
        #expect(try Self.one(document, "/testsuites/testsuite/@failures") == "2")
        #expect(try Self.one(document, "/testsuites/testsuite/@errors") == "2")
        #expect(try Self.one(document, "/testsuites/testsuite/@skipped") == "1")
        #expect(try Self.one(document, "/testsuites/testsuite/@time") == "12.500")
        // 1 700 000 000 s after the epoch is 2023-11-14 22:13:20 UTC.
        #expect(try Self.one(document, "/testsuites/testsuite/@timestamp") == "2023-11-14T22:13:20")
        #expect(try Self.one(document, "/testsuites/testsuite/@hostname") == "ci-runner-7")
        #expect(try Self.one(document, "//property[@name='resolvlab.version']/@value") == "1.2.3-test")
        #expect(try Self.one(document, "//property[@name='resolvlab.repeat']/@value") == "1")
        #expect(try Self.one(document, "/testsuites/testsuite/system-out").contains("1 passed, 2 failed, 2 errors, 1 skipped"))
    }

    @Test("one testcase per result, in input order, named by the scenario, classed by its path")
    func testcases() throws {
        let document = try Self.parse(Sample.suite())
        #expect(try Self.string(document, "//testcase").count == 6)
        let names = try Self.string(document, "//testcase/@name")
        #expect(Array(names.prefix(5)) == ["a trailing dot means absolute", "ndots:5 walks the search list",
                                           "capture loss", "scenarios/bad.json", "dig asks once"])
        #expect(try Self.string(document, "//testcase/@classname").prefix(5)
                    == ["scenarios.glibc.pass", "scenarios.glibc.ndots", "scenarios.loss", "scenarios.bad", "scenarios.dig"])
        // Seconds, from durationMs 120.4 and 250.
        #expect(try Self.string(document, "//testcase/@time").prefix(2) == ["0.120", "0.250"])
        #expect(try Self.string(document, "//testcase[1]/*").isEmpty, "a pass has no child elements")
    }

    @Test("a fail: the first mismatch as message, the human report's diff and the observed queries as body")
    func failure() throws {
        let document = try Self.parse(Sample.suite())
        let failure = "//testcase[@name='ndots:5 walks the search list']/failure"
        #expect(try Self.one(document, "\(failure)/@message") == "queries (exact): expected 2 queries, observed 2: missing AAAA a.example.")
        #expect(try Self.one(document, "\(failure)/@type") == "expectation")
        let body = try Self.one(document, failure)
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Exactly the human report's diff lines, in order, without its six-space detail indentation.
        let human = HumanReport(verbosity: .normal).details(Sample.fail).map { String($0.dropFirst(6)) }
        let diffStart = try #require(human.firstIndex(of: "--- expected"))
        // The diff ends at the first line that is no diff line (the command output excerpts follow it).
        let diffPrefixes = ["--- ", "+++ ", "  ", "- ", "+ "]
        let diffEnd = human[diffStart...].firstIndex { line in !diffPrefixes.contains { line.hasPrefix($0) } } ?? human.endIndex
        let humanDiff = Array(human[diffStart..<diffEnd])
        #expect(humanDiff.count >= 4)
        let bodyStart = try #require(lines.firstIndex(of: "--- expected"))
        #expect(Array(lines[bodyStart..<min(lines.count, bodyStart + humanDiff.count)]) == humanDiff)
        // The diff shape itself: a match, the missing AAAA, the unexpected NXDOMAIN query.
        #expect(humanDiff.contains("- AAAA a.example."))
        #expect(humanDiff.contains { $0.hasPrefix("+ A b.example.") && $0.contains("@10.96.0.10:53 udp  NXDOMAIN") })
        #expect(lines.contains("lookups[1] exec getent ahosts a.example: expected exit code 0, got 2"))
        #expect(lines.contains("observed 2 queries:"))
        #expect(lines.contains { $0.hasPrefix("  A a.example.") && $0.contains("NOERROR") })
        #expect(lines.contains("  getaddrinfo a.example: EAI_NONAME, in 3.3 ms"))
        // The failing command's output is in the body, and survives XML escaping intact.
        #expect(lines.contains("    stdout:"))
        #expect(lines.contains("      | line <two> & more"))
        #expect(lines.contains("    stderr:"))
        #expect(lines.contains("      | getent: oops"))
    }

    @Test("alternatives: the first mismatch as message, the diff headed by the alternative it compares with")
    func alternatives() throws {
        let document = try Self.parse(Sample.suite([Sample.alternatives]))
        let failure = "//testcase[@name='rotate picks a first server at random']/failure"
        #expect(try Self.one(document, "\(failure)/@message") == "afterMs (alternative 2 of 2): A b. @10.96.0.11 matched "
            + "A b. @10.96.0.11:53 udp, sent 0.3 ms after the previous query (A a. @10.96.0.10:53 udp); expected at least 1000 ms")
        let lines = try Self.one(document, failure).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.contains("--- expected: alternative 2 of 2"))
    }

    @Test("an error: the reason as message, the error kind as type; a skip: its reason")
    func errorAndSkip() throws {
        let document = try Self.parse(Sample.suite())
        let loss = "//testcase[@name='capture loss']/error"
        #expect(try Self.one(document, "\(loss)/@type") == "capture")
        #expect(try Self.one(document, "\(loss)/@message").hasPrefix("capture loss: the servers received 1 query the capture lacks"))
        #expect(try Self.one(document, loss).contains("observed 1 query:"))
        // A reason of several lines: the first is the message, the body has all of it.
        let invalid = "//testcase[@name='scenarios/bad.json']/error"
        #expect(try Self.one(document, "\(invalid)/@type") == "invalid")
        #expect(try Self.one(document, "\(invalid)/@message") == "scenarios/bad.json:4:65: servers[0].rules[0].reply: found \"nxdomian\"")
        #expect(try Self.one(document, invalid).hasSuffix("\n  (did you mean \"nxdomain\"?)"))
        #expect(try Self.one(document, "//testcase[@name='dig asks once']/skipped/@message") == "requires dig, which is not on PATH")
        #expect(try Self.string(document, "//testcase[@name='dig asks once']/*").count == 1)
    }

    @Test("hostile names, messages and output: everything XML 1.0 allows comes back exactly")
    func hostileCharacters() throws {
        let document = try Self.parse(Sample.suite([Sample.hostile]))
        // What an XML 1.0 document can carry (§2.2 Char); the rest is written as visible \xNN / \uNNNN text.
        let expected = Self.xmlSafe(Sample.hostileText)
        #expect(try Self.one(document, "//testcase/@name") == expected)
        let message = Self.xmlSafe(VerdictText.describe(try #require(Sample.hostile.mismatches.first)))
        #expect(message.contains(expected))
        #expect(try Self.one(document, "//failure/@message") == message)
        #expect(try Self.one(document, "//failure").contains(expected))
        #expect(expected.contains("\\x00") && expected.contains("\\x1B") && expected.contains("\\uFFFE"))
        #expect(expected.contains("\r") && expected.contains("\n") && expected.contains("\t") && expected.contains("]]>"))
        let classname = try Self.one(document, "//testcase/@classname")
        #expect(!classname.contains("/") && !classname.hasPrefix("."), "\(classname)")
    }

    @Test("a blank host name becomes localhost, as the schema's documentation asks")
    func blankHostname() throws {
        var suite = Sample.suite([Sample.pass])
        suite.hostname = " \n"
        #expect(try Self.one(try Self.parse(suite), "/testsuites/testsuite/@hostname") == "localhost")
    }

    @Test("under --repeat every iteration is its own test case: name #N")
    func repeated() throws {
        let document = try Self.parse(Sample.repeated([Sample.pass, Sample.skip], 2))
        #expect(try Self.string(document, "//testcase/@name")
                    == ["a trailing dot means absolute #1", "dig asks once #1", "a trailing dot means absolute #2", "dig asks once #2"])
        #expect(try Self.one(document, "//property[@name='resolvlab.repeat']/@value") == "2")
        #expect(try Self.one(document, "/testsuites/testsuite/@skipped") == "2")
    }

    @Test("class names: path separators become dots, .json and . / .. components go", arguments: [
        ("scenarios/glibc/ndots.json", "scenarios.glibc.ndots"),
        ("/abs/dir/x.json", "abs.dir.x"),
        ("./a/../b.JSON", "a.b"),
        ("plain", "plain"),
        (".json", ".json"),
        ("/", "resolvlab"),
    ])
    func className(path: String, expected: String) {
        #expect(JUnitReport.className(forScenarioPath: path) == expected)
    }

    /// XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
    static func xmlSafe(_ text: String) -> String {
        var output = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: output.unicodeScalars.append(scalar)
            case 0..<0x100: output += String(format: "\\x%02X", scalar.value)
            default: output += String(format: "\\u%04X", scalar.value)
            }
        }
        return output
    }
}
