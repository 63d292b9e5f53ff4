import SystemPackage

/// Why a sandbox could not be set up.
public enum SandboxError: Swift.Error, CustomStringConvertible, Sendable {
    /// This machine does not let this process create the namespaces (exit code 3 territory).
    case namespacesUnavailable(step: String, errno: Errno, unprivileged: Bool)
    /// A system call failed while building the sandbox.
    case system(step: String, errno: Errno)
    /// The kernel answered a netlink request with an error.
    case netlink(request: String, errno: Errno)
    /// A file cannot be placed at `path` for the reason given.
    case filePlacement(path: String, reason: String)
    /// This process may not join `owner`'s namespaces (exit code 3 territory, like `namespacesUnavailable`).
    case joinRefused(step: String, errno: Errno, owner: String)

    public var description: String {
        switch self {
        case let .namespacesUnavailable(step, errno, unprivileged):
            var text = "cannot create the sandbox namespaces (\(step): \(errno))."
            if errno == .noSpace {
                text += " The user namespace limit is reached or set to 0: `sysctl -w user.max_user_namespaces=15000`."
            } else if unprivileged {
                text += " Run as root, or enable unprivileged user namespaces:"
                text += " `sysctl -w kernel.unprivileged_userns_clone=1` (Debian, older kernels),"
                text += " `sysctl -w user.max_user_namespaces=15000`,"
                text += " and on Ubuntu 23.10+ `sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`"
                text += " (or an AppArmor profile granting `userns` to resolvlab)."
            } else {
                text += " Inside a container, run it with --privileged, or with CAP_SYS_ADMIN and a seccomp"
                text += " profile that allows unshare(2)."
            }
            return text
        case let .system(step, errno):
            return "\(step): \(errno)"
        case let .netlink(request, errno):
            return "netlink \(request): \(errno)"
        case let .filePlacement(path, reason):
            return "cannot place \(path) in the sandbox: \(reason)"
        case let .joinRefused(step, errno, owner):
            return "cannot join the namespaces of \(owner) (\(step): \(errno)). Attaching needs CAP_SYS_ADMIN to join "
                + "them (setns(2)) and the right to inspect the process (its /proc/PID/ns files: the same user, or "
                + "CAP_SYS_PTRACE): run resolvlab as root, e.g. with sudo. Inside a container, run it with --privileged "
                + "and the host's PID namespace (--pid=host)."
        }
    }
}
