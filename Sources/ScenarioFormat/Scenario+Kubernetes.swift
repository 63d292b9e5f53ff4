import Kubelet

extension Scenario {
    /// Gives the scenario these pod and node DNS settings and the resolv.conf the kubelet makes from them
    /// (`run --pod`). The settings are taken as checked (`KubernetesDNS.problems`); only a node resolv.conf the
    /// kubelet cannot read fails.
    public mutating func setKubernetes(_ dns: KubernetesDNS) throws(NodeResolvConf.Problem) {
        resolvConf = try dns.resolvConf().get().text
        kubernetes = dns
    }
}

extension KubernetesDNS {
    /// The `kubernetes` member that says this, defaults left out, keys in the format's order.
    public var jsonValue: JSONValue {
        var members: [(String, JSONValue)] = []
        if pod.namespace != PodDNS.defaultNamespace { members.append(("namespace", JSONValue(pod.namespace))) }
        if pod.dnsPolicy != .clusterFirst { members.append(("dnsPolicy", JSONValue(pod.dnsPolicy.rawValue))) }
        if pod.hostNetwork { members.append(("hostNetwork", .bool(true))) }
        if let config = pod.dnsConfig {
            var configMembers: [(String, JSONValue)] = []
            if !config.nameservers.isEmpty { configMembers.append(("nameservers", .array(config.nameservers.map(JSONValue.init)))) }
            if !config.searches.isEmpty { configMembers.append(("searches", .array(config.searches.map(JSONValue.init)))) }
            if !config.options.isEmpty {
                configMembers.append(("options", .array(config.options.map { option in
                    .object([("name", JSONValue(option.name))] + (option.value.map { [("value", JSONValue($0))] } ?? []))
                })))
            }
            members.append(("dnsConfig", .object(configMembers)))
        }
        if node.clusterDomain != NodeDNS.defaultClusterDomain { members.append(("clusterDomain", JSONValue(node.clusterDomain))) }
        if node.clusterDNS != NodeDNS.defaultClusterDNS { members.append(("clusterDNS", .array(node.clusterDNS.map(JSONValue.init)))) }
        if !node.resolvConf.isEmpty {
            // Lines when the file is lines (as the bundled scenarios write files), else its exact text.
            let text = node.resolvConf
            let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false)
            members.append(("nodeResolvConf", text.hasSuffix("\n") && !text.dropLast().contains("\r")
                ? .array(lines.map { JSONValue(String($0)) }) : JSONValue(text)))
        }
        return .object(members)
    }
}
