/// Collects problems while a scenario document is decoded, with positions and JSON paths.
final class DecodingContext {
    let file: String
    private(set) var errors: [ScenarioError] = []
    /// Problems found after `keptLimit` were kept: counted, not stored.
    private(set) var omitted = 0
    static let keptLimit = ScenarioErrors.keptLimit

    init(file: String) { self.file = file }

    var hasErrors: Bool { !errors.isEmpty }

    func fail(_ message: String, at location: SourceLocation?, path: JSONPath) {
        guard errors.count < Self.keptLimit else {
            omitted += 1
            return
        }
        errors.append(ScenarioError(file: file, location: location, path: path.description, message: message))
    }

    /// The problems `other` found at or inside `range` (a client's overrides, decoded together with the
    /// shared keys, which report their own problems once, where they are written).
    func absorb(_ other: DecodingContext, within range: SourceRange) {
        for error in other.errors {
            guard let location = error.location, location.offset >= range.start.offset, location.offset < range.end.offset else { continue }
            fail(error.message, at: location, pathText: error.path)
        }
    }

    private func fail(_ message: String, at location: SourceLocation, pathText: String) {
        guard errors.count < Self.keptLimit else {
            omitted += 1
            return
        }
        errors.append(ScenarioError(file: file, location: location, path: pathText, message: message))
    }

    func fail(_ message: String, at node: JSONNode, path: JSONPath) {
        fail(message, at: node.range.start, path: path)
    }

    /// Reports "expected X, found Y" for a value of the wrong JSON kind.
    func wrongKind(_ expected: String, _ node: JSONNode, _ path: JSONPath) {
        let found: String
        switch node.value {
        case .array, .object, .null: found = node.value.kindName
        default: found = "\(node.value.kindName) \(node.value.quotedForMessage)"
        }
        fail("expected \(expected), found \(found)", at: node, path: path)
    }

    /// The object at `node` read as one of `kind`: keys the format does not describe for it are reported.
    func object(_ node: JSONNode, _ path: JSONPath, as kind: FormatDescription.Object) -> ObjectReader? {
        guard case .object(let members) = node.value else {
            wrongKind("an object", node, path)
            return nil
        }
        let reader = ObjectReader(context: self, node: node, path: path, members: members, kind: kind)
        reader.rejectUnknownKeys(allowed: kind.keyNames)
        return reader
    }

    func string(_ node: JSONNode, _ path: JSONPath, nonEmpty: Bool = false) -> String? {
        guard case .string(let value) = node.value else {
            wrongKind("a string", node, path)
            return nil
        }
        if nonEmpty && value.isEmpty {
            fail("must not be empty", at: node, path: path)
            return nil
        }
        return value
    }

    func integer(_ node: JSONNode, _ path: JSONPath, in range: ClosedRange<Int>) -> Int? {
        guard case .number(let number) = node.value else {
            wrongKind("an integer", node, path)
            return nil
        }
        guard let value = number.integer else {
            fail("expected an integer, found \(number.literal)", at: node, path: path)
            return nil
        }
        guard range.contains(value) else {
            fail("expected an integer from \(range.lowerBound) to \(range.upperBound), found \(value)", at: node, path: path)
            return nil
        }
        return value
    }

    func bool(_ node: JSONNode, _ path: JSONPath) -> Bool? {
        guard case .bool(let value) = node.value else {
            wrongKind("true or false", node, path)
            return nil
        }
        return value
    }

