import Glibc
import SystemPackage

/// A POSIX thread that can be joined: the responder's and the capture's loops each run on one
/// while lookups block the main thread. Foundation's `Thread` has no join.
public final class JoinableThread: @unchecked Sendable {
    private var handle = pthread_t()
    private let body: @Sendable () -> Void

    public init(_ body: @escaping @Sendable () -> Void) throws(Errno) {
        self.body = body
        let context = Unmanaged.passRetained(self).toOpaque()
        do {
            try Syscall.checking {
                pthread_create(&handle, nil, { context in
                    guard let context else { return nil }
                    let thread = Unmanaged<JoinableThread>.fromOpaque(context).takeRetainedValue()
                    thread.body()
                    return nil
                }, context)
            }
        } catch {
            Unmanaged<JoinableThread>.fromOpaque(context).release()
            throw error
        }
    }

    public func join() {
        _ = pthread_join(handle, nil)
    }
}

/// A pipe used as a wake-up signal between threads: `signal` from any thread, poll the readable end.
public final class WakeSignal: @unchecked Sendable {
    private let readEnd: FileDescriptor
    private let writeEnd: FileDescriptor

    public init() throws(Errno) {
        let pipe = try FileDescriptor.closeOnExecPipe()
        readEnd = pipe.readEnd
        writeEnd = pipe.writeEnd
        try readEnd.setNonBlocking()
        try writeEnd.setNonBlocking()
    }

    deinit {
        readEnd.closeIgnoringErrors()
        writeEnd.closeIgnoringErrors()
    }

    /// Wakes the waiter; a full pipe already holds a pending wake-up, so `EAGAIN` is fine.
    public func signal() {
        _ = try? writeEnd.writeAll([1])
    }

    /// Waits until signalled or `deadline` passes, then consumes pending signals.
    public func wait(until deadline: MonotonicInstant?) {
        _ = try? Poll.readable(readEnd, until: deadline)
        drain()
    }

    /// The descriptor to poll for a signal, for callers that wait on other descriptors too.
    public var readable: FileDescriptor { readEnd }

    /// Consumes pending signals.
    public func drain() {
        while let chunk = try? readEnd.readSome(limit: 64), !chunk.isEmpty {}
    }
}
