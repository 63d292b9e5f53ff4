import Foundation

/// Finds and reads scenario files.
public enum ScenarioLoader {
    /// Reads and decodes one file.
    public static func load(path: String, options: ScenarioDecoder.Options = .init()) throws(ScenarioErrors) -> Scenario {
        try ScenarioDecoder.decode(try read(path), file: path, options: options)
    }

    /// The file's bytes, or an error naming it.
    public static func read(_ path: String) throws(ScenarioErrors) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            let reason = !exists ? "no such file" : isDirectory.boolValue ? "is a directory" : "cannot be read"
            throw ScenarioErrors([ScenarioError(file: path, location: nil, path: "", message: reason)])
        }
        return [UInt8](data)
    }

    /// Expands files and directories into scenario files: directories are searched recursively for
    /// `*.json`, in sorted order so runs are reproducible. Paths that do not exist are reported.
    public static func expand(_ paths: [String]) -> (files: [String], missing: [String]) {
        var files: [String] = []
        var missing: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                missing.append(path)
                continue
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            var found: [String] = []
            if let enumerator = manager.enumerator(atPath: path) {
                for case let relative as String in enumerator where relative.hasSuffix(".json") {
                    let full = path.hasSuffix("/") ? path + relative : path + "/" + relative
                    var entryIsDirectory: ObjCBool = false
                    if manager.fileExists(atPath: full, isDirectory: &entryIsDirectory), !entryIsDirectory.boolValue {
                        found.append(full)
                    }
                }
            }
            files.append(contentsOf: found.sorted())
        }
        return (files, missing)
    }
}
