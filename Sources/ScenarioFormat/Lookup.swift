import CResolvLab
import DNSWire
import Glibc

/// One lookup the sandbox performs, in order (`lookups[]`).
public struct Lookup: Sendable {
    public var call: LookupCall
    public var expect: LookupExpectation?
    /// Files rewritten just before the lookup starts (`before`).
    public var before: FileRewrite?
    /// Starts together with the previous lookup instead of after it (`withPrevious`).
    public var withPrevious: Bool
    /// `expect.clients`: the whole expectation for a client whose result differs (nil: that client's
    /// result is not checked), the shared keys with the client's replaced or dropped.
    public var clientExpect: [ResolverClient: LookupExpectation?] = [:]
    /// The client that makes the call (`Scenario.under`); nil or glibc: this process.
    public var client: ResolverClient?

    public init(call: LookupCall, expect: LookupExpectation? = nil, before: FileRewrite? = nil, withPrevious: Bool = false) {
        self.call = call
        self.expect = expect
        self.before = before
        self.withPrevious = withPrevious
    }

    /// A short label for reports: `getaddrinfo ycwu314.top` or `exec getent ahosts x`.
    public var label: String { call.label }

    /// What the sandbox needs to perform it.
    public var step: LookupStep { LookupStep(call: call, before: before, withPrevious: withPrevious, client: client) }
}

/// `before`: new contents for the sandbox's resolv.conf and hosts, written in place (as a
/// container runtime or an editor would) just before a lookup starts.
public struct FileRewrite: Sendable, Hashable, Codable {
    public var resolvConf: String?
    public var hosts: String?

    public init(resolvConf: String? = nil, hosts: String? = nil) {
        self.resolvConf = resolvConf
        self.hosts = hosts
    }

    /// The files to write, by path.
    public var files: [(path: String, contents: String)] {
        [("/etc/resolv.conf", resolvConf), ("/etc/hosts", hosts)].compactMap { path, contents in contents.map { (path, $0) } }
    }
}

/// A lookup as the sandbox performs it: the call, the files rewritten first, and whether it starts
/// together with the previous one.
public struct LookupStep: Sendable, Hashable, Codable {
    public var call: LookupCall
    public var before: FileRewrite?
    public var withPrevious: Bool
    /// Who makes a built-in call: nil or glibc, the sandbox process; otherwise the client's helper.
    public var client: ResolverClient?

    public init(call: LookupCall, before: FileRewrite? = nil, withPrevious: Bool = false, client: ResolverClient? = nil) {
        self.call = call
        self.before = before
        self.withPrevious = withPrevious
        self.client = client
    }

    /// The steps in batches that start together: a step that starts with the previous one joins its batch.
    public static func batches(_ steps: [LookupStep]) -> [Range<Int>] {
        var batches: [Range<Int>] = []
        for index in steps.indices {
            if steps[index].withPrevious, let last = batches.last {
                batches[batches.count - 1] = last.lowerBound..<index + 1
            } else {
                batches.append(index..<index + 1)
            }
        }
        return batches
    }
}

/// What a lookup does: one case per lookup kind. A kind is described once: its case and request
/// type here, its keys in the format description, one performer in the Lookups module; everything
/// downstream (judging, reports) works on the kind-independent `LookupOutcome`.
public enum LookupCall: Sendable, Hashable, Codable {
    /// getaddrinfo(3) called in the sandbox process itself.
    case getaddrinfo(GetaddrinfoCall)
    /// A command run in the sandbox (`argv[0]` searched on PATH).
    case exec(ExecCall)
    /// gethostbyname(3), or gethostbyname2(3) when a family is given, called in the sandbox process
    /// itself (through their reentrant `_r` forms).
    case gethostbyname(GethostbynameCall)
    /// res_query(3), res_search(3) when `search` is set, or res_querydomain(3) when `domain` is, for class IN,
    /// called in the sandbox process itself.
    case resQuery(ResQueryCall)
    /// gethostbyaddr(3) (through gethostbyaddr_r) for one address: a PTR query.
    case gethostbyaddr(GethostbyaddrCall)
    /// getnameinfo(3) for one address (no service): a PTR query unless `numerichost`.
    case getnameinfo(GetnameinfoCall)

