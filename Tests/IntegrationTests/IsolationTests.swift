import Foundation
import Glibc
import SystemCalls
import Testing

/// Nothing a scenario does may leave its namespaces; what it sees must not depend on the host.
@Suite("Sandbox isolation", .serialized)
struct IsolationTests {
    /// A scenario whose single lookup only succeeds if the sandbox's resolv.conf was read.
    static func resolvConfProbe(files: String = "") -> String {
        """
        {
          "name": "the sandbox's resolv.conf is the one in effect",
          "resolvConf": ["nameserver 10.96.0.10", "options ndots:1"],
          \(files)
          "servers": [ { "address": "10.96.0.10", "records": { "probe.example.": { "A": ["192.0.2.53"] } } } ],
          "lookups": [ { "getaddrinfo": "probe.example", "family": "inet", "expect": { "addresses": ["192.0.2.53"] } } ],
          "expect": { "queries": ["A probe.example. @10.96.0.10 udp"] }
        }
        """
    }

    @Test("the host's resolv.conf, hosts and nsswitch.conf are untouched by a run")
    func hostFilesUntouched() throws {
        let watched = ["/etc/resolv.conf", "/etc/hosts", "/etc/nsswitch.conf"]
        let before = watched.map { FileManager.default.contents(atPath: $0) }
        let directory = try TemporaryDirectory()
        let result = try resolvlab(["run", try directory.write("probe.json", Self.resolvConfProbe())])
        #expect(result.exitCode == 0, "\(result)")
        #expect(watched.map { FileManager.default.contents(atPath: $0) } == before)
    }

    /// The sandbox's files and its network are set up at once, on two threads. When the files
    /// side fails (here: a file under a regular file), the responder and capture the other side
    /// started meanwhile are stopped, and the scenario is a setup ERROR that says why, at once.
    @Test("a file that cannot be placed is a setup ERROR, even with the network already set up beside it")
    func filesSideFailure() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("unplaceable.json", Self.resolvConfProbe(files: #""files": { "/etc/passwd/x": "x\n" },"#))
        let started = MonotonicInstant.now()
        let result = try resolvlab(["run", "-v", file])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.output.contains("ERROR the sandbox's resolv.conf is the one in effect"), "\(result)")
        #expect(result.output.contains("cannot place /etc/passwd/x in the sandbox"), "\(result)")
        #expect(result.output.contains("0 passed, 0 failed, 1 error, 0 skipped"), "\(result)")
        #expect(started.milliseconds(to: .now()) < 5000, "nothing waited for a timeout")
    }

    @Test("a file at a path that does not exist is created in the sandbox only")
    func newFileStaysInside() throws {
        let directory = try TemporaryDirectory()
        let target = "/var/lib/resolvlab-test-\(getpid())-\(Int.random(in: 0..<1_000_000))/conf.d/probe.conf"
        let file = try directory.write("files.json", """
            {
              "name": "files creates what is missing",
              "files": { "\(target)": "created-inside\\n" },
              "lookups": [ { "exec": ["cat", "\(target)", "/etc/nsswitch.conf"],
                             "expect": { "exitCode": 0, "stdoutContains": ["created-inside", "hosts: files dns"] } } ]
            }
            """)
        let result = try resolvlab(["run", file])
        #expect(result.exitCode == 0, "\(result)")
        #expect(!FileManager.default.fileExists(atPath: (target as NSString).deletingLastPathComponent),
                "nothing of \(target) may exist on the host afterwards")
    }

    /// /etc/resolv.conf as a regular file, a symlink to an existing file, and a dangling symlink
    /// (Ubuntu's systemd-resolved layout inside a container). The host's /etc is not touched: each
    /// case runs under `unshare --mount` with a copy of /etc bound over it.
    @Test("resolv.conf is replaced whether it is a file, a symlink or a dangling symlink",
          .enabled(if: isRoot && FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare")),
          arguments: ["regular", "symlink", "dangling"])
    func resolvConfShapes(shape: String) throws {
        let directory = try TemporaryDirectory()
        let fakeEtc = directory.path + "/etc"
        let copy = try run("/bin/cp", ["-a", "/etc", fakeEtc])
        #expect(copy.exitCode == 0, "\(copy)")
        let resolvConf = fakeEtc + "/resolv.conf"
        try? FileManager.default.removeItem(atPath: resolvConf)
        let danglingTarget = "/run/resolvlab-test-\(getpid())/resolve/stub-resolv.conf"
        switch shape {
        case "regular":
            try "nameserver 192.0.2.1\n".write(toFile: resolvConf, atomically: false, encoding: .utf8)
        case "symlink":
            try "nameserver 192.0.2.1\n".write(toFile: fakeEtc + "/resolv-real.conf", atomically: false, encoding: .utf8)
            try FileManager.default.createSymbolicLink(atPath: resolvConf, withDestinationPath: "resolv-real.conf")
        default:
            try FileManager.default.createSymbolicLink(atPath: resolvConf, withDestinationPath: danglingTarget)
        }
        let scenario = try directory.write("probe.json", Self.resolvConfProbe())
        let result = try run("/usr/bin/unshare", [
            "--mount", "--propagation", "private", "/bin/sh", "-c",
            "mount --rbind \"$0\" /etc && exec \"$1\" run \"$2\"", fakeEtc, resolvlabBinary, scenario,
        ])
        #expect(result.exitCode == 0, "\(shape): \(result)")
        #expect(result.output.contains("1 passed"), "\(shape): \(result)")
        #expect(!FileManager.default.fileExists(atPath: "/run/resolvlab-test-\(getpid())"),
                "the dangling symlink's target must not be created on the host")
        if shape == "symlink" {
            let real = try String(contentsOfFile: fakeEtc + "/resolv-real.conf", encoding: .utf8)
            #expect(real == "nameserver 192.0.2.1\n", "the symlink's target file is shadowed, never written")
        }
    }

    @Test("resolver variables in the caller's environment do not reach the sandbox")
    func resolverEnvironmentIsScrubbed() throws {
        // RES_OPTIONS=ndots:9 would make glibc walk the search list first; LOCALDOMAIN would add one.
        let directory = try TemporaryDirectory()
        let file = try directory.write("env.json", Self.resolvConfProbe())
        let result = try resolvlab(["run", file], environment: ["RES_OPTIONS": "ndots:9 attempts:5",
                                                                "LOCALDOMAIN": "leak.example"])
        #expect(result.exitCode == 0, "\(result)")
    }

    @Test("an exec lookup ends when its process exits, even if a background child keeps the output open")
    func execDoesNotWaitForBackgroundChildren() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("background.json", """
            {
              "name": "a daemonized helper does not hold the lookup",
              "lookups": [ { "exec": ["sh", "-c", "sleep 30 & echo started"],
                             "expect": { "exitCode": 0, "stdoutContains": "started", "maxMs": 5000 } } ],
              "timeoutMs": 20000
            }
            """)
        let result = try resolvlab(["run", file])
        #expect(result.exitCode == 0, "\(result)")
    }
}
