import DNSWire
import Observation
import ScenarioFormat
import SystemCalls

/// How a scenario ended (design.md, "Outcome and exit codes").
public enum Outcome: String, Sendable, Codable, CaseIterable {
    case pass, fail, error, skip
}

/// One expectation that did not hold, as data: reports decide how to say it.
public enum Mismatch: Sendable, Hashable {
    /// `expect.queries` did not match the queries on the wire.
    case queries(QueryMismatch)
    /// A query on the wire matched a pattern of `expect.forbid` (one mismatch per such query).
    case forbidden(QueryPattern, ObservedQuery)
    /// The number of queries on the wire matching an `expect.counts` pattern was out of its bounds.
    case count(QueryCount, observed: Int)
    /// A query matched its pattern in `expect.queries` (or an alternative) but was sent outside its `afterMs`.
    case timing(TimingMismatch)
    /// A lookup's `expect` did not hold.
    case lookup(index: Int, label: String, LookupMismatch)
}

/// The first difference between the expected and the observed query sequence.
public struct QueryMismatch: Sendable, Hashable {
    public enum Difference: Sendable, Hashable {
        /// An expected query that was not observed (at its place, for `exact`).
        case missing(QueryPattern, position: Int)
        /// An observed query that was not expected (at its place).
        case unexpected(ObservedQuery)
        /// Every query matched, but there were more or fewer of them.
        case count
    }

    public var order: Expectation.Order
    public var expectedCount: Int
    public var observedCount: Int
    public var difference: Difference
    /// The group the difference lies in, as its index in the expected list: a missing pattern of the group,
    /// or an unexpected query at the group's place. nil outside groups.
    public var group: Int?
    /// Set when the expectation is `expect.alternatives`: the one compared, the closest to what was observed.
    public var alternative: AlternativeChoice?

    public init(order: Expectation.Order, expectedCount: Int, observedCount: Int, difference: Difference, group: Int? = nil,
                alternative: AlternativeChoice? = nil) {
        self.order = order
        self.expectedCount = expectedCount
        self.observedCount = observedCount
        self.difference = difference
        self.group = group
        self.alternative = alternative
    }
}

/// Which of `expect.alternatives` a comparison used: `index` from 0, of `count`.
public struct AlternativeChoice: Sendable, Hashable {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }
}

/// A query that matched a pattern with `afterMs` but was sent outside its bounds.
public struct TimingMismatch: Sendable, Hashable {
    public var pattern: QueryPattern
    public var query: ObservedQuery
    /// The query before it on the wire; nil when it was the first, so there was nothing to time it against.
    public var previous: ObservedQuery?
    /// Milliseconds from `previous` to `query`, by their capture timestamps; nil without `previous`.
    public var gapMs: Double?
    /// Set when the pattern is in one of `expect.alternatives`.
    public var alternative: AlternativeChoice?

    public init(pattern: QueryPattern, query: ObservedQuery, previous: ObservedQuery?, gapMs: Double?,
                alternative: AlternativeChoice? = nil) {
        self.pattern = pattern
        self.query = query
        self.previous = previous
        self.gapMs = gapMs
        self.alternative = alternative
    }

    /// The bounds it missed.
    public var bounds: GapBounds { pattern.afterMs ?? GapBounds() }
}

/// Which output stream an expectation is about.
public enum OutputStream: String, Sendable, Hashable, Codable {
    case stdout, stderr
}

