import Capture
import DNSWire
import Observation
@testable import Probe
import Responder
import Testing

/// The capture's cross-check: every message a server received must be in the capture. Messages
/// are matched by their exact bytes and endpoints, so nothing that merely fails to parse counts as lost.
@Suite("DeliveryLedger")
struct DeliveryLedgerTests {
    static let server = SocketAddress(address: .v4(IPv4Address(10, 96, 0, 10)), port: 53)

    static func client(_ port: UInt16 = 40000) -> SocketAddress {
        SocketAddress(address: .v4(IPv4Address(10, 0, 0, 2)), port: port)
    }

    static func query(_ id: UInt16, _ name: String = "a.example.") -> [UInt8] {
        (try? DNSMessage.query(id: id, name: DNSName(name), type: .A).encode()) ?? []
    }

    static func received(_ bytes: [UInt8], client: SocketAddress = client(), transport: Transport = .udp) -> ReceivedMessage {
        ReceivedMessage(at: 0, server: server, client: client, transport: transport, bytes: bytes)
    }

    static func captured(_ bytes: [UInt8], client: SocketAddress = client(), transport: Transport = .udp) -> WireMessage {
        WireMessage(timestampMicroseconds: 0, source: client, destination: server, transport: transport, bytes: bytes)
    }

    @Test("nothing is lost when the capture has every message, in whichever order the two sides saw it")
    func nothingLost() {
        let ledger = DeliveryLedger()
        ledger.received(Self.received(Self.query(1)))
        ledger.captured(Self.captured(Self.query(1)))
        ledger.captured(Self.captured(Self.query(2)))
        ledger.received(Self.received(Self.query(2)))
        #expect(ledger.lost().isEmpty)
    }

    @Test("a message the server received but the capture lacks is lost, with what it asked")
    func aMissingMessageIsLost() {
        let ledger = DeliveryLedger()
        ledger.received(Self.received(Self.query(1)))
        ledger.received(Self.received(Self.query(2, "b.example.")))
        ledger.captured(Self.captured(Self.query(1)))
        let lost = ledger.lost()
        #expect(lost.count == 1)
        #expect(lost.first?.message.id == 2)
        #expect(lost.first?.message.question?.name == (try? DNSName("b.example.")))
        #expect(lost.first?.server == Self.server && lost.first?.transport == .udp)
    }

    @Test("identical queries from two ports, or repeated on one, are counted one for one")
    func countedOneForOne() {
        let ledger = DeliveryLedger()
        for port: UInt16 in [40000, 40001] { ledger.received(Self.received(Self.query(1), client: Self.client(port))) }
        ledger.received(Self.received(Self.query(1)))
        ledger.captured(Self.captured(Self.query(1)))
        ledger.captured(Self.captured(Self.query(1), client: Self.client(40001)))
        #expect(ledger.lost().count == 1, "three received, two captured")
        ledger.captured(Self.captured(Self.query(1)))
        #expect(ledger.lost().isEmpty)
    }

    @Test("the transport must agree")
    func transportMatters() {
        let ledger = DeliveryLedger()
        ledger.received(Self.received(Self.query(1), transport: .tcp))
        ledger.captured(Self.captured(Self.query(1), transport: .udp))
        #expect(ledger.lost().count == 1)
    }

    @Test("a malformed or truncated message is matched by its bytes, never taken for a lost one")
    func malformedIsMatched() {
        let ledger = DeliveryLedger()
        for bytes: [UInt8] in [[], [0x12], [0x12, 0x34, 0x01], Array(Self.query(5).prefix(14))] {
            ledger.received(Self.received(bytes))
            ledger.captured(Self.captured(bytes))
        }
        #expect(ledger.lost().isEmpty)
    }
}
