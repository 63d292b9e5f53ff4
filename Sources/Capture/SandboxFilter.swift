import Observation

/// The sandbox capture's filter, written directly as classic BPF: DNS over UDP and TCP on the
/// servers' ports (source or destination), the drain sentinel (UDP to its port), and ICMP and
/// ICMPv6 (port unreachable from `closed` servers), on the Ethernet framing `lo` delivers.
///
/// It decides exactly as libpcap's compile of `expression` does (a test runs both on the same
/// packets through libpcap's own interpreter), without loading libpcap, its dependencies and its
/// compiler for every run (2 ms of a 20 ms scenario). Like libpcap, it reads ports only from the
/// first fragment of an IPv4 datagram and only from an IPv6 packet whose next header is UDP or TCP.
public enum SandboxFilter {
    /// Frames are kept whole: a 64 KiB TCP segment on `lo` must not lose its tail.
    public static let snapLength: UInt32 = 262_144

    /// The equivalent pcap filter expression: what reports show and what `tcpdump` would take.
    public static func expression(dnsPorts: [UInt16], sentinelPort: UInt16) -> String {
        let ports = dnsPorts.sorted().map(String.init).joined(separator: " or ")
        return "((udp or tcp) and port (\(ports))) or (udp and dst port \(sentinelPort)) or icmp or icmp6"
    }

    public static func filter(dnsPorts: [UInt16], sentinelPort: UInt16) -> CaptureFilter {
        CaptureFilter(expression: expression(dnsPorts: dnsPorts, sentinelPort: sentinelPort),
                      linkType: LinkType.EN10MB.rawValue,
                      instructions: program(dnsPorts: Array(Set(dnsPorts)).sorted(), sentinelPort: sentinelPort))
    }

    /// The same decisions for a cooked socket bound to every interface (`resolvlab trace --target`),
    /// whose filter sees each packet from its network header on: the EtherType comes from the
    /// kernel (`SKF_AD_PROTOCOL`), every offset is 14 bytes smaller, as libpcap rewrites its
    /// programs for such sockets. Loopback delivers every packet twice, once outgoing and once
    /// incoming, so its outgoing copies are dropped (`SKF_AD_HATYPE`, `SKF_AD_PKTTYPE`); other
    /// interfaces keep theirs, which is how a query leaving through `eth0` is seen at all.
    public static func everyInterfaceFilter(dnsPorts: [UInt16], sentinelPort: UInt16) -> CaptureFilter {
        CaptureFilter(expression: expression(dnsPorts: dnsPorts, sentinelPort: sentinelPort),
                      linkType: LinkType.LINUX_SLL2.rawValue,
                      instructions: program(dnsPorts: Array(Set(dnsPorts)).sorted(), sentinelPort: sentinelPort, cooked: true))
    }

    // Offsets in an Ethernet frame (14-byte header).
    static let etherType: UInt32 = 12
    static let ipv4Protocol: UInt32 = 23
    static let ipv4Flags: UInt32 = 20
    static let ipv4Start: UInt32 = 14
    static let ipv6NextHeader: UInt32 = 20
    static let ipv6Payload: UInt32 = 54

    /// Linux's ancillary loads (linux/filter.h): `SKF_AD_OFF` plus the field.
    static let ancillaryProtocol: UInt32 = 0xFFFF_F000 + 0
    static let ancillaryPacketType: UInt32 = 0xFFFF_F000 + 4
    static let ancillaryHardwareType: UInt32 = 0xFFFF_F000 + 28
    static let packetOutgoing: UInt32 = 4   // PACKET_OUTGOING
    static let hardwareLoopback: UInt32 = 772   // ARPHRD_LOOPBACK

