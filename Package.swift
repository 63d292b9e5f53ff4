// swift-tools-version: 6.1
import PackageDescription

// Linux only: the sandbox is made of Linux namespaces.
let package = Package(
    name: "ResolvLab",
    products: [
        .executable(name: "resolvlab", targets: ["resolvlab"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        // Pod manifests (`--pod POD.yaml`) are YAML: a maintained parser, not one of our own.
        .package(url: "https://github.com/jpsim/Yams.git", exact: "6.2.2"),
    ],
    targets: [
        // C declarations Swift's Glibc module does not export (they need _GNU_SOURCE or Linux headers).
        .target(name: "CResolvLab"),

        // Values: the DNS wire format (pure); the scenario format, which reads scenario files and
        // checks where their host paths lead through the OS layer.
        .target(name: "DNSWire"),
        .target(name: "ScenarioFormat", dependencies: ["DNSWire", "CResolvLab", "SystemCalls", "Kubelet"]),
        // Pure: the resolv.conf the kubelet writes for a pod (policy, dnsConfig merge, limits).
        .target(name: "Kubelet", dependencies: ["DNSWire"]),
        // Reading a Pod manifest (YAML) into the kubelet's inputs, with errors that name file, line and field.
        .target(name: "PodManifest", dependencies: ["Kubelet", .product(name: "Yams", package: "Yams")]),

        // The OS layer: every system call, descriptors, threads, processes, atomic file writes.
        .target(name: "SystemCalls", dependencies: [
            "DNSWire", "CResolvLab", .product(name: "SystemPackage", package: "swift-system"),
        ]),
        // The typed protocol between the sandbox child and the parent: the request and the events.
        .target(name: "Observation", dependencies: ["DNSWire", "ScenarioFormat", "SystemCalls"]),

        // Sandbox-side modules.
        .target(name: "Sandbox", dependencies: ["SystemCalls", "CResolvLab", "DNSWire",
                                                .product(name: "SystemPackage", package: "swift-system")]),
        .target(name: "Capture", dependencies: ["DNSWire", "SystemCalls", "CResolvLab", "Observation",
                                                .product(name: "SystemPackage", package: "swift-system")]),
        .target(name: "Responder", dependencies: ["DNSWire", "ScenarioFormat", "SystemCalls", "CResolvLab",
                                                  .product(name: "SystemPackage", package: "swift-system")]),
        .target(name: "Lookups", dependencies: ["DNSWire", "ScenarioFormat", "SystemCalls", "Observation", "CResolvLab",
                                                .product(name: "SystemPackage", package: "swift-system")]),
        // The sandbox child: builds the sandbox, runs responder, capture and lookups, streams events.
        .target(name: "Probe", dependencies: ["Sandbox", "Capture", "Responder", "Lookups", "Observation",
                                              "ScenarioFormat", "SystemCalls", "DNSWire", "CResolvLab",
                                              .product(name: "SystemPackage", package: "swift-system")]),

        // Parent-side modules.
        // Pure: a scenario's expectations against what was observed, as typed verdicts.
        .target(name: "Judge", dependencies: ["Observation", "ScenarioFormat", "DNSWire", "SystemCalls"]),
        // Spawning sandbox children, the event loop, suites of loaded scenarios, selection.
        .target(name: "Runner", dependencies: ["Judge", "Observation", "ScenarioFormat", "SystemCalls", "Capture", "DNSWire", "CResolvLab",
                                               .product(name: "SystemPackage", package: "swift-system")]),
        // Writing what a run observed back into scenario files.
        .target(name: "Recording", dependencies: ["Judge", "Runner", "Observation", "ScenarioFormat", "DNSWire", "SystemCalls"]),
        // Report formats: human text, JUnit XML, TAP, JSON, pcap files.
        .target(name: "Reports", dependencies: ["Runner", "Judge", "Observation", "ScenarioFormat", "Capture", "DNSWire",
                                                "SystemCalls"]),
        // `resolvlab trace`: the sandbox its options make, its live lines and its summary.
        .target(name: "Tracing", dependencies: ["Recording", "Reports", "Runner", "Judge", "Observation", "ScenarioFormat", "Kubelet",
                                                "DNSWire", "SystemCalls",
                                                .product(name: "SystemPackage", package: "swift-system")]),
        // Pure: `resolvlab doc`, the behaviour pages (Markdown and HTML) and the README's list, from scenario files alone.
        .target(name: "BehaviourDocs", dependencies: ["ScenarioFormat", "DNSWire"]),
        .executableTarget(name: "resolvlab", dependencies: [
            "Runner", "Recording", "Reports", "Tracing", "Probe", "Judge", "Observation", "ScenarioFormat", "SystemCalls", "DNSWire",
            "Kubelet", "PodManifest", "BehaviourDocs",
            .product(name: "SystemPackage", package: "swift-system"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // libpcap's filter compiler and interpreter, the oracle the capture filter is tested against
        // (headers: libpcap-dev).
        .target(name: "CPcapOracle", path: "Tests/CPcapOracle"),
        // Helpers shared by test targets (annotated hex fixtures, byte mutation).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        // Observed queries and event streams built for tests of the judge, recording and reports.
        .target(name: "ObservationTestSupport", dependencies: ["Observation", "Judge", "ScenarioFormat", "DNSWire"],
                path: "Tests/ObservationTestSupport"),
        .testTarget(name: "DNSWireTests", dependencies: [
            "DNSWire", "TestSupport", .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "ScenarioFormatTests", dependencies: [
            "ScenarioFormat", "DNSWire", .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "KubeletTests", dependencies: ["Kubelet", "DNSWire"]),
        .testTarget(name: "PodManifestTests", dependencies: ["PodManifest", "Kubelet"], exclude: ["Fixtures"]),
        .testTarget(name: "SystemCallsTests", dependencies: ["SystemCalls", "CResolvLab",
                                                             .product(name: "SystemPackage", package: "swift-system")]),
        .testTarget(name: "SandboxTests", dependencies: ["Sandbox", "SystemCalls", "DNSWire", "TestSupport"]),
        .testTarget(name: "CaptureTests", dependencies: [
            "Capture", "Observation", "DNSWire", "SystemCalls", "TestSupport", "CPcapOracle",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "ResponderTests", dependencies: ["Responder", "ScenarioFormat", "DNSWire", "SystemCalls", "TestSupport",
                                                           .product(name: "SystemPackage", package: "swift-system")]),
        .testTarget(name: "ObservationTests", dependencies: ["Observation", "ScenarioFormat", "DNSWire", "SystemCalls",
                                                             "ObservationTestSupport"]),
        .testTarget(name: "ProbeTests", dependencies: ["Probe", "Lookups", "Capture", "Responder", "Observation", "Sandbox", "ScenarioFormat",
                                                       "DNSWire", "SystemCalls"]),
        .testTarget(name: "JudgeTests", dependencies: ["Judge", "Observation", "ScenarioFormat", "DNSWire", "SystemCalls",
                                                       "ObservationTestSupport",
                                                       .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(name: "RunnerTests", dependencies: ["Runner", "Judge", "Observation", "ScenarioFormat", "DNSWire",
                                                        "SystemCalls"]),
        .testTarget(name: "RecordingTests", dependencies: ["Recording", "Runner", "Judge", "Observation", "ScenarioFormat",
                                                           "DNSWire", "SystemCalls", "ObservationTestSupport"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Runner", "Judge", "Observation", "ScenarioFormat",
                                                         "Capture", "DNSWire", "SystemCalls", "TestSupport", "ObservationTestSupport"],
                    exclude: ["Fixtures/junit-windyroad.xsd", "Fixtures/junit-jenkins.xsd"]),
        .testTarget(name: "BehaviourDocsTests", dependencies: ["BehaviourDocs", "ScenarioFormat", "DNSWire"]),
        .testTarget(name: "TracingTests", dependencies: ["Tracing", "Observation", "ScenarioFormat", "DNSWire",
                                                         "SystemCalls", "ObservationTestSupport"]),
        // Runs the built `resolvlab` binary end to end (needs root or unprivileged user namespaces).
        .testTarget(name: "IntegrationTests", dependencies: ["SystemCalls", "ScenarioFormat", "DNSWire",
                                                             .product(name: "SystemPackage", package: "swift-system")]),
    ],
    swiftLanguageModes: [.v6]
)
