import Glibc

/// Where a path really leads once every symlink is followed, including dangling ones.
public struct PathResolution: Equatable, Sendable {
    /// The absolute, symlink-free path the name designates (which may not exist).
    public var path: String
    /// The deepest directory on `path` that exists.
    public var deepestExisting: String
    /// Components of `path` below `deepestExisting` that do not exist yet (empty when `path` exists).
    public var missing: [String]

    public var exists: Bool { missing.isEmpty }

    public enum Failure: Error, Equatable, Sendable {
        case tooManySymlinks
        case notADirectory(String)
        case notAbsolute
    }

    /// Follows symlinks component by component like the kernel would, but keeps going when a
    /// target is missing: `/etc/resolv.conf -> ../run/systemd/resolve/stub-resolv.conf` resolves
    /// even when `/run/systemd/resolve` does not exist (a dangling symlink inside a container).
    public static func resolve(_ path: String) throws(Failure) -> PathResolution {
        guard path.hasPrefix("/") else { throw .notAbsolute }
        var pending = components(path)
        var resolved: [String] = []
        var hops = 0
        while !pending.isEmpty {
            let name = pending.removeFirst()
            if name == "." { continue }
            if name == ".." { _ = resolved.popLast(); continue }
            let candidate = "/" + (resolved + [name]).joined(separator: "/")
            var info = stat()
            guard lstat(candidate, &info) == 0 else {
                // Missing from here on: the rest is created, not followed.
                let existing = "/" + resolved.joined(separator: "/")
                var missing = [name]
                for rest in pending where rest != "." {
                    if rest == ".." { _ = missing.popLast() } else { missing.append(rest) }
                }
                if missing.isEmpty { continue }
                return PathResolution(path: "/" + (resolved + missing).joined(separator: "/"),
                                      deepestExisting: existing, missing: missing)
            }
            if info.st_mode & S_IFMT == S_IFLNK {
                hops += 1
                if hops > 40 { throw .tooManySymlinks }
                let target = readLink(candidate)
                if target.hasPrefix("/") { resolved = [] }
                pending = components(target) + pending
                continue
            }
            if !pending.isEmpty, info.st_mode & S_IFMT != S_IFDIR {
                throw .notADirectory(candidate)
            }
            resolved.append(name)
        }
        let full = "/" + resolved.joined(separator: "/")
        let parent = resolved.isEmpty ? "/" : "/" + resolved.dropLast().joined(separator: "/")
        return PathResolution(path: full, deepestExisting: parent, missing: [])
    }

    static func components(_ path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    public static func readLink(_ path: String) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink(path, &buffer, buffer.count - 1)
        guard length > 0 else { return "" }
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

public extension String {
    /// True when `self` is `other` or lies below it (`/etc/x` is within `/etc`, `/etcx` is not).
    func isWithin(_ other: String) -> Bool {
        other == "/" || self == other || hasPrefix(other + "/")
    }
}
