import Foundation
import Glibc
import Testing

/// A process in namespaces of its own, as a pod is: `Tests/Pod/pod.sh` run as PID 1 of new PID,
/// network, mount and UTS namespaces, with its own resolv.conf and hosts (bind-mounted in its
/// mount namespace only), hostname pod-7, and its cluster DNS (`pod-dns.py`) at 10.96.0.10 behind
/// a veth pair. Every query the tests make goes there; killing it ends all of it.
final class TestPod {
    let directory: TemporaryDirectory
    let process: Process
    /// The pod's `sleep`, as this machine numbers it: what the tests attach to.
    let pid: Int32

    static let available = isRoot && ["/usr/bin/unshare", "/usr/sbin/ip", "/usr/bin/python3"]
        .allSatisfy { FileManager.default.isExecutableFile(atPath: $0) || FileManager.default.isExecutableFile(atPath: "/bin/ip") }

    init(resolvConf: String = "search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\n"
            + "options ndots:5 timeout:1 attempts:1\n") throws {
        directory = try TemporaryDirectory()
        try directory.write("resolv.conf", resolvConf)
        try directory.write("hosts", "127.0.0.1 localhost\n10.96.0.5 pod-7\n")
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        process.arguments = ["--pid", "--net", "--mount", "--uts", "--fork", "--kill-child",
                             "sh", packageRoot + "/Tests/Pod/pod.sh", directory.path]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        var found: Int32?
        while found == nil, Date() < deadline, process.isRunning {
            found = (try? String(contentsOfFile: directory.path + "/pod.pid", encoding: .utf8))
                .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            if found == nil { usleep(20_000) }
        }
        guard let found else {
            kill(process.processIdentifier, SIGKILL)
            throw POSIXError(.ETIMEDOUT)
        }
        pid = found
    }

