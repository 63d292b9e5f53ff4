/// What decides a pod's /etc/resolv.conf: the pod's own DNS settings and its node's kubelet.
///
/// Modelled on the kubelet of Kubernetes 1.28 and later (`pkg/kubelet/network/dns/dns.go`, `GetPodDNS`),
/// and on the rules kubernetes.io documents in "DNS for Services and Pods".
public struct KubernetesDNS: Sendable, Equatable {
    public var pod: PodDNS
    public var node: NodeDNS

    public init(pod: PodDNS = PodDNS(), node: NodeDNS = NodeDNS()) {
        self.pod = pod
        self.node = node
    }
}

/// The pod's side: `metadata.namespace`, `spec.dnsPolicy`, `spec.hostNetwork`, `spec.dnsConfig`.
public struct PodDNS: Sendable, Equatable {
    public var namespace: String
    public var dnsPolicy: DNSPolicy
    public var hostNetwork: Bool
    /// nil when the pod has no `dnsConfig` (not the same as an empty one: an empty one still merges options).
    public var dnsConfig: PodDNSConfig?

    /// The API server's defaults.
    public static let defaultNamespace = "default"

    public init(namespace: String = PodDNS.defaultNamespace, dnsPolicy: DNSPolicy = .clusterFirst, hostNetwork: Bool = false,
                dnsConfig: PodDNSConfig? = nil) {
        self.namespace = namespace
        self.dnsPolicy = dnsPolicy
        self.hostNetwork = hostNetwork
        self.dnsConfig = dnsConfig
    }
}

/// `spec.dnsPolicy`; the API server defaults it to ClusterFirst.
public enum DNSPolicy: String, CaseIterable, Sendable, Hashable {
    case clusterFirst = "ClusterFirst"
    case clusterFirstWithHostNet = "ClusterFirstWithHostNet"
    case `default` = "Default"
    case none = "None"
}

/// `spec.dnsConfig`: added to what the policy gives.
public struct PodDNSConfig: Sendable, Equatable {
    public var nameservers: [String]
    public var searches: [String]
    public var options: [Option]

    public init(nameservers: [String] = [], searches: [String] = [], options: [Option] = []) {
        self.nameservers = nameservers
        self.searches = searches
        self.options = options
    }

    /// One of `spec.dnsConfig.options`: a name, and a value or none (`edns0`).
    public struct Option: Sendable, Equatable {
        public var name: String
        public var value: String?

        public init(_ name: String, _ value: String? = nil) {
            self.name = name
            self.value = value
        }
    }
}

/// The node's side: the kubelet's `clusterDomain`, `clusterDNS` and the node's resolv.conf (`--resolv-conf`).
public struct NodeDNS: Sendable, Equatable {
    /// "" is a kubelet without a cluster domain: ClusterFirst pods get only the node's search domains.
    public var clusterDomain: String
    /// Empty is a kubelet without cluster DNS: ClusterFirst pods fall back to Default.
    public var clusterDNS: [String]
    /// The text of the file the kubelet's `--resolv-conf` names.
    public var resolvConf: String

    /// kubeadm's defaults: the domain every cluster documents, and the tenth address of its default service range.
    public static let defaultClusterDomain = "cluster.local"
    public static let defaultClusterDNS = ["10.96.0.10"]

    public init(clusterDomain: String = NodeDNS.defaultClusterDomain, clusterDNS: [String] = NodeDNS.defaultClusterDNS,
                resolvConf: String = "") {
        self.clusterDomain = clusterDomain
        self.clusterDNS = clusterDNS
        self.resolvConf = resolvConf
    }
}
