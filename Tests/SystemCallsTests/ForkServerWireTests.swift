import CResolvLab
import Glibc
import SystemPackage
import Testing
@testable import SystemCalls

/// The messages between a run and its fork server (the server itself needs a single-threaded
/// process, so the integration tests run it: ForkServerTests).
@Suite("Fork server wire")
struct ForkServerWireTests {
    func channel() throws -> (FileDescriptor, FileDescriptor) {
        var ends: [CInt] = [-1, -1]
        #expect(ends.withUnsafeMutableBufferPointer {
            socketpair(AF_UNIX, Int32(SOCK_SEQPACKET.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, $0.baseAddress)
        } == 0)
        return (FileDescriptor(rawValue: ends[0]), FileDescriptor(rawValue: ends[1]))
    }

    @Test("a message arrives whole with the descriptors attached to it, which still lead where they led")
    func descriptorsTravel() throws {
        let (a, b) = try channel()
        defer { a.closeIgnoringErrors(); b.closeIgnoringErrors() }
        let pipe = try FileDescriptor.closeOnExecPipe()
        let message: [UInt8] = [ForkServer.Message.spawn] + ForkServer.Message.bytes(of: 1) + ForkServer.Message.bytes(of: -7)
        try ForkServer.send(message, descriptors: [pipe.writeEnd, pipe.writeEnd], on: a)
        pipe.writeEnd.closeIgnoringErrors()
        let (bytes, descriptors) = try #require(ForkServer.receive(on: b))
        #expect(bytes == message)
        #expect(ForkServer.Message.integer(bytes, at: 1) == 1)
        #expect(ForkServer.Message.integer(bytes, at: 5) == -7)
        #expect(ForkServer.Message.integer(bytes, at: 6) == nil, "past the end")
        #expect(descriptors.count == 2)
        try descriptors[0].writeAll(Array("through the socket".utf8))
        for fd in descriptors { fd.closeIgnoringErrors() }
        #expect(String(decoding: try pipe.readEnd.readToEnd(), as: UTF8.self) == "through the socket")
        pipe.readEnd.closeIgnoringErrors()
    }

    @Test("the end of the channel reads as nil, and more descriptors than one message carries are refused")
    func endAndLimits() throws {
        let (a, b) = try channel()
        let pipe = try FileDescriptor.closeOnExecPipe()
        defer { pipe.readEnd.closeIgnoringErrors(); pipe.writeEnd.closeIgnoringErrors(); b.closeIgnoringErrors() }
        #expect(throws: Errno.invalidArgument) {
            try ForkServer.send([1], descriptors: Array(repeating: pipe.writeEnd, count: 9), on: a)
        }
        a.closeIgnoringErrors()
        #expect(ForkServer.receive(on: b) == nil)
    }

    @Test("a request's payload of any size is read back whole from its memfd, from the start")
    func payloadFile() throws {
        let fd = FileDescriptor(rawValue: resolvlab_memfd_create("test"))
        defer { fd.closeIgnoringErrors() }
        let payload = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try fd.writeAll(payload)
        _ = try fd.seek(offset: 0, from: .start)
        #expect(try fd.readToEnd() == payload)
    }
}
