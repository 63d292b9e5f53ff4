import Glibc

/// Where paths in a scenario lead on this machine: the sandbox shows the host's filesystem, so a
/// `files` path that reaches `/proc` or `/etc/resolv.conf` through a symlink is caught here, with
/// its position in the file, rather than inside the sandbox.
enum HostPaths {
    /// Kernel filesystems a scenario may neither replace nor make writable.
    static let kernelTrees = ["/proc", "/sys", "/dev"]

    /// `path` with every symlink followed, as far as the path exists; components below the first
    /// missing one are appended as written.
    static func resolve(_ path: String) -> String {
        var pending = path.split(separator: "/").map(String.init)
        var resolved: [String] = []
        var hops = 0
        while !pending.isEmpty {
            let name = pending.removeFirst()
            if name == "." { continue }
            if name == ".." { _ = resolved.popLast(); continue }
            let candidate = "/" + (resolved + [name]).joined(separator: "/")
            var info = stat()
            guard lstat(candidate, &info) == 0 else {
                return "/" + (resolved + [name] + pending).joined(separator: "/")
            }
            if info.st_mode & S_IFMT == S_IFLNK, hops < 40 {
                hops += 1
                var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
                let length = readlink(candidate, &buffer, buffer.count - 1)
                guard length > 0 else { return candidate }
                let target = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
                if target.hasPrefix("/") { resolved = [] }
                pending = target.split(separator: "/").map(String.init) + pending
                continue
            }
            resolved.append(name)
        }
        return "/" + resolved.joined(separator: "/")
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }
}
