import CPcapOracle
import DNSWire
import Observation
import PropertyBased
import Testing
@testable import Capture

/// The filter of a capture on every interface (`trace --target`) sees packets from their network
/// header on and learns the protocol, interface type and direction from the kernel. It must keep
/// exactly what the Ethernet filter keeps of the same packet (itself checked against libpcap),
/// except loopback's outgoing copies, which would show every packet on `lo` twice.
@Suite("Every-interface capture filter")
struct EveryInterfaceFilterTests {
    /// What the kernel's ancillary loads report for a packet.
    struct Metadata {
        var hardwareType: UInt32
        var packetType: UInt32
    }

    /// A classic BPF interpreter for the instructions `SandboxFilter` emits, with Linux's
    /// ancillary loads (protocol, packet type, hardware type) that libpcap's interpreter lacks.
    /// A load past the end of the packet rejects it, as the kernel does.
    static func run(_ program: [CaptureFilter.Instruction], packet: [UInt8], protocol etherType: UInt16,
                    metadata: Metadata) -> UInt32 {
        var a: UInt32 = 0, x: UInt32 = 0, pc = 0
        func load(_ offset: Int, _ size: Int) -> UInt32? {
            guard offset >= 0, offset + size <= packet.count else { return nil }
            return packet[offset..<(offset + size)].reduce(0) { $0 << 8 | UInt32($1) }
        }
        while pc < program.count {
            let instruction = program[pc]
            pc += 1
            switch instruction.code {
            case 0x28, 0x30:   // ld h/b [k]
                let size = instruction.code == 0x28 ? 2 : 1
                switch instruction.k {
                case SandboxFilter.ancillaryProtocol: a = UInt32(etherType)
                case SandboxFilter.ancillaryPacketType: a = metadata.packetType
                case SandboxFilter.ancillaryHardwareType: a = metadata.hardwareType
                default:
                    guard let value = load(Int(instruction.k), size) else { return 0 }
                    a = value
                }
            case 0x48, 0x50:   // ld h/b [x + k]
                guard let value = load(Int(x) + Int(instruction.k), instruction.code == 0x48 ? 2 : 1) else { return 0 }
                a = value
            case 0xB1:         // ldx 4 * ([k] & 0xf)
                guard let value = load(Int(instruction.k), 1) else { return 0 }
                x = (value & 0x0F) * 4
            case 0x15: pc += Int(a == instruction.k ? instruction.jt : instruction.jf)
            case 0x45: pc += Int(a & instruction.k != 0 ? instruction.jt : instruction.jf)
            case 0x05: pc += Int(instruction.k)
            case 0x06: return instruction.k
            default:
                Issue.record("instruction \(instruction.code) is not interpreted here")
                return 0
            }
        }
        return 0
    }

    static let ethernet = SandboxFilter.filter(dnsPorts: [53, 5353], sentinelPort: 9).instructions
    static let everyInterface = SandboxFilter.everyInterfaceFilter(dnsPorts: [53, 5353], sentinelPort: 9).instructions

    /// The Ethernet filter's decision, in this interpreter (the same program libpcap agrees with).
    static func ethernetDecision(_ frame: [UInt8]) -> UInt32 {
        run(ethernet, packet: frame, protocol: 0, metadata: Metadata(hardwareType: 1, packetType: 0))
    }

    @Test("the interpreter agrees with libpcap on the Ethernet filter", .enabled(if: SandboxFilterTests.libpcapLoads))
    func interpreterAgreesWithLibpcap() async {
        let program = SandboxFilterTests.ours([53, 5353], sentinel: 9)
        await propertyCheck(count: 5_000, input: SandboxFilterTests.frames) { frame in
            #expect(Int(Self.ethernetDecision(frame)) == SandboxFilterTests.run(program, frame))
        }
    }

    @Test("each packet is kept as the Ethernet filter keeps it, whatever the interface and direction, but loopback's outgoing copies")
    func sameDecisionsAtNetworkOffsets() async {
        let kinds = [Metadata(hardwareType: 1, packetType: 0), Metadata(hardwareType: 1, packetType: 4),
                     Metadata(hardwareType: 772, packetType: 0), Metadata(hardwareType: 772, packetType: 4),
                     Metadata(hardwareType: 65534, packetType: 4)]
        await propertyCheck(count: 20_000, input: SandboxFilterTests.frames) { frame in
            guard frame.count >= 14 else { return }
            let etherType = UInt16(frame[12]) << 8 | UInt16(frame[13])
            let expected = Self.ethernetDecision(frame)
            for kind in kinds {
                let decision = Self.run(Self.everyInterface, packet: Array(frame.dropFirst(14)), protocol: etherType, metadata: kind)
                let loopbackCopy = kind.hardwareType == 772 && kind.packetType == 4
                #expect(decision == (loopbackCopy ? 0 : expected), "\(kind) frame \(frame.map { String($0, radix: 16) })")
            }
        }
    }

    @Test("a query leaving through eth0 is kept; its copy on lo is dropped once, not its arrival")
    func knownPackets() {
        let query = PacketBuilder.udp(from: IPv4Address(10, 244, 0, 5), 40000, to: IPv4Address(10, 96, 0, 10), 53, [1, 2, 3])
        func decision(_ hardwareType: UInt32, _ packetType: UInt32) -> UInt32 {
            Self.run(Self.everyInterface, packet: query, protocol: 0x0800,
                     metadata: Metadata(hardwareType: hardwareType, packetType: packetType))
        }
        #expect(decision(1, 4) == SandboxFilter.snapLength, "outgoing on eth0")
        #expect(decision(1, 0) == SandboxFilter.snapLength, "arriving on eth0")
        #expect(decision(772, 0) == SandboxFilter.snapLength, "arriving on lo")
        #expect(decision(772, 4) == 0, "leaving on lo: the same packet arrives there too")
        #expect(SandboxFilter.everyInterfaceFilter(dnsPorts: [53], sentinelPort: 9).linkType == LinkType.LINUX_SLL2.rawValue)
    }
}