/// What a lookup returned, where an expectation wanted something else.
public enum LookupMismatch: Sendable, Hashable {
    case addresses(expected: [IPAddress], got: [IPAddress]?, error: LookupError?)
    /// `addressSet`: the same addresses in any order were expected.
    case addressSet(expected: [IPAddress], got: [IPAddress]?, error: LookupError?)
    /// `inetAddresses`, `inet6Addresses`: the addresses of one family in order; `got` is every address returned.
    case familyAddresses(HostFamily, expected: [IPAddress], got: [IPAddress]?, error: LookupError?)
    /// gethostbyaddr, getnameinfo: the names returned.
    case names(expected: [String], got: [String]?, error: LookupError?)
    case error(expected: String, got: LookupError?, addresses: [IPAddress]?)
    case canonname(expected: String, got: String?)
    /// res_query, res_search: the reply's rcode (nil: no reply) and its answer count.
    case rcode(expected: DNSRcode, got: String?)
    case answerCount(expected: Int, got: Int?)
    /// res_*: the AD bit of the reply as the call returned it (nil: no reply).
    case authenticData(expected: Bool, got: Bool?)
    case exitCode(expected: Int, got: TerminationStatus?, timedOut: Bool)
    case outputContains(OutputStream, String, truncated: Bool)
    case outputLacks(OutputStream, String)
    case outputMatches(OutputStream, TextPattern, truncated: Bool)
    case tookLess(minimumMs: Int, tookMs: Double)
    case tookMore(maximumMs: Int, tookMs: Double)
}

/// Why a scenario could not be judged.
public enum ErrorReason: Sendable, Hashable {
    /// The scenario file is not valid (exit code 2).
    case invalid(String)
    /// This machine cannot create the namespaces (exit code 3); the message says how to enable them.
    case namespaces(String)
    /// The sandbox, responder or capture could not be set up, or the drain failed.
    case setup(SetupFailure.Kind, String)
    /// The servers received queries the capture lacks.
    case captureLoss([LostQuery])
    /// The kernel dropped packets on their way to the capture (its receive buffer overflowed).
    case kernelDrops(count: UInt64, receiveBufferBytes: Int?)
    /// Frames longer than the capture's buffer.
    case truncatedFrames(Int)
    /// TCP streams with a missing segment.
    case incompleteStreams([IncompleteStream])
    /// A lookup could not be performed (a command that does not exist or cannot run).
    case lookupFailed(index: Int, label: String, message: String)
    /// A lookup never reported a result.
    case noResult(index: Int, label: String)
    /// The scenario ran past `timeoutMs` plus the grace period and was killed.
    case timeout(timeoutMs: Int, graceMs: Int)
    /// The sandbox process ended without finishing: how it ended and the end of what it printed.
    case childDied(status: TerminationStatus?, standardError: String)
    /// The sandbox process could not be started.
    case spawn(String)
    /// Lines from the sandbox that were not events.
    case protocolError([UndecodableLine])
    /// The run was interrupted (SIGINT, SIGTERM) before the scenario finished.
    case interrupted(signal: Int32)

    /// The kind reports group errors by (JUnit's error type, the JSON report's `errorKind`).
    public var kind: String {
        switch self {
        case .invalid: "invalid"
        case .namespaces: "namespaces"
        case .setup(let kind, _): kind == .capture || kind == .drain ? "capture" : "sandbox"
        case .captureLoss, .kernelDrops, .truncatedFrames, .incompleteStreams: "capture"
        case .lookupFailed, .noResult, .childDied, .spawn, .protocolError: "sandbox"
        case .timeout: "timeout"
        case .interrupted: "interrupted"
        }
    }
}

/// Why a scenario was skipped.
public enum SkipReason: Sendable, Hashable {
    /// A `requires` command is not on PATH.
    case missingRequirement(String)
    /// The client's helper is not on PATH (not built here: its toolchain or library is missing).
    case clientMissing(client: String, helper: String, package: String)
    /// The client has no equivalent of a lookup's call.
    case clientCannot(client: String, lookup: Int, label: String, reason: String)
}

/// The judgement of one scenario.
public enum Verdict: Sendable, Hashable {
    case pass
    case fail([Mismatch])
    case error(ErrorReason)
    case skip(SkipReason)

    public var outcome: Outcome {
        switch self {
        case .pass: .pass
        case .fail: .fail
        case .error: .error
        case .skip: .skip
        }
    }
}
