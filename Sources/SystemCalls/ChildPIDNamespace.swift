import CResolvLab
import Glibc
import Synchronization
import SystemPackage

/// Starting a child as the init (PID 1) of a new PID namespace, from this process.
///
/// `unshare(CLONE_NEWPID)` moves only the calling thread's future children into a new namespace,
/// never the caller. Done by the child itself, it costs a second fork, and a process in between
/// that only waits. Done here, on the thread about to fork or spawn, the child is the namespace's
/// init from its first instruction; right after the fork the thread returns to its own namespace
/// for later children (`setns`), so nothing else in this process changes.
///
/// It takes the privilege to create a PID namespace in the current user namespace and to return to
/// the current PID namespace. Without it (an unprivileged user, whose sandbox needs a user
/// namespace first and so makes its PID namespace itself), `enter` returns nil and children start
/// where they always do.
enum ChildPIDNamespace {
    /// Set if a thread could not return to its own namespace after a fork (it never should: the
    /// same privilege was checked first). Every later fork or spawn is then refused, rather than
    /// starting children inside a sandbox's namespace.
    private static let stranded = Atomic<Bool>(false)

    static var isStranded: Bool { stranded.load(ordering: .relaxed) }

    /// The calling thread's next children are the init of a new PID namespace: returns the way
    /// back, which the caller passes to `leave` right after its fork or spawn; nil when this
    /// process may not do it (nothing changed then).
    static func enter() -> FileDescriptor? {
        guard let own = try? FileDescriptor.open("/proc/thread-self/ns/pid", flags: O_RDONLY | O_CLOEXEC) else { return nil }
        // Going back is checked first (a no-op now): root of a user namespace may create a PID
        // namespace yet lack the privilege over the one it lives in.
        if Syscall.ignoringFailure({ resolvlab_setns(own.rawValue, resolvlab_CLONE_NEWPID) }) != nil
            || Syscall.ignoringFailure({ resolvlab_unshare(resolvlab_CLONE_NEWPID) }) != nil {
            own.closeIgnoringErrors()
            return nil
        }
        return own
    }

    /// Back to the calling thread's own PID namespace for later children.
    static func leave(_ own: FileDescriptor) {
        defer { own.closeIgnoringErrors() }
        if Syscall.ignoringFailure({ resolvlab_setns(own.rawValue, resolvlab_CLONE_NEWPID) }) != nil {
            stranded.store(true, ordering: .relaxed)
        }
    }

    /// `fork()`, its child the init of a new PID namespace when `newPIDNamespace` and this process
    /// may make one; -1 with `errno` EPERM once stranded.
    static func fork(newPIDNamespace: Bool) -> pid_t {
        if isStranded {
            errno = EPERM
            return -1
        }
        guard newPIDNamespace, let own = enter() else { return Glibc.fork() }
        let pid = Glibc.fork()
        if pid == 0 {
            // The child is the new namespace's init, where it stays.
            own.closeIgnoringErrors()
            return 0
        }
        let forkError = errno
        leave(own)
        errno = forkError   // for a caller that reads why the fork failed
        return pid
    }

    /// Runs `start` (a spawn, whose child never returns here) so that its child is the init of a
    /// new PID namespace when `wanted` and this process may make one.
    static func starting<T>(_ wanted: Bool, _ start: () -> T) -> T {
        guard wanted, let own = enter() else { return start() }
        defer { leave(own) }
        return start()
    }
}
