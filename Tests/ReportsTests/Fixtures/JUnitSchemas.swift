import Foundation

/// The JUnit XML schemas CI tools follow, read from the .xsd fixtures next to this file (each
/// names its source and license); `xmllint --schema` validates reports against them.
enum JUnitSchema {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path

    /// Windy Road's JUnit.xsd: Apache Ant's JUnit output, the strict schema most consumers follow.
    static let windyroad = load("junit-windyroad.xsd")

    /// Jenkins' junit-10.xsd: what Jenkins' xUnit plugin validates against.
    static let jenkins = load("junit-jenkins.xsd")

    /// The fixture's text; empty (so validation fails loudly) if the file is missing.
    static func load(_ name: String) -> String {
        (try? String(contentsOfFile: "\(directory)/\(name)", encoding: .utf8)) ?? ""
    }
}
