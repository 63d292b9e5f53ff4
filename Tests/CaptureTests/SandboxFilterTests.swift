import CPcapOracle
import DNSWire
import Glibc
import Capture
import Observation
import PropertyBased
import Testing
@testable import Capture

/// The capture filter resolvlab writes itself must decide every frame as libpcap's compile of
/// the same expression does; both programs run in libpcap's own interpreter.
@Suite("Sandbox capture filter")
struct SandboxFilterTests {
    static let libpcapLoads: Bool = {
        var instructions: UnsafeMutablePointer<cpcap_instruction>?
        var error = [CChar](repeating: 0, count: 256)
        defer { free(instructions) }
        return cpcap_compile("udp", 1, 65535, &instructions, &error, error.count) > 0
    }()

    static func libpcapProgram(_ expression: String) throws -> [cpcap_instruction] {
        var instructions: UnsafeMutablePointer<cpcap_instruction>?
        var error = [CChar](repeating: 0, count: 512)
        let count = cpcap_compile(expression, 1, Int32(SandboxFilter.snapLength), &instructions, &error, error.count)
        defer { free(instructions) }
        guard count > 0, let instructions else {
            throw CompileFailure(message: String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return Array(UnsafeBufferPointer(start: instructions, count: Int(count)))
    }

    struct CompileFailure: Error { var message: String }

    static func run(_ program: [cpcap_instruction], _ frame: [UInt8]) -> Int {
        program.withUnsafeBufferPointer { code in
            frame.withUnsafeBufferPointer { bytes in
                Int(cpcap_run(code.baseAddress, UInt32(code.count), bytes.baseAddress, UInt32(bytes.count)))
            }
        }
    }

    static func ours(_ ports: [UInt16], sentinel: UInt16) -> [cpcap_instruction] {
        SandboxFilter.filter(dnsPorts: ports, sentinelPort: sentinel).instructions.map {
            cpcap_instruction(code: $0.code, jt: $0.jt, jf: $0.jf, k: $0.k)
        }
    }

    /// A frame on `lo`: an Ethernet header, then mostly IPv4 or IPv6 with a protocol, fragment
    /// fields, header length and ports drawn from the values the filter looks at, cut short at times.
    static let frames = Generator(run: { rng -> [UInt8] in
        let interesting: [UInt16] = [53, 5353, 9, 10, 0, 80, 65535]
        func port() -> [UInt8] {
            let value = Int.random(in: 0..<4, using: &rng) == 0 ? UInt16.random(in: 0...65535, using: &rng)
                : interesting.randomElement(using: &rng)!
            return [UInt8(value >> 8), UInt8(value & 0xFF)]
        }
        func byte() -> UInt8 { .random(in: 0...255, using: &rng) }
        let etherTypes: [UInt16] = [0x0800, 0x0800, 0x86DD, 0x86DD, 0x0806, .random(in: 0...65535, using: &rng)]
        let etherType = etherTypes.randomElement(using: &rng)!
        var frame = [UInt8](repeating: 0, count: 12) + [UInt8(etherType >> 8), UInt8(etherType & 0xFF)]
        let protocols: [UInt8] = [1, 6, 17, 17, 6, 44, 58, byte()]
        if etherType == 0x0800 {
            let headerWords = Int.random(in: 0..<4, using: &rng) == 0 ? Int.random(in: 0...15, using: &rng) : 5
            var header = [UInt8(0x40 | headerWords), 0, 0, 60, 0, 1]
            // Flags and fragment offset: mostly none or DF, sometimes MF or an offset.
            // Each bit of the 13-bit offset alone (the filter must test all of them), MF, DF.
            let bit = 1 << Int.random(in: 0...12, using: &rng)
            let fragment: [[UInt8]] = [[0, 0], [0x40, 0], [0x20, 0], [UInt8(bit >> 8), UInt8(bit & 0xFF)], [0x1F, 0xFF], [byte(), byte()]]
            header += fragment.randomElement(using: &rng)!
            header += [64, protocols.randomElement(using: &rng)!, 0, 0, 127, 0, 0, 1, 127, 0, 0, 1]
            header += (0..<max(0, headerWords * 4 - 20)).map { _ in byte() }
            frame += header + port() + port() + (0..<Int.random(in: 0...24, using: &rng)).map { _ in byte() }
        } else if etherType == 0x86DD {
            var header: [UInt8] = [0x60, 0, 0, 0, 0, 40, protocols.randomElement(using: &rng)!, 64]
            header += [UInt8](repeating: 0, count: 15) + [1] + [UInt8](repeating: 0, count: 15) + [1]
            if header[6] == 44 {   // a fragment header, then what it carries
                header += [protocols.randomElement(using: &rng)!, 0, byte(), byte(), 0, 0, 0, 1]
            }
            frame += header + port() + port() + (0..<Int.random(in: 0...24, using: &rng)).map { _ in byte() }
        } else {
            frame += (0..<Int.random(in: 0...60, using: &rng)).map { _ in byte() }
        }
        // Sometimes cut short, so loads past the end are exercised too.
        if Int.random(in: 0..<6, using: &rng) == 0 { frame = Array(frame.prefix(Int.random(in: 0...frame.count, using: &rng))) }
        return frame
    })

    static let portSets: [(ports: [UInt16], sentinel: UInt16)] = [([53], 9), ([53, 5353], 9), ([53, 1053, 5300], 10), ([9, 53], 10)]

    @Test("every frame is kept or dropped as libpcap's compile of the expression decides", .enabled(if: libpcapLoads),
          arguments: 0..<portSets.count)
    func agreesWithLibpcap(_ set: Int) async throws {
        let (ports, sentinel) = Self.portSets[set]
        let reference = try Self.libpcapProgram(SandboxFilter.expression(dnsPorts: ports, sentinelPort: sentinel))
        let program = Self.ours(ports, sentinel: sentinel)
        await propertyCheck(count: 20_000, input: Self.frames) { frame in
            #expect(Self.run(program, frame) == Self.run(reference, frame), "frame \(frame.map { String($0, radix: 16) })")
        }
    }

    @Test("a DNS query, a reply, the sentinel and ICMP are kept whole; other traffic is dropped", .enabled(if: libpcapLoads))
    func knownFrames() {
        let program = Self.ours([53], sentinel: 9)
        let ethernet = [UInt8](repeating: 0, count: 12) + [0x08, 0x00]
        let loopback = IPv4Address(127, 0, 0, 1)
        let query = ethernet + PacketBuilder.udp(from: loopback, 40000, to: IPv4Address(10, 96, 0, 10), 53, [1, 2, 3])
        let reply = ethernet + PacketBuilder.udp(from: IPv4Address(10, 96, 0, 10), 53, to: loopback, 40000, [1, 2, 3])
        let tcp = ethernet + PacketBuilder.tcp(from: loopback, 40000, to: IPv4Address(10, 96, 0, 10), 53, sequence: 1, flags: 0x18, [0, 1, 2])
        let sentinel = ethernet + PacketBuilder.udp(from: loopback, 40000, to: IPv4Address(127, 254, 254, 254), 9, [1])
        let http = ethernet + PacketBuilder.tcp(from: loopback, 40000, to: loopback, 80, sequence: 1, flags: 0x18, [0])
        let sentinelBack = ethernet + PacketBuilder.udp(from: loopback, 9, to: loopback, 40000, [1])
        for frame in [query, reply, tcp, sentinel] { #expect(Self.run(program, frame) == Int(SandboxFilter.snapLength)) }
        #expect(Self.run(program, http) == 0)
        #expect(Self.run(program, sentinelBack) == 0, "the sentinel is matched on its destination port only")
    }
}
