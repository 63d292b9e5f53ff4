import DNSWire
import Glibc
import Kubelet
import ScenarioFormat
import SystemCalls
import SystemPackage

/// A problem with `resolvlab trace`'s options or the files they name, said in their terms.
public struct TraceSetupError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// The sandbox `resolvlab trace` builds from its options, as the text of a format-v1 scenario
/// whose only lookup is the traced command. The text is what runs (decoded like any file) and
/// what `--emit-scenario` writes, so the two cannot differ.
public struct TraceSetup: Sendable {
    /// The sandbox's resolv.conf: a host file's bytes, or lines made from options.
    public enum ResolverConfiguration: Sendable {
        case file(path: String)
        case options(search: [String], ndots: Int?, nameservers: [String], options: [String])
        /// A pod's and its node's DNS settings (`--pod`), made into a resolv.conf as the kubelet makes it.
        case kubernetes(KubernetesDNS, podName: String?)
    }

    public var resolver: ResolverConfiguration
    /// A host file whose bytes become the sandbox's /etc/hosts.
    public var hostsFile: String?
    public var hostname: String?
    public var addresses: [String]
    /// `NAME=IP` records every scripted server serves.
    public var zone: [String]
    public var otherwise: Server.Fallback?
    public var timeoutMs: Int?
    public var command: [String]

    /// The scripted server's address when no nameserver is given (an address of the sandbox's own;
    /// nothing outside it is reachable).
    public static let defaultNameserver = "10.53.0.1"
    /// Where glibc and musl send queries when resolv.conf names no nameserver.
    public static let implicitNameserver = "127.0.0.1"
    /// glibc caps `ndots` here.
    public static let ndotsRange = 0...15

    public init(resolver: ResolverConfiguration, hostsFile: String? = nil, hostname: String? = nil, addresses: [String] = [],
                zone: [String] = [], otherwise: Server.Fallback? = nil, timeoutMs: Int? = nil, command: [String]) {
        self.resolver = resolver
        self.hostsFile = hostsFile
        self.hostname = hostname
        self.addresses = addresses
        self.zone = zone
        self.otherwise = otherwise
        self.timeoutMs = timeoutMs
        self.command = command
    }