    public var label: String {
        switch self {
        case .getaddrinfo(let call): "getaddrinfo \(call.host)"
        case .exec(let call): "exec \(call.arguments.joined(separator: " "))"
        case .gethostbyname(let call):
            call.family.map { "gethostbyname2 \(call.name) \($0.rawValue)" } ?? "gethostbyname \(call.name)"
        case .resQuery(let call):
            call.domain.map { "res_querydomain \(call.name) \($0) \(call.type)" }
                ?? "\(call.search ? "res_search" : "res_query") \(call.name) \(call.type)"
        case .gethostbyaddr(let call): "gethostbyaddr \(call.address)"
        case .getnameinfo(let call): "getnameinfo \(call.address)"
        }
    }

    public var kind: LookupKind {
        switch self {
        case .getaddrinfo: .getaddrinfo
        case .exec: .exec
        case .gethostbyname(let call): call.family == nil ? .gethostbyname : .gethostbyname2
        case .resQuery(let call): call.domain != nil ? .resQuerydomain : call.search ? .resSearch : .resQuery
        case .gethostbyaddr: .gethostbyaddr
        case .getnameinfo: .getnameinfo
        }
    }
}

/// The lookup kinds, by the key that names them in a scenario.
public enum LookupKind: String, CaseIterable, Sendable, Hashable, Codable {
    case getaddrinfo, exec, gethostbyname, gethostbyname2
    case resQuery = "res_query", resSearch = "res_search", resQuerydomain = "res_querydomain"
    case gethostbyaddr, getnameinfo

    /// The res_* kinds: they return the reply itself.
    public static let resKinds: [LookupKind] = [.resQuery, .resSearch, .resQuerydomain]

    /// The kinds that fail with an `h_errno` name rather than an `EAI_*` one.
    public var failsWithHostError: Bool { [.gethostbyname, .gethostbyname2, .gethostbyaddr].contains(self) || isRes }

    /// res_query, res_search, res_querydomain.
    public var isRes: Bool { Self.resKinds.contains(self) }
}

/// `{ "res_query": "NAME", "type": "TYPE" }`, `{ "res_search": "NAME", "type": "TYPE" }` or
/// `{ "res_querydomain": "NAME", "domain": "DOMAIN", "type": "TYPE" }`: class IN.
public struct ResQueryCall: Sendable, Hashable, Codable {
    public var name: String
    public var type: DNSType
    /// res_search: the name goes through the search list and ndots like a getaddrinfo name.
    public var search: Bool
    /// res_querydomain: the domain glibc joins to the name (`NAME.DOMAIN`) before it calls res_query.
    public var domain: String?

    public init(name: String, type: DNSType, search: Bool = false, domain: String? = nil) {
        self.name = name
        self.type = type
        self.search = search
        self.domain = domain
    }
}

/// `{ "gethostbyaddr": "ADDRESS" }`: the address's family and length are its own.
public struct GethostbyaddrCall: Sendable, Hashable, Codable {
    public var address: IPAddress

    public init(address: IPAddress) { self.address = address }
}

/// `{ "getnameinfo": "ADDRESS", "flags": [...] }`: the host name only (no service).
public struct GetnameinfoCall: Sendable, Hashable, Codable {
    public var address: IPAddress
    public var flags: [NameInfoFlag]

    /// Without `flags`: `NI_NAMEREQD`, so an address without a PTR record is an error rather than its
    /// own numeric form.
    public static let defaultFlags: [NameInfoFlag] = [.namereqd]

    public init(address: IPAddress, flags: [NameInfoFlag] = defaultFlags) {
        self.address = address
        self.flags = flags
    }
}

/// getnameinfo's `flags`: `NI_*` bits, by their names in lower case.
public enum NameInfoFlag: String, CaseIterable, Sendable, Codable {
    case namereqd, nofqdn, numerichost
}

