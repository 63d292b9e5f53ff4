import DNSWire

/// The DNS configuration the kubelet hands the container runtime for a pod, and the file the runtime writes.
public struct PodResolvConf: Sendable, Equatable {
    public var nameservers: [String]
    public var searches: [String]
    public var options: [String]
    /// How the kubelet chose its base: the policy in effect, and why when it differs from the pod's.
    public var basis: Basis
    /// What the kubelet reports on the way (its `DNSConfigForming` and `MissingClusterDNS` events, in its words).
    public var events: [String]
    /// The node's resolv.conf, which the runtime copies when the kubelet's configuration is empty.
    var nodeResolvConf: String

    public enum Basis: Sendable, Equatable {
        /// The cluster's DNS servers and search domains, `ndots:5`.
        case cluster
        /// The node's resolv.conf; `fellBack` says why a ClusterFirst pod got it.
        case node(fellBack: Fallback?)
        /// Nothing but the pod's dnsConfig.
        case none
    }

    public enum Fallback: Sendable, Equatable {
        /// ClusterFirst on the host's network is Default (only ClusterFirstWithHostNet keeps cluster DNS there).
        case hostNetwork
        /// The kubelet has no cluster DNS address.
        case noClusterDNS
    }

    /// What containerd and CRI-O write: a `search` line, a `nameserver` line each, an `options` line, each only
    /// when it has something. A configuration with nothing at all makes them copy the node's /etc/resolv.conf.
    public var text: String {
        if isEmpty { return nodeResolvConf }
        var lines: [String] = []
        if !searches.isEmpty { lines.append("search " + searches.joined(separator: " ")) }
        lines += nameservers.map { "nameserver " + $0 }
        if !options.isEmpty { lines.append("options " + options.joined(separator: " ")) }
        return lines.map { $0 + "\n" }.joined()
    }

    /// Nothing to write: the runtime copies the node's file instead.
    public var isEmpty: Bool { nameservers.isEmpty && searches.isEmpty && options.isEmpty }

    /// One line on how the base was chosen, for people reading a trace or `kubelet-resolv-conf`.
    public func explanation(for pod: PodDNS) -> String {
        let policy = "dnsPolicy \(pod.dnsPolicy.rawValue)" + (pod.hostNetwork ? " with hostNetwork" : "")
        let merged = pod.dnsConfig == nil || basis == .none ? "" : ", then the pod's dnsConfig merged in"
        switch basis {
        case .cluster: return "\(policy): the cluster's DNS servers and search domains with options ndots:5\(merged)"
        case .none: return "\(policy): only the pod's dnsConfig"
        case .node(nil): return "\(policy): the node's resolv.conf\(merged)"
        case .node(.hostNetwork?): return "\(policy): on the host's network ClusterFirst is Default, the node's resolv.conf\(merged)"
        case .node(.noClusterDNS?):
            return "\(policy): the kubelet has no cluster DNS address, so it falls back to Default, the node's resolv.conf\(merged)"
        }
    }
}

