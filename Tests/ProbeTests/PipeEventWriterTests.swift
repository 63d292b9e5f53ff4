import Glibc
import Observation
import Synchronization
import SystemCalls
import SystemPackage
import Testing
@testable import Probe

/// Events leave the sandbox in order and whole; when the parent stops reading, the queue stops
/// growing at its limit instead of taking the sandbox's memory with it.
@Suite("PipeEventWriter")
struct PipeEventWriterTests {
    /// A 4 KiB event carrying its number, so a few thousand fill the queue.
    static func event(_ index: Int) -> ProbeEvent {
        .setupFailed(SetupFailure(kind: .sandbox, message: "\(index) " + String(repeating: "x", count: 4096)))
    }

    @Test("a reader that stops makes emit wait at the queue limit; every event arrives once, in order")
    func boundedQueue() throws {
        let pipe = try FileDescriptor.closeOnExecPipe()
        defer { pipe.readEnd.closeIgnoringErrors() }
        let limit = 256 << 10
        let writer = try PipeEventWriter(descriptor: pipe.writeEnd, queueLimit: limit)
        let lineBytes = EventLines.encode(Self.event(0)).count
        // Enough lines for the pipe (1 MiB) and twice the queue limit.
        let count = (limit * 2 + (1 << 20)) / lineBytes
        let emitted = Atomic<Int>(0)
        let producer = try JoinableThread {
            for index in 0..<count {
                writer.emit(Self.event(index))
                emitted.add(1, ordering: .relaxed)
            }
        }
        // Nobody reads: the producer must stall well short of the end.
        var stalled = -1
        for _ in 0..<100 {
            usleep(20_000)
            let now = emitted.load(ordering: .relaxed)
            if now == stalled { break }
            stalled = now
        }
        #expect(stalled < count, "emit waited once the queue was full")
        #expect(stalled * lineBytes <= 2 * limit + (1 << 20) + lineBytes,
                "at most the limit queued, beside the pipe and the write in flight")
        // Read everything: the producer finishes and the events come out whole and in order.
        var buffer: [UInt8] = []
        var received: [ProbeEvent] = []
        while received.count < count {
            buffer += try pipe.readEnd.readSome(limit: 1 << 20)
            for result in EventLines.take(from: &buffer) {
                received.append(try result.get())
            }
        }
        producer.join()
        writer.close()
        pipe.writeEnd.closeIgnoringErrors()
        #expect(received.count == count)
        #expect(received == (0..<count).map(Self.event))
    }
}

@Suite("Sandbox memory figure")
struct SandboxMemoryTests {
    @Test("the resident memory a session starts from is read from /proc and is this process's")
    func residentAtStart() {
        let resident = Session.residentBytes()
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #expect(resident > 1 << 20)
        // The kernel updates the recorded peak lazily, and other test threads allocate and free at the
        // same time: between the two reads the resident size can drop below a figure the stale peak
        // never saw. A few MiB of slack keeps "this process's, not another's" without the race.
        #expect(resident <= Int(usage.ru_maxrss) * 1024 + 8 << 20, "never far above the peak")
    }
}
