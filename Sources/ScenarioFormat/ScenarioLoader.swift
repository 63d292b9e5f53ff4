import Glibc

/// Finds and reads scenario files.
public enum ScenarioLoader {
    /// Reads and decodes one file.
    public static func load(path: String, options: ScenarioDecoder.Options = .init()) throws(ScenarioErrors) -> Scenario {
        try ScenarioDecoder.decode(try read(path), file: path, options: options)
    }

    /// Files larger than this are refused before they are read: no scenario is anywhere near it.
    public static let sizeLimit = 64 << 20

    /// The file's bytes, or an error naming it.
    public static func read(_ path: String) throws(ScenarioErrors) -> [UInt8] {
        func failure(_ reason: String) -> ScenarioErrors {
            ScenarioErrors([ScenarioError(file: path, location: nil, path: "", message: reason)])
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw failure(errno == ENOENT ? "no such file" : errno == EACCES ? "permission denied" : String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure(String(cString: strerror(errno))) }
        if info.st_mode & S_IFMT == S_IFDIR { throw failure("is a directory") }
        if Int(info.st_size) > sizeLimit { throw failure("is \(info.st_size) bytes; a scenario may have at most \(sizeLimit)") }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let got = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw failure("cannot be read: \(String(cString: strerror(errno)))")
            }
            if got == 0 { break }
            bytes += chunk[0..<got]
            if bytes.count > sizeLimit { throw failure("is larger than \(sizeLimit) bytes") }
        }
        return bytes
    }

    /// Expands files and directories into scenario files: directories are searched recursively for
    /// `*.json`, in sorted order so runs are reproducible. Paths that do not exist are reported.
    public static func expand(_ paths: [String]) -> (files: [String], missing: [String]) {
        var files: [String] = []
        var missing: [String] = []
        for path in paths {
            var info = stat()
            guard stat(path, &info) == 0 else {
                missing.append(path)
                continue
            }
            guard info.st_mode & S_IFMT == S_IFDIR else {
                files.append(path)
                continue
            }
            var found: [String] = []
            collect(directory: path.hasSuffix("/") ? String(path.dropLast()) : path, into: &found, depth: 0)
            files.append(contentsOf: found.sorted())
        }
        return (files, missing)
    }

    private static func collect(directory: String, into found: inout [String], depth: Int) {
        guard depth < 64, let stream = opendir(directory) else { return }
        defer { closedir(stream) }
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name == "." || name == ".." { continue }
            let full = directory + "/" + name
            var info = stat()
            guard stat(full, &info) == 0 else { continue }
            if info.st_mode & S_IFMT == S_IFDIR {
                collect(directory: full, into: &found, depth: depth + 1)
            } else if name.hasSuffix(".json") {
                found.append(full)
            }
        }
    }
}
