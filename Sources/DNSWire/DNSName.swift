/// A domain name as a sequence of raw labels (case preserved). Equality and hashing are ASCII case-insensitive (RFC 4343).
public struct DNSName: Sendable {
    /// RFC 1035 §2.3.4: a label is at most 63 octets.
    public static let maxLabelLength = 63
    /// RFC 1035 §2.3.4: a name is at most 255 octets in wire form.
    public static let maxWireLength = 255

    /// The labels from leftmost to rightmost, without the empty root label; the root is `[]`.
    public var labels: [[UInt8]]

    /// The root name `.`.
    public static let root = DNSName(uncheckedLabels: [])

    /// Builds a name after checking RFC 1035 §2.3.4 limits: labels 1...63 octets, wire length <= 255.
    public init(labels: [[UInt8]]) throws(DNSWireError) {
        self.labels = labels
        try validate()
    }

    /// For the decoder, which has already enforced the limits while reading.
    init(uncheckedLabels labels: [[UInt8]]) {
        self.labels = labels
    }

    public var isRoot: Bool { labels.isEmpty }

    /// Octets this name takes uncompressed on the wire: a length byte per label plus the root byte.
    public var wireLength: Int {
        labels.reduce(1) { $0 + 1 + $1.count }
    }

    /// Re-checks the limits, since `labels` is publicly mutable.
    func validate() throws(DNSWireError) {
        for label in labels {
            if label.isEmpty { throw .emptyLabel }
            if label.count > Self.maxLabelLength { throw .labelTooLong }
        }
        if wireLength > Self.maxWireLength { throw .nameTooLong }
    }

    /// The same name with ASCII letters folded to lower case (RFC 4343 §3); other octets untouched.
    public func lowercased() -> DNSName {
        DNSName(uncheckedLabels: labels.map { $0.map(ASCII.lowercased) })
    }

    /// True when `other` is a suffix of this name, label by label, ignoring ASCII case; also true when equal.
    public func isSubdomain(of other: DNSName) -> Bool {
        guard other.labels.count <= labels.count else { return false }
        return zip(labels.suffix(other.labels.count), other.labels).allSatisfy(ASCII.caseInsensitiveEqual)
    }

    /// This name followed by `suffix`, e.g. `www` + `example.com.`; throws if the result is too long.
    public func appending(_ suffix: DNSName) throws(DNSWireError) -> DNSName {
        try DNSName(labels: labels + suffix.labels)
    }
}

extension DNSName: Hashable {
    public static func == (lhs: DNSName, rhs: DNSName) -> Bool {
        lhs.labels.count == rhs.labels.count
            && zip(lhs.labels, rhs.labels).allSatisfy(ASCII.caseInsensitiveEqual)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(labels.count)
        for label in labels {
            hasher.combine(label.count)
            for byte in label {
                hasher.combine(ASCII.lowercased(byte))
            }
        }
    }
}

extension DNSName: Comparable {
    /// Canonical DNS name order (RFC 4034 §6.1): compare labels right to left, each as lower-cased octets.
    public static func < (lhs: DNSName, rhs: DNSName) -> Bool {
        for (left, right) in zip(lhs.labels.reversed(), rhs.labels.reversed()) {
            let l = left.map(ASCII.lowercased)
            let r = right.map(ASCII.lowercased)
            if l != r {
                return l.lexicographicallyPrecedes(r)
            }
        }
        return lhs.labels.count < rhs.labels.count
    }
}

/// ASCII-only case folding: DNS compares names without locale or Unicode rules (RFC 4343).
enum ASCII {
    static func lowercased(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
    }

    static func caseInsensitiveEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        lhs.count == rhs.count && zip(lhs, rhs).allSatisfy { lowercased($0) == lowercased($1) }
    }
}
