import Runner

/// JUnit XML for CI systems (Jenkins, GitLab, GitHub actions, ...): one `<testsuite>` in `<testsuites>`,
/// one `<testcase>` per result. Valid under both the windyroad JUnit.xsd (Ant's format, the strict one)
/// and Jenkins' junit-10.xsd; docs/reports.md describes the mapping.
public enum JUnitReport {
    /// The testsuite's name and package.
    public static let suiteName = "resolvlab"

    public static func render(_ suite: SuiteReport) -> String {
        let counts = suite.counts
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        // windyroad's schema allows no attributes on <testsuites>: the totals live on <testsuite>.
        xml += "<testsuites>\n"
        xml += "  <testsuite" + attributes([
            ("name", suiteName), ("package", suiteName), ("id", "0"),
            ("hostname", hostname(suite.hostname)),
            ("timestamp", ReportTimestamp.junit(suite.startedAt)),
            ("tests", "\(counts.total)"), ("failures", "\(counts.failed)"), ("errors", "\(counts.errors)"),
            ("skipped", "\(counts.skipped)"), ("time", seconds(suite.durationSeconds)),
        ]) + ">\n"
        xml += "    <properties>\n"
        for (name, value) in [("resolvlab.version", suite.toolVersion), ("resolvlab.repeat", "\(suite.repeatCount)")] {
            xml += "      <property" + attributes([("name", name), ("value", value)]) + "/>\n"
        }
        xml += "    </properties>\n"
        for result in suite.results { xml += testcase(result, in: suite) }
        // Both required by windyroad's schema; per-test output is in each failure/error body instead.
        xml += "    <system-out>" + XMLEscaping.text(HumanReport.summary(suite.results, seconds: suite.durationSeconds))
            + "</system-out>\n"
        xml += "    <system-err></system-err>\n"
        xml += "  </testsuite>\n</testsuites>\n"
        return xml
    }

    /// `scenarios/glibc/ndots.json` → `scenarios.glibc.ndots`: CI tools group test cases by the dotted prefix.
    public static func className(forScenarioPath path: String) -> String {
        var components = path.split(separator: "/").filter { $0 != "." && $0 != ".." }.map(String.init)
        if let last = components.last, last.lowercased().hasSuffix(".json"), last.count > 5 {
            components[components.count - 1] = String(last.dropLast(5))
        }
        return components.isEmpty ? suiteName : components.joined(separator: ".")
    }

    static func testcase(_ result: ScenarioResult, in suite: SuiteReport) -> String {
        let open = "    <testcase" + attributes([
            ("name", suite.displayName(of: result)), ("classname", className(forScenarioPath: result.path)),
            ("time", seconds(result.durationMs / 1000)),
        ])
        switch result.outcome {
        case .pass:
            return open + "/>\n"
        case .fail:
            return open + ">\n      <failure" + attributes([("message", result.reportMessage), ("type", "expectation")])
                + ">" + XMLEscaping.text(result.detailText) + "</failure>\n    </testcase>\n"
        case .error:
            let type = result.errorReason?.kind ?? "error"
            return open + ">\n      <error" + attributes([("message", result.reportMessage), ("type", type)])
                + ">" + XMLEscaping.text(result.detailText) + "</error>\n    </testcase>\n"
        case .skip:
            return open + ">\n      <skipped" + attributes([("message", result.reportMessage)]) + "/>\n    </testcase>\n"
        }
    }

    /// windyroad's schema wants a non-blank token; `localhost` is its documented stand-in.
    static func hostname(_ name: String) -> String {
        name.unicodeScalars.allSatisfy(\.properties.isWhitespace) ? "localhost" : name
    }

    static func attributes(_ pairs: [(String, String)]) -> String {
        pairs.map { " \($0.0)=\"\(XMLEscaping.attribute($0.1))\"" }.joined()
    }

    /// Seconds with millisecond precision; both schemas reject exponents, and negatives or NaN make no sense.
    static func seconds(_ value: Double) -> String {
        let clamped = value.isFinite ? max(0, value) : 0
        return Figures.decimal(clamped, places: 3)
    }
}
