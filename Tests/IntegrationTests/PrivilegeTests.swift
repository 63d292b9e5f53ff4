import Foundation
import Glibc
import Testing

/// Root and unprivileged users get the same results; a machine without namespaces gets exit 3.
@Suite("Privileges", .serialized)
struct PrivilegeTests {
    static let unshareAvailable = FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare")
    static let setprivAvailable = FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")

    @Test("no namespaces available: exit code 3 and a message saying how to enable them",
          .enabled(if: unshareAvailable))
    func namespacesUnavailableExitsThree() throws {
        // Inside a user namespace whose user-namespace limit is 0, the scenario's own user namespace
        // cannot be created: the same failure as a host with user namespaces disabled.
        let directory = try TemporaryDirectory()
        let scenario = try directory.write("userns.json", """
            {
              "name": "needs a user namespace",
              "namespaces": ["user", "net", "mount", "uts"],
              "resolvConf": ["nameserver 10.96.0.10"],
              "servers": [ { "address": "10.96.0.10" } ],
              "lookups": [ { "getaddrinfo": "x.example", "family": "inet", "expect": { "error": "EAI_NONAME" } } ]
            }
            """)
        let result = try run("/usr/bin/unshare", [
            "--user", "--map-root-user", "/bin/sh", "-c",
            "echo 0 > /proc/sys/user/max_user_namespaces && exec \"$0\" run \"$1\"", resolvlabBinary, scenario,
        ])
        #expect(result.exitCode == 3, "\(result)")
        #expect(result.errors.contains("cannot create the sandbox namespaces"), "\(result)")
        #expect(result.errors.contains("user.max_user_namespaces"), "\(result)")
    }

    /// Root of a user namespace may create PID namespaces but has no privilege over the one it
    /// lives in, so the run cannot start sandboxes as PID 1 of their namespace the fast way (it
    /// would never get back to its own): they make their PID namespace themselves, as an
    /// unprivileged user's do, and pass the same.
    @Test("as root of a user namespace, sandboxes make their own PID namespace and the scenario passes",
          .enabled(if: isRoot && unshareAvailable))
    func rootOfUserNamespace() throws {
        let scenario = packageRoot + "/scenarios/kubernetes/glibc/kubernetes-ndots5-search-walk.json"
        // Twice: a run stranded in a sandbox's namespace after its first fork would fail the second.
        let result = try run("/usr/bin/unshare", ["--user", "--map-root-user", resolvlabBinary, "run", "--repeat", "2", scenario])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.output.contains("2 passed, 0 failed, 0 errors, 0 skipped"), "\(result)")
    }

    /// As root, the whole bundled suite again as `nobody`: it must pass where unprivileged user
    /// namespaces are enabled, and exit 3 with instructions where they are not.
    @Test("the bundled suite runs as an unprivileged user", .enabled(if: isRoot && setprivAvailable && unshareAvailable))
    func bundledSuiteRootless() throws {
        let directory = try TemporaryDirectory()
        let binary = directory.path + "/resolvlab"
        // cp, not FileManager: its write descriptor lacks O_CLOEXEC, and a process another test spawns
        // meanwhile would inherit it and make exec fail with ETXTBSY.
        #expect(try run("/bin/cp", [resolvlabBinary, binary]).exitCode == 0)
        #expect(try run("/bin/cp", ["-R", packageRoot + "/scenarios", directory.path + "/scenarios"]).exitCode == 0)
        // The helpers `make tools` built (resolvlab-load, resolvlab-musl-gai, the clients'), on nobody's PATH (under /tmp,
        // which the sandbox covers with its own tmpfs: their directory is bound back in).
        for tool in (try? FileManager.default.contentsOfDirectory(atPath: toolsDirectory)) ?? [] {
            #expect(try run("/bin/cp", [toolsDirectory + "/" + tool, directory.path + "/" + tool]).exitCode == 0)
        }
        _ = try run("/bin/chmod", ["-R", "a+rX", directory.path])
        let path = directory.path + ":/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"
        let asNobody = ["--reuid=65534", "--regid=65534", "--clear-groups"]
        let probe = try run("/usr/bin/setpriv", asNobody + ["/usr/bin/unshare", "--user", "--map-root-user", "--net", "true"])
        let result = try run("/usr/bin/setpriv", asNobody + [binary, "run", directory.path + "/scenarios"],
                             environment: ["HOME": "/", "PATH": path])
        if probe.exitCode == 0 {
            let (runs, skipped) = try bundledRuns(path: path)
            #expect(result.exitCode == 0, "\(result)")
            #expect(result.output.contains("\(runs - skipped) passed, 0 failed, 0 errors, \(skipped) skipped"),
                    "\(result)")
        } else {
            #expect(result.exitCode == 3, "user namespaces are off for nobody here: \(result)")
            #expect(result.errors.contains("enable unprivileged user namespaces"), "\(result)")
        }
    }
}
