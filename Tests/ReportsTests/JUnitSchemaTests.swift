import Foundation
import Reports
import Testing

/// The report must load in the consumers that validate against the common JUnit schemas.
@Suite("JUnit XML against the JUnit schemas")
struct JUnitSchemaTests {
    static let xmllint = "/usr/bin/xmllint"

    /// `xmllint --noout --schema`: exit 0 and "validates" when the document is valid.
    static func validate(_ xml: String, against schema: String) throws -> ToolOutput {
        let directory = try TemporaryDirectory()
        let schemaFile = try directory.write("junit.xsd", schema)
        let file = try directory.write("report.xml", xml)
        return try runTool(xmllint, ["--noout", "--schema", schemaFile, file])
    }

    @Test("pass, fail, error, skip and hostile text validate against windyroad's JUnit.xsd",
          .enabled(if: toolExists(xmllint)))
    func windyroad() throws {
        let result = try Self.validate(JUnitReport.render(Sample.suite()), against: JUnitSchema.windyroad)
        #expect(result.status == 0, "\(result)")
        #expect(result.errors.contains("validates"), "\(result)")
    }

    @Test("the same report validates against Jenkins' junit-10.xsd", .enabled(if: toolExists(xmllint)))
    func jenkins() throws {
        let result = try Self.validate(JUnitReport.render(Sample.suite()), against: JUnitSchema.jenkins)
        #expect(result.status == 0, "\(result)")
    }

    @Test("a repeated run and an empty run validate too", .enabled(if: toolExists(xmllint)))
    func repeatedAndEmpty() throws {
        for suite in [Sample.repeated(Sample.all, 3), Sample.suite([])] {
            for schema in [JUnitSchema.windyroad, JUnitSchema.jenkins] {
                let result = try Self.validate(JUnitReport.render(suite), against: schema)
                #expect(result.status == 0, "\(result)")
            }
        }
    }

    /// The check must be able to fail: documents each schema rejects are rejected.
    @Test("xmllint rejects what the schemas forbid", .enabled(if: toolExists(xmllint)))
    func validationCanFail() throws {
        let valid = JUnitReport.render(Sample.suite())
        // windyroad requires <properties> and allows no attributes on <testsuites>.
        let noProperties = valid.replacingOccurrences(of: #"<properties>[\s\S]*</properties>"#, with: "",
                                                      options: .regularExpression)
        #expect(noProperties != valid)
        #expect(try Self.validate(noProperties, against: JUnitSchema.windyroad).status != 0)
        let attributed = valid.replacingOccurrences(of: "<testsuites>", with: #"<testsuites tests="6">"#)
        #expect(try Self.validate(attributed, against: JUnitSchema.windyroad).status != 0)
        // Jenkins requires `failures` on <testsuite>.
        let noFailures = valid.replacingOccurrences(of: #" failures="[0-9]+""#, with: "", options: .regularExpression)
        #expect(noFailures != valid)
        #expect(try Self.validate(noFailures, against: JUnitSchema.jenkins).status != 0)
        // A raw control character is not even well-formed XML 1.0.
        let control = valid.replacingOccurrences(of: "ci-runner-7", with: "ci\u{1B}runner")
        #expect(try Self.validate(control, against: JUnitSchema.jenkins).status != 0)
    }
}
