import DNSWire
import Observation
import ScenarioFormat
import SystemCalls

/// A built-in call made by another client than glibc.
public struct ClientRequest: Sendable {
    public var client: ResolverClient
    public var call: LookupCall

    public init(client: ResolverClient, call: LookupCall) {
        self.client = client
        self.call = call
    }
}

/// A built-in call made by a client's helper (`tools/clients/`): the helper is run in the sandbox with
/// the request on its command line, and the one JSON line it prints becomes the same kind-independent
/// outcome glibc's calls give, so one expectation judges every client.
public enum ClientLookup: LookupPerformer {
    /// The helper's exit status for a call its client has no equivalent of.
    static let unsupportedStatus: Int32 = 3

    public static func perform(_ request: ClientRequest, context: LookupContext) -> LookupOutcome {
        guard let helper = request.client.helper else {
            return LookupOutcome(durationMs: 0, failure: "\(request.client.rawValue) makes its calls in resolvlab's own process")
        }
        // Run as a command is (found on PATH, its process group ended with it), its output always kept:
        // the result is read from it.
        var helperContext = context
        helperContext.commandStreams = nil
        let ran = ExecLookup.perform(ExecCall(arguments: [helper] + ResolverClient.helperArguments(for: request.call),
                                              environment: request.client.environment), context: helperContext)
        guard let status = ran.exit, ran.failure == nil else { return ran }
        let standardError = ran.standardError ?? CapturedOutput()
        var outcome = decode(ran.standardOutput?.text ?? "", kind: request.call.kind, client: request.client,
                             processMs: ran.durationMs)
        outcome.standardError = standardError.bytes.isEmpty ? nil : standardError
        if ran.timedOut {
            outcome.timedOut = true
            outcome.failure = outcome.failure ?? "\(helper) was still running when the scenario's time was up"
        } else if status != .exited(0) {
            let said = outcome.failure.map { ": \($0)" } ?? ""
            outcome.failure = status == .exited(unsupportedStatus)
                ? "\(request.client.rawValue) cannot make this call\(said)"
                : "\(helper) \(status)\(said); it wrote: \(standardError.text.suffix(300))"
        }
        return outcome
    }

    /// The helper's result line as an outcome; `failure` says what was wrong with a line that is not one.
    static func decode(_ text: String, kind: LookupKind, client: ResolverClient, processMs: Double) -> LookupOutcome {
        var outcome = LookupOutcome(durationMs: processMs)
        let line = text.split(separator: "\n").last.map(String.init) ?? ""
        guard let root = try? JSONParser.parse(line), root.members != nil else {
            outcome.failure = "expected one JSON object line, found \(line.isEmpty ? "nothing" : String(line.prefix(200)).debugDescription)"
            return outcome
        }
        if let reason = root["unsupported"]?.value.stringValue {
            outcome.failure = reason
            return outcome
        }
        if let milliseconds = root["durationMs"]?.value.numberValue.flatMap({ Double($0.literal) }) { outcome.durationMs = milliseconds }
        if let elements = root["addresses"]?.elements {
            var addresses: [IPAddress] = []
            for element in elements {
                guard let text = element.value.stringValue, let address = IPAddress(text) else {
                    let found = element.value.stringValue.map { "\"\($0)\"" } ?? element.value.kindName
                    outcome.failure = "\(client.rawValue) returned an address that is none: \(found)"
                    return outcome
                }
                addresses.append(address)
            }
            outcome.addresses = addresses
        }
        if let error = root["error"], let name = error["name"]?.value.stringValue {
            let code = kind.failsWithHostError ? HostErrorName.table.first { $0.name == name }?.code
                : GetaddrinfoErrorName.table.first { $0.name == name }?.code
            outcome.error = LookupError(name: name, code: code ?? 0, detail: error["detail"]?.value.stringValue)
            outcome.addresses = nil
        }
        outcome.canonname = root["canonname"]?.value.stringValue
        if let names = root["names"]?.elements { outcome.names = names.compactMap(\.value.stringValue) }
        outcome.rcode = root["rcode"]?.value.stringValue
        outcome.answerCount = root["answerCount"]?.value.numberValue.flatMap { Int($0.literal) }
        if outcome.addresses == nil, outcome.error == nil, outcome.rcode == nil, outcome.names == nil {
            outcome.failure = "\(client.rawValue)'s result has no addresses, names, rcode or error: \(line.prefix(200))"
        }
        return outcome
    }
}
