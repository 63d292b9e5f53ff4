import Foundation
import Glibc
import ScenarioFormat
import SystemCalls
import Testing

/// The package's root directory, found from this file's location.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// The binary under test: `RESOLVLAB_BIN` (set by `make test`), else the debug build.
let resolvlabBinary = ProcessInfo.processInfo.environment["RESOLVLAB_BIN"] ?? packageRoot + "/.build/debug/resolvlab"

/// What a command printed and how it ended.
struct CommandResult: CustomStringConvertible {
    var exitCode: Int32
    var output: String
    var errors: String

    var description: String { "exit \(exitCode)\n--- stdout\n\(output)\n--- stderr\n\(errors)" }
}

/// Runs a command to completion (2 minutes at most) and returns its exit code and output.
func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
         timeoutMs: Int = 120_000) throws -> CommandResult {
    var env = ProcessInfo.processInfo.environment
    for (key, value) in environment ?? [:] { env[key] = value }
    let path = try ExecutableSearch.find(executable).get()
    let output = try ProcessRunner.run(SpawnRequest(path: path, arguments: [executable] + arguments,
                                                    environment: env.map { "\($0.key)=\($0.value)" }),
                                       outputLimit: 64 << 20, deadline: MonotonicInstant.now().adding(milliseconds: timeoutMs))
    guard case .exited(let code) = output.status, !output.timedOut else {
        Issue.record("\(executable) \(arguments) ended with \(output.status), timed out: \(output.timedOut)")
        return CommandResult(exitCode: -1, output: output.standardOutput.text, errors: output.standardError.text)
    }
    return CommandResult(exitCode: code, output: output.standardOutput.text, errors: output.standardError.text)
}

/// Runs `resolvlab` with `arguments`.
func resolvlab(_ arguments: [String], environment: [String: String]? = nil) throws -> CommandResult {
    try run(resolvlabBinary, arguments, environment: environment)
}

/// A directory under /tmp that everyone can read (the rootless tests run as nobody), removed afterwards.
final class TemporaryDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/resolvlab-test-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) }.map { String(cString: $0) }
        }
        guard let created else { throw POSIXError(.EIO) }
        path = created
        chmod(path, 0o755)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `contents` to `name` inside the directory and returns the full path.
    @discardableResult
    func write(_ name: String, _ contents: String) throws -> String {
        let file = "\(path)/\(name)"
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try contents.write(toFile: file, atomically: false, encoding: .utf8)
        return file
    }
}

/// The bundled scenario files.
func bundledScenarios() -> [String] {
    ScenarioFiles.list(packageRoot + "/scenarios")
}

enum ScenarioFiles {
    static func list(_ directory: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: directory)
        var files: [String] = []
        while let relative = enumerator?.nextObject() as? String {
            if relative.hasSuffix(".json") { files.append(directory + "/" + relative) }
        }
        return files.sorted()
    }
}

/// Bundled scenarios whose `requires` names a command not on `path`: they are expected to SKIP.
func scenariosMissingRequirements(path: String? = nil) throws -> [String] {
    try bundledScenarios().filter { file in
        let scenario = try ScenarioLoader.load(path: file)
        return scenario.requires.contains { (try? ExecutableSearch.find($0, searchPath: path).get()) == nil }
    }
}

/// What `resolvlab run scenarios` reports for the bundled suite with `path` as PATH (nil: this
/// process's): one run per client a file names (one for a file that names none), skipped where a
/// required command or a client's helper is not on that PATH.
func bundledRuns(path: String? = nil) throws -> (runs: Int, skipped: Int) {
    let missingRequirements = Set(try scenariosMissingRequirements(path: path))
    var runs = 0
    var skipped = 0
    for file in bundledScenarios() {
        let clients = try ScenarioLoader.load(path: file).clientRuns(requested: nil)
        runs += max(1, clients.count)
        if missingRequirements.contains(file) {
            skipped += max(1, clients.count)
        } else {
            skipped += clients.filter { client in
                client.helper.map { (try? ExecutableSearch.find($0, searchPath: path).get()) == nil } ?? false
            }.count
        }
    }
    return (runs, skipped)
}

/// Where `make tools` puts helper programs such as resolvlab-musl-gai.
let toolsDirectory = packageRoot + "/.build/tools"

/// The seed scenario (Kubernetes ndots:5), the canonical case every test can build on.
let seedScenario = packageRoot + "/scenarios/kubernetes/glibc/kubernetes-ndots5-search-walk.json"

let isRoot = geteuid() == 0

/// `text` as a JSON string literal, quotes included.
func jsonString(_ text: String) -> String {
    let data = try! JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])
    let array = String(decoding: data, as: UTF8.self)
    return String(array.dropFirst().dropLast())
}
