import DNSWire
import Observation
import ScenarioFormat

/// A scenario made from a running process (`resolvlab snapshot`, `trace --target --emit-scenario`):
/// its resolv.conf, hosts, nsswitch.conf (and gai.conf), hostname and interface addresses (so
/// `AI_ADDRCONFIG` decides the same), and a scripted server per nameserver, empty or replaying what
/// a trace observed.
public struct TargetScenario: Sendable {
    public var snapshot: TargetSnapshot
    public var target: AttachTarget

    public init(snapshot: TargetSnapshot, target: AttachTarget) {
        self.snapshot = snapshot
        self.target = target
    }

    /// Addresses every sandbox's `lo` has already.
    static let loopbackAddresses = [AddressPrefix("127.0.0.1/8"), AddressPrefix("::1/128")].compactMap { $0 }

    /// The target's nameservers (port 53), in resolv.conf order; `127.0.0.1` when it names none,
    /// as glibc and musl then ask there.
    public var nameservers: [SocketAddress] {
        let found = TraceSetup.nameservers(in: snapshot.resolvConf ?? "", file: "resolv.conf").addresses
        let addresses = found.isEmpty ? [IPAddress(TraceSetup.implicitNameserver)].compactMap { $0 } : found
        return addresses.map { SocketAddress(address: $0, port: 53) }
    }

    /// The interface addresses a sandbox needs to add: all of them but loopback's own, each once.
    public var addresses: [AddressPrefix] {
        var seen: [AddressPrefix] = []
        for address in snapshot.interfaces.flatMap(\.addresses)
            where !Self.loopbackAddresses.contains(address) && !seen.contains(where: { $0.address == address.address }) {
            seen.append(address)
        }
        return seen
    }

    /// Notes for the user about what the scenario could not take from the target.
    public var notes: [String] {
        var notes: [String] = []
        if snapshot.resolvConf == nil { notes.append("\(target.owner) has no readable /etc/resolv.conf: the scenario's is empty") }
        notes += TraceSetup.nameservers(in: snapshot.resolvConf ?? "", file: "resolv.conf").notes
        if let hostname = snapshot.hostname, !Self.isValidHostname(hostname) {
            notes.append("hostname \(hostname) is not one a scenario can set; left out")
        }
        return notes
    }

    static func isValidHostname(_ name: String) -> Bool {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        return !name.isEmpty && name.utf8.count <= Scenario.hostnameMaxLength && !name.hasSuffix(".")
            && name.allSatisfy(allowed.contains) && (try? DNSName(name)) != nil
    }

    /// The scenario's text: `name`, `description`, the target's sandbox, `servers` (default: an
    /// empty server per nameserver), `lookups` (already in scenario form), and `timeoutMs` when given.
    public func source(name: String, description: String, tags: [String], servers: [JSONValue]? = nil,
                       lookups: [JSONValue], timeoutMs: Int? = nil) -> [UInt8] {
        var members: [(String, JSONValue)] = [
            ("name", JSONValue(name)), ("description", JSONValue(description)), ("tags", .array(tags.map(JSONValue.init))),
        ]
        if let hostname = snapshot.hostname, Self.isValidHostname(hostname) { members.append(("hostname", JSONValue(hostname))) }
        if !addresses.isEmpty { members.append(("addresses", .array(addresses.map { JSONValue($0.description) }))) }
        members.append(("resolvConf", TraceSetup.textValue(snapshot.resolvConf ?? "")))
        if let hosts = snapshot.hosts { members.append(("hosts", TraceSetup.textValue(hosts))) }
        // A gai.conf of comments alone sorts as the sandbox's empty one does.
        let gaiConf = snapshot.gaiConf.flatMap { text in
            text.split(separator: "\n").contains { !$0.trimmingPrefix(while: \.isWhitespace).hasPrefix("#")
                && !$0.allSatisfy(\.isWhitespace) } ? text : nil
        }
        let files = [("/etc/nsswitch.conf", snapshot.nsswitchConf), ("/etc/gai.conf", gaiConf)]
            .compactMap { path, text in text.map { (path, JSONValue($0)) } }
        if !files.isEmpty { members.append(("files", .object(files))) }
        members.append(("servers", .array(servers ?? nameservers.map { server in
            .object([("address", JSONValue(server.address.description))])
        })))
        members.append(("lookups", .array(lookups)))
        if let timeoutMs { members.append(("timeoutMs", JSONValue(timeoutMs))) }
        return Array((JSONRenderer().render(.object(members)) + "\n").utf8)
    }
}
