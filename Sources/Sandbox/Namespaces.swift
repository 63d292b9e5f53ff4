import CResolvLab
import Glibc
import SystemCalls
import SystemPackage

/// A kind of Linux namespace a sandbox can create.
public enum Namespace: String, CaseIterable, Hashable, Sendable, Comparable {
    case user, net, mount, uts, ipc

    var cloneFlag: CInt {
        switch self {
        case .user: resolvlab_CLONE_NEWUSER
        case .net: resolvlab_CLONE_NEWNET
        case .mount: resolvlab_CLONE_NEWNS
        case .uts: resolvlab_CLONE_NEWUTS
        case .ipc: resolvlab_CLONE_NEWIPC
        }
    }

    public static func < (lhs: Namespace, rhs: Namespace) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}

public enum Namespaces {
    /// Moves this process into new namespaces. Must run while the process is single-threaded:
    /// the kernel refuses `CLONE_NEWUSER` to a multi-threaded process.
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
                try writeProcFile(path, contents)
            } catch {
                // Ubuntu's AppArmor lets unshare succeed but strips the capabilities needed here.
                throw .namespacesUnavailable(step: "writing \(path)", errno: error, unprivileged: unprivileged)
            }
        }
    }

    private static func writeProcFile(_ path: String, _ contents: String) throws(Errno) {
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(FilePath(path), .writeOnly, options: [.closeOnExec])
        } catch let error as Errno {
            throw error
        } catch {
            throw .ioError
        }
        defer { try? fd.close() }
        try fd.writeAll(Array(contents.utf8))
    }

    /// Sets the hostname of the current UTS namespace. The corresponding C function is `sethostname`.
    public static func setHostname(_ name: String) throws(SandboxError) {
        let result = name.withCString { sethostname($0, strlen($0)) }
        if result != 0 { throw .system(step: "sethostname(\(name))", errno: Errno(rawValue: errno)) }
    }
}