/// `{ "gethostbyname": "NAME" }`, or `{ "gethostbyname2": "NAME", "family": "inet|inet6" }`.
public struct GethostbynameCall: Sendable, Hashable, Codable {
    public var name: String
    /// gethostbyname2's `af`; nil: gethostbyname, which asks for IPv4 only.
    public var family: HostFamily?

    public init(name: String, family: HostFamily? = nil) {
        self.name = name
        self.family = family
    }
}

/// gethostbyname2's `family`: `AF_INET` or `AF_INET6` (it has no unspecified family).
public enum HostFamily: String, CaseIterable, Sendable, Codable {
    case inet, inet6
}

/// `{ "getaddrinfo": "NAME", "family": ..., "flags": [...], "service": ... }`
public struct GetaddrinfoCall: Sendable, Hashable, Codable {
    public var host: String
    public var family: AddressFamily
    public var flags: [AddrInfoFlag]
    public var service: String?

    public init(host: String, family: AddressFamily = .unspec, flags: [AddrInfoFlag] = [], service: String? = nil) {
        self.host = host
        self.family = family
        self.flags = flags
        self.service = service
    }
}

/// `{ "exec": ["COMMAND", "ARG", ...], "env": { "NAME": "VALUE" } }`
public struct ExecCall: Sendable, Hashable, Codable {
    public var arguments: [String]
    /// Set in the command's environment, over the sandbox's (`env`).
    public var environment: [String: String]

    public init(arguments: [String], environment: [String: String] = [:]) {
        self.arguments = arguments
        self.environment = environment
    }

    enum CodingKeys: String, CodingKey { case arguments, environment }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        arguments = try container.decode([String].self, forKey: .arguments)
        environment = try container.decodeIfPresent([String: String].self, forKey: .environment) ?? [:]
    }
}

/// `family`: the `ai_family` hint.
public enum AddressFamily: String, CaseIterable, Sendable, Codable {
    case unspec, inet, inet6
}

/// `flags`: `ai_flags` bits, by their `AI_*` names in lower case.
public enum AddrInfoFlag: String, CaseIterable, Sendable, Codable {
    case addrconfig, all, canonname, numerichost, passive, v4mapped
}

/// A lookup's `expect`. Every key is checked against the kind-independent `LookupOutcome`; which
/// keys a kind accepts is part of the format description.
public struct LookupExpectation: Sendable {
    /// The addresses in the order returned (one per address: the hints ask for SOCK_STREAM).
    public var addresses: [IPAddress]?
    /// The addresses returned, in any order, each as often as listed (`addressSet`).
    public var addressSet: [IPAddress]?
    /// The IPv4 addresses returned, in their order, the IPv6 ones ignored (`inetAddresses`); empty: none.
    public var inetAddresses: [IPAddress]?
    /// The IPv6 addresses returned, in their order, the IPv4 ones ignored (`inet6Addresses`); empty: none.
    public var inet6Addresses: [IPAddress]?
    /// gethostbyaddr: h_name then the aliases; getnameinfo: the host name (`names`).
    public var names: [String]?
    /// res_*: the AD bit of the reply the call returned (`authenticData`).
    public var authenticData: Bool?
    /// The name of the error the lookup must fail with (`EAI_NONAME`, or `HOST_NOT_FOUND` for gethostbyname).
    public var error: String?
    /// `ai_canonname` of the first result (needs the `canonname` flag), or gethostbyname's `h_name`.
    public var canonname: String?
    /// res_query, res_search: the reply's rcode and its number of answer records.
    public var rcode: DNSRcode?
    public var answerCount: Int?
    /// exec: the exit code.
    public var exitCode: Int?
    /// exec: text standard output / standard error must contain, or must not.
    public var stdoutContains: [String]
    public var stderrContains: [String]
    public var stdoutLacks: [String]
    public var stderrLacks: [String]
    /// exec: regular expressions standard output / standard error must match somewhere.
    public var stdoutMatches: [TextPattern]
    public var stderrMatches: [TextPattern]
    public var minMs: Int?
    public var maxMs: Int?

