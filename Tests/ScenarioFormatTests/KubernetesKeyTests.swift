import Kubelet
import ScenarioFormat
import Testing

/// The `kubernetes` key: what it decodes to, the resolv.conf it makes, and each mistake with its place.
@Suite struct KubernetesKeyTests {
    typealias Case = ScenarioErrorCase

    @Test func theSeedPodMakesTheSeedResolvConf() throws {
        let scenario = try ScenarioFixture.decode(doc(top: #""kubernetes": { "namespace": "prophet" }"#))
        #expect(scenario.resolvConf == "search prophet.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n")
        #expect(scenario.kubernetes == KubernetesDNS(pod: PodDNS(namespace: "prophet")))
    }

    @Test func everyKeyIsRead() throws {
        let scenario = try ScenarioFixture.decode(doc(top: """
            "kubernetes": {
                "namespace": "shop", "dnsPolicy": "ClusterFirstWithHostNet", "hostNetwork": true,
                "dnsConfig": { "nameservers": ["192.0.2.1"], "searches": ["extra.example."],
                               "options": [{ "name": "ndots", "value": "2" }, { "name": "edns0" }] },
                "clusterDomain": "corp.internal", "clusterDNS": ["10.0.0.10"],
                "nodeResolvConf": ["search lab.example", "nameserver 192.0.2.53"]
              }
            """))
        #expect(scenario.kubernetes == KubernetesDNS(
            pod: PodDNS(namespace: "shop", dnsPolicy: .clusterFirstWithHostNet, hostNetwork: true, dnsConfig: PodDNSConfig(
                nameservers: ["192.0.2.1"], searches: ["extra.example."], options: [.init("ndots", "2"), .init("edns0")])),
            node: NodeDNS(clusterDomain: "corp.internal", clusterDNS: ["10.0.0.10"], resolvConf: "search lab.example\nnameserver 192.0.2.53\n")))
        #expect(scenario.resolvConf == """
            search shop.svc.corp.internal svc.corp.internal corp.internal lab.example extra.example.
            nameserver 10.0.0.10
            nameserver 192.0.2.1
            options ndots:2 edns0

            """)
    }

    /// What trace's `--emit-scenario` writes for `--pod` decodes back to the same settings.
    @Test(arguments: [
        KubernetesDNS(),
        KubernetesDNS(pod: PodDNS(namespace: "prophet", dnsConfig: PodDNSConfig(options: [.init("ndots", "1")]))),
        KubernetesDNS(pod: PodDNS(dnsPolicy: .none, hostNetwork: true, dnsConfig: PodDNSConfig(
            nameservers: ["192.0.2.1"], searches: ["a.example"], options: [.init("edns0"), .init("timeout", "")])),
                      node: NodeDNS(clusterDomain: "", clusterDNS: [], resolvConf: "nameserver 192.0.2.53\r\nsearch x\n")),
        KubernetesDNS(node: NodeDNS(resolvConf: "search a.example\nnameserver 192.0.2.53\n")),
    ])
    func jsonValueDecodesToTheSameSettings(_ dns: KubernetesDNS) throws {
        let member = JSONRenderer().render(dns.jsonValue)
        let scenario = try ScenarioFixture.decode(doc(top: #""kubernetes": \#(member)"#))
        #expect(scenario.kubernetes == dns)
    }

    static let topKeys = ScenarioErrorTests.topKeys

    @Test(arguments: [
        Case("with resolvConf", doc(top: #""resolvConf": "nameserver 10.0.0.1\n", ‸"kubernetes": {}"#), path: "kubernetes",
             #""kubernetes" makes /etc/resolv.conf as the kubelet would, and "resolvConf" gives it byte for byte; keep one of them"#),
        Case("not an object", doc(top: #""kubernetes": ‸"prophet""#), path: "kubernetes", #"expected an object, found a string "prophet""#),
        Case("an unknown key", doc(top: #""kubernetes": { ‸"dnspolicy": "None" }"#), path: "kubernetes.dnspolicy",
             #"unknown key "dnspolicy"; expected one of namespace, dnsPolicy, hostNetwork, dnsConfig, clusterDomain, clusterDNS, nodeResolvConf (did you mean "dnsPolicy"?)"#),
        Case("an unknown dnsPolicy", doc(top: #""kubernetes": { "dnsPolicy": ‸"ClusterFirstWithHostNetwork" }"#), path: "kubernetes.dnsPolicy",
             #"expected one of ClusterFirst, ClusterFirstWithHostNet, Default, None; found "ClusterFirstWithHostNetwork""#),
        Case("hostNetwork as a string", doc(top: #""kubernetes": { "hostNetwork": ‸"true" }"#), path: "kubernetes.hostNetwork",
             #"expected true or false, found a string "true""#),
        Case("a namespace that is no name", doc(top: #""kubernetes": { "namespace": ‸"my_ns" }"#), path: "kubernetes.namespace",
             #"expected a namespace name: at most 63 lowercase letters, digits and -, starting and ending with a letter or digit (a DNS-1123 label); found "my_ns""#),
        Case("a namespace that is too long", doc(top: #""kubernetes": { "namespace": ‸"\#(String(repeating: "n", count: 64))" }"#),
             path: "kubernetes.namespace",
             #"expected a namespace name: at most 63 lowercase letters, digits and -, starting and ending with a letter or digit (a DNS-1123 label); found "\#(String(repeating: "n", count: 64))""#),
        Case("None without dnsConfig", doc(top: #""kubernetes": { "dnsPolicy": ‸"None" }"#), path: "kubernetes.dnsPolicy",
             "dnsPolicy None needs a dnsConfig with at least one nameserver (the API server refuses the pod without)"),
        Case("dnsConfig as an array", doc(top: #""kubernetes": { "dnsConfig": ‸[] }"#), path: "kubernetes.dnsConfig",
             "expected an object, found an array"),
        Case("a bad nameserver", doc(top: #""kubernetes": { "dnsConfig": { "nameservers": [‸"10.96.0.256"] } }"#),
             path: "kubernetes.dnsConfig.nameservers[0]",
             #"expected an IPv4 or IPv6 address like 192.0.2.1 or fd00::10; found "10.96.0.256""#),
        Case("a nameserver as a number", doc(top: #""kubernetes": { "dnsConfig": { "nameservers": [‸10] } }"#),
             path: "kubernetes.dnsConfig.nameservers[0]", "expected a string, found a number 10"),
        Case("four nameservers", doc(top: #""kubernetes": { "dnsConfig": { "nameservers": ‸["192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"] } }"#),
             path: "kubernetes.dnsConfig.nameservers", "the API server refuses more than 3 nameservers in dnsConfig; found 4"),
        Case("a search domain with capitals", doc(top: #""kubernetes": { "dnsConfig": { "searches": [‸"Corp.Example"] } }"#),
             path: "kubernetes.dnsConfig.searches[0]",
             #"expected a search domain: lowercase letters, digits, - and dots, each part starting and ending with a letter or digit, at most 253 characters (a DNS-1123 subdomain; a trailing dot is allowed); found "Corp.Example""#),
        Case("searches as a string", doc(top: #""kubernetes": { "dnsConfig": { "searches": ‸"a.example" } }"#),
             path: "kubernetes.dnsConfig.searches", #"expected an array of strings, found a string "a.example""#),
        Case("an option without name", doc(top: #""kubernetes": { "dnsConfig": { "options": [‸{ "value": "1" }] } }"#),
             path: "kubernetes.dnsConfig.options[0]", #"missing required key "name" (the option's name, like ndots)"#),
        Case("an option with an empty name", doc(top: #""kubernetes": { "dnsConfig": { "options": [{ "name": ‸"" }] } }"#),
             path: "kubernetes.dnsConfig.options[0].name", "an option needs a name, like ndots (the API server requires one)"),
        Case("an option value as a number", doc(top: #""kubernetes": { "dnsConfig": { "options": [{ "name": "ndots", "value": ‸1 }] } }"#),
             path: "kubernetes.dnsConfig.options[0].value", "expected a string, found a number 1"),
        Case("an option value with a blank", doc(top: #""kubernetes": { "dnsConfig": { "options": [{ "name": "ndots", "value": ‸"1 rotate" }] } }"#),
             path: "kubernetes.dnsConfig.options[0].value",
             #"expected a value like "1": no blanks or control characters (the kubelet writes name:value into the options line as it is); found "1 rotate""#),
        Case("an unknown option key", doc(top: #""kubernetes": { "dnsConfig": { "options": [{ "name": "ndots", ‸"val": "1" }] } }"#),
             path: "kubernetes.dnsConfig.options[0].val", #"unknown key "val"; expected one of name, value"#),
        Case("a cluster domain with a trailing dot", doc(top: #""kubernetes": { "clusterDomain": ‸"cluster.local." }"#),
             path: "kubernetes.clusterDomain",
             #"expected a cluster domain like cluster.local: lowercase letters, digits, - and dots, at most 253 characters, no trailing dot ("" for a kubelet without one); found "cluster.local.""#),
        Case("a cluster DNS address that is none", doc(top: #""kubernetes": { "clusterDNS": ["10.96.0.10", ‸"kube-dns"] }"#),
             path: "kubernetes.clusterDNS[1]", #"expected an IPv4 or IPv6 address like 10.96.0.10; found "kube-dns""#),
        Case("a node file the kubelet cannot read", doc(top: #""kubernetes": { "nodeResolvConf": ["search a.example", ‸"nameserver"] }"#),
             path: "kubernetes.nodeResolvConf[1]",
             #"line 2: "nameserver" without an address: the kubelet cannot read this file, so it sets up no pod on the node ("nameserver list is empty")"#),
        Case("a node file as a string the kubelet cannot read", doc(top: #""kubernetes": { "nodeResolvConf": ‸"nameserver\n" }"#),
             path: "kubernetes.nodeResolvConf",
             #"line 1: "nameserver" without an address: the kubelet cannot read this file, so it sets up no pod on the node ("nameserver list is empty")"#),
    ])
    func mistakesNameFilePathAndWhatWasExpected(_ c: Case) {
        ScenarioFixture.expectError(c.marked, path: c.path, c.message)
    }

    /// Type mistakes and rule mistakes in one key: the types first, since the rules read the values.
    @Test func typeMistakesComeBeforeTheRules() {
        ScenarioFixture.expectErrors(doc(top: #""kubernetes": { "namespace": "Bad", "hostNetwork": ‸1 }"#),
                                     [("kubernetes.hostNetwork", "expected true or false, found a number 1")])
    }
}
