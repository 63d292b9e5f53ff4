import Testing
import ScenarioFormat

/// Small scenario documents for tests that pin one behaviour each, and the decoding helpers they share.
///
/// Fixtures mark where an error must point with `‸`, placed just before the character the error's
/// line:column should name; `unmark` removes the marks and computes those positions independently of the
/// parser, so an expected description is never copied from the decoder's own output.
enum ScenarioFixture {
    static let file = "scenarios/case.json"
    static let mark: Character = "‸"

    /// `marked` without its marks, and the `line:column` of each mark in order (columns count Unicode scalars).
    static func unmark(_ marked: String) -> (text: String, locations: [String]) {
        var text = ""
        var locations: [String] = []
        var line = 1
        var column = 1
        for character in marked {
            if character == mark {
                locations.append("\(line):\(column)")
                continue
            }
            text.append(character)
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += character.unicodeScalars.count
            }
        }
        return (text, locations)
    }

    static func decode(_ text: String, options: ScenarioDecoder.Options = .init()) throws(ScenarioErrors) -> Scenario {
        try ScenarioDecoder.decode(Array(text.utf8), file: file, options: options)
    }

    /// The errors `text` produces; an empty list (and a recorded issue) when it decodes.
    static func errors(_ text: String, options: ScenarioDecoder.Options = .init(),
                       sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [ScenarioError] {
        do {
            let scenario = try decode(text, options: options)
            Issue.record("expected errors, but it decoded as \"\(scenario.name)\":\n\(text)", sourceLocation: sourceLocation)
            return []
        } catch {
            return error.errors
        }
    }

    /// Decodes `marked` and expects exactly one error per mark, in order: `file:line:column: path: message`.
    static func expectErrors(_ marked: String, _ expected: [(path: String, message: String)],
                             sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let (text, locations) = unmark(marked)
        #expect(locations.count == expected.count, "the fixture needs one ‸ per expected error", sourceLocation: sourceLocation)
        let wanted = zip(locations, expected).map { location, error in
            "\(file):\(location): " + (error.path.isEmpty ? "" : "\(error.path): ") + error.message
        }
        let actual = errors(text, sourceLocation: sourceLocation).map(\.description)
        #expect(actual == wanted, "in:\n\(text)", sourceLocation: sourceLocation)
    }

    static func expectError(_ marked: String, path: String, _ message: String,
                            sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        expectErrors(marked, [(path, message)], sourceLocation: sourceLocation)
    }
}

/// A valid scenario (one server, one lookup, one expected query); each part can be swapped for a defect.
/// `top` lines go after "name"; pass nil for a part to leave its key out.
func doc(
    top: String = "",
    servers: String? = #"{ "address": "10.0.0.1" }"#,
    lookups: String? = #"{ "getaddrinfo": "x.example" }"#,
    expect: String? = #"{ "queries": ["A x.example."] }"#
) -> String {
    var lines = ["{", #"  "name": "fixture","#]
    if !top.isEmpty { lines.append("  \(top),") }
    if let servers { lines += [#"  "servers": ["#, "    \(servers)", "  ],"] }
    if let lookups { lines += [#"  "lookups": ["#, "    \(lookups)", "  ],"] }
    if let expect { lines.append(#"  "expect": \#(expect),"#) }
    lines.append("}")
    return lines.joined(separator: "\n")
}

/// One defect and the error it must produce, for parameterized tests.
struct ScenarioErrorCase: Sendable, CustomTestStringConvertible {
    var label: String
    /// A whole document with one `‸` where the error must point.
    var marked: String
    var path: String
    var message: String

    init(_ label: String, _ marked: String, path: String, _ message: String) {
        self.label = label
        self.marked = marked
        self.path = path
        self.message = message
    }

    var testDescription: String { label }
}
