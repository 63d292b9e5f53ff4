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
}
