import Glibc
import Kubelet
import Yams

/// What a Pod manifest says about the pod's DNS: `metadata.name`, `metadata.namespace`, `spec.dnsPolicy`,
/// `spec.hostNetwork`, `spec.dnsConfig`. Everything else in it (containers, volumes) is not read.
public struct PodManifest: Sendable, Equatable {
    public var name: String?
    public var pod: PodDNS

    public init(name: String? = nil, pod: PodDNS) {
        self.name = name
        self.pod = pod
    }

    /// Manifests larger than this are refused before they are read.
    public static let sizeLimit = 4 << 20

    /// Reads and decodes the manifest at `path`; every error names the file.
    public static func read(path: String) throws(PodManifestErrors) -> PodManifest {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let reason = errno == ENOENT ? "no such file" : errno == EACCES ? "permission denied" : String(cString: strerror(errno))
            throw PodManifestErrors(file: path, reason)
        }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { throw PodManifestErrors(file: path, "is a directory; expected a Pod manifest (YAML)") }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let got = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if got < 0, errno == EINTR { continue }
            if got < 0 { throw PodManifestErrors(file: path, "cannot be read: \(String(cString: strerror(errno)))") }
            if got == 0 { break }
            bytes += chunk[0..<got]
            if bytes.count > sizeLimit { throw PodManifestErrors(file: path, "is larger than \(sizeLimit) bytes; expected a Pod manifest") }
        }
        guard let text = String(validating: bytes, as: UTF8.self), !bytes.contains(0) else {
            throw PodManifestErrors(file: path, "expected a Pod manifest in YAML (UTF-8 text, no NUL bytes)")
        }
        return try decode(text, file: path)
    }

    /// Decodes the text of a manifest: one YAML document of `kind: Pod`, or a stream of documents of which
    /// exactly one is a Pod (`kubectl get pod -o yaml`, or a file that also holds a Service).
    public static func decode(_ text: String, file: String) throws(PodManifestErrors) -> PodManifest {
        var documents: [Node] = []
        do {
            var stream = try Yams.compose_all(yaml: text)
            while let document = stream.next() { documents.append(document) }
            // The stream ends at the first error and keeps it.
            if let error = stream.error { throw error }
        } catch let error as YamlError {
            throw PodManifestErrors(file: file, error)
        } catch {
            throw PodManifestErrors(file: file, "invalid YAML: \(error)")
        }
        let reader = ManifestReader(file: file)
        let pods = documents.filter { $0.mapping?["kind"]?.string == "Pod" }
        let document: Node
        switch (documents.count, pods.count) {
        case (0, _):
            throw PodManifestErrors(file: file, "is empty; expected a Pod manifest (apiVersion: v1, kind: Pod)")
        case (1, _):
            document = documents[0]
        case (_, 1):
            document = pods[0]
        default:
            let kinds = documents.map { $0.mapping?["kind"]?.string ?? "no kind" }
            throw PodManifestErrors(file: file, "holds \(documents.count) documents (\(kinds.joined(separator: ", "))) and "
                                    + "\(pods.count) Pods; expected exactly one Pod")
        }
        let manifest = reader.pod(document)
        if let manifest, reader.errors.isEmpty {
            for problem in manifest.pod.problems { reader.fail(problem, in: document) }
        }
        guard let manifest, reader.errors.isEmpty else {
            throw PodManifestErrors(reader.errors.sorted { ($0.line ?? 0, $0.column ?? 0) < ($1.line ?? 0, $1.column ?? 0) })
        }
        return manifest
    }
}

/// One problem in a manifest: `pod.yaml:7:16: spec.dnsConfig.options[0].value: expected a string ...`.
public struct PodManifestError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    /// `spec.dnsConfig.nameservers[1]`; empty for the file as a whole.
    public var path: String
    public var message: String

    public var description: String {
        var text = file
        if let line, let column { text += ":\(line):\(column)" }
        text += ": "
        if !path.isEmpty { text += path + ": " }
        return text + message
    }
}

/// Every problem found in one manifest, in the order found.
public struct PodManifestErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [PodManifestError]

    init(_ errors: [PodManifestError]) { self.errors = errors }

    init(file: String, _ message: String) {
        errors = [PodManifestError(file: file, line: nil, column: nil, path: "", message: message)]
    }

    init(file: String, _ error: YamlError) {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let what = context.map { "\($0.text) at \($0.mark.line):\($0.mark.column), " } ?? ""
            errors = [PodManifestError(file: file, line: mark.line, column: mark.column, path: "", message: "invalid YAML: \(what)\(problem)")]
        case .duplicatedKeysInMapping(let duplicates, let context):
            errors = [PodManifestError(file: file, line: context.mark.line, column: context.mark.column, path: "",
                                       message: "invalid YAML: a key appears twice in one mapping: \(duplicates.sorted().joined(separator: ", "))")]
        default:
            errors = [PodManifestError(file: file, line: nil, column: nil, path: "", message: "invalid YAML: \(error)")]
        }
    }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
