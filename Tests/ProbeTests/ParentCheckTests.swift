import Glibc
@testable import Probe
import SystemCalls
import SystemPackage
import Testing

/// A sandbox started as the init of its PID namespace has no parent it can see (`getppid` is 0):
/// it learns whether the run that reads its events is still there from the event pipe.
@Suite("Whether anyone reads the events")
struct ParentCheckTests {
    @Test("the write end of a pipe has a listener while its read end is open, and none once it is closed")
    func listener() throws {
        let pipe = try FileDescriptor.closeOnExecPipe()
        defer { pipe.writeEnd.closeIgnoringErrors() }
        #expect(Probe.anyoneListening(on: pipe.writeEnd))
        // Data waiting in the pipe changes nothing: the reader is what counts.
        try pipe.writeEnd.writeAll(Array("event\n".utf8))
        #expect(Probe.anyoneListening(on: pipe.writeEnd))
        pipe.readEnd.closeIgnoringErrors()
        #expect(!Probe.anyoneListening(on: pipe.writeEnd))
    }
}
