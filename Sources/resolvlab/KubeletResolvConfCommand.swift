import ArgumentParser
import Glibc
import Kubelet
import Reports
import ScenarioFormat
import Tracing

struct KubeletResolvConfCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kubelet-resolv-conf",
        abstract: "Print the /etc/resolv.conf the kubelet would give a pod.",
        discussion: """
            Made from a scenario's "kubernetes" key, or from a Pod manifest (--pod) and the kubelet's settings, as the \
            kubelet of Kubernetes 1.28 and later makes it (the policy's base, dnsConfig merged in, duplicates removed, \
            at most 3 nameservers and 32 search domains of 2048 characters) and as containerd and CRI-O write it. Nothing \
            runs: this only reads files.

            The file goes to standard output, exactly; how the kubelet chose it and the events it would report \
            (kubectl describe pod shows them as DNSConfigForming or MissingClusterDNS) go to standard error. With a \
            scenario file, --pod and the other options replace what its "kubernetes" key says, as they do for `run`.

            Examples:
              resolvlab kubelet-resolv-conf --pod pod.yaml
              resolvlab kubelet-resolv-conf --pod pod.yaml --cluster-domain corp.internal --node-resolv-conf /etc/resolv.conf
              resolvlab kubelet-resolv-conf scenarios/kubernetes/seed-pod-ndots5-walk.json
            """
    )

    @Argument(help: ArgumentHelp("A scenario file with a \"kubernetes\" key.", valueName: "scenario.json"))
    var scenario: String?

    @OptionGroup var podOptions: PodOptions

    func validate() throws {
        if scenario == nil, podOptions.pod == nil {
            throw ValidationError("give a scenario file with a \"kubernetes\" key, or --pod POD.yaml")
        }
    }

    func run() throws {
        var base = KubernetesDNS()
        if let scenario {
            do {
                guard let settings = try ScenarioLoader.load(path: scenario, options: .init(allowNoAssertions: true)).kubernetes else {
                    printError("resolvlab: \(TextEscaping.line(scenario)): the scenario has no \"kubernetes\" key; its resolvConf is its resolv.conf")
                    throw ExitCode(ExitStatus.invalid)
                }
                base = settings
            } catch let error as ScenarioErrors {
                printError(error.description)
                throw ExitCode(ExitStatus.invalid)
            }
        }
        let (dns, podName) = try podOptions.applied(to: base)
        let generated: PodResolvConf
        switch dns.resolvConf() {
        case .success(let made): generated = made
        case .failure(let problem):
            printError("resolvlab: --node-resolv-conf \(podOptions.nodeResolvConf ?? ""): \(problem.message)")
            throw ExitCode(ExitStatus.invalid)
        }
        for note in TraceSetup.kubeletNotes(generated, pod: dns.pod, podName: podName) { printError("resolvlab: \(TextEscaping.line(note))") }
        print(generated.text, terminator: "")
        throw ExitCode(ExitStatus.passed)
    }
}
