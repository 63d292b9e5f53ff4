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

    init(descriptor: FileDescriptor, queueLimit: Int = PipeEventWriter.defaultQueueLimit) throws(Errno) {
        self.descriptor = descriptor
        self.queueLimit = queueLimit
        descriptor.growPipe(to: 1 << 20)
        wake = try WakeSignal()
        thread = try JoinableThread { [self] in run() }
    }

    /// Queued bytes beyond which `emit` waits for the writer: what bounds the sandbox's memory when
    /// the parent reads slower than events come (a loaded machine, 10,000 queries). The capture
    /// thread then pauses; its socket's receive buffer, far larger, holds the frames meanwhile.
    static let defaultQueueLimit = 4 << 20
    let queueLimit: Int

    func emit(_ event: ProbeEvent) {
        let line = EventLines.encode(event)
        let (wasEmpty, queued) = queue.withLock { state in
            let wasEmpty = state.bytes.isEmpty
            state.bytes += line
            return (wasEmpty, state.bytes.count)
        }
        // The writer takes the whole queue each time it wakes: one signal per batch, not per event.
        if wasEmpty { wake.signal() }
        if queued > queueLimit {
            while queue.withLock({ $0.bytes.count > queueLimit && !$0.failed }) { usleep(200) }
        }
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
            // The queue's buffer is handed over, not copied: keeping its capacity would allocate a
            // second buffer as large as the largest backlog yet, beside the one being written.
            let (bytes, closing) = queue.withLock { state in
                defer { state.bytes = [] }
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
