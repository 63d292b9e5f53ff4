import ScenarioFormat

/// Shared helpers for the JSON tests: parse-or-error and an independent line/column oracle.
enum JSONTestSupport {
    /// The error `input` produces, or nil if it parses.
    static func error(_ input: [UInt8]) -> JSONSyntaxError? {
        do {
            _ = try JSONParser.parse(input)
            return nil
        } catch {
            return error
        }
    }

    static func error(_ input: String) -> JSONSyntaxError? {
        error(Array(input.utf8))
    }

    /// The source text a range covers.
    static func text(_ range: SourceRange, in source: [UInt8]) -> String {
        String(decoding: source[range.offsets], as: UTF8.self)
    }

    /// Line and column of `offset` computed from scratch, to check the parser's incremental tracking.
    static func lineAndColumn(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) && offset >= 3 ? 3 : 0
        while index < offset, index < bytes.count {
            let byte = bytes[index]
            let next = index + 1 < bytes.count ? bytes[index + 1] : nil
            if byte == 0x0A || (byte == 0x0D && next != 0x0A) {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            index += 1
        }
        return (line, column)
    }

    /// Every node and key range in `node`, for checking them all against the oracle.
    static func allRanges(_ node: JSONNode) -> [SourceRange] {
        var ranges = [node.range]
        switch node.value {
        case .array(let elements):
            for element in elements { ranges += allRanges(element) }
        case .object(let members):
            for member in members { ranges += [member.keyRange] + allRanges(member.value) }
        default:
            break
        }
        return ranges
    }

    /// Every node in `node`, itself included.
    static func allNodes(_ node: JSONNode) -> [JSONNode] {
        var nodes = [node]
        for child in node.elements ?? node.members?.map(\.value) ?? [] {
            nodes += allNodes(child)
        }
        return nodes
    }
}
