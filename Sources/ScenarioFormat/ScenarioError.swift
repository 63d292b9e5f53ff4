/// One problem in a scenario file: where it is (file, line:column, JSON path) and what was expected.
public struct ScenarioError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var location: SourceLocation?
    /// `servers[0].rules[2].reply`; empty for problems with the document as a whole.
    public var path: String
    public var message: String

    public init(file: String, location: SourceLocation?, path: String, message: String) {
        self.file = file
        self.location = location
        self.path = path
        self.message = message
    }

    /// `scenarios/x.json:12:18: servers[0].rules[2].reply: expected one of ..., found "nxdomian"`
    public var description: String {
        var text = file
        if let location { text += ":\(location.line):\(location.column)" }
        text += ": "
        if !path.isEmpty { text += "\(path): " }
        return text + message
    }
}

/// Every problem found in one file (decoding goes on after the first, so a user fixes them in one pass).
public struct ScenarioErrors: Error, Sendable, CustomStringConvertible {
    /// The problems kept, in file order: at most `keptLimit` of them.
    public var errors: [ScenarioError]
    /// Problems found beyond those kept.
    public var omitted: Int

    public init(_ errors: [ScenarioError], omitted: Int = 0) {
        self.errors = errors
        self.omitted = omitted
    }

    /// Problems printed before "and N more": enough to fix a file in one pass, never a flood.
    public static let printedLimit = 50
    /// Problems kept (the first found); the rest are only counted. A generated file with a million
    /// mistakes must not take a million messages of memory.
    public static let keptLimit = 1000

    public var totalCount: Int { errors.count + omitted }

    public var description: String {
        var lines = errors.prefix(Self.printedLimit).map(\.description)
        let rest = totalCount - lines.count
        if rest > 0 {
            lines.append("... and \(rest) more problem\(rest == 1 ? "" : "s") in \(errors.first?.file ?? "this file")")
        }
        return lines.joined(separator: "\n")
    }
}

/// A position in the JSON document, printed the way users write it in JavaScript/jq.
public struct JSONPath: Hashable, Sendable, CustomStringConvertible {
    public enum Component: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    public var components: [Component] = []

    public init(_ components: [Component] = []) { self.components = components }

    public func appending(_ key: String) -> JSONPath { JSONPath(components + [.key(key)]) }
    public func appending(_ index: Int) -> JSONPath { JSONPath(components + [.index(index)]) }

    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .index(let index):
                text += "[\(index)]"
            case .key(let key):
                let isIdentifier = !key.isEmpty && key.unicodeScalars.allSatisfy {
                    ($0.properties.isAlphabetic && $0.isASCII) || ("0"..."9").contains($0) || $0 == "_" || $0 == "$"
                } && !(key.first?.isNumber ?? true)
                if isIdentifier {
                    text += text.isEmpty ? key : ".\(key)"
                } else {
                    text += "[\(JSONValue.string(key).quotedForMessage)]"
                }
            }
        }
        return text
    }
}

extension JSONValue {
    /// A short rendering of a value for error messages: `"nxdomian"`, `42`, `an object`.
    var quotedForMessage: String {
        switch self {
        case .string(let string):
            return string.shortened(to: 60).jsonQuoted
        case .number(let number): return number.literal
        case .bool(let value): return value ? "true" : "false"
        case .null: return "null"
        case .array, .object: return kindName
        }
    }
}

extension String {
    /// User text in a message; JSON escapes keep a pasted newline or NUL from breaking the one-line format.
    var quotedForMessage: String { shortened(to: 120).jsonQuoted }

    func shortened(to limit: Int) -> String { count > limit ? String(prefix(limit - 3)) + "..." : self }
}
