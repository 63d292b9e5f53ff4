import DNSWire
import Testing

@Suite("TCP framing")
struct TCPFramingTests {
    @Test func frameAddsBigEndianLength() throws {
        #expect(try TCPFraming.frame([0xAA, 0xBB, 0xCC]) == [0x00, 0x03, 0xAA, 0xBB, 0xCC])
        #expect(try TCPFraming.frame(Array(repeating: 0, count: 0x1234)).prefix(2) == [0x12, 0x34])
        #expect(throws: DNSWireError.messageTooLong) { try TCPFraming.frame(Array(repeating: 0, count: 65536)) }
    }

    @Test func splitsCompleteFrames() throws {
        let first = PacketFixture.glibcAQuery.bytes
        let second = PacketFixture.mxResponse.bytes
        let stream = try TCPFraming.frame(first) + TCPFraming.frame(second)
        let (messages, consumed) = TCPFraming.split(stream)
        #expect(messages == [first, second])
        #expect(consumed == stream.count)
    }

    @Test func leavesAPartialFrameUnconsumed() throws {
        let whole = try TCPFraming.frame(PacketFixture.glibcAQuery.bytes)
        let partial = try Array(TCPFraming.frame(PacketFixture.mxResponse.bytes).prefix(10))
        let (messages, consumed) = TCPFraming.split(whole + partial)
        #expect(messages == [PacketFixture.glibcAQuery.bytes])
        #expect(consumed == whole.count)
    }

    @Test func leavesAHalfLengthPrefixUnconsumed() {
        #expect(TCPFraming.split([0x00]) == ([], 0))
        #expect(TCPFraming.split([UInt8]()) == ([], 0))
        #expect(TCPFraming.split([0x00, 0x05, 0x01]) == ([], 0))
    }

    @Test func zeroLengthFrameIsAnEmptyMessage() {
        #expect(TCPFraming.split([0x00, 0x00, 0x00, 0x01, 0x7F]) == ([[], [0x7F]], 5))
    }

    @Test func feedingByteByByteReassembles() throws {
        let stream = try TCPFraming.frame(PacketFixture.cnameChainResponse.bytes) + TCPFraming.frame(PacketFixture.txtResponse.bytes)
        var buffer: [UInt8] = []
        var received: [[UInt8]] = []
        for byte in stream {
            buffer.append(byte)
            let (messages, consumed) = TCPFraming.split(buffer)
            received += messages
            buffer.removeFirst(consumed)
        }
        #expect(received == [PacketFixture.cnameChainResponse.bytes, PacketFixture.txtResponse.bytes])
        #expect(buffer.isEmpty)
    }
}
