// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "ResolvLab",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "resolvlab", targets: ["resolvlab"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        // C declarations Swift's Glibc module does not export (they need _GNU_SOURCE).
        .target(name: "CResolvLab"),
        // libpcap through pkg-config; Debian/Ubuntu package libpcap-dev.
        .systemLibrary(name: "CPcap", pkgConfig: "libpcap", providers: [.apt(["libpcap-dev"])]),

        // Leaf modules: no OS, no CLI.
        .target(name: "DNSWire"),
        .target(name: "ScenarioFormat", dependencies: ["DNSWire"]),

        // OS-facing modules.
        .target(name: "SystemCalls", dependencies: [
            "DNSWire", "CResolvLab",
            .product(name: "SystemPackage", package: "swift-system"),
        ]),
        .target(name: "Sandbox", dependencies: ["SystemCalls", "CResolvLab", "DNSWire"]),
        .target(name: "Capture", dependencies: ["CPcap", "DNSWire", "SystemCalls"]),
        .target(name: "Responder", dependencies: ["DNSWire", "ScenarioFormat", "SystemCalls", "CResolvLab"]),
        .target(name: "Runner", dependencies: ["ScenarioFormat", "Sandbox", "Capture", "Responder", "DNSWire", "SystemCalls", "CResolvLab"]),
        // Report formats: human text, JUnit XML, TAP, JSON, pcap files.
        .target(name: "Reports", dependencies: ["Runner", "ScenarioFormat", "Capture"]),
        .executableTarget(name: "resolvlab", dependencies: [
            "Runner", "ScenarioFormat", "Reports",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Helpers shared by test targets (annotated hex fixtures).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "DNSWireTests", dependencies: [
            "DNSWire", "TestSupport", .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "ScenarioFormatTests", dependencies: [
            "ScenarioFormat", .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "SandboxTests", dependencies: ["Sandbox", "SystemCalls", "DNSWire", "TestSupport"]),
        .testTarget(name: "CaptureTests", dependencies: [
            "Capture", "DNSWire", "TestSupport", .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "ResponderTests", dependencies: ["Responder", "ScenarioFormat", "DNSWire", "SystemCalls"]),
        .testTarget(name: "RunnerTests", dependencies: ["Runner", "ScenarioFormat", "DNSWire", "Capture", "Responder"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Runner", "ScenarioFormat", "Capture", "DNSWire", "TestSupport"],
                    exclude: ["Fixtures/junit-windyroad.xsd", "Fixtures/junit-jenkins.xsd"]),
        // Runs the built `resolvlab` binary end to end (needs root or unprivileged user namespaces).
        .testTarget(name: "IntegrationTests", dependencies: ["Runner", "SystemCalls", "Sandbox", "ScenarioFormat"]),
    ],
    swiftLanguageModes: [.v6]
)
