import Kubelet
import Testing

/// What no cluster could run: each case one mistake, its place and the reason.
@Suite struct KubeletInputProblemTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var input: KubernetesDNS
        var path: String
        var message: String
        var testDescription: String { label }
    }

    static func pod(_ policy: DNSPolicy = .clusterFirst, _ config: PodDNSConfig?) -> KubernetesDNS {
        KubernetesDNS(pod: PodDNS(dnsPolicy: policy, dnsConfig: config))
    }

    static let searchRule = "expected a search domain: lowercase letters, digits, - and dots, each part starting and ending with a "
        + "letter or digit, at most 253 characters (a DNS-1123 subdomain; a trailing dot is allowed); found "

    static let cases: [Case] = [
        Case(label: "a namespace with capitals", input: KubernetesDNS(pod: PodDNS(namespace: "Prophet")), path: "namespace",
             message: "expected a namespace name: at most 63 lowercase letters, digits and -, starting and ending with a letter or "
                + "digit (a DNS-1123 label); found \"Prophet\""),
        Case(label: "a namespace of 64 characters", input: KubernetesDNS(pod: PodDNS(namespace: String(repeating: "a", count: 64))),
             path: "namespace", message: "expected a namespace name: at most 63 lowercase letters, digits and -, starting and ending "
                + "with a letter or digit (a DNS-1123 label); found \"\(String(repeating: "a", count: 64))\""),
        Case(label: "an empty namespace", input: KubernetesDNS(pod: PodDNS(namespace: "")), path: "namespace",
             message: "expected a namespace name: at most 63 lowercase letters, digits and -, starting and ending with a letter or "
                + "digit (a DNS-1123 label); found \"\""),
        Case(label: "None without dnsConfig", input: pod(.none, nil), path: "dnsPolicy",
             message: "dnsPolicy None needs a dnsConfig with at least one nameserver (the API server refuses the pod without)"),
        Case(label: "None without nameservers", input: pod(.none, PodDNSConfig(searches: ["a.example"])), path: "dnsConfig.nameservers",
             message: "dnsPolicy None needs at least one nameserver (the API server refuses the pod without)"),
        Case(label: "four nameservers in dnsConfig",
             input: pod(.none, PodDNSConfig(nameservers: ["192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"])),
             path: "dnsConfig.nameservers", message: "the API server refuses more than 3 nameservers in dnsConfig; found 4"),
        Case(label: "a nameserver that is not an address", input: pod(.none, PodDNSConfig(nameservers: ["dns.example"])),
             path: "dnsConfig.nameservers[0]", message: "expected an IPv4 or IPv6 address like 192.0.2.1 or fd00::10; found \"dns.example\""),
        Case(label: "33 search domains", input: pod(.clusterFirst, PodDNSConfig(searches: (1...33).map { "s\($0).example" })),
             path: "dnsConfig.searches", message: "the API server refuses more than 32 search domains in dnsConfig; found 33"),
        // 9 × 228 characters and 8 spaces: 2060.
        Case(label: "search domains over 2048 characters together",
             input: pod(.clusterFirst, PodDNSConfig(searches: (1...9).map { "\($0)" + String(repeating: "s", count: 219) + ".example" })),
             path: "dnsConfig.searches", message: "the API server refuses search domains longer than 2048 characters together "
                + "(with a space between each); these are 2060"),
        Case(label: "a search domain of 254 characters",
             input: pod(.clusterFirst, PodDNSConfig(searches: [String(repeating: "a", count: 246) + ".example"])),
             path: "dnsConfig.searches[0]", message: searchRule + "\"\(String(repeating: "a", count: 117))...\""),
        Case(label: "a search domain with capitals", input: pod(.clusterFirst, PodDNSConfig(searches: ["ok.example", "Corp.Example"])),
             path: "dnsConfig.searches[1]", message: searchRule + "\"Corp.Example\""),
        Case(label: "a search domain with an empty label", input: pod(.clusterFirst, PodDNSConfig(searches: ["a..example"])),
             path: "dnsConfig.searches[0]", message: searchRule + "\"a..example\""),
        Case(label: "a search domain with an underscore", input: pod(.clusterFirst, PodDNSConfig(searches: ["_srv.example"])),
             path: "dnsConfig.searches[0]", message: searchRule + "\"_srv.example\""),
        Case(label: "an option without a name", input: pod(.clusterFirst, PodDNSConfig(options: [.init("", "1")])),
             path: "dnsConfig.options[0].name", message: "an option needs a name, like ndots (the API server requires one)"),
        Case(label: "an option name with a blank", input: pod(.clusterFirst, PodDNSConfig(options: [.init("ndots 2")])),
             path: "dnsConfig.options[0].name", message: "expected an option name like ndots, edns0 or single-request-reopen: no "
                + "blanks, control characters or colons (the kubelet writes it into the options line as it is); found \"ndots 2\""),
        Case(label: "an option name with a colon", input: pod(.clusterFirst, PodDNSConfig(options: [.init("ndots:2")])),
             path: "dnsConfig.options[0].name", message: "expected an option name like ndots, edns0 or single-request-reopen: no "
                + "blanks, control characters or colons (the kubelet writes it into the options line as it is); found \"ndots:2\""),
        Case(label: "an option value with a newline", input: pod(.clusterFirst, PodDNSConfig(options: [.init("ndots", "1\nnameserver 1.1.1.1")])),
             path: "dnsConfig.options[0].value", message: "expected a value like \"1\": no blanks or control characters (the kubelet "
                + "writes name:value into the options line as it is); found \"1\\nnameserver 1.1.1.1\""),
        Case(label: "a cluster domain with a trailing dot", input: KubernetesDNS(node: NodeDNS(clusterDomain: "cluster.local.")),
             path: "clusterDomain", message: "expected a cluster domain like cluster.local: lowercase letters, digits, - and dots, at "
                + "most 253 characters, no trailing dot (\"\" for a kubelet without one); found \"cluster.local.\""),
        Case(label: "a cluster DNS address that is not one", input: KubernetesDNS(node: NodeDNS(clusterDNS: ["10.96.0.10", "10.96.0.300"])),
             path: "clusterDNS[1]", message: "expected an IPv4 or IPv6 address like 10.96.0.10; found \"10.96.0.300\""),
        Case(label: "a node file the kubelet cannot read",
             input: KubernetesDNS(node: NodeDNS(resolvConf: "search a.example\n# ok\nnameserver\n")), path: "nodeResolvConf[2]",
             message: "line 3: \"nameserver\" without an address: the kubelet cannot read this file, so it sets up no pod on the node "
                + "(\"nameserver list is empty\")"),
    ]

    @Test(arguments: cases)
    func eachMistakeIsNamedWhereItIs(_ c: Case) {
        #expect(c.input.problems.map(\.description) == ["\(c.path): \(c.message)"])
    }

    @Test func validInputsHaveNoProblems() {
        let inputs = [
            KubernetesDNS(),
            KubernetesDNS(pod: PodDNS(namespace: "a-1", dnsPolicy: .none, hostNetwork: true, dnsConfig: PodDNSConfig(
                nameservers: ["192.0.2.1", "fd00::1", "10.0.0.1"], searches: (1...32).map { "s\($0).example." },
                options: [.init("ndots", "1"), .init("edns0"), .init("timeout", "")])),
                          node: NodeDNS(clusterDomain: "", clusterDNS: [], resolvConf: "nameserver x\nsearch\n")),
        ]
        for input in inputs { #expect(input.problems.isEmpty, "\(input.problems)") }
    }
}
