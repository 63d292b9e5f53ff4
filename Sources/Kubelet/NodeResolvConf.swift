/// The node's resolv.conf as the kubelet reads it (`parseResolvConf`), which is not how glibc reads it:
/// only `#` starts a comment (glibc also takes `;`), `domain` lines are ignored, the last `search` line
/// and the last `options` line each replace the ones before (glibc adds options up), and a trailing dot
/// is taken off each search domain but a lone `.` (Kubernetes PRs 83069 and 109441).
public struct NodeResolvConf: Sendable, Equatable {
    public var nameservers: [String]
    public var searches: [String]
    public var options: [String]

    public init(nameservers: [String] = [], searches: [String] = [], options: [String] = []) {
        self.nameservers = nameservers
        self.searches = searches
        self.options = options
    }

    /// A line the kubelet refuses: then it fails every pod's DNS setup on the node.
    public struct Problem: Error, Sendable, Equatable {
        /// 0-based.
        public var line: Int
        public var message: String
    }

    public static func parse(_ text: String) -> Result<NodeResolvConf, Problem> {
        var parsed = NodeResolvConf()
        // By bytes, as Go splits: as Characters, "\r\n" would be one that is not "\n".
        for (number, bytes) in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let trimmed = Substring(String(decoding: bytes, as: UTF8.self)).trimmingGoSpaces()
            if trimmed.hasPrefix("#") { continue }
            let fields = trimmed.split(whereSeparator: \.isGoSpace).map(String.init)
            guard let keyword = fields.first else { continue }
            switch keyword {
            case "nameserver":
                guard fields.count >= 2 else {
                    return .failure(Problem(line: number, message:
                        "line \(number + 1): \"nameserver\" without an address: the kubelet cannot read this file, so it "
                            + "sets up no pod on the node (\"nameserver list is empty\")"))
                }
                parsed.nameservers.append(fields[1])
            case "search":
                parsed.searches = fields.dropFirst().map { $0 != "." && $0.hasSuffix(".") ? String($0.dropLast()) : $0 }
            case "options":
                parsed.options = Array(fields.dropFirst())
            default:
                continue
            }
        }
        return .success(parsed)
    }
}

extension Character {
    /// Go's `unicode.IsSpace`, which `strings.Fields` and `strings.TrimSpace` split and trim on.
    var isGoSpace: Bool {
        unicodeScalars.count == 1 && unicodeScalars.first.map {
            [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0].contains($0.value) || $0.properties.isWhitespace
        } ?? false
    }
}

extension Substring {
    func trimmingGoSpaces() -> Substring {
        var text = self
        while let first = text.first, first.isGoSpace { text = text.dropFirst() }
        while let last = text.last, last.isGoSpace { text = text.dropLast() }
        return text
    }
}