    /// `exitCode`: what `waitpid` can report for a normal exit.
    public static let exitCodeRange = 0...255
    /// `answerCount`: what a DNS header can count.
    public static let answerCountRange = 0...65_535
    /// `minMs` and `maxMs`: at most the longest `timeoutMs`.
    public static let millisecondsRange = 0...600_000

    public init(addresses: [IPAddress]? = nil, addressSet: [IPAddress]? = nil, inetAddresses: [IPAddress]? = nil,
                inet6Addresses: [IPAddress]? = nil, names: [String]? = nil, error: String? = nil, canonname: String? = nil,
                rcode: DNSRcode? = nil, answerCount: Int? = nil, authenticData: Bool? = nil, exitCode: Int? = nil,
                stdoutContains: [String] = [], stderrContains: [String] = [], stdoutLacks: [String] = [],
                stderrLacks: [String] = [], stdoutMatches: [TextPattern] = [], stderrMatches: [TextPattern] = [],
                minMs: Int? = nil, maxMs: Int? = nil) {
        self.addresses = addresses
        self.addressSet = addressSet
        self.inetAddresses = inetAddresses
        self.inet6Addresses = inet6Addresses
        self.names = names
        self.authenticData = authenticData
        self.error = error
        self.canonname = canonname
        self.rcode = rcode
        self.answerCount = answerCount
        self.exitCode = exitCode
        self.stdoutContains = stdoutContains
        self.stderrContains = stderrContains
        self.stdoutLacks = stdoutLacks
        self.stderrLacks = stderrLacks
        self.stdoutMatches = stdoutMatches
        self.stderrMatches = stderrMatches
        self.minMs = minMs
        self.maxMs = maxMs
    }
}

/// A regular expression from a scenario (Swift `Regex` syntax, which is PCRE-like), kept as text
/// and checked to compile when the file is decoded.
public struct TextPattern: Sendable, Hashable, CustomStringConvertible {
    public var source: String

    /// nil, with the compiler's complaint, when `source` is not a valid expression.
    public static func compile(_ source: String) -> Result<TextPattern, PatternSyntaxError> {
        do {
            _ = try Regex(source)
            return .success(TextPattern(source: source))
        } catch {
            return .failure(PatternSyntaxError(message: "\(error)"))
        }
    }

    private init(source: String) { self.source = source }

    /// True when the expression matches somewhere in `text`.
    public func matches(in text: String) -> Bool {
        guard let regex = try? Regex(source) else { return false }
        return text.contains(regex)
    }

    public var description: String { "/\(source)/" }

    public struct PatternSyntaxError: Error, Sendable {
        public var message: String
    }
}

/// The getaddrinfo error names, from the one table in `resolvlab_eai.h` (this libc's values).
public enum GetaddrinfoErrorName {
    /// Every name with its code, in the table's order.
    public static let table: [(name: String, code: Int32)] = (0..<resolvlab_eai_count()).map { index in
        (String(cString: resolvlab_eai_name_at(index)), resolvlab_eai_code_at(index))
    }

    /// The names a scenario may expect, sorted.
    public static let names: [String] = table.map(\.name).sorted()

    /// The name of `code`, or `EAI_<code>` for a code the table lacks.
    public static func name(of code: Int32) -> String {
        table.first { $0.code == code }?.name ?? "EAI_\(code)"
    }
}

/// The `h_errno` names gethostbyname and its kin fail with (this libc's values). `NETDB_INTERNAL`
/// means a system error, which `errno` details.
public enum HostErrorName {
    public static let table: [(name: String, code: Int32)] = [
        ("HOST_NOT_FOUND", HOST_NOT_FOUND), ("TRY_AGAIN", TRY_AGAIN), ("NO_RECOVERY", NO_RECOVERY),
        ("NO_DATA", NO_DATA), ("NETDB_INTERNAL", NETDB_INTERNAL),
    ]

    /// The names a scenario may expect, sorted.
    public static let names: [String] = table.map(\.name).sorted()

    /// The name of `code`, or `h_errno <code>` for a code the table lacks.
    public static func name(of code: Int32) -> String {
        table.first { $0.code == code }?.name ?? "h_errno \(code)"
    }
}
