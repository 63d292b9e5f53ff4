import ArgumentParser
import DNSWire
import Kubelet
import PodManifest
import Reports
import Runner
import ScenarioFormat
import Tracing

/// `--pod`, `--cluster-domain`, `--cluster-dns`, `--node-resolv-conf`: a pod's DNS settings from its manifest,
/// and the node's kubelet settings, from which the resolv.conf is made as the kubelet makes it.
struct PodOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A Pod manifest (YAML): its metadata.namespace, spec.dnsPolicy, spec.hostNetwork and "
                               + "spec.dnsConfig decide the resolv.conf, made as the kubelet makes it.", valueName: "pod.yaml"))
    var pod: String?

    @Option(help: ArgumentHelp("The kubelet's cluster domain (default: \(NodeDNS.defaultClusterDomain)).", valueName: "domain"))
    var clusterDomain: String?

    @Option(help: ArgumentHelp("The kubelet's cluster DNS addresses, separated by commas as the kubelet's flag takes them "
                               + "(default: \(NodeDNS.defaultClusterDNS.joined(separator: ","))); `none` for a kubelet without, "
                               + "whose ClusterFirst pods fall back to Default.", valueName: "ip,..."))
    var clusterDns: String?

    /// `--cluster-dns` as a list; nil when not given.
    var clusterDNSAddresses: [String]? {
        clusterDns.map { $0 == "none" ? [] : $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Option(help: ArgumentHelp("The node's resolv.conf, as the kubelet's --resolv-conf (default: an empty file; the host's "
                               + "own file is never read unless named here).", valueName: "file"))
    var nodeResolvConf: String?

    /// The options given, by name, for messages.
    var given: [String] {
        [("--pod", pod != nil), ("--cluster-domain", clusterDomain != nil), ("--cluster-dns", clusterDns != nil),
         ("--node-resolv-conf", nodeResolvConf != nil)].filter(\.1).map(\.0)
    }

    var isEmpty: Bool { given.isEmpty }

    /// `base` with the manifest's pod settings and the node settings these options give. Prints what is wrong
    /// and exits 2 (a usage error) for a manifest or an option value no cluster could have.
    func applied(to base: KubernetesDNS = KubernetesDNS(), readingPod: Bool = true) throws -> (dns: KubernetesDNS, podName: String?) {
        var dns = base
        var name: String?
        if readingPod, let pod {
            do {
                let manifest = try PodManifest.read(path: pod)
                dns.pod = manifest.pod
                name = manifest.name
            } catch {
                for problem in error.errors { printError("resolvlab: --pod \(TextEscaping.line(problem.description))") }
                throw ExitCode(ExitStatus.invalid)
            }
        }
        if let clusterDomain { dns.node.clusterDomain = clusterDomain }
        if let addresses = clusterDNSAddresses { dns.node.clusterDNS = addresses }
        if let nodeResolvConf {
            do {
                dns.node.resolvConf = try TraceSetup.readText(nodeResolvConf, option: "--node-resolv-conf")
            } catch {
                printError("resolvlab: \(error)")
                throw ExitCode(ExitStatus.invalid)
            }
        }
        let problems = dns.node.problems
        for problem in problems { printError("resolvlab: \(option(for: problem)): \(problem.message)") }
        if !problems.isEmpty { throw ExitCode(ExitStatus.invalid) }
        return (dns, name)
    }

    /// The option a node problem comes from, with the value or file.
    func option(for problem: KubeletInputProblem) -> String {
        switch problem.path.first {
        case .key("clusterDomain"): "--cluster-domain \(clusterDomain ?? "")"
        case .key("clusterDNS"):
            if case .index(let index)? = problem.path.dropFirst().first, let addresses = clusterDNSAddresses, index < addresses.count {
                "--cluster-dns \(addresses[index])"
            } else { "--cluster-dns" }
        default: "--node-resolv-conf \(nodeResolvConf ?? "")"
        }
    }
}

extension PodOptions {
    /// `run`: every selected scenario's `kubernetes` settings with the manifest's pod and the options' node
    /// settings, and the resolv.conf made again. A scenario without the key is a usage error (exit 2): it says
    /// its resolv.conf byte for byte, and quietly running it unchanged would look like an answer.
    func apply(to scenarios: [LoadedScenario]) throws -> [LoadedScenario] {
        let lacking = scenarios.filter { $0.scenario.map { $0.kubernetes == nil } ?? false }.map(\.path)
        if !lacking.isEmpty {
            for path in lacking.prefix(10) {
                printError("resolvlab: \(TextEscaping.line(path)): no \"kubernetes\" key (its resolvConf is written out), so "
                           + "\(given.joined(separator: ", ")) cannot apply; select scenarios that have one (--tag, --filter)")
            }
            if lacking.count > 10 { printError("resolvlab: ... and \(lacking.count - 10) more without a \"kubernetes\" key") }
            throw ExitCode(ExitStatus.invalid)
        }
        var manifest: (dns: KubernetesDNS, podName: String?)?
        if pod != nil { manifest = try applied() }
        return try scenarios.map { loaded in
            guard var scenario = loaded.scenario, var dns = scenario.kubernetes else { return loaded }
            if let manifest { dns.pod = manifest.dns.pod }
            (dns, _) = try applied(to: dns, readingPod: false)
            do throws(NodeResolvConf.Problem) {
                try scenario.setKubernetes(dns)
            } catch {
                printError("resolvlab: \(TextEscaping.line(loaded.path)): \(error.message)")
                throw ExitCode(ExitStatus.invalid)
            }
            let served = Set(scenario.servers.map(\.address))
            for line in scenario.resolvConf.split(separator: "\n") where line.hasPrefix("nameserver ") {
                let address = line.dropFirst("nameserver ".count)
                if let ip = IPAddress(String(address)), !served.contains(ip) {
                    printError("resolvlab: note: \(TextEscaping.line(loaded.path)): the pod's nameserver \(address) has no server "
                               + "in the scenario, so queries to it go unanswered")
                }
            }
            return LoadedScenario(path: loaded.path, content: .success(scenario))
        }
    }
}
