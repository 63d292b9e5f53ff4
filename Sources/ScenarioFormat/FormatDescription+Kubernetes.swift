import Kubelet

/// `kubernetes`: the pod's DNS settings and its node's, from which the resolv.conf is made as the kubelet makes it.
extension FormatDescription {
    static var kubernetesDefinitions: [Definition] {
        [.object(kubernetes), .object(dnsConfig), .object(dnsOption)]
    }

    static let resolvConfOrKubernetes = Constraint(
        "\"kubernetes\" makes /etc/resolv.conf as the kubelet would; \"resolvConf\" gives it byte for byte: one or the other.",
        .exclusive("resolvConf", "kubernetes"))

    static let kubernetes = Object(
        "kubernetes",
        "A pod's DNS settings and its node's: the sandbox's /etc/resolv.conf is made from them as the kubelet of Kubernetes "
            + "1.28 and later makes it (the policy's base, dnsConfig merged in, duplicates removed, at most 3 nameservers and "
            + "32 search domains of 2048 characters), and written as containerd and CRI-O write it. `resolvlab "
            + "kubelet-resolv-conf FILE` prints it.",
        constraints: [Constraint(
            "dnsPolicy None needs a dnsConfig with at least one nameserver (the API server refuses the pod without).",
            .schema(keywords(["if": .members(["required": .strings(["dnsPolicy"]),
                                              "properties": .members(["dnsPolicy": .members(["const": .string(DNSPolicy.none.rawValue)])])]),
                              "then": .members(["required": .strings(["dnsConfig"]),
                                                "properties": .members(["dnsConfig": .members([
                                                    "required": .strings(["nameservers"]),
                                                    "properties": .members(["nameservers": .members(["minItems": JSONValue(1)])]),
                                                ])])])]),
                    keys: ["dnsPolicy", "dnsConfig"]))],
        keys: [
            Key("namespace", .string(minLength: 1, maxLength: KubernetesLimits.maxNamespaceLength,
                                     pattern: Pattern(Regex.kubernetesLabel, "Expected a namespace name: lowercase letters, digits and -, "
                                                        + "starting and ending with a letter or digit.")),
                default: .string(PodDNS.defaultNamespace),
                "The pod's namespace (metadata.namespace), default \"default\": the first search domain is <namespace>.svc.<clusterDomain>."),
            Key("dnsPolicy", .choice(of: DNSPolicy.self), default: .string(DNSPolicy.clusterFirst.rawValue),
                "spec.dnsPolicy, default ClusterFirst: the cluster's DNS servers and search domains with ndots:5; "
                    + "ClusterFirstWithHostNet the same on the host's network; Default the node's resolv.conf; None only dnsConfig. "
                    + "ClusterFirst on the host's network, or on a kubelet without cluster DNS, is Default."),
            Key("hostNetwork", .boolean, default: .bool(false), "spec.hostNetwork: the pod runs on the node's network."),
            Key("dnsConfig", .reference("dnsConfig"), "spec.dnsConfig: added to what the policy gives."),
            Key("clusterDomain", .string(maxLength: KubernetesLimits.maxSearchDomainLength, pattern: Pattern(
                Regex.clusterDomain, "Expected a domain like cluster.local (lowercase, no trailing dot), or \"\" for a kubelet without one.")),
                default: .string(NodeDNS.defaultClusterDomain),
                "The kubelet's clusterDomain, default cluster.local; \"\" for a kubelet without one (ClusterFirst pods then "
                    + "get only the node's search domains)."),
            Key("clusterDNS", .array(.reference("ipAddress")), default: .strings(NodeDNS.defaultClusterDNS),
                "The kubelet's clusterDNS addresses, default [\"10.96.0.10\"] (kubeadm's); [] for a kubelet without any, "
                    + "whose ClusterFirst pods fall back to Default. Give each a server."),
            Key("nodeResolvConf", .reference("fileText"),
                "The node's resolv.conf (the kubelet's --resolv-conf), as the kubelet reads it: its nameservers, last search line "
                    + "and last options line. Default: empty."),
        ])

    static let dnsConfig = Object(
        "dnsConfig",
        "spec.dnsConfig, as the API server accepts it: at most \(KubernetesLimits.maxNameservers) nameservers, at most "
            + "\(KubernetesLimits.maxSearchPaths) search domains of \(KubernetesLimits.maxSearchListCharacters) characters together "
            + "(resolvlab check verifies the length).",
        keys: [
            Key("nameservers", .refined(.array(.reference("ipAddress")), keywords(["maxItems": JSONValue(KubernetesLimits.maxNameservers)])),
                "Nameserver addresses appended to the policy's, each once."),
            Key("searches", .refined(.array(.reference("searchDomain")), keywords(["maxItems": JSONValue(KubernetesLimits.maxSearchPaths)])),
                "Search domains appended to the policy's, each once."),
            Key("options", .array(.reference("dnsOption")),
                "Options merged by name into the policy's: one given here replaces the base's (ndots \"1\" replaces ndots:5)."),
        ])

    static let dnsOption = Object(
        "dnsOption",
        "One resolver option: { \"name\": \"ndots\", \"value\": \"1\" } is written ndots:1, { \"name\": \"edns0\" } edns0.",
        keys: [
            Key("name", .string(minLength: 1, pattern: Pattern(Regex.optionName, "An option name has no blanks or colons, like ndots.")),
                required: "the option's name, like ndots", "The option's name, like ndots, edns0, timeout."),
            Key("value", .string(), "The option's value, a string like \"1\"; without one (or \"\") the option is written bare."),
        ])

    static var kubernetesValues: [Value] {
        [Value("searchDomain",
               "A search domain as the API server accepts it: a DNS-1123 subdomain (lowercase letters, digits, - and dots) of at "
                + "most \(KubernetesLimits.maxSearchDomainLength) characters, with or without a trailing dot.",
               .anyOf([.string(maxLength: KubernetesLimits.maxSearchDomainLength, pattern: Pattern(Regex.kubernetesSubdomain + "$", nil)),
                       .string(maxLength: KubernetesLimits.maxSearchDomainLength + 1, pattern: Pattern(Regex.kubernetesSubdomain + "\\.$", nil))]))]
    }
}

extension FormatDescription.Regex {
    static let kubernetesLabelText = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
    /// A namespace name (`IsDNS1123Label`, whose length the key's maxLength gives).
    static let kubernetesLabel = "^" + kubernetesLabelText + "$"
    /// `IsDNS1123Subdomain`, without its end anchor so a trailing-dot form can be added.
    static let kubernetesSubdomain = "^" + kubernetesLabelText + "(\\." + kubernetesLabelText + ")*"
    static let clusterDomain = "^$|" + kubernetesSubdomain + "$"
    static let optionName = "^[^\\s:]+$"
}
