import CResolvLab
import Glibc

/// Where a forked child that will run several threads carries on: a thread of its own.
///
/// The Swift runtime's locks and Synchronization's `Mutex` are priority-inheriting futexes whose
/// word holds the owner's thread id, and both cache each thread's id in thread-local storage the
/// first time they need it. `fork` copies that storage: the child's first thread keeps its
/// parent's id, which in the child names another process's thread, or, in a new PID namespace,
/// nothing. Nothing shows while the child has one thread. Once a second thread waits for a lock
/// the first holds, the kernel marks the lock as contended, and the first thread's unlock is
/// refused (the id in the word is not its own) forever: both spin or sleep until the sandbox is
/// killed at its timeout. It happened to about one sandbox in 400 once the network setup ran on a
/// thread beside the mounts. A thread started in the child looks its id up afresh.
public enum FreshThread {
    /// Runs `body` on a new thread; the calling thread only waits, in C, and never runs Swift code
    /// again. Where no thread can be started, `body` runs here.
    public static func continueOnNewThread(_ body: @escaping () -> Never) -> Never {
        final class Box {
            let body: () -> Never
            init(_ body: @escaping () -> Never) { self.body = body }
        }
        let context = Unmanaged.passRetained(Box(body)).toOpaque()
        _ = resolvlab_continue_on_new_thread({ context in
            guard let context else { _exit(1) }
            Unmanaged<Box>.fromOpaque(context).takeRetainedValue().body()
        }, context)
        Unmanaged<Box>.fromOpaque(context).release()
        body()
    }
}