    /// Bytes written as hexadecimal digits, two per byte; blanks between bytes are allowed.
    func hexBytes(_ node: JSONNode, _ path: JSONPath, limit: Int) -> [UInt8]? {
        guard let text = string(node, path) else { return nil }
        let digits = text.unicodeScalars.filter { $0 != " " && $0 != "\t" && $0 != ":" }
        var bytes: [UInt8] = []
        var high: UInt8?
        for scalar in digits {
            guard scalar.isASCII, let value = UInt8(String(scalar), radix: 16) else {
                fail("expected hexadecimal bytes like \"c0 0c 00 01\", found \(String(scalar).quotedForMessage) in "
                     + text.quotedForMessage, at: node, path: path)
                return nil
            }
            if let first = high {
                bytes.append(first << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        if high != nil {
            fail("expected two hexadecimal digits per byte; \(text.quotedForMessage) has an odd number", at: node, path: path)
            return nil
        }
        if bytes.isEmpty {
            fail("must hold at least one byte", at: node, path: path)
            return nil
        }
        if bytes.count > limit {
            fail("\(bytes.count) bytes are more than a DNS message holds (\(limit))", at: node, path: path)
            return nil
        }
        return bytes
    }

    func array(_ node: JSONNode, _ path: JSONPath, nonEmpty: Bool = false) -> [JSONNode]? {
        guard case .array(let elements) = node.value else {
            wrongKind("an array", node, path)
            return nil
        }
        if nonEmpty && elements.isEmpty {
            fail("must not be empty", at: node, path: path)
            return nil
        }
        return elements
    }

    /// An array of strings, or a single string standing for a one-element array.
    func strings(_ node: JSONNode, _ path: JSONPath, allowSingle: Bool) -> [String]? {
        if allowSingle, case .string(let single) = node.value { return [single] }
        guard case .array(let elements) = node.value else {
            wrongKind(allowSingle ? "a string or an array of strings" : "an array of strings", node, path)
            return nil
        }
        var result: [String] = []
        var ok = true
        for (index, element) in elements.enumerated() {
            if let value = string(element, path.appending(index)) { result.append(value) } else { ok = false }
        }
        return ok ? result : nil
    }

    /// One of an enumeration's raw values, with the full list in the message when it is not.
    func choice<E: RawRepresentable & CaseIterable>(_ node: JSONNode, _ path: JSONPath, as: E.Type) -> E? where E.RawValue == String {
        guard let text = string(node, path) else { return nil }
        if let value = E(rawValue: text) { return value }
        let options = E.allCases.map(\.rawValue)
        var message = "expected one of \(options.joined(separator: ", ")); found \(text.quotedForMessage)"
        message += Suggestion.hint(for: text, in: options)
        fail(message, at: node, path: path)
        return nil
    }
}

/// Reads one JSON object's members, remembering where each came from.
struct ObjectReader {
    let context: DecodingContext
    let node: JSONNode
    let path: JSONPath
    let members: [JSONMember]
    /// The object's kind, for required keys' messages; nil while a lookup's kind is still unknown.
    var kind: FormatDescription.Object?

    subscript(key: String) -> (node: JSONNode, path: JSONPath)? {
        guard let member = members.first(where: { $0.key == key }) else { return nil }
        return (member.value, path.appending(key))
    }

    func has(_ key: String) -> Bool { members.contains { $0.key == key } }

    /// Reports a missing required member at the object's opening brace, saying what it holds.
    func require(_ key: String) -> (node: JSONNode, path: JSONPath)? {
        if let found = self[key] { return found }
        let what = kind?[key]?.required.map { " (\($0))" } ?? ""
        context.fail("missing required key \"\(key)\"\(what)", at: node, path: path)
        return nil
    }

    /// Unknown keys are errors (format v1): a typo must not silently turn into "no expectation".
    func rejectUnknownKeys(allowed: [String]) {
        for member in members where !allowed.contains(member.key) {
            var message = "unknown key \(member.key.quotedForMessage); expected one of \(allowed.joined(separator: ", "))"
            message += Suggestion.hint(for: member.key, in: allowed)
            context.fail(message, at: member.keyRange.start, path: path.appending(member.key))
        }
    }
}

/// "Did you mean" suggestions by edit distance.
enum Suggestion {
    /// ` (did you mean "X"?)` when a candidate is close enough to `word`, else nothing.
    static func hint(for word: String, in candidates: [String]) -> String {
        closest(to: word, in: candidates).map { " (did you mean \"\($0)\"?)" } ?? ""
    }

    static func closest(to word: String, in candidates: [String]) -> String? {
        let lowered = word.lowercased()
        let scored = candidates.map { ($0, distance(Array(lowered), Array($0.lowercased()))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        let limit = max(1, min(3, word.count / 3))
        return best.1 <= limit && best.0 != word ? best.0 : nil
    }

    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var beforePrevious: [Int] = []
        var previous = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, cb) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1))
                // Swapped neighbours ("nmae") are one typo, not two.
                if i > 0, j > 0, ca == b[j - 1], a[i - 1] == cb {
                    current[j + 1] = min(current[j + 1], beforePrevious[j - 1] + 1)
                }
            }
            beforePrevious = previous
            previous = current
        }
        return previous[b.count]
    }
}