    static func program(dnsPorts: [UInt16], sentinelPort: UInt16, cooked: Bool = false) -> [CaptureFilter.Instruction] {
        var code = BPFAssembler()
        let accept = code.label(), reject = code.label()
        let ipv4 = code.label(), ipv6 = code.label()
        // A cooked socket's packets start at the network header.
        let shift: UInt32 = cooked ? 14 : 0
        let (ipv4Protocol, ipv4Flags, ipv4Start) = (Self.ipv4Protocol - shift, Self.ipv4Flags - shift, Self.ipv4Start - shift)
        let (ipv6NextHeader, ipv6Payload) = (Self.ipv6NextHeader - shift, Self.ipv6Payload - shift)
        if cooked {
            let network = code.label()
            code.load(.half, at: ancillaryHardwareType)
            code.jump(ifEqual: hardwareLoopback, then: code.next, else: network)
            code.load(.byte, at: ancillaryPacketType)
            code.jump(ifEqual: packetOutgoing, then: reject, else: network)
            code.place(network)
            code.load(.half, at: ancillaryProtocol)
        } else {
            code.load(.half, at: etherType)
        }
        code.jump(ifEqual: 0x0800, then: ipv4, else: code.next)
        code.jump(ifEqual: 0x86DD, then: ipv6, else: reject)

        // IPv4: ICMP, or UDP/TCP on a first fragment with a DNS port (or, for UDP, the sentinel's).
        code.place(ipv4)
        let udp4 = code.label(), tcp4 = code.label()
        code.load(.byte, at: ipv4Protocol)
        code.jump(ifEqual: 17, then: udp4, else: code.next)
        code.jump(ifEqual: 6, then: tcp4, else: code.next)
        code.jump(ifEqual: 1, then: accept, else: reject)
        for (label, sentinel) in [(udp4, Optional(sentinelPort)), (tcp4, nil)] {
            code.place(label)
            code.load(.half, at: ipv4Flags)
            code.jump(ifAnySet: 0x1FFF, then: reject, else: code.next)   // not the first fragment
            code.loadHeaderLength(at: ipv4Start)
            code.load(.half, indexedAt: ipv4Start)       // source port
            code.ports(dnsPorts, then: accept)
            code.load(.half, indexedAt: ipv4Start + 2)   // destination port
            code.ports(dnsPorts + (sentinel.map { [$0] } ?? []), then: accept)
            code.jump(to: reject)
        }

        // IPv6: ICMPv6, or UDP/TCP straight after the fixed header; a fragment header is followed
        // one step (libpcap accepts ICMPv6 there and drops UDP and TCP, whose ports it cannot see).
        code.place(ipv6)
        let udp6 = code.label(), tcp6 = code.label(), fragment = code.label()
        code.load(.byte, at: ipv6NextHeader)
        code.jump(ifEqual: 17, then: udp6, else: code.next)
        code.jump(ifEqual: 6, then: tcp6, else: code.next)
        code.jump(ifEqual: 44, then: fragment, else: code.next)
        code.jump(ifEqual: 58, then: accept, else: reject)
        code.place(fragment)
        code.load(.byte, at: ipv6Payload)
        code.jump(ifEqual: 17, then: reject, else: code.next)
        code.jump(ifEqual: 6, then: reject, else: code.next)
        code.jump(ifEqual: 58, then: accept, else: reject)
        for (label, sentinel) in [(udp6, Optional(sentinelPort)), (tcp6, nil)] {
            code.place(label)
            code.load(.half, at: ipv6Payload)
            code.ports(dnsPorts, then: accept)
            code.load(.half, at: ipv6Payload + 2)
            code.ports(dnsPorts + (sentinel.map { [$0] } ?? []), then: accept)
            code.jump(to: reject)
        }

        code.place(accept)
        code.returnValue(snapLength)
        code.place(reject)
        code.returnValue(0)
        return code.assemble()
    }
}

/// Classic BPF with forward labels: instructions are appended with symbolic targets and
/// `assemble` turns them into the relative offsets the kernel reads.
struct BPFAssembler {
    struct Label: Hashable { let id: Int }
    enum Size { case byte, half }

