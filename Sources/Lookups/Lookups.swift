import Observation
import ScenarioFormat
import SystemCalls
import SystemPackage

/// What every lookup is given.
public struct LookupContext: Sendable {
    /// When the scenario's time is up: a command still running is killed.
    public var deadline: MonotonicInstant
    /// Bytes of each output stream kept.
    public var outputLimit: Int
    /// Standard input, output and error for commands, when they are passed through rather than
    /// kept (`resolvlab trace`); nil: /dev/null in, pipes out.
    public var commandStreams: [FileDescriptor]?

    public init(deadline: MonotonicInstant, outputLimit: Int, commandStreams: [FileDescriptor]? = nil) {
        self.deadline = deadline
        self.outputLimit = outputLimit
        self.commandStreams = commandStreams
    }
}

/// A lookup kind's implementation: turns its request into the kind-independent outcome.
public protocol LookupPerformer {
    associatedtype Request
    static func perform(_ request: Request, context: LookupContext) -> LookupOutcome
}

public enum Lookups {
    /// Performs `call` in this process (the sandbox child), the one place lookup kinds are dispatched; a
    /// built-in call under a client other than glibc is made by that client's helper.
    public static func perform(_ call: LookupCall, client: ResolverClient? = nil, context: LookupContext) -> LookupOutcome {
        if let client, client != .glibc, call.kind != .exec {
            return ClientLookup.perform(ClientRequest(client: client, call: call), context: context)
        }
        return switch call {
        case .getaddrinfo(let request): GetaddrinfoLookup.perform(request, context: context)
        case .exec(let request): ExecLookup.perform(request, context: context)
        case .gethostbyname(let request): GethostbynameLookup.perform(request, context: context)
        case .resQuery(let request): ResQueryLookup.perform(request, context: context)
        case .gethostbyaddr(let request): GethostbyaddrLookup.perform(request, context: context)
        case .getnameinfo(let request): GetnameinfoLookup.perform(request, context: context)
        }
    }
}
