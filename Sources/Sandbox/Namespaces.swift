import CResolvLab
import Glibc
import SystemCalls
import SystemPackage

/// A kind of Linux namespace a sandbox can create.
public enum Namespace: String, CaseIterable, Hashable, Sendable, Comparable {
    case user, net, mount, uts, ipc, pid

    var cloneFlag: CInt {
        switch self {
        case .user: resolvlab_CLONE_NEWUSER
        case .net: resolvlab_CLONE_NEWNET
        case .mount: resolvlab_CLONE_NEWNS
        case .uts: resolvlab_CLONE_NEWUTS
        case .ipc: resolvlab_CLONE_NEWIPC
        case .pid: resolvlab_CLONE_NEWPID
        }
    }

    public static func < (lhs: Namespace, rhs: Namespace) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }

    /// What every sandbox has: `net` and `mount` keep every packet and file change inside, `uts` the
    /// hostname, `ipc` System V objects, and `pid` makes every process a lookup starts die with the
    /// sandbox. `user` is added when not root: it is what lets an unprivileged user create the rest.
    public static func effective(requested: Set<Namespace>, isRoot: Bool) -> Set<Namespace> {
        var namespaces = requested.union([.net, .mount, .uts, .ipc, .pid])
        if !isRoot { namespaces.insert(.user) }
        return namespaces
    }
}

public enum Namespaces {
    /// Moves this process into new namespaces (with `.pid`, its next child is the new namespace's
    /// init). Must run while the process is single-threaded: the kernel refuses `CLONE_NEWUSER` to a
    /// multi-threaded process.
    ///
    /// With `.user`, the caller's uid and gid become root inside, so mounts, netlink and
    /// `sethostname` work without privileges on the host. The corresponding C function is `unshare`.
    public static func unshare(_ namespaces: Set<Namespace>) throws(SandboxError) {
        let outsideUID = getuid()
        let outsideGID = getgid()
        let unprivileged = geteuid() != 0
        let flags = namespaces.reduce(CInt(0)) { $0 | $1.cloneFlag }
        do {
            try Syscall.retrying { resolvlab_unshare(flags) }
        } catch {
            throw .namespacesUnavailable(step: "unshare(\(namespaces.sorted().map(\.rawValue).joined(separator: ",")))",
                                         errno: error, unprivileged: unprivileged)
        }
        guard namespaces.contains(.user) else { return }
        // setgroups must be denied before an unprivileged process may write gid_map (user_namespaces(7)).
        let maps = [("/proc/self/setgroups", "deny"),
                    ("/proc/self/uid_map", "0 \(outsideUID) 1"),
                    ("/proc/self/gid_map", "0 \(outsideGID) 1")]
        for (path, contents) in maps {
            do {
                let fd = try FileDescriptor.open(path, flags: O_WRONLY)
                defer { fd.closeIgnoringErrors() }
                try fd.writeAll(Array(contents.utf8))
            } catch {
                // Ubuntu's AppArmor lets unshare succeed but strips the capabilities needed here.
                throw .namespacesUnavailable(step: "writing \(path)", errno: error, unprivileged: unprivileged)
            }
        }
    }

    /// Sets the hostname of the current UTS namespace. The corresponding C function is `sethostname`.
    public static func setHostname(_ name: String) throws(SandboxError) {
        do {
            try Syscall.retrying { name.withCString { sethostname($0, strlen($0)) } }
        } catch {
            throw .system(step: "sethostname(\(name))", errno: error)
        }
    }
}

/// Entering a new PID namespace from inside, where the sandbox could not be started as its init
/// (`SpawnRequest.newPIDNamespace`: an unprivileged user, whose PID namespace must belong to the user
/// namespace the sandbox makes first). `unshare(CLONE_NEWPID)` only moves the caller's future
/// children, and the kernel then refuses the caller new threads; so the caller forks once, and the
/// child, PID 1 of the new namespace, carries on with everything (threads included). Whatever a lookup
/// starts is reparented to it, and when it ends the kernel kills every process left in the
/// namespace: nothing a lookup starts outlives the sandbox.
public enum PIDNamespace {
    /// Call right after `unshare` with `.pid`, while single-threaded. Returns in the child; the
    /// caller stays behind holding none of the pipes, waits for the child, and exits with its status.
    public static func becomeInit() throws(SandboxError) {
        let pid = fork()
        if pid < 0 { throw .system(step: "fork (PID namespace)", errno: Errno(rawValue: errno)) }
        if pid == 0 {
            // The child dies with the process the parent watches, so a killed sandbox takes its namespace
            // along. (getppid() is 0 here, the parent being outside the namespace: nothing to check it by.)
            _ = resolvlab_set_parent_death_signal(SIGKILL)
            return
        }
        // Asked to stop (the run was interrupted, the scenario timed out), this process ends the
        // namespace's init and still waits for it: when it exits, nothing in the namespace is left.
        _ = resolvlab_forward_termination(pid)
        // The parent's parent waits for the end of the event pipe: only the child may hold it.
        let null = open("/dev/null", O_RDWR | O_CLOEXEC)
        if null >= 0 { for fd in 0...2 { dup2(null, Int32(fd)) } }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        switch TerminationStatus(waitStatus: status) {
        case .exited(let code): _exit(code)
        case .signaled(let signal): _exit(128 + signal)
        }
    }

    /// As PID 1 of the namespace: kills every other process in it (what lookups left behind,
    /// daemons included: a new session or process group escapes nothing here) and reaps them,
    /// waiting at most `limitMs`. Fast, unlike the namespace's own end, which comes only after
    /// PID 1 has closed its sockets and unmounted everything: the parent hears that the scenario
    /// is over once nothing it started is left, not once the kernel has tidied up.
    public static func endOtherProcesses(limitMs: Int = 2000) {
        guard getpid() == 1 else { return }
        _ = kill(-1, SIGKILL)
        let deadline = MonotonicInstant.now().adding(milliseconds: limitMs)
        while MonotonicInstant.now() < deadline {
            var status: Int32 = 0
            let reaped = waitpid(-1, &status, WNOHANG | __WALL)
            if reaped > 0 { continue }
            if reaped < 0 && errno == EINTR { continue }
            if reaped < 0 { return }   // ECHILD: none left
            usleep(200)                // killed, not yet gone
        }
    }

    /// This process's pid as the host sees it (`/proc/self`): inside the namespace `getpid()` is 1.
    public static func hostPID() -> pid_t {
        var buffer = [CChar](repeating: 0, count: 32)
        let length = readlink("/proc/self", &buffer, buffer.count - 1)
        guard length > 0 else { return getpid() }
        return pid_t(String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)) ?? getpid()
    }
}