    private enum Target { case label(Label), next }
    private struct Pending {
        var code: UInt16
        var k: UInt32
        var whenTrue: Target
        var whenFalse: Target
    }

    private var pending: [Pending] = []
    private var places: [Label: Int] = [:]
    private var labels = 0

    /// "The instruction after this one", for a branch that falls through.
    var next: Label { Label(id: -1) }

    mutating func label() -> Label {
        labels += 1
        return Label(id: labels)
    }

    /// The next instruction appended is `label`.
    mutating func place(_ label: Label) {
        precondition(places[label] == nil, "label placed twice")
        places[label] = pending.count
    }

    // Opcodes (linux/filter.h): class | size | mode, class | operation | source.
    private static let ldAbsolute: [Size: UInt16] = [.byte: 0x30, .half: 0x28]
    private static let ldIndexed: [Size: UInt16] = [.byte: 0x50, .half: 0x48]
    private static let ldxHeaderLength: UInt16 = 0xB1   // ldx 4*([k]&0xf)
    private static let jumpEqual: UInt16 = 0x15
    private static let jumpSet: UInt16 = 0x45
    private static let jumpAlways: UInt16 = 0x05
    private static let returnConstant: UInt16 = 0x06

    mutating func load(_ size: Size, at offset: UInt32) {
        append(Self.ldAbsolute[size]!, offset)
    }

    mutating func load(_ size: Size, indexedAt offset: UInt32) {
        append(Self.ldIndexed[size]!, offset)
    }

    /// X = the IPv4 header length, from the IHL nibble of the byte at `offset`.
    mutating func loadHeaderLength(at offset: UInt32) {
        append(Self.ldxHeaderLength, offset)
    }

    mutating func jump(ifEqual value: UInt32, then whenTrue: Label, else whenFalse: Label) {
        append(Self.jumpEqual, value, whenTrue, whenFalse)
    }

    mutating func jump(ifAnySet bits: UInt32, then whenTrue: Label, else whenFalse: Label) {
        append(Self.jumpSet, bits, whenTrue, whenFalse)
    }

    mutating func jump(to label: Label) {
        append(Self.jumpAlways, 0, label, next)
    }

    /// Jumps to `label` when the accumulator is any of `ports`, else falls through.
    mutating func ports(_ ports: [UInt16], then label: Label) {
        for port in ports { jump(ifEqual: UInt32(port), then: label, else: next) }
    }

    mutating func returnValue(_ value: UInt32) {
        append(Self.returnConstant, value)
    }

    private mutating func append(_ code: UInt16, _ k: UInt32, _ whenTrue: Label? = nil, _ whenFalse: Label? = nil) {
        func target(_ label: Label?) -> Target {
            guard let label, label != next else { return .next }
            return .label(label)
        }
        pending.append(Pending(code: code, k: k, whenTrue: target(whenTrue), whenFalse: target(whenFalse)))
    }

    /// The program, with every label resolved to a forward offset.
    func assemble() -> [CaptureFilter.Instruction] {
        pending.enumerated().map { index, instruction in
            func offset(_ target: Target) -> Int {
                switch target {
                case .next: return 0
                case .label(let label):
                    guard let place = places[label] else { preconditionFailure("label never placed") }
                    let distance = place - index - 1
                    precondition(distance >= 0, "BPF jumps only forward")
                    return distance
                }
            }
            if instruction.code == Self.jumpAlways {
                return CaptureFilter.Instruction(code: instruction.code, jt: 0, jf: 0, k: UInt32(offset(instruction.whenTrue)))
            }
            let isJump = instruction.code & 0x07 == 0x05
            let (jt, jf) = isJump ? (offset(instruction.whenTrue), offset(instruction.whenFalse)) : (0, 0)
            precondition(jt <= 255 && jf <= 255, "a conditional jump reaches at most 255 instructions")
            return CaptureFilter.Instruction(code: instruction.code, jt: UInt8(jt), jf: UInt8(jf), k: instruction.k)
        }
    }
}
