import Kubelet

extension ScenarioDecoder {
    /// `kubernetes`: the pod's and the node's DNS settings; sets the scenario's resolv.conf to what the kubelet makes.
    static func decodeKubernetes(_ node: JSONNode, _ path: JSONPath, into scenario: inout Scenario, context: DecodingContext) {
        guard let object = context.object(node, path, as: FormatDescription.kubernetes) else { return }
        let before = context.errors.count + context.omitted
        var dns = KubernetesDNS()
        if let (node, path) = object["namespace"], let text = context.string(node, path) { dns.pod.namespace = text }
        if let (node, path) = object["dnsPolicy"], let policy = context.choice(node, path, as: DNSPolicy.self) { dns.pod.dnsPolicy = policy }
        if let (node, path) = object["hostNetwork"], let value = context.bool(node, path) { dns.pod.hostNetwork = value }
        if let (node, path) = object["dnsConfig"] { dns.pod.dnsConfig = decodeDNSConfig(node, path, context: context) }
        if let (node, path) = object["clusterDomain"], let text = context.string(node, path) { dns.node.clusterDomain = text }
        if let (node, path) = object["clusterDNS"] { dns.node.clusterDNS = context.strings(node, path, allowSingle: false) ?? [] }
        if let (node, path) = object["nodeResolvConf"] { dns.node.resolvConf = decodeFileText(node, path, context: context) }
        // What the JSON kinds allow, judged as the API server and the kubelet would; once the kinds are right.
        guard context.errors.count + context.omitted == before else { return }
        for problem in dns.problems {
            let (at, problemPath) = locate(problem.path, from: node, path)
            context.fail(problem.message, at: at, path: problemPath)
        }
        guard context.errors.count + context.omitted == before, case .success(let generated) = dns.resolvConf() else { return }
        scenario.kubernetes = dns
        scenario.resolvConf = generated.text
    }

    static func decodeDNSConfig(_ node: JSONNode, _ path: JSONPath, context: DecodingContext) -> PodDNSConfig? {
        guard let object = context.object(node, path, as: FormatDescription.dnsConfig) else { return nil }
        var config = PodDNSConfig()
        if let (node, path) = object["nameservers"] { config.nameservers = context.strings(node, path, allowSingle: false) ?? [] }
        if let (node, path) = object["searches"] { config.searches = context.strings(node, path, allowSingle: false) ?? [] }
        if let (node, path) = object["options"], let elements = context.array(node, path) {
            for (index, element) in elements.enumerated() {
                guard let option = context.object(element, path.appending(index), as: FormatDescription.dnsOption) else { continue }
                var name = ""
                if let (node, path) = option.require("name") { name = context.string(node, path) ?? "" }
                var value: String?
                if let (node, path) = option["value"] { value = context.string(node, path) }
                config.options.append(.init(name, value))
            }
        }
        return config
    }

    /// The node a problem is about, and its JSON path; the nearest node that exists when the key is absent.
    /// A `nodeResolvConf` line is its array element when the file is written as lines, else the string.
    static func locate(_ components: [KubeletInputProblem.Component], from root: JSONNode,
                       _ rootPath: JSONPath) -> (JSONNode, JSONPath) {
        var node = root
        var path = rootPath
        for component in components {
            switch component {
            case .key(let key):
                guard let next = node[key] else { return (node, path) }
                node = next
                path = path.appending(key)
            case .index(let index):
                guard let next = node[index] else { return (node, path) }
                node = next
                path = path.appending(index)
            }
        }
        return (node, path)
    }
}
