import DNSWire

/// Something a Pod or a kubelet could not have: the API server would refuse the pod, the kubelet would not
/// start, or the kubelet could not read the node's resolv.conf.
public struct KubeletInputProblem: Sendable, Equatable, CustomStringConvertible {
    public enum Component: Sendable, Equatable {
        case key(String)
        case index(Int)
    }

    /// Where, from the `kubernetes` object: `[.key("dnsConfig"), .key("searches"), .index(2)]`.
    /// `nodeResolvConf` problems end with the line's index (0-based).
    public var path: [Component]
    public var message: String

    public init(_ path: [Component], _ message: String) {
        self.path = path
        self.message = message
    }

    /// `dnsConfig.searches[2]: message`
    public var description: String {
        var text = ""
        for component in path {
            switch component {
            case .key(let key): text += text.isEmpty ? key : ".\(key)"
            case .index(let index): text += "[\(index)]"
            }
        }
        return text + ": " + message
    }
}

/// The API server's limits on `dnsConfig` (`pkg/apis/core/validation`); the kubelet applies the same ones to
/// what it composes, cutting instead of refusing.
public enum KubernetesLimits {
    public static let maxNameservers = 3
    public static let maxSearchPaths = 32
    public static let maxSearchListCharacters = 2048
    /// `DNS1123SubdomainMaxLength`: longer search domains are dropped (glibc 2.28 aborted on them).
    public static let maxSearchDomainLength = 253
    /// `DNS1123LabelMaxLength`: a namespace name.
    public static let maxNamespaceLength = 63
}

extension KubernetesDNS {
    /// Every problem, in the order of the keys; empty when a cluster could run this pod.
    public var problems: [KubeletInputProblem] {
        var problems = pod.problems
        problems += node.problems
        return problems
    }
}

extension PodDNS {
    public var problems: [KubeletInputProblem] {
        var problems: [KubeletInputProblem] = []
        if !KubernetesNames.isLabel(namespace) {
            problems.append(.init([.key("namespace")],
                                  "expected a namespace name: at most \(KubernetesLimits.maxNamespaceLength) lowercase letters, digits "
                                    + "and -, starting and ending with a letter or digit (a DNS-1123 label); found \(namespace.quoted)"))
        }
        if dnsPolicy == .none, dnsConfig == nil {
            problems.append(.init([.key("dnsPolicy")],
                                  "dnsPolicy None needs a dnsConfig with at least one nameserver (the API server refuses the pod without)"))
        }
        guard let dnsConfig else { return problems }
        let config: [KubeletInputProblem.Component] = [.key("dnsConfig")]
        if dnsPolicy == .none, dnsConfig.nameservers.isEmpty {
            problems.append(.init(config + [.key("nameservers")],
                                  "dnsPolicy None needs at least one nameserver (the API server refuses the pod without)"))
        }
        if dnsConfig.nameservers.count > KubernetesLimits.maxNameservers {
            problems.append(.init(config + [.key("nameservers")],
                                  "the API server refuses more than \(KubernetesLimits.maxNameservers) nameservers in dnsConfig; "
                                    + "found \(dnsConfig.nameservers.count)"))
        }
        for (index, nameserver) in dnsConfig.nameservers.enumerated() where IPAddress(nameserver) == nil {
            problems.append(.init(config + [.key("nameservers"), .index(index)],
                                  "expected an IPv4 or IPv6 address like 192.0.2.1 or fd00::10; found \(nameserver.quoted)"))
        }
        if dnsConfig.searches.count > KubernetesLimits.maxSearchPaths {
            problems.append(.init(config + [.key("searches")],
                                  "the API server refuses more than \(KubernetesLimits.maxSearchPaths) search domains in dnsConfig; "
                                    + "found \(dnsConfig.searches.count)"))
        }
        let length = dnsConfig.searches.joined(separator: " ").utf8.count
        if length > KubernetesLimits.maxSearchListCharacters {
            problems.append(.init(config + [.key("searches")],
                                  "the API server refuses search domains longer than \(KubernetesLimits.maxSearchListCharacters) "
                                    + "characters together (with a space between each); these are \(length)"))
        }
        for (index, search) in dnsConfig.searches.enumerated() {
            // "It is fine to have a trailing dot" (the API server's validation).
            let name = search.hasSuffix(".") ? String(search.dropLast()) : search
            if !KubernetesNames.isSubdomain(name) {
                problems.append(.init(config + [.key("searches"), .index(index)],
                                      "expected a search domain: lowercase letters, digits, - and dots, each part starting and "
                                        + "ending with a letter or digit, at most \(KubernetesLimits.maxSearchDomainLength) "
                                        + "characters (a DNS-1123 subdomain; a trailing dot is allowed); found \(search.quoted)"))
            }
        }
        for (index, option) in dnsConfig.options.enumerated() {
            let path = config + [.key("options"), .index(index)]
            if option.name.isEmpty {
                problems.append(.init(path + [.key("name")], "an option needs a name, like ndots (the API server requires one)"))
            } else if !KubernetesNames.isOptionWord(option.name) || option.name.contains(":") {
                problems.append(.init(path + [.key("name")],
                                      "expected an option name like ndots, edns0 or single-request-reopen: no blanks, control "
                                        + "characters or colons (the kubelet writes it into the options line as it is); "
                                        + "found \(option.name.quoted)"))
            }
            if let value = option.value, !value.isEmpty, !KubernetesNames.isOptionWord(value) {
                problems.append(.init(path + [.key("value")],
                                      "expected a value like \"1\": no blanks or control characters (the kubelet writes "
                                        + "name:value into the options line as it is); found \(value.quoted)"))
            }
        }
        return problems
    }
}

