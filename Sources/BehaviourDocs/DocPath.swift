/// Paths worked out as text: links between generated pages and scenario files must not depend on
/// where the files really are (a checkout, a temporary copy), only on how they were named.
public enum DocPath {
    /// The components of `path` with `.` and empty ones removed and `..` applied where it can be.
    public static func components(_ path: String) -> [String] {
        var result: [String] = []
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..":
                if let last = result.last, last != ".." { result.removeLast() } else if !path.hasPrefix("/") { result.append("..") }
            default: result.append(String(component))
            }
        }
        return result
    }

    /// `path` as it is shown: no `./`, no doubled or trailing slashes.
    public static func normalized(_ path: String) -> String {
        let joined = components(path).joined(separator: "/")
        if path.hasPrefix("/") { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// `target` relative to the directory `base`. Both are relative to one directory, or both
    /// absolute (`absolute(_:in:)` makes them so).
    public static func relative(from base: String, to target: String) -> String {
        let from = components(base)
        let to = components(target)
        var common = 0
        while common < from.count, common < to.count, from[common] == to[common] { common += 1 }
        let ups = Array(repeating: "..", count: from.count - common)
        let path = (ups + to[common...]).joined(separator: "/")
        return path.isEmpty ? "." : path
    }

    /// `path` made absolute against `directory` (the working directory) when it is relative.
    public static func absolute(_ path: String, in directory: String) -> String {
        normalized(path.hasPrefix("/") ? path : directory + "/" + path)
    }

    /// The directory part of a file's path: `.` for a bare name.
    public static func directory(of path: String) -> String {
        let parts = components(path)
        guard parts.count > 1 else { return path.hasPrefix("/") ? "/" : "." }
        return (path.hasPrefix("/") ? "/" : "") + parts.dropLast().joined(separator: "/")
    }

    /// The file's name without `.json`.
    public static func stem(_ path: String) -> String {
        let name = components(path).last ?? path
        return name.hasSuffix(".json") ? String(name.dropLast(5)) : name
    }

    /// A link target with the characters a Markdown or HTML link cannot hold as they are percent-encoded.
    public static func href(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"), UInt8(ascii: "#"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}
