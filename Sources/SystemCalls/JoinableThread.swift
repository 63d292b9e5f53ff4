import Glibc
import SystemPackage

/// A POSIX thread that can be joined: the responder's event loop runs on one while lookups block
/// the main thread. Foundation's `Thread` has no join.
public final class JoinableThread: @unchecked Sendable {
    private var handle = pthread_t()
    private let body: @Sendable () -> Void

    public init(_ body: @escaping @Sendable () -> Void) throws(SystemCallError) {
        self.body = body
        let context = Unmanaged.passRetained(self).toOpaque()
        let result = pthread_create(&handle, nil, { context in
            guard let context else { return nil }
            let thread = Unmanaged<JoinableThread>.fromOpaque(context).takeRetainedValue()
            thread.body()
            return nil
        }, context)
        if result != 0 {
            Unmanaged<JoinableThread>.fromOpaque(context).release()
            throw SystemCallError(call: "pthread_create", code: result)
        }
    }

    public func join() {
        pthread_join(handle, nil)
    }
}

/// A failed call that reports its error number directly rather than through `errno`.
public struct SystemCallError: Error, CustomStringConvertible, Sendable {
    public var call: String
    public var code: Int32
    public var description: String { "\(call): \(String(cString: strerror(code)))" }
}

/// A pipe used as a wake-up signal between threads: `signal` from any thread, `wait` with a timeout.
public final class WakeSignal: @unchecked Sendable {
    private let readEnd: CInt
    private let writeEnd: CInt

    public init() throws(Errno) {
        let pipe = try FileDescriptor.closeOnExecPipe()
        readEnd = pipe.readEnd.rawValue
        writeEnd = pipe.writeEnd.rawValue
        try pipe.readEnd.setNonBlocking()
        try pipe.writeEnd.setNonBlocking()
    }

    deinit {
        close(readEnd)
        close(writeEnd)
    }

    public func signal() {
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
    }

    /// Waits until signalled or `milliseconds` pass, then drains pending signals.
    public func wait(milliseconds: Int32) {
        var descriptor = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
        _ = poll(&descriptor, 1, milliseconds)
        drain()
    }

    /// The descriptor to poll for a signal, for callers that wait on other descriptors too.
    public var readableDescriptor: CInt { readEnd }

    /// Consumes pending signals.
    public func drain() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(readEnd, &buffer, buffer.count) > 0 {}
    }
}
