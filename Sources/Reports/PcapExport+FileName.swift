import ScenarioFormat

extension PcapExport {
    /// Longest readable part kept from a path; the hash keeps longer paths apart.
    static let readableLength = 80

    /// `scenarios/glibc/ndots.json` → `scenarios_glibc_ndots-1a2b3c4d.pcap` (`-musl` after the hash for a
    /// client's run, `-run2` before `.pcap` when repeated). Only `[A-Za-z0-9._-]`, never starting with a dot, so it cannot climb out of the directory
    /// or hide; the hash of the original path keeps `a/b.json` and `a_b.json` apart.
    public static func fileName(forScenarioPath path: String, iteration: Int, repeated: Bool, client: ResolverClient? = nil) -> String {
        var stem = path
        if stem.lowercased().hasSuffix(".json") { stem = String(stem.dropLast(5)) }
        var readable = ""
        for scalar in stem.unicodeScalars {
            let safe: Unicode.Scalar = isSafe(scalar) ? scalar : "_"
            // One `_` per run of replaced characters keeps names short; the hash keeps them apart.
            if safe == "_" && readable.unicodeScalars.last == "_" { continue }
            readable.unicodeScalars.append(safe)
        }
        // The tail names the scenario best; trimming after the cut keeps a dot from leading.
        readable = trimmed(String(trimmed(readable).suffix(readableLength)))
        if readable.isEmpty { readable = "scenario" }
        var name = "\(readable)-\(stableHash(path))"
        // Client names are made of [a-z-] only.
        if let client { name += "-\(client.rawValue)" }
        if repeated { name += "-run\(iteration)" }
        return name + ".pcap"
    }

    /// Without `.`, `_` and `-` at either end: a leading dot hides the file (or makes `..`), a leading
    /// dash reads as an option to shell tools, and separators at the ends carry nothing.
    static func trimmed(_ text: String) -> String {
        let separators: Set<Character> = [".", "_", "-"]
        guard let start = text.firstIndex(where: { !separators.contains($0) }),
              let end = text.lastIndex(where: { !separators.contains($0) }) else { return "" }
        return String(text[start...end])
    }

    static func isSafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", ".", "_", "-": true
        default: false
        }
    }

    /// FNV-1a (32 bits) of the path's UTF-8, as 8 hex digits: the same on every run and machine,
    /// unlike Swift's seeded Hasher.
    static func stableHash(_ path: String) -> String {
        var hash: UInt32 = 0x811c_9dc5
        for byte in path.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}
