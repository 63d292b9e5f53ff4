import DNSWire
import SystemCalls

/// What one lookup produced, whatever its kind: every `expect` key is checked against these fields,
/// and reports render them without knowing which kind of lookup ran.
public struct LookupOutcome: Sendable, Hashable, Codable {
    public var durationMs: Double
    /// The addresses returned, in order; nil when the lookup failed or returns none by nature.
    public var addresses: [IPAddress]?
    /// The error the lookup failed with (`EAI_NONAME`).
    public var error: LookupError?
    public var canonname: String?
    /// res_query, res_search: the rcode of the reply the call returned or failed on (its mnemonic), and
    /// its number of answer records; nil when no reply came.
    public var rcode: String?
    public var answerCount: Int?
    /// res_*: the AD (authentic data) bit of that reply, as the call handed it back; nil when no reply came.
    public var authenticData: Bool?
    /// gethostbyaddr: h_name, then h_aliases; getnameinfo: the host it wrote. nil when the call failed.
    public var names: [String]?
    /// How a command ended.
    public var exit: TerminationStatus?
    public var timedOut: Bool
    public var standardOutput: CapturedOutput?
    public var standardError: CapturedOutput?
    /// The lookup could not be performed at all (a command that does not exist or cannot run).
    public var failure: String?

    public init(durationMs: Double, addresses: [IPAddress]? = nil, error: LookupError? = nil, canonname: String? = nil,
                exit: TerminationStatus? = nil, timedOut: Bool = false, standardOutput: CapturedOutput? = nil,
                standardError: CapturedOutput? = nil, failure: String? = nil) {
        self.durationMs = durationMs
        self.addresses = addresses
        self.error = error
        self.canonname = canonname
        self.exit = exit
        self.timedOut = timedOut
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.failure = failure
    }

    /// A DNS reply's part of the outcome.
    public init(durationMs: Double, addresses: [IPAddress]?, error: LookupError?, rcode: String?, answerCount: Int?,
                authenticData: Bool? = nil) {
        self.init(durationMs: durationMs, addresses: addresses, error: error)
        self.rcode = rcode
        self.answerCount = answerCount
        self.authenticData = authenticData
    }
}

/// A resolver error by name (`EAI_AGAIN`), with its code and, for system errors, what the system said.
public struct LookupError: Sendable, Hashable, Codable, CustomStringConvertible {
    public var name: String
    public var code: Int32
    public var detail: String?

    public init(name: String, code: Int32, detail: String? = nil) {
        self.name = name
        self.code = code
        self.detail = detail
    }

    /// `EAI_SYSTEM (Connection refused)`.
    public var description: String { detail.map { "\(name) (\($0))" } ?? name }
}