    /// unshare --fork ignores SIGTERM while it waits; SIGKILL takes it, and with it (--kill-child)
    /// the pod's PID 1 and so everything in the pod.
    deinit {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// What the pod itself shows of its addresses, mounts and hostname, read from outside it.
    func state() throws -> String {
        let addresses = try run("/usr/bin/nsenter", ["-t", "\(pid)", "-n", "ip", "-o", "address"]).output
        let routes = try run("/usr/bin/nsenter", ["-t", "\(pid)", "-n", "ip", "-o", "route"]).output
        let hostname = try run("/usr/bin/nsenter", ["-t", "\(pid)", "-u", "hostname"]).output
        let mounts = try String(contentsOfFile: "/proc/\(pid)/mountinfo", encoding: .utf8)
        let resolvConf = try String(contentsOfFile: "/proc/\(pid)/root/etc/resolv.conf", encoding: .utf8)
        return [addresses, routes, hostname, mounts, resolvConf].joined(separator: "\n---\n")
    }
}

/// `trace --target`, `trace --netns` and `snapshot` against a pod the tests start themselves.
@Suite("attach", .serialized, .enabled(if: TestPod.available))
struct AttachTests {
    @Test("a command in the pod: its queries leave through eth0 and are seen once each; the pod is left exactly as it was")
    func commandInThePod() throws {
        let pod = try TestPod()
        let before = try pod.state()
        let hostResolvConf = FileManager.default.contents(atPath: "/etc/resolv.conf")
        let result = try resolvlab(["trace", "--target", "\(pod.pid)", "--", "getent", "ahosts", "www.example"])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.output.hasPrefix("10.0.0.7        STREAM web.example"), "the pod's DNS answered: \(result)")
        let trace = TraceTests.normalised(result.errors)
        #expect(trace.hasPrefix("""
            ;; attached to process \(pod.pid): its network, mount and UTS namespaces (nothing in them is changed)
            ;; hostname: pod-7
            ;; resolv.conf: search default.svc.cluster.local svc.cluster.local cluster.local | nameserver 10.96.0.10 | options ndots:5 timeout:1 attempts:1
            ;; interfaces: lo 127.0.0.1/8 ::1/128, eth0 10.96.0.5/24 fd00:96::5/64 fe80::
            """), "\(result)")
        #expect(trace.contains("""
            ;; capturing DNS over UDP and TCP, IPv4 and IPv6, port 53, on every interface
            ;; +T  query #1   A www.example.default.svc.cluster.local.  @10.96.0.10:53 udp
            """), "\(result)")
        #expect(trace.contains("""
            ;; +T  reply #7   A www.example.                       @10.96.0.10:53 udp  NOERROR, 2 answers  in T
            """), "\(result)")
        #expect(trace.contains("""
            ;; 8 queries, 8 answered, 0 without reply; 6 queries before the first answer; T waiting for replies that never came
            ;; 4 search rounds: www.example.default.svc.cluster.local. → www.example.svc.cluster.local. → www.example.cluster.local. → www.example.
            ;; getent exited 0 after T
            """), "each query once although the capture listens on lo and eth0: \(result)")
        #expect(try pod.state() == before, "no address, route, mount or hostname of the pod changed")
        #expect(FileManager.default.contents(atPath: "/etc/resolv.conf") == hostResolvConf)
    }

    @Test("passive capture: other processes' queries over UDP and TCP as they happen, the unanswered one shown, until --duration")
    func passiveForDuration() throws {
        let pod = try TestPod()
        let trace = Process()
        trace.executableURL = URL(fileURLWithPath: resolvlabBinary)
        trace.arguments = ["trace", "--target", "\(pod.pid)", "--duration", "3"]
        let errors = Pipe()
        trace.standardError = errors
        try trace.run()
        usleep(1_000_000)
        let inPod = ["-t", "\(pod.pid)", "-n", "-m", "-u"]
        #expect(try run("/usr/bin/nsenter", inPod + ["getent", "hosts", "api.example."]).output.contains("fd00::5"))
        #expect(try run("/usr/bin/nsenter", inPod + ["dig", "+tcp", "+short", "@10.96.0.10", "nodata.example", "A"]).output == "10.0.0.9\n")
        _ = try run("/usr/bin/nsenter", inPod + ["getent", "hosts", "drop.example."])
        trace.waitUntilExit()
        let text = TraceTests.normalised(String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
        #expect(trace.terminationStatus == 0, "\(text)")
        #expect(text.contains(";; capturing DNS over UDP and TCP, IPv4 and IPv6, port 53, on every interface for 3.00 s"), "\(text)")
        #expect(text.contains("query #1   AAAA api.example.                    @10.96.0.10:53 udp"), "\(text)")
        #expect(text.contains("reply #1   AAAA api.example.                    @10.96.0.10:53 udp  NOERROR, 1 answer  in T"), "\(text)")
        #expect(text.contains("reply #2   A nodata.example.                    @10.96.0.10:53 tcp  NOERROR, 1 answer  in T"), "\(text)")
        #expect(text.contains("reply #3   AAAA drop.example.                   @10.96.0.10:53 udp  no reply  waited T"), "\(text)")
        #expect(text.contains("reply #4   A drop.example.                      @10.96.0.10:53 udp  no reply  waited T"), "\(text)")
        #expect(text.contains(";; 4 queries, 2 answered, 2 without reply"), "\(text)")
        #expect(text.contains(";; passive capture ended after T"), "\(text)")
    }

    @Test("Ctrl-C ends a passive capture: the queries so far, the summary, and exit 0")
    func passiveUntilInterrupted() throws {
        let pod = try TestPod()
        let trace = Process()
        trace.executableURL = URL(fileURLWithPath: resolvlabBinary)
        trace.arguments = ["trace", "--target", "\(pod.pid)", "--json"]
        let errors = Pipe()
        trace.standardError = errors
        try trace.run()
        usleep(1_000_000)
        _ = try run("/usr/bin/nsenter", ["-t", "\(pod.pid)", "-n", "-m", "-u", "getent", "hosts", "api.example."])
        kill(trace.processIdentifier, SIGINT)
        trace.waitUntilExit()
        let lines = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
        #expect(trace.terminationStatus == 0, "\(lines)")
        let objects = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let kinds = objects.compactMap(\.keys.first)
        #expect(kinds.first == "started" && kinds.contains("finished") && kinds.last == "summary", "\(kinds)")
        #expect((objects.first?["started"] as? [String: Any])?["interface"] as? String == "any (lo, eth0)", "\(lines)")
        #expect((objects.last?["summary"] as? [String: Any])?["queries"] as? Int == 1, "\(lines)")
    }

    @Test("snapshot: the pod's files, hostname and addresses and a server per nameserver; check accepts it and it runs")
    func snapshot() throws {
        let pod = try TestPod()
        let directory = try TemporaryDirectory()
        let file = directory.path + "/pod.json"
        let result = try resolvlab(["snapshot", "--target", "\(pod.pid)", "--output", file])
        #expect(result.exitCode == 0, "\(result)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
        #expect(document["hostname"] as? String == "pod-7")
        #expect(document["resolvConf"] as? [String] == ["search default.svc.cluster.local svc.cluster.local cluster.local",
                                                        "nameserver 10.96.0.10", "options ndots:5 timeout:1 attempts:1"])
        #expect(document["hosts"] as? [String] == ["127.0.0.1 localhost", "10.96.0.5 pod-7"])
        let addresses = document["addresses"] as? [String] ?? []
        #expect(addresses.starts(with: ["10.96.0.5/24", "fd00:96::5/64"]), "\(addresses)")
        #expect(!addresses.contains("127.0.0.1/8") && !addresses.contains("::1/128"))
        #expect((document["servers"] as? [[String: Any]])?.map { $0["address"] as? String } == ["10.96.0.10"])
        #expect((document["files"] as? [String: Any])?["/etc/nsswitch.conf"] != nil)
        #expect(try resolvlab(["check", file]).exitCode == 0)
        let run = try resolvlab(["run", file])
        #expect(run.exitCode == 0, "\(run)")
        let printed = try resolvlab(["snapshot", "--target", "\(pod.pid)"])
        #expect(printed.output == String(decoding: try Data(contentsOf: URL(fileURLWithPath: file)), as: UTF8.self),
                "standard output holds the same scenario")
    }

    @Test("--emit-scenario replays the pod's DNS in a sandbox: answers, a CNAME chain, NODATA, SERVFAIL, REFUSED, no reply, a delay")
    func emittedScenarioReplays() throws {
        let pod = try TestPod()
        let directory = try TemporaryDirectory()
        let file = directory.path + "/replay.json"
        let script = "getent ahosts www.example.; getent ahosts slow.example.; getent hosts fail.example.; "
            + "getent hosts nodata.example.; getent hosts refused.example.; getent hosts drop.example.; exit 3"
        let trace = try resolvlab(["trace", "--target", "\(pod.pid)", "--keep-delays", "--emit-scenario", file,
                                   "--", "sh", "-c", script])
        #expect(trace.exitCode == 3, "the command's own status: \(trace)")
        #expect(trace.errors.contains(";; wrote \(file): "), "\(trace)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
        let server = try #require((document["servers"] as? [[String: Any]])?.first)
        let records = server["records"] as? [String: [String: Any]] ?? [:]
        #expect(records["www.example."]?["CNAME"] as? String == "web.example.", "\(server)")
        #expect(records["web.example."]?["A"] as? String == "10.0.0.7", "\(server)")
        let rules = server["rules"] as? [[String: Any]] ?? []
        func rule(_ name: String, _ type: String) -> [String: Any]? {
            rules.first { $0["name"] as? String == name && $0["type"] as? String == type }
        }
        #expect(rule("fail.example.", "A")?["reply"] as? String == "servfail", "\(rules)")
        #expect(rule("refused.example.", "A")?["reply"] as? String == "refused", "\(rules)")
        #expect(rule("drop.example.", "A")?["reply"] as? String == "drop", "\(rules)")
        #expect((290...1000).contains(rule("slow.example.", "A")?["delayMs"] as? Int ?? 0), "\(rules)")
        let queries = (document["expect"] as? [String: Any])?["queries"] as? [String] ?? []
        #expect(queries.first == "A www.example.", "\(queries)")
        #expect(queries.contains("A drop.example."), "\(queries)")
        #expect(try resolvlab(["check", file]).exitCode == 0)
        let run = try resolvlab(["run", file])
        #expect(run.exitCode == 0, "the replay in a sandbox of its own, with no network: \(run)")
        #expect(run.output.hasPrefix("PASS  trace --target: sh -c"), "\(run)")
    }

    @Test("--netns joins the network namespace only; --port captures DNS on another port too")
    func networkNamespaceAndPort() throws {
        let pod = try TestPod()
        let result = try resolvlab(["trace", "--netns", "/proc/\(pod.pid)/ns/net", "--port", "5353", "--",
                                    "dig", "+short", "+tries=1", "@10.96.0.10", "api.example"])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.output == "10.0.0.5\n", "\(result)")
        #expect(result.errors.contains(";; attached to the network namespace /proc/\(pod.pid)/ns/net"), "\(result)")
        #expect(result.errors.contains(";; capturing DNS over UDP and TCP, IPv4 and IPv6, ports 53, 5353, on every interface"), "\(result)")
        #expect(result.errors.contains("query #1   A api.example.                       @10.96.0.10:53 udp"), "\(result)")
        let other = try resolvlab(["trace", "--netns", "/proc/\(pod.pid)/ns/net", "--port", "5353", "--",
                                   "dig", "+short", "+tries=1", "+timeout=1", "-p", "5353", "@10.96.0.10", "api.example"])
        #expect(other.errors.contains("query #1   A api.example.                       @10.96.0.10:5353 udp"), "\(other)")
        #expect(other.errors.contains("port unreachable"), "nothing listens on 5353 in the pod's DNS: \(other)")
    }

    @Test("a command the pod does not have exits 127")
    func missingCommand() throws {
        let pod = try TestPod()
        let result = try resolvlab(["trace", "--target", "\(pod.pid)", "--", "no-such-command-in-the-pod"])
        #expect(result.exitCode == 127, "\(result)")
        #expect(result.errors.contains("command not found: no-such-command-in-the-pod (in process \(pod.pid)'s mount namespace)"))
    }

    @Test("without the privilege to join: exit 3 saying what is needed, for another user's process and for one's own")
    func privileges() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { return }
        let pod = try TestPod()
        let asNobody = ["--reuid=65534", "--regid=65534", "--clear-groups"]
        let own = Process()
        own.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        own.arguments = asNobody + ["sleep", "30"]
        try own.run()
        defer { kill(own.processIdentifier, SIGKILL); own.waitUntilExit() }
        usleep(100_000)
        for pid in [pod.pid, own.processIdentifier] {
            for arguments in [["trace", "--target", "\(pid)", "--", "true"], ["trace", "--target", "\(pid)", "--duration", "1"],
                              ["snapshot", "--target", "\(pid)"]] {
                let result = try run("/usr/bin/setpriv", asNobody + [resolvlabBinary] + arguments)
                #expect(result.exitCode == 3, "\(arguments): \(result)")
                #expect(result.errors.contains("cannot join the namespaces of process \(pid)"), "\(result)")
                #expect(result.errors.contains("needs CAP_SYS_ADMIN"), "\(result)")
                #expect(result.output.isEmpty, "\(result)")
            }
        }
    }

    /// A rootless container: a user's process in user, network, mount and UTS namespaces of its
    /// own. The kernel lets its owner in through that user namespace (`nsenter -U`), so attaching
    /// needs no root there.
    @Test("unprivileged, a process in one's own user namespace (a rootless pod) is attached to through it")
    func rootlessPod() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"),
              FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare") else { return }
        let asNobody = ["--reuid=65534", "--regid=65534", "--clear-groups"]
        let probe = try run("/usr/bin/setpriv", asNobody + ["/usr/bin/unshare", "--user", "--map-root-user", "--net", "true"])
        guard probe.exitCode == 0 else { return }   // unprivileged user namespaces are off here
        let directory = try TemporaryDirectory()
        let resolvConf = try directory.write("resolv.conf", "nameserver 127.0.0.1\n")
        let pod = Process()
        pod.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        pod.arguments = asNobody + ["/usr/bin/unshare", "--user", "--map-root-user", "--net", "--mount", "--uts", "/bin/sh", "-c",
                                    "ip link set lo up && mount --bind \(resolvConf) /etc/resolv.conf && hostname rootless-pod && exec sleep 30"]
        try pod.run()
        defer { kill(pod.processIdentifier, SIGKILL); pod.waitUntilExit() }
        // setpriv, unshare and sh each exec the next: the pod is ready once its process is the sleep.
        var target: Int32 = 0
        for _ in 0..<150 {
            let comm = (try? String(contentsOfFile: "/proc/\(pod.processIdentifier)/comm", encoding: .utf8)) ?? ""
            if comm.trimmingCharacters(in: .whitespacesAndNewlines) == "sleep" {
                target = pod.processIdentifier
                break
            }
            usleep(20_000)
        }
        try #require(target > 0, "the rootless pod did not start")
        let trace = try run("/usr/bin/setpriv", asNobody + [resolvlabBinary, "trace", "--target", "\(target)", "--",
                                                             "getent", "hosts", "example.test"])
        #expect(trace.exitCode == 2, "getent finds nothing, and its status is trace's: \(trace)")
        #expect(trace.errors.contains("query #1 ") && trace.errors.contains(" example.test. ")
                && trace.errors.contains("@127.0.0.1:53 udp"), "\(trace)")
        let snapshot = try run("/usr/bin/setpriv", asNobody + [resolvlabBinary, "snapshot", "--target", "\(target)"])
        #expect(snapshot.exitCode == 0, "\(snapshot)")
        #expect(snapshot.output.contains("\"hostname\": \"rootless-pod\"") && snapshot.output.contains("nameserver 127.0.0.1"),
                "\(snapshot)")
    }
}

/// Every bad attach option is a usage error that says what is wrong (exit 2); nothing runs.
@Suite("attach refusals")
struct AttachRefusalTests {
    @Test("bad options and targets", arguments: [
        (["trace", "--target", "1", "--zone", "a=10.0.0.1", "--", "true"], "--target traces in a running process's own namespaces, with its own resolv.conf and servers; it cannot be combined with --zone"),
        (["trace", "--netns", "/proc/1/ns/net", "--resolv-conf", "/etc/resolv.conf", "--", "true"], "it cannot be combined with --resolv-conf"),
        (["trace", "--target", "1", "--netns", "/proc/1/ns/net", "--", "true"], "--target and --netns exclude each other"),
        (["trace", "--target", "0", "--", "true"], "--target 0: expected a process ID"),
        (["trace", "--target", "1", "--port", "70000"], "--port 70000: expected a port from 1 to 65535"),
        (["trace", "--target", "1", "--duration", "0"], "--duration 0.0: expected seconds from more than 0 to 86400"),
        (["trace", "--target", "1", "--duration", "2", "--", "true"], "--duration is for a passive capture, without a command"),
        (["trace", "--target", "1", "--emit-scenario", "/tmp/x.json"], "--emit-scenario needs a command to replay"),
        (["trace", "--target", "1", "--timeout-ms", "500"], "--timeout-ms limits the command; a passive capture ends"),
        (["trace", "--netns", "/proc/1/ns/net", "--emit-scenario", "/tmp/x.json", "--", "true"], "needs --target PID, not --netns"),
        (["trace", "--target", "1", "--keep-delays", "--", "true"], "--keep-delays applies to --emit-scenario"),
        (["trace", "--port", "5353", "--", "true"], "--port applies only when attaching, with --target PID or --netns PATH"),
        (["trace", "--duration", "1", "--", "true"], "--duration applies only when attaching"),
        (["trace", "--target", "2147483000", "--", "true"], "resolvlab trace: --target 2147483000: no such process"),
        (["trace", "--netns", "/nonexistent/netns"], "resolvlab trace: --netns /nonexistent/netns: No such file or directory"),
        (["snapshot", "--target", "2147483000"], "resolvlab snapshot: --target 2147483000: no such process"),
        (["snapshot", "--target=-5"], "--target -5: expected a process ID"),
        (["snapshot"], "Missing expected argument '--target <pid>'"),
        (["snapshot", "--target", "1", "--output", "/nonexistent/dir/s.json"], "resolvlab snapshot: --output /nonexistent/dir/s.json"),
    ])
    func refusals(arguments: [String], message: String) throws {
        let result = try resolvlab(arguments)
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.errors.contains(message), "\(result)")
        #expect(!result.errors.contains("query #") && result.output.isEmpty, "nothing ran: \(result)")
    }
}
