import Kubelet
import Testing

/// The resolv.conf the kubelet makes, case by case, from Kubernetes' documented behaviour
/// (kubernetes.io, "DNS for Services and Pods": "Pod's DNS Policy", "Pod's DNS Config", "DNS search domain
/// list limits") and the kubelet's `GetPodDNS`. Each expected file is written out by hand.
@Suite struct PodResolvConfTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var input: KubernetesDNS
        var lines: [String]
        var events: [String] = []
        var testDescription: String { label }
    }

    static let seedPod = PodDNS(namespace: "prophet")
    static let node = NodeDNS(resolvConf: "search corp.example lab.example\nnameserver 192.0.2.53\noptions timeout:2\n")

    static let cases: [Case] = [
        // MARK: Policies
        Case(label: "ClusterFirst: the namespace's, svc and the cluster domain, cluster DNS, ndots:5",
             input: KubernetesDNS(pod: seedPod),
             lines: ["search prophet.svc.cluster.local svc.cluster.local cluster.local", "nameserver 10.96.0.10", "options ndots:5"]),
        Case(label: "ClusterFirst: the node's search domains follow the cluster's; its nameservers and options do not count",
             input: KubernetesDNS(pod: seedPod, node: node),
             lines: ["search prophet.svc.cluster.local svc.cluster.local cluster.local corp.example lab.example",
                     "nameserver 10.96.0.10", "options ndots:5"]),
        Case(label: "the namespace defaults to default",
             input: KubernetesDNS(),
             lines: ["search default.svc.cluster.local svc.cluster.local cluster.local", "nameserver 10.96.0.10", "options ndots:5"]),
        Case(label: "another cluster domain and two cluster DNS addresses, IPv6 written canonically",
             input: KubernetesDNS(pod: seedPod, node: NodeDNS(clusterDomain: "corp.internal", clusterDNS: ["10.0.0.10", "FD00:0:0::A"])),
             lines: ["search prophet.svc.corp.internal svc.corp.internal corp.internal", "nameserver 10.0.0.10",
                     "nameserver fd00::a", "options ndots:5"]),
        Case(label: "a kubelet without a cluster domain: only the node's search domains",
             input: KubernetesDNS(pod: seedPod, node: NodeDNS(clusterDomain: "", resolvConf: node.resolvConf)),
             lines: ["search corp.example lab.example", "nameserver 10.96.0.10", "options ndots:5"]),
        Case(label: "ClusterFirstWithHostNet without hostNetwork is ClusterFirst",
             input: KubernetesDNS(pod: PodDNS(namespace: "prophet", dnsPolicy: .clusterFirstWithHostNet), node: node),
             lines: ["search prophet.svc.cluster.local svc.cluster.local cluster.local corp.example lab.example",
                     "nameserver 10.96.0.10", "options ndots:5"]),
        Case(label: "ClusterFirstWithHostNet on the host's network keeps cluster DNS",
             input: KubernetesDNS(pod: PodDNS(namespace: "prophet", dnsPolicy: .clusterFirstWithHostNet, hostNetwork: true), node: node),
             lines: ["search prophet.svc.cluster.local svc.cluster.local cluster.local corp.example lab.example",
                     "nameserver 10.96.0.10", "options ndots:5"]),
        Case(label: "ClusterFirst on the host's network falls back to Default: the node's file",
             input: KubernetesDNS(pod: PodDNS(namespace: "prophet", hostNetwork: true), node: node),
             lines: ["search corp.example lab.example", "nameserver 192.0.2.53", "options timeout:2"]),
        Case(label: "ClusterFirst without cluster DNS falls back to Default, with the kubelet's event",
             input: KubernetesDNS(pod: seedPod, node: NodeDNS(clusterDNS: [], resolvConf: node.resolvConf)),
             lines: ["search corp.example lab.example", "nameserver 192.0.2.53", "options timeout:2"],
             events: ["MissingClusterDNS: kubelet does not have ClusterDNS IP configured and cannot create Pod using "
                      + "\"ClusterFirst\" policy. Falling back to \"Default\" policy."]),
        Case(label: "Default: the node's nameservers, search and options, even with cluster DNS",
             input: KubernetesDNS(pod: PodDNS(dnsPolicy: .default), node: NodeDNS(resolvConf:
                "# a comment\ndomain corp.example\nsearch old.example\nsearch a.example b.example.\n; not a comment to the kubelet\n"
                + "nameserver 192.0.2.53\n  nameserver\t192.0.2.54  \noptions ndots:2\noptions rotate timeout:1\n")),
             lines: ["search a.example b.example", "nameserver 192.0.2.53", "nameserver 192.0.2.54", "options rotate timeout:1"]),
        Case(label: "Default with a node file that gives the kubelet nothing: the runtime copies the node's file",
             input: KubernetesDNS(pod: PodDNS(dnsPolicy: .default), node: NodeDNS(resolvConf: "domain corp.example\n# nothing else\n")),
             lines: ["domain corp.example", "# nothing else"]),
        Case(label: "search . is kept as it is; other trailing dots go",
             input: KubernetesDNS(pod: PodDNS(dnsPolicy: .default), node: NodeDNS(resolvConf: "search . corp.example.\nnameserver 192.0.2.53\n")),
             lines: ["search . corp.example", "nameserver 192.0.2.53"]),
        Case(label: "None: only dnsConfig (the documentation's dns-example: ndots 2 and edns0)",
             input: KubernetesDNS(pod: PodDNS(dnsPolicy: .none, dnsConfig: PodDNSConfig(
                nameservers: ["192.0.2.1"], searches: ["ns1.svc.cluster-domain.example", "my.dns.search.suffix"],
                options: [.init("ndots", "2"), .init("edns0")])), node: node),
             lines: ["search ns1.svc.cluster-domain.example my.dns.search.suffix", "nameserver 192.0.2.1", "options ndots:2 edns0"]),
        Case(label: "None with nameservers only: no search line, no options line",
             input: KubernetesDNS(pod: PodDNS(dnsPolicy: .none, dnsConfig: PodDNSConfig(nameservers: ["1.1.1.1"]))),
             lines: ["nameserver 1.1.1.1"]),

        // MARK: Merging dnsConfig into the policy's base
        Case(label: "dnsConfig ndots replaces the default ndots:5 (the seed's fix)",
             input: KubernetesDNS(pod: PodDNS(namespace: "prophet", dnsConfig: PodDNSConfig(options: [.init("ndots", "1")]))),
             lines: ["search prophet.svc.cluster.local svc.cluster.local cluster.local", "nameserver 10.96.0.10", "options ndots:1"]),
        Case(label: "options merged by name: replaced in place, new ones after, an option without value bare",
             input: KubernetesDNS(pod: PodDNS(namespace: "prophet", dnsConfig: PodDNSConfig(
                options: [.init("edns0"), .init("ndots", "2"), .init("timeout", "3"), .init("single-request-reopen", "")]))),
             lines: ["search prophet.svc.cluster.local svc.cluster.local cluster.local", "nameserver 10.96.0.10",
                     "options ndots:2 edns0 timeout:3 single-request-reopen"]),
        Case(label: "ndots without a value replaces ndots:5 with a bare ndots",
             input: KubernetesDNS(pod: PodDNS(namespace: "prophet", dnsConfig: PodDNSConfig(options: [.init("ndots")]))),
             lines: ["search prophet.svc.cluster.local svc.cluster.local cluster.local", "nameserver 10.96.0.10", "options ndots"]),
        Case(label: "the same option twice in dnsConfig: the last wins",
             input: KubernetesDNS(pod: PodDNS(dnsPolicy: .none, dnsConfig: PodDNSConfig(
                nameservers: ["192.0.2.1"], options: [.init("ndots", "3"), .init("ndots", "4")]))),
             lines: ["nameserver 192.0.2.1", "options ndots:4"]),
        Case(label: "an empty dnsConfig still merges the node's options by name; none leaves them as written",
             input: KubernetesDNS(pod: PodDNS(dnsPolicy: .default, dnsConfig: PodDNSConfig()),
                                  node: NodeDNS(resolvConf: "nameserver 192.0.2.53\noptions ndots:2 rotate ndots:3 attempts:\n")),
             lines: ["nameserver 192.0.2.53", "options ndots:3 rotate attempts"]),
        Case(label: "without dnsConfig the node's options stay as written",
             input: KubernetesDNS(pod: PodDNS(dnsPolicy: .default),
                                  node: NodeDNS(resolvConf: "nameserver 192.0.2.53\noptions ndots:2 rotate ndots:3 attempts:\n")),
             lines: ["nameserver 192.0.2.53", "options ndots:2 rotate ndots:3 attempts:"]),
        Case(label: "de-duplication: dnsConfig nameservers and searches the base already has appear once, new ones after",
             input: KubernetesDNS(pod: PodDNS(namespace: "prophet", dnsConfig: PodDNSConfig(
                nameservers: ["10.96.0.10", "192.0.2.1"], searches: ["svc.cluster.local", "extra.example", "extra.example"])),
                                  node: node),
             lines: ["search prophet.svc.cluster.local svc.cluster.local cluster.local corp.example lab.example extra.example",
                     "nameserver 10.96.0.10", "nameserver 192.0.2.1", "options ndots:5"]),
        Case(label: "de-duplication: the node's copy of a cluster search domain, with or without its trailing dot",
             input: KubernetesDNS(pod: seedPod, node: NodeDNS(resolvConf:
                "search prophet.svc.cluster.local. svc.cluster.local cluster.local. corp.example\nnameserver 10.96.0.10\n")),
             lines: ["search prophet.svc.cluster.local svc.cluster.local cluster.local corp.example", "nameserver 10.96.0.10",
                     "options ndots:5"]),
        Case(label: "de-duplication compares exactly: a dnsConfig search with a trailing dot is another entry",
             input: KubernetesDNS(pod: PodDNS(namespace: "prophet", dnsConfig: PodDNSConfig(searches: ["cluster.local."]))),
             lines: ["search prophet.svc.cluster.local svc.cluster.local cluster.local cluster.local.", "nameserver 10.96.0.10",
                     "options ndots:5"]),

        // MARK: Limits, and what happens past them
        Case(label: "four nameservers: the first three, and the kubelet's event",
             input: KubernetesDNS(pod: PodDNS(dnsPolicy: .default, dnsConfig: PodDNSConfig(nameservers: ["192.0.2.3", "192.0.2.4"])),
                                  node: NodeDNS(resolvConf: "nameserver 192.0.2.1\nnameserver 192.0.2.2\n")),
             lines: ["nameserver 192.0.2.1", "nameserver 192.0.2.2", "nameserver 192.0.2.3"],
             events: ["DNSConfigForming: Nameserver limits were exceeded, some nameservers have been omitted, the applied "
                      + "nameserver line is: 192.0.2.1 192.0.2.2 192.0.2.3"]),
        Case(label: "a node file with five nameservers under Default: the first three",
             input: KubernetesDNS(pod: PodDNS(dnsPolicy: .default), node: NodeDNS(resolvConf:
                (1...5).map { "nameserver 192.0.2.\($0)\n" }.joined())),
             lines: ["nameserver 192.0.2.1", "nameserver 192.0.2.2", "nameserver 192.0.2.3"],
             events: ["DNSConfigForming: Nameserver limits were exceeded, some nameservers have been omitted, the applied "
                      + "nameserver line is: 192.0.2.1 192.0.2.2 192.0.2.3"]),
        Case(label: "three nameservers are no event",
             input: KubernetesDNS(pod: PodDNS(dnsPolicy: .default), node: NodeDNS(resolvConf:
                (1...3).map { "nameserver 192.0.2.\($0)\n" }.joined())),
             lines: ["nameserver 192.0.2.1", "nameserver 192.0.2.2", "nameserver 192.0.2.3"]),
        // 3 cluster domains + 40 of the node's = 43: the first 32 stay, so d1 to d29.
        Case(label: "more than 32 search domains: the first 32",
             input: KubernetesDNS(pod: seedPod, node: NodeDNS(resolvConf:
                "search " + (1...40).map { "d\($0).example" }.joined(separator: " ") + "\n")),
             lines: ["search prophet.svc.cluster.local svc.cluster.local cluster.local "
                        + (1...29).map { "d\($0).example" }.joined(separator: " "),
                     "nameserver 10.96.0.10", "options ndots:5"],
             events: ["DNSConfigForming: Search Line limits were exceeded, some search paths have been omitted, the applied "
                      + "search line is: prophet.svc.cluster.local svc.cluster.local cluster.local "
                      + (1...29).map { "d\($0).example" }.joined(separator: " ")]),
        Case(label: "32 search domains are no event",
             input: KubernetesDNS(pod: seedPod, node: NodeDNS(resolvConf:
                "search " + (1...29).map { "d\($0).example" }.joined(separator: " ") + "\n")),
             lines: ["search prophet.svc.cluster.local svc.cluster.local cluster.local "
                        + (1...29).map { "d\($0).example" }.joined(separator: " "),
                     "nameserver 10.96.0.10", "options ndots:5"]),
        Case(label: "a search domain longer than 253 characters is dropped, the rest kept in order",
             input: KubernetesDNS(pod: PodDNS(dnsPolicy: .default), node: NodeDNS(resolvConf:
                "search a.example " + String(repeating: "x", count: 250) + ".com b.example\nnameserver 192.0.2.53\n")),
             lines: ["search a.example b.example", "nameserver 192.0.2.53"],
             events: ["DNSConfigForming: Search Line limits were exceeded, some search paths have been omitted, the applied "
                      + "search line is: a.example b.example"]),
        // 57 characters of cluster domains, then ten of 200 (201 with the space): 2067 > 2048. Dropping the
        // last one leaves 1866, so nine stay.
        Case(label: "a search line over 2048 characters loses domains from its end until it fits",
             input: KubernetesDNS(pod: seedPod, node: NodeDNS(resolvConf:
                "search " + (0..<10).map { "\($0)" + String(repeating: "y", count: 191) + ".example" }.joined(separator: " ") + "\n")),
             lines: ["search prophet.svc.cluster.local svc.cluster.local cluster.local "
                        + (0..<9).map { "\($0)" + String(repeating: "y", count: 191) + ".example" }.joined(separator: " "),
                     "nameserver 10.96.0.10", "options ndots:5"],
             events: ["DNSConfigForming: Search Line limits were exceeded, some search paths have been omitted, the applied "
                      + "search line is: prophet.svc.cluster.local svc.cluster.local cluster.local "
                      + (0..<9).map { "\($0)" + String(repeating: "y", count: 191) + ".example" }.joined(separator: " ")]),
        // A 63-character namespace and a long cluster domain make <ns>.svc.<domain> 254 characters.
        Case(label: "the namespace's own search domain is dropped when it would be longer than 253 characters",
             input: KubernetesDNS(pod: PodDNS(namespace: String(repeating: "n", count: 63)),
                                  node: NodeDNS(clusterDomain: String(repeating: "c", count: 100) + "." + String(repeating: "d", count: 85))),
             lines: ["search svc." + String(repeating: "c", count: 100) + "." + String(repeating: "d", count: 85) + " "
                        + String(repeating: "c", count: 100) + "." + String(repeating: "d", count: 85),
                     "nameserver 10.96.0.10", "options ndots:5"],
             events: ["DNSConfigForming: Search Line limits were exceeded, some search paths have been omitted, the applied "
                      + "search line is: svc." + String(repeating: "c", count: 100) + "." + String(repeating: "d", count: 85) + " "
                      + String(repeating: "c", count: 100) + "." + String(repeating: "d", count: 85)]),
    ]

    @Test(arguments: cases)
    func resolvConfIsTheKubeletsAndTheRuntimes(_ c: Case) throws {
        #expect(c.input.problems.isEmpty, "\(c.input.problems)")
        let generated = try c.input.resolvConf().get()
        #expect(generated.text == c.lines.map { $0 + "\n" }.joined())
        #expect(generated.events == c.events)
    }

    @Test func theFallbacksSayWhy() throws {
        let hostNetwork = KubernetesDNS(pod: PodDNS(hostNetwork: true))
        #expect(try hostNetwork.resolvConf().get().basis == .node(fellBack: .hostNetwork))
        #expect(try hostNetwork.resolvConf().get().explanation(for: hostNetwork.pod)
            == "dnsPolicy ClusterFirst with hostNetwork: on the host's network ClusterFirst is Default, the node's resolv.conf")
        let noClusterDNS = KubernetesDNS(node: NodeDNS(clusterDNS: []))
        #expect(try noClusterDNS.resolvConf().get().basis == .node(fellBack: .noClusterDNS))
        #expect(try KubernetesDNS(pod: PodDNS(dnsPolicy: .default)).resolvConf().get().basis == .node(fellBack: nil))
        #expect(try KubernetesDNS().resolvConf().get().basis == .cluster)
    }

    /// The kubelet cannot read a node file with a bare nameserver line, and then sets up no pod at all,
    /// whatever its policy.
    @Test(arguments: DNSPolicy.allCases)
    func aBareNameserverLineFailsEveryPolicy(_ policy: DNSPolicy) {
        let input = KubernetesDNS(pod: PodDNS(dnsPolicy: policy, dnsConfig: PodDNSConfig(nameservers: ["192.0.2.1"])),
                                  node: NodeDNS(resolvConf: "search a.example\r\nnameserver   \r\n"))
        guard case .failure(let problem) = input.resolvConf() else {
            Issue.record("the kubelet refuses this file")
            return
        }
        #expect(problem.line == 1)
        #expect(problem.message.hasPrefix("line 2: \"nameserver\" without an address"))
    }
}