extension KubernetesDNS {
    /// The kubelet's `GetPodDNS`, then the runtime's file. Fails only as the kubelet does, on a node
    /// resolv.conf it cannot read; the inputs are otherwise taken as valid (see `problems`).
    public func resolvConf() -> Result<PodResolvConf, NodeResolvConf.Problem> {
        let host: NodeResolvConf
        switch NodeResolvConf.parse(node.resolvConf) {
        case .success(let parsed): host = parsed
        case .failure(let problem): return .failure(problem)
        }
        var nameservers = host.nameservers
        var searches = host.searches
        var options = host.options
        var events: [String] = []
        let basis: PodResolvConf.Basis
        switch pod.dnsPolicy {
        case .none:
            (nameservers, searches, options) = ([], [], [])
            basis = .none
        case .clusterFirst where pod.hostNetwork:
            basis = .node(fellBack: .hostNetwork)
        case .default:
            basis = .node(fellBack: nil)
        case .clusterFirst, .clusterFirstWithHostNet:
            if node.clusterDNS.isEmpty {
                events.append("MissingClusterDNS: kubelet does not have ClusterDNS IP configured and cannot create Pod using "
                              + "\"\(pod.dnsPolicy.rawValue)\" policy. Falling back to \"Default\" policy.")
                basis = .node(fellBack: .noClusterDNS)
            } else {
                // The cluster's DNS server is the only one: it forwards what it cannot answer itself.
                nameservers = node.clusterDNS.map { IPAddress($0)?.description ?? $0 }
                searches = clusterSearches(after: host.searches)
                options = ["ndots:5"]
                basis = .cluster
            }
        }
        if let dnsConfig = pod.dnsConfig {
            nameservers = (nameservers + dnsConfig.nameservers).withoutDuplicates
            searches = (searches + dnsConfig.searches).withoutDuplicates
            options = Self.merge(options, dnsConfig.options)
        }
        if nameservers.count > KubernetesLimits.maxNameservers {
            nameservers = Array(nameservers.prefix(KubernetesLimits.maxNameservers))
            events.append("DNSConfigForming: Nameserver limits were exceeded, some nameservers have been omitted, the applied "
                          + "nameserver line is: \(nameservers.joined(separator: " "))")
        }
        let (fitting, cut) = Self.fitSearches(searches)
        if cut {
            events.append("DNSConfigForming: Search Line limits were exceeded, some search paths have been omitted, the applied "
                          + "search line is: \(fitting.joined(separator: " "))")
        }
        return .success(PodResolvConf(nameservers: nameservers, searches: fitting, options: options, basis: basis,
                                      events: events, nodeResolvConf: node.resolvConf))
    }

    /// `<namespace>.svc.<domain> svc.<domain> <domain>`, then the node's own search domains, each once.
    func clusterSearches(after hostSearches: [String]) -> [String] {
        guard !node.clusterDomain.isEmpty else { return hostSearches }
        let domain = node.clusterDomain
        return (["\(pod.namespace).svc.\(domain)", "svc.\(domain)", domain] + hostSearches).withoutDuplicates
    }

    /// `mergeDNSOptions`: options by name, the pod's replacing the base's (`ndots` from dnsConfig replaces
    /// `ndots:5`), an empty value written as the bare name. The kubelet's order is Go's map order, random
    /// from one pod to the next; here the base's options keep their places and new ones follow in
    /// dnsConfig's order. glibc reads each option for itself, so the order does not change what it does.
    static func merge(_ base: [String], _ added: [PodDNSConfig.Option]) -> [String] {
        var merged: [(name: String, value: String)] = []
        func set(_ name: String, _ value: String) {
            if let index = merged.firstIndex(where: { $0.name == name }) { merged[index].value = value } else { merged.append((name, value)) }
        }
        for option in base {
            if let colon = option.firstIndex(of: ":") {
                set(String(option[..<colon]), String(option[option.index(after: colon)...]))
            } else {
                set(option, "")
            }
        }
        for option in added { set(option.name, option.value ?? "") }
        return merged.map { $0.value.isEmpty ? $0.name : "\($0.name):\($0.value)" }
    }

    /// `formDNSSearchFitsLimits`: the first 32; then without any longer than 253 characters; then, while
    /// the line (with a space between each) is over 2048 characters, without the last. True when anything went.
    static func fitSearches(_ searches: [String]) -> (searches: [String], cut: Bool) {
        var cut = false
        var fitting = searches
        if fitting.count > KubernetesLimits.maxSearchPaths {
            fitting = Array(fitting.prefix(KubernetesLimits.maxSearchPaths))
            cut = true
        }
        let short = fitting.filter { $0.utf8.count <= KubernetesLimits.maxSearchDomainLength }
        if short.count != fitting.count { cut = true }
        fitting = short
        var length = fitting.joined(separator: " ").utf8.count
        if length > KubernetesLimits.maxSearchListCharacters {
            while length > KubernetesLimits.maxSearchListCharacters, let last = fitting.popLast() {
                length -= last.utf8.count + 1
            }
            cut = true
        }
        return (fitting, cut)
    }
}

extension Array where Element == String {
    /// `omitDuplicates`: each string once, where it first appears (exact comparison).
    var withoutDuplicates: [String] {
        var seen = Set<String>()
        return filter { seen.insert($0).inserted }
    }
}
