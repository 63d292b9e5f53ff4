import Foundation
import Testing
@testable import Sandbox

@Suite("Sandbox configuration")
struct SandboxConfigurationTests {
    @Test("net, mount, uts, ipc and pid are always created; user is added when not root")
    func effectiveNamespaces() {
        let always: Set<Namespace> = [.net, .mount, .uts, .ipc, .pid]
        #expect(Namespace.effective(requested: [], isRoot: true) == always)
        #expect(Namespace.effective(requested: [.uts], isRoot: false) == always.union([.user]))
        // Listing user as root asks for a user namespace anyway (to run as an unprivileged user would).
        #expect(Namespace.effective(requested: [.user], isRoot: true) == always.union([.user]))
    }

    @Test("the host filesystem is read-only by default, with private scratch directories")
    func defaults() {
        let configuration = SandboxConfiguration(namespaces: [])
        #expect(configuration.readOnlyHost)
        #expect(configuration.writable.isEmpty)
        for directory in ["/tmp", "/var/tmp", "/run", "/dev/shm"] {
            #expect(configuration.privateDirectories.contains(directory), "\(directory) is not private")
        }
    }

    @Test("the namespaces error explains what to do for the cause at hand")
    func namespacesMessage() {
        let limit = SandboxError.namespacesUnavailable(step: "unshare", errno: .noSpace, unprivileged: true).description
        #expect(limit.contains("user.max_user_namespaces"))
        let rootless = SandboxError.namespacesUnavailable(step: "unshare", errno: .notPermitted, unprivileged: true).description
        #expect(rootless.contains("kernel.apparmor_restrict_unprivileged_userns=0"))
        #expect(rootless.contains("Run as root"))
        let container = SandboxError.namespacesUnavailable(step: "unshare", errno: .notPermitted, unprivileged: false).description
        #expect(container.contains("--privileged"))
    }

    @Test("a private directory inside another gets no tmpfs of its own: the outer one hides it (/run/nscd under /run)")
    func nestedPrivateDirectories() throws {
        let base = "/tmp/resolvlab-covered-\(getpid())"
        defer { _ = try? FileManager.default.removeItem(atPath: base) }
        try FileManager.default.createDirectory(atPath: base + "/run/nscd", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: base + "/tmp", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: base + "/var-run", withDestinationPath: base + "/run")
        let covered = SandboxSetup.coveredDirectories(
            [base + "/tmp", base + "/run", base + "/var-run", base + "/var-run/nscd", base + "/missing"])
        #expect(covered == [base + "/tmp", base + "/run"])
        #expect(SandboxSetup.coveredDirectories([base + "/run/nscd"]) == [base + "/run/nscd"], "alone, it is covered")
    }
}
