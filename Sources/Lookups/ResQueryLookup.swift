import CResolvLab
import DNSWire
import Observation
import ScenarioFormat
import SystemCalls

/// res_query(3), res_search(3) or res_querydomain(3) for class IN, called in the sandbox process itself (glibc keeps the
/// resolver state per thread, so lookups started together do not share it).
public enum ResQueryLookup: LookupPerformer {
    /// The largest DNS message; glibc truncates a longer TCP answer to the buffer.
    static let bufferSize = 65_535

    public static func perform(_ request: ResQueryCall, context: LookupContext) -> LookupOutcome {
        var answer = [UInt8](repeating: 0, count: bufferSize)
        var hostError: Int32 = 0
        let started = MonotonicInstant.now()
        let length = answer.withUnsafeMutableBufferPointer { buffer in
            if let domain = request.domain {
                resolvlab_res_querydomain(request.name, domain, Int32(request.type.rawValue), buffer.baseAddress,
                                          Int32(buffer.count), &hostError)
            } else {
                resolvlab_res_query(request.name, Int32(request.type.rawValue), buffer.baseAddress, Int32(buffer.count),
                                    request.search ? 1 : 0, &hostError)
            }
        }
        let durationMs = started.milliseconds(to: .now())
        // On failure glibc leaves the last reply it got in the buffer; a reply has QR set, the zeroed buffer not.
        let replyLength = length >= 0 ? Int(length) : (answer[2] & 0x80 != 0 ? answer.count : 0)
        let reply = replyLength >= 12 ? try? DNSMessage.decode(answer.prefix(replyLength)) : nil
        let error = length >= 0 ? nil : LookupError(name: HostErrorName.name(of: hostError), code: hostError)
        let addresses: [IPAddress]? = length >= 0 ? reply?.answers.compactMap { record in
            switch record.data {
            case .a(let address): .v4(address)
            case .aaaa(let address): .v6(address)
            default: nil
            }
        } : nil
        // AD is read from the header bytes glibc handed back: without trust-ad glibc clears it there.
        let authenticData = replyLength >= 12 ? answer[3] & 0x20 != 0 : nil
        return LookupOutcome(durationMs: durationMs, addresses: addresses, error: error,
                             rcode: reply?.rcode.description, answerCount: reply.map { $0.answers.count },
                             authenticData: authenticData)
    }
}