    /// The scenario text, and notes for the user (a nameserver line no server could be made for).
    public func source() throws(TraceSetupError) -> (text: [UInt8], notes: [String]) {
        var notes: [String] = []
        let resolvConf: String
        var nameservers: [IPAddress] = []
        switch resolver {
        case .file(let path):
            resolvConf = try Self.readText(path, option: "--resolv-conf")
            let found = Self.nameservers(in: resolvConf, file: path)
            nameservers = found.addresses
            notes += found.notes
            if nameservers.isEmpty, let implicit = IPAddress(Self.implicitNameserver) {
                nameservers = [implicit]
                notes.append("\(path) names no nameserver, so the resolver asks \(Self.implicitNameserver): "
                             + "a scripted server answers there")
            }
        case .kubernetes(let dns, let podName):
            let generated: PodResolvConf
            switch dns.resolvConf() {
            case .success(let made): generated = made
            case .failure(let problem): throw TraceSetupError("--node-resolv-conf: \(problem.message)")
            }
            resolvConf = generated.text
            notes += Self.kubeletNotes(generated, pod: dns.pod, podName: podName)
            let found = Self.nameservers(in: resolvConf, file: "the pod's resolv.conf")
            nameservers = found.addresses
            notes += found.notes
            if nameservers.isEmpty, let implicit = IPAddress(Self.implicitNameserver) {
                nameservers = [implicit]
                notes.append("the pod's resolv.conf names no nameserver, so the resolver asks \(Self.implicitNameserver): "
                             + "a scripted server answers there")
            }
        case .options(let search, let ndots, let given, let options):
            for text in given {
                guard let address = IPAddress(text) else {
                    throw TraceSetupError("--nameserver \(text): expected an IPv4 or IPv6 address, such as 10.53.0.1")
                }
                if !nameservers.contains(address) { nameservers.append(address) }
            }
            if nameservers.isEmpty, let fallback = IPAddress(Self.defaultNameserver) { nameservers = [fallback] }
            for domain in search where domain.isEmpty || domain.contains(where: \.isWhitespace) {
                throw TraceSetupError("--search \"\(domain)\": expected a domain name without spaces")
            }
            if let ndots, !Self.ndotsRange.contains(ndots) {
                throw TraceSetupError("--ndots \(ndots): expected a number from 0 to 15")
            }
            for option in options where option.isEmpty || option.contains(where: \.isWhitespace) {
                throw TraceSetupError("--option \"\(option)\": expected one resolv.conf option without spaces, such as edns0 or timeout:1")
            }
            var lines: [String] = []
            if !search.isEmpty { lines.append("search " + search.joined(separator: " ")) }
            lines += nameservers.map { "nameserver \($0)" }
            let allOptions = (ndots.map { ["ndots:\($0)"] } ?? []) + options
            if !allOptions.isEmpty { lines.append("options " + allOptions.joined(separator: " ")) }
            resolvConf = lines.map { $0 + "\n" }.joined()
        }
        var records: [(name: String, type: String, values: [String])] = []
        for entry in zone {
            let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, let address = IPAddress(parts[1]) else {
                throw TraceSetupError("--zone \(entry): expected NAME=IP, such as api.example=10.0.0.5 or api.example=fd00::5")
            }
            let name: DNSName
            do {
                name = try DNSName(parts[0])
            } catch {
                throw TraceSetupError("--zone \(entry): \(parts[0]) is not a domain name: \(error)")
            }
            let type = if case .v4 = address { "A" } else { "AAAA" }
            let owner = name.description
            if let index = records.firstIndex(where: { $0.name == owner && $0.type == type }) {
                if !records[index].values.contains(address.description) { records[index].values.append(address.description) }
            } else {
                records.append((owner, type, [address.description]))
            }
        }
        for address in addresses where AddressPrefix(address) == nil {
            throw TraceSetupError("--address \(address): expected ADDRESS/PREFIX or an address, such as fd00::17/128 or 10.0.0.2")
        }
        var recordTable: [(String, JSONValue)] = []
        for owner in records.map(\.name) where !recordTable.contains(where: { $0.0 == owner }) {
            let types = records.filter { $0.name == owner }.map { ($0.type, JSONValue.array($0.values.map(JSONValue.init))) }
            recordTable.append((owner, .object(types)))
        }
        var server: [(String, JSONValue)] = []
        if !recordTable.isEmpty { server.append(("records", .object(recordTable))) }
        if let otherwise { server.append(("otherwise", JSONValue(otherwise.rawValue))) }

        var members: [(String, JSONValue)] = [
            ("name", JSONValue("trace: " + command.joined(separator: " "))),
            ("description", JSONValue("Written by resolvlab trace: the sandbox its options made, the command as the only "
                                      + "lookup, and the queries it sent as the expectation.")),
            ("tags", .array([JSONValue("trace")])),
        ]
        if let hostname { members.append(("hostname", JSONValue(hostname))) }
        if !addresses.isEmpty { members.append(("addresses", .array(addresses.map(JSONValue.init)))) }
        if case .kubernetes(let dns, _) = resolver {
            members.append(("kubernetes", dns.jsonValue))
        } else {
            members.append(("resolvConf", Self.textValue(resolvConf)))
        }
        if let hostsFile { members.append(("hosts", Self.textValue(try Self.readText(hostsFile, option: "--hosts")))) }
        members.append(("servers", .array(nameservers.map { address in
            .object([("address", JSONValue(address.description))] + server)
        })))
        members.append(("lookups", .array([.object([("exec", .array(command.map(JSONValue.init)))])])))
        if let timeoutMs { members.append(("timeoutMs", JSONValue(timeoutMs))) }
        let text = JSONRenderer().render(.object(members)) + "\n"
        return (Array(text.utf8), notes)
    }

