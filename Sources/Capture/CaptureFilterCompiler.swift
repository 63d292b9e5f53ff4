import CResolvLab
import Glibc
import Observation

/// Compiles pcap filter expressions to classic BPF with libpcap, which is loaded on first use:
/// the parent compiles each scenario's filter and the sandbox child only attaches it, so neither
/// process pays for loading libpcap at start.
public enum CaptureFilterCompiler {
    /// Frames are kept whole: a 64 KiB TCP segment on `lo` must not lose its tail.
    public static let snapLength: Int32 = 262_144

    public static func compile(_ expression: String, linkType: LinkType) throws(CaptureError) -> CaptureFilter {
        var instructions: UnsafeMutablePointer<resolvlab_bpf_instruction>?
        var error = [CChar](repeating: 0, count: 512)
        let count = resolvlab_bpf_compile(expression, linkType.rawValue, snapLength, &instructions, &error, error.count)
        guard count >= 0, let instructions else {
            throw .filter(expression: expression, message: String(nulTerminated: error))
        }
        defer { free(instructions) }
        let program = (0..<Int(count)).map { index in
            let raw = instructions[index]
            return CaptureFilter.Instruction(code: raw.code, jt: raw.jt, jf: raw.jf, k: raw.k)
        }
        return CaptureFilter(expression: expression, linkType: linkType.rawValue, instructions: program)
    }

    /// The sandbox's filter: DNS on the servers' ports (UDP and TCP), the drain sentinel, and ICMP
    /// (port unreachable from `closed` servers).
    public static func sandboxExpression(dnsPorts: [UInt16], sentinelPort: UInt16) -> String {
        let ports = dnsPorts.sorted().map(String.init).joined(separator: " or ")
        return "((udp or tcp) and port (\(ports))) or (udp and dst port \(sentinelPort)) or icmp or icmp6"
    }
}
