import Foundation
import Kubelet
import PodManifest
import Testing

/// Pod manifests read with Yams: the DNS fields of real-looking manifests, and every mistake named by file,
/// line:column and field path.
@Suite struct PodManifestTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
    static let seedPod = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scenarios/kubernetes/dns-example-pod.yaml").path

    @Test(arguments: [
        ("dns-example-ndots1.yaml", PodManifest(name: "dns-example", pod: PodDNS(
            namespace: "prophet", dnsConfig: PodDNSConfig(options: [.init("ndots", "1")])))),
        ("dns-example-no-namespace.yaml", PodManifest(name: "dns-example", pod: PodDNS())),
        ("none-policy.yaml", PodManifest(name: "dns-example", pod: PodDNS(dnsPolicy: .none, dnsConfig: PodDNSConfig(
            nameservers: ["192.0.2.1"], searches: ["ns1.svc.cluster-domain.example", "my.dns.search.suffix"],
            options: [.init("ndots", "2"), .init("edns0")])))),
        ("host-network.yaml", PodManifest(name: "busybox", pod: PodDNS(namespace: "kube-system", dnsPolicy: .clusterFirstWithHostNet,
                                                                       hostNetwork: true))),
        ("service-and-pod.yaml", PodManifest(name: "web-0", pod: PodDNS(namespace: "shop", dnsPolicy: .default,
                                                                        dnsConfig: PodDNSConfig()))),
    ])
    func readsTheDNSFields(file: String, expected: PodManifest) throws {
        #expect(try PodManifest.read(path: "\(Self.fixtures)/\(file)") == expected)
    }

    /// The pod the bundled scenarios use is the seed's, and the kubelet gives it ndots:1.
    @Test func theBundledSeedPodGetsNdots1() throws {
        let manifest = try PodManifest.read(path: Self.seedPod)
        #expect(manifest.name == "dns-example")
        #expect(manifest.pod == PodDNS(namespace: "prophet", dnsConfig: PodDNSConfig(options: [.init("ndots", "1")])))
        #expect(try KubernetesDNS(pod: manifest.pod).resolvConf().get().text
            == "search prophet.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:1\n")
    }

    static func errors(_ text: String) -> [String] {
        do {
            let manifest = try PodManifest.decode(text, file: "pod.yaml")
            Issue.record("decoded as \(manifest)")
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    @Test(arguments: [
        ("kind: Pod\nspec:\n  dnsPolicy: clusterfirst\n",
         [#"pod.yaml:3:14: spec.dnsPolicy: expected one of ClusterFirst, ClusterFirstWithHostNet, Default, None; found clusterfirst (did you mean "ClusterFirst"?)"#]),
        ("kind: Pod\nspec:\n  dnsPolicy: Cluster\n",
         ["pod.yaml:3:14: spec.dnsPolicy: expected one of ClusterFirst, ClusterFirstWithHostNet, Default, None; found Cluster"]),
        ("kind: Pod\nspec:\n  hostNetwork: \"true\"\n", [#"pod.yaml:3:16: spec.hostNetwork: expected true or false, found the string "true""#]),
        ("kind: Pod\nspec:\n  dnsConfig:\n    options:\n      - name: ndots\n        value: 1\n",
         [#"pod.yaml:6:16: spec.dnsConfig.options[0].value: expected a string, found the integer 1 (quote it: "1")"#]),
        ("kind: Pod\nspec:\n  dnsConfig:\n    options:\n      - value: \"2\"\n",
         ["pod.yaml:5:9: spec.dnsConfig.options[0]: missing name: an option needs one, like - name: ndots"]),
        ("kind: Pod\nspec:\n  dnsConfig:\n    options:\n      - name: \"\"\n",
         ["pod.yaml:5:15: spec.dnsConfig.options[0].name: an option needs a name, like ndots (the API server requires one)"]),
        ("kind: Pod\nspec:\n  dnsConfig:\n    search: [a.example]\n",
         [#"pod.yaml:4:5: spec.dnsConfig.search: unknown field search; expected nameservers, searches, options (did you mean "searches"?)"#]),
        ("kind: Pod\nspec:\n  dnsConfig:\n    nameservers: [192.0.2.1, dns.example]\n",
         [#"pod.yaml:4:30: spec.dnsConfig.nameservers[1]: expected an IPv4 or IPv6 address like 192.0.2.1 or fd00::10; found "dns.example""#]),
        ("kind: Pod\nspec:\n  dnsConfig:\n    nameservers: [192.0.2.1, 192.0.2.2, 192.0.2.3, 192.0.2.4]\n",
         ["pod.yaml:4:18: spec.dnsConfig.nameservers: the API server refuses more than 3 nameservers in dnsConfig; found 4"]),
        ("kind: Pod\nspec:\n  dnsConfig:\n    searches: [Corp.Example]\n",
         [#"pod.yaml:4:16: spec.dnsConfig.searches[0]: expected a search domain: lowercase letters, digits, - and dots, each part starting and ending with a letter or digit, at most 253 characters (a DNS-1123 subdomain; a trailing dot is allowed); found "Corp.Example""#]),
        ("kind: Pod\nspec:\n  dnsPolicy: None\n",
         ["pod.yaml:3:14: spec.dnsPolicy: dnsPolicy None needs a dnsConfig with at least one nameserver (the API server refuses the pod without)"]),
        ("kind: Pod\nmetadata:\n  namespace: Prophet\n",
         [#"pod.yaml:3:14: metadata.namespace: expected a namespace name: at most 63 lowercase letters, digits and -, starting and ending with a letter or digit (a DNS-1123 label); found "Prophet""#]),
        ("kind: Pod\nmetadata:\n  namespace: 42\n", [#"pod.yaml:3:14: metadata.namespace: expected a string, found the integer 42 (quote it: "42")"#]),
        ("kind: Pod\nspec: [dnsPolicy]\n", ["pod.yaml:2:7: spec: expected a mapping (containers, dnsPolicy, ...), found a list"]),
        ("kind: Deployment\n", ["pod.yaml:1:7: kind: expected kind: Pod, found Deployment; resolvlab reads a Pod (for a Deployment or a Job, put its spec.template into a Pod manifest)"]),
        ("apiVersion: apps/v1\nkind: Pod\n", ["pod.yaml:1:13: apiVersion: expected apiVersion: v1 (Pods are in the core API group), found apps/v1"]),
        ("metadata:\n  name: x\n", ["pod.yaml:1:1: missing kind: expected a Pod manifest (kind: Pod)"]),
        ("- kind: Pod\n", ["pod.yaml:1:1: expected a Pod manifest (apiVersion: v1, kind: Pod), found a list"]),
        ("", ["pod.yaml: is empty; expected a Pod manifest (apiVersion: v1, kind: Pod)"]),
        ("kind: Pod\nspec:\n  dnsPolicy: [\n", ["pod.yaml:4:1: invalid YAML: while parsing a flow node at 4:1, did not find expected node content"]),
        ("kind: Pod\nkind: Pod\n", ["pod.yaml:1:1: invalid YAML: a key appears twice in one mapping: kind"]),
        ("kind: Service\n---\nkind: Deployment\n", ["pod.yaml: holds 2 documents (Service, Deployment) and 0 Pods; expected exactly one Pod"]),
        ("kind: Pod\n---\nkind: Pod\n", ["pod.yaml: holds 2 documents (Pod, Pod) and 2 Pods; expected exactly one Pod"]),
    ])
    func mistakesAreNamedWithFileLineAndField(text: String, expected: [String]) {
        #expect(Self.errors(text) == expected)
    }

    @Test func everyMistakeOfAFileIsReportedInOrder() {
        let text = "kind: Pod\nspec:\n  hostNetwork: 1\n  dnsPolicy: none\n  dnsConfig:\n    options: [{name: ndots, value: 2}]\n"
        #expect(Self.errors(text) == [
            "pod.yaml:3:16: spec.hostNetwork: expected true or false, found the integer 1",
            #"pod.yaml:4:14: spec.dnsPolicy: expected one of ClusterFirst, ClusterFirstWithHostNet, Default, None; found none (did you mean "None"?)"#,
            #"pod.yaml:6:36: spec.dnsConfig.options[0].value: expected a string, found the integer 2 (quote it: "2")"#,
        ])
    }

    @Test func filesThatAreNotManifests() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("podmanifest-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let binary = directory.appendingPathComponent("binary.yaml").path
        _ = FileManager.default.createFile(atPath: binary, contents: Data([0x6B, 0x00, 0xFF]))
        for (path, message) in [(directory.path + "/missing.yaml", "no such file"), (directory.path, "is a directory; expected a Pod manifest (YAML)"),
                                (binary, "expected a Pod manifest in YAML (UTF-8 text, no NUL bytes)")] {
            #expect(throws: PodManifestErrors.self) { try PodManifest.read(path: path) }
            do {
                _ = try PodManifest.read(path: path)
            } catch {
                #expect(error.description == "\(path): \(message)")
            }
        }
    }
}
