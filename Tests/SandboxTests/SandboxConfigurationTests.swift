import Testing
@testable import Sandbox

@Suite("Sandbox configuration")
struct SandboxConfigurationTests {
    @Test("net and mount are always created; user is added when not root")
    func effectiveNamespaces() {
        #expect(SandboxConfiguration.effectiveNamespaces(requested: [.uts], isRoot: true) == [.net, .mount, .uts])
        #expect(SandboxConfiguration.effectiveNamespaces(requested: [.uts], isRoot: false) == [.user, .net, .mount, .uts])
        #expect(SandboxConfiguration.effectiveNamespaces(requested: [.user, .net, .mount], isRoot: true) == [.user, .net, .mount])
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
