import Foundation
import Testing

/// A pod's DNS from its manifest: `kubelet-resolv-conf`, `trace --pod` and `run --pod`, end to end.
@Suite("kubernetes", .serialized)
struct KubernetesTests {
    static let seedPod = packageRoot + "/scenarios/kubernetes/dns-example-pod.yaml"
    static let walk = packageRoot + "/scenarios/kubernetes/seed-pod-ndots5-walk.json"
    static let fixed = packageRoot + "/scenarios/kubernetes/seed-pod-dnsconfig-ndots1.json"

    @Test("kubelet-resolv-conf prints the seed pod's file on stdout, how the kubelet chose it on stderr")
    func seedPodsFile() throws {
        let result = try resolvlab(["kubelet-resolv-conf", "--pod", Self.seedPod])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.output == "search prophet.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:1\n")
        #expect(result.errors == "resolvlab: kubelet: pod dns-example in namespace prophet, dnsPolicy ClusterFirst: the cluster's DNS "
            + "servers and search domains with options ndots:5, then the pod's dnsConfig merged in\n", "\(result)")
    }

    @Test("the node's settings: another domain, no cluster DNS (the fallback and its event), the node's own file")
    func nodeSettings() throws {
        let directory = try TemporaryDirectory()
        let node = try directory.write("node-resolv.conf", "search corp.example\nnameserver 192.0.2.53\nnameserver 192.0.2.54\n")
        let domain = try resolvlab(["kubelet-resolv-conf", "--pod", Self.seedPod, "--cluster-domain", "corp.internal",
                                    "--cluster-dns", "10.0.0.10,fd00::a", "--node-resolv-conf", node])
        #expect(domain.exitCode == 0, "\(domain)")
        #expect(domain.output == "search prophet.svc.corp.internal svc.corp.internal corp.internal corp.example\n"
            + "nameserver 10.0.0.10\nnameserver fd00::a\noptions ndots:1\n")
        let fallback = try resolvlab(["kubelet-resolv-conf", "--pod", Self.seedPod, "--cluster-dns", "none", "--node-resolv-conf", node])
        #expect(fallback.exitCode == 0, "\(fallback)")
        #expect(fallback.output == "search corp.example\nnameserver 192.0.2.53\nnameserver 192.0.2.54\noptions ndots:1\n")
        #expect(fallback.errors.contains("kubelet event: MissingClusterDNS: kubelet does not have ClusterDNS IP configured"), "\(fallback)")
    }

    @Test("a scenario's kubernetes key, and what is wrong with a manifest or an option, exit 2")
    func scenarioAndMistakes() throws {
        let scenario = try resolvlab(["kubelet-resolv-conf", Self.walk])
        #expect(scenario.output == "search prophet.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n",
                "\(scenario)")
        let directory = try TemporaryDirectory()
        let bad = try directory.write("pod.yaml", "apiVersion: v1\nkind: Pod\nspec:\n  dnsConfig:\n    options:\n      - name: ndots\n        value: 1\n")
        let manifest = try resolvlab(["kubelet-resolv-conf", "--pod", bad])
        #expect(manifest.exitCode == 2)
        #expect(manifest.errors == "resolvlab: --pod \(bad):7:16: spec.dnsConfig.options[0].value: expected a string, found the integer 1 "
            + "(quote it: \"1\")\n", "\(manifest)")
        let option = try resolvlab(["kubelet-resolv-conf", "--pod", Self.seedPod, "--cluster-dns", "10.96.0.300"])
        #expect(option.exitCode == 2)
        #expect(option.errors == "resolvlab: --cluster-dns 10.96.0.300: expected an IPv4 or IPv6 address like 10.96.0.10; found \"10.96.0.300\"\n")
        let plain = try resolvlab(["kubelet-resolv-conf", seedScenario])
        #expect(plain.exitCode == 2)
        #expect(plain.errors.contains("the scenario has no \"kubernetes\" key"), "\(plain)")
        let both = try directory.write("both.json", #"{ "name": "x", "resolvConf": "", "kubernetes": {}, "lookups": [{ "exec": ["true"], "expect": { "exitCode": 0 } }] }"#)
        let check = try resolvlab(["check", both])
        #expect(check.exitCode == 2)
        #expect(check.errors.contains(#"\#(both):1:34: kubernetes: "kubernetes" makes /etc/resolv.conf as the kubelet would, and "resolvConf" gives it byte for byte; keep one of them"#),
                "\(check)")
    }

    @Test("run --pod: the seed pod's fix turns the 8-query walk into 2 queries, and the walk's expectation fails with that diff")
    func runWithThePod() throws {
        let result = try resolvlab(["run", "--pod", Self.seedPod, Self.walk])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.output.contains("8 queries, observed 2: missing A ycwu314.top.prophet.svc.cluster.local."), "\(result)")
        #expect(result.output.contains("        A ycwu314.top.                              @10.96.0.10:53 udp  NOERROR"), "\(result)")
        let fixed = try resolvlab(["run", "--pod", Self.seedPod, Self.fixed])
        #expect(fixed.exitCode == 0, "the fix's own scenario has the same pod: \(fixed)")
    }

    @Test("run --pod refuses scenarios that write their resolv.conf out, and --update")
    func runRefuses() throws {
        let plain = try resolvlab(["run", "--pod", Self.seedPod, seedScenario])
        #expect(plain.exitCode == 2)
        #expect(plain.errors.contains("\(seedScenario): no \"kubernetes\" key (its resolvConf is written out), so --pod cannot apply"),
                "\(plain)")
        let update = try resolvlab(["run", "--update", "--pod", Self.seedPod, Self.walk])
        #expect(update.exitCode == 2)
        #expect(update.errors.contains("--update records what each file does as written; it cannot be combined with --pod"), "\(update)")
        let served = try resolvlab(["run", "--cluster-dns", "10.0.0.10", Self.fixed])
        #expect(served.errors.contains("the pod's nameserver 10.0.0.10 has no server in the scenario, so queries to it go unanswered"),
                "\(served)")
    }

    @Test("trace --pod: the kubelet's file in the sandbox, a server for its nameserver, and an emitted scenario with the key")
    func traceWithThePod() throws {
        let directory = try TemporaryDirectory()
        let emitted = directory.path + "/pod.json"
        let result = try resolvlab(["trace", "--pod", Self.seedPod, "--address", "fd00::17/128", "--zone", "ycwu314.top=104.24.99.9",
                                    "--emit-scenario", emitted, "--", "getent", "ahosts", "ycwu314.top"])
        #expect(result.exitCode == 0, "\(result)")
        #expect(TraceTests.normalised(result.errors).hasPrefix("""
            ;; note: kubelet: pod dns-example in namespace prophet, dnsPolicy ClusterFirst: the cluster's DNS servers and search domains with options ndots:5, then the pod's dnsConfig merged in
            ;; resolv.conf: search prophet.svc.cluster.local svc.cluster.local cluster.local | nameserver 10.96.0.10 | options ndots:1
            ;; scripted servers: 10.96.0.10 (serve, 1 name, otherwise nxdomain)
            ;; +T  query #1   A ycwu314.top.                       @10.96.0.10:53 udp

            """), "\(result)")
        let text = try String(contentsOfFile: emitted, encoding: .utf8)
        #expect(text.contains(#""kubernetes": {"#) && !text.contains("resolvConf"), "\(text)")
        let rerun = try resolvlab(["run", emitted])
        #expect(rerun.exitCode == 0, "\(rerun)")
        let conflict = try resolvlab(["trace", "--pod", Self.seedPod, "--nameserver", "10.0.0.1", "--", "true"])
        #expect(conflict.exitCode == 2)
        #expect(conflict.errors.contains("--pod makes the resolv.conf as the kubelet would; it cannot be combined with --nameserver"))
    }
}
