@testable import BehaviourDocs
import ScenarioFormat
import Testing

/// A scenario file's text decoded as `resolvlab` decodes it, at `path`.
func documented(_ path: String, _ json: String) throws -> DocumentedScenario {
    DocumentedScenario(path: path, scenario: try ScenarioDecoder.decode(Array(json.utf8), file: path))
}

/// A scenario that looks `host` up with getaddrinfo and expects one A query; `extra` adds top-level members.
func simple(_ path: String, name: String, description: String = "", tags: [String] = [], host: String = "web.example",
            extra: String = "") throws -> DocumentedScenario {
    let tagList = tags.map { "\"\($0)\"" }.joined(separator: ", ")
    return try documented(path, """
        { "name": \(quoted(name)), "description": \(quoted(description)), "tags": [\(tagList)],
          "resolvConf": ["nameserver 10.96.0.10"],
          "servers": [{ "address": "10.96.0.10", "records": { "\(host).": { "A": "10.0.0.5" } } }],
          "lookups": [{ "getaddrinfo": "\(host)", "family": "inet", "expect": { "addresses": ["10.0.0.5"] } }],
          "expect": { "queries": ["A \(host)."] } \(extra) }
        """)
}

/// `text` as a JSON string.
func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}

/// The lines of `text` that contain `needle`.
func lines(of text: String, containing needle: String) -> [String] {
    text.split(separator: "\n").map(String.init).filter { $0.contains(needle) }
}