    /// The text of the scenario in `path` with the traced command as its only lookup: its files,
    /// servers, addresses and hostname as written (comments and layout kept); its `expect` and
    /// `requires` removed (they were about its own lookups), and its `$schema`; its name and
    /// description saying what the file now is; `timeoutMs` replaced when given. Errors name the
    /// file, as `check` does.
    public static func source(scenarioFile path: String, command: [String], timeoutMs: Int?) throws(ScenarioErrors) -> [UInt8] {
        var bytes = try ScenarioLoader.read(path)
        _ = try ScenarioDecoder.decode(bytes, file: path, options: .init(allowNoAssertions: true))
        let renderer = JSONRenderer()
        func root() -> JSONNode? { try? JSONParser.parse(bytes) }
        func set(_ key: String, _ value: JSONValue) {
            guard let object = root() else { return }
            if let node = object[key] {
                bytes = JSONEdit.replacingValue(of: node, with: value, in: bytes, renderer: renderer)
            } else {
                bytes = JSONEdit.appendingMember(key: key, value: value, to: object, in: bytes, renderer: renderer)
            }
        }
        // `$schema` is relative to where the file was, not to where the new one goes.
        for key in ["expect", "requires", "$schema"] {
            if let object = root(), object[key] != nil { bytes = JSONEdit.removingMember(key: key, from: object, in: bytes) }
        }
        set("name", JSONValue("trace: " + command.joined(separator: " ")))
        set("description", JSONValue("Written by resolvlab trace: the sandbox of \(path), the command as the only lookup, "
                                     + "and the queries it sent as the expectation."))
        set("lookups", .array([.object([("exec", .array(command.map(JSONValue.init)))])]))
        if let timeoutMs { set("timeoutMs", JSONValue(timeoutMs)) }
        return bytes
    }

    /// How the kubelet chose the pod's resolv.conf and the events it would report, for `--pod`.
    public static func kubeletNotes(_ generated: PodResolvConf, pod: PodDNS, podName: String?) -> [String] {
        let who = podName.map { "pod \($0) in namespace \(pod.namespace)" } ?? "a pod in namespace \(pod.namespace)"
        var notes = ["kubelet: \(who), \(generated.explanation(for: pod))"]
        notes += generated.events.map { "kubelet event: \($0)" }
        if generated.isEmpty {
            notes.append("kubelet: the configuration is empty, so the container runtime copies the node's resolv.conf")
        }
        return notes
    }

    /// Text for `resolvConf` or `hosts`: an array of lines when every line ends with a newline
    /// (how the bundled scenarios read), else the exact string.
    static func textValue(_ text: String) -> JSONValue {
        guard text.hasSuffix("\n") else { return JSONValue(text) }
        return .array(text.dropLast().split(separator: "\n", omittingEmptySubsequences: false).map { JSONValue(String($0)) })
    }

    /// The addresses of the `nameserver` lines of a resolv.conf, in order, and a note for each line
    /// whose address cannot be served (the resolver skips such lines too).
    static func nameservers(in text: String, file: String) -> (addresses: [IPAddress], notes: [String]) {
        var addresses: [IPAddress] = []
        var notes: [String] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard words.first == "nameserver" else { continue }
            guard words.count > 1, let address = IPAddress(String(words[1])) else {
                notes.append("\(file):\(number + 1): no scripted server for \"\(line)\": expected an IPv4 or IPv6 address")
                continue
            }
            if !addresses.contains(address) { addresses.append(address) }
        }
        return (addresses, notes)
    }

    /// A host file's contents as text, or an error naming the option, the file and what was wrong.
    public static func readText(_ path: String, option: String) throws(TraceSetupError) -> String {
        let bytes: [UInt8]
        do {
            let fd = try FileDescriptor.open(path, flags: O_RDONLY | O_CLOEXEC)
            defer { fd.closeIgnoringErrors() }
            var info = stat()
            if fstat(fd.rawValue, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
                throw TraceSetupError("\(option) \(path): is a directory; expected a file")
            }
            bytes = try fd.readToEnd(limit: (1 << 20) + 1)
        } catch let error as TraceSetupError {
            throw error
        } catch {
            throw TraceSetupError("\(option) \(path): cannot be read: \(error)")
        }
        if bytes.count > 1 << 20 { throw TraceSetupError("\(option) \(path): larger than 1 MiB; expected a \(option.dropFirst(2)) file") }
        guard let text = String(validating: bytes, as: UTF8.self), !bytes.contains(0) else {
            throw TraceSetupError("\(option) \(path): expected a text file (UTF-8, no NUL bytes)")
        }
        return text
    }
}