extension NodeDNS {
    public var problems: [KubeletInputProblem] {
        var problems: [KubeletInputProblem] = []
        if !clusterDomain.isEmpty, !KubernetesNames.isSubdomain(clusterDomain) {
            problems.append(.init([.key("clusterDomain")],
                                  "expected a cluster domain like cluster.local: lowercase letters, digits, - and dots, at most "
                                    + "\(KubernetesLimits.maxSearchDomainLength) characters, no trailing dot (\"\" for a "
                                    + "kubelet without one); found \(clusterDomain.quoted)"))
        }
        for (index, address) in clusterDNS.enumerated() where IPAddress(address) == nil {
            problems.append(.init([.key("clusterDNS"), .index(index)],
                                  "expected an IPv4 or IPv6 address like 10.96.0.10; found \(address.quoted)"))
        }
        if case .failure(let problem) = NodeResolvConf.parse(resolvConf) {
            problems.append(.init([.key("nodeResolvConf"), .index(problem.line)], problem.message))
        }
        return problems
    }
}

/// Kubernetes' name rules (`k8s.io/apimachinery/pkg/util/validation`).
enum KubernetesNames {
    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// One label of lowercase letters, digits and `-`, starting and ending alphanumeric (no length limit of its own).
    static func isLabelText(_ bytes: some Collection<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.reversed().first else { return false }
        return isAlphanumeric(first) && isAlphanumeric(last) && bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
    }

    /// `IsDNS1123Label`: a namespace name.
    static func isLabel(_ text: String) -> Bool {
        text.utf8.count <= KubernetesLimits.maxNamespaceLength && isLabelText(Array(text.utf8))
    }

    /// `IsDNS1123Subdomain`: labels joined by dots, at most 253 characters.
    static func isSubdomain(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count <= KubernetesLimits.maxSearchDomainLength else { return false }
        return bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).allSatisfy(isLabelText)
    }

    /// A word of a resolv.conf options line: printable, no blanks.
    static func isOptionWord(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { !$0.properties.isWhitespace && $0.value >= 0x21 && $0.value != 0x7F }
    }
}

extension String {
    /// User text in a message, in double quotes with JSON escapes (a newline stays on its line).
    var quoted: String {
        var text = "\""
        for scalar in (count > 120 ? String(prefix(117)) + "..." : self).unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                text += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16, uppercase: true)
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text + "\""
    }
}
