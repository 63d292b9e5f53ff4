import Glibc
import Observation
import Synchronization
import SystemCalls
import SystemPackage

/// Sends events to the parent as lines on a pipe, from any thread, without ever blocking the
/// thread that emits: lines are queued and a writer thread of its own empties the queue. A
/// capture thread that waited on a full pipe would stop reading its socket.
final class PipeEventWriter: EventSink, @unchecked Sendable {
    private let descriptor: FileDescriptor
    private let queue = Mutex(Queue())
    private let wake: WakeSignal
    private var thread: JoinableThread?

    struct Queue {
        var bytes: [UInt8] = []
        var closing = false
        var failed = false
    }

    init(descriptor: FileDescriptor) throws(Errno) {
        self.descriptor = descriptor
        descriptor.growPipe(to: 1 << 20)
        wake = try WakeSignal()
        thread = try JoinableThread { [self] in run() }
    }

    func emit(_ event: ProbeEvent) {
        let line = EventLines.encode(event)
        queue.withLock { $0.bytes += line }
        wake.signal()
    }

    /// Writes what is queued and stops; the caller then closes the pipe so the parent sees its end.
    func close() {
        queue.withLock { $0.closing = true }
        wake.signal()
        thread?.join()
        thread = nil
    }

    private func run() {
        while true {
            wake.wait(until: nil)
            let (bytes, closing) = queue.withLock { state in
                defer { state.bytes.removeAll(keepingCapacity: true) }
                return (state.bytes, state.closing)
            }
            if !bytes.isEmpty, !queue.withLock({ $0.failed }) {
                do {
                    try descriptor.writeAll(bytes)
                } catch {
                    // The parent is gone (EPIPE): nobody is listening, stop writing.
                    queue.withLock { $0.failed = true }
                }
            }
            if closing, queue.withLock({ $0.bytes.isEmpty }) { return }
        }
    }
}

/// Writes one event synchronously: for failures before the writer thread may start (the
/// process must stay single-threaded until it has entered its namespaces).
enum DirectEventWriter {
    static func write(_ event: ProbeEvent, to descriptor: FileDescriptor) {
        _ = try? descriptor.writeAll(EventLines.encode(event))
    }
}
