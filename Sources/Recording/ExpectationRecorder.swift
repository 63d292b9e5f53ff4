import DNSWire
import Judge
import Observation
import Runner
import ScenarioFormat

/// A scenario file re-recorded from one run: its new bytes and what changed.
public struct Recording: Sendable {
    /// The file's new contents; the original bytes when nothing changed.
    public var source: [UInt8]
    /// What changed, one line each, for people: a part's header line (`expect.queries:`) is followed by
    /// its diff lines (`  - A old.`, `  + A new.`); lookup parts read `lookups[0].expect.addresses: [a] → [b]`.
    public var changes: [String]
    /// True when `source` differs from the original bytes.
    public var changed: Bool
    /// Expectations `record` leaves as written (stdoutContains, minMs, maxMs, exit codes it could not
    /// observe) that the run still does not meet: the recorded file would fail on them.
    public var stillFailing: [Mismatch]
    /// Why an exit code was not recorded (the command timed out or was killed), one line each.
    public var notes: [String]
    /// Set when the recorded file cannot be judged against the run at all.
    public var unjudgeable: ErrorReason?
    /// For a scenario recorded under several clients: how the recorded file judges each client's run
    /// after the first (whose verdict is `stillFailing` and `unjudgeable`), in the order they ran.
    public var clientChecks: [ClientCheck] = []

    public init(source: [UInt8], changes: [String], changed: Bool, stillFailing: [Mismatch] = [], notes: [String] = [],
                unjudgeable: ErrorReason? = nil) {
        self.notes = notes
        self.unjudgeable = unjudgeable
        self.source = source
        self.changes = changes
        self.changed = changed
        self.stillFailing = stillFailing
    }
}

/// How the recorded file judges one client's run: what it still does not meet.
public struct ClientCheck: Sendable {
    public var client: ResolverClient
    public var stillFailing: [Mismatch]
    public var unjudgeable: ErrorReason?

    public init(client: ResolverClient, stillFailing: [Mismatch] = [], unjudgeable: ErrorReason? = nil) {
        self.client = client
        self.stillFailing = stillFailing
        self.unjudgeable = unjudgeable
    }
}

/// Why a run cannot be recorded into its file.
public struct RecordingError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// Golden recording: rewrites a scenario's expectations (`expect.queries`, each lookup's `expect`) to what a
/// run observed, touching only those values so comments, layout and every other byte of the file stay.
/// An expectation the run already meets is kept as written (wildcards, partial patterns, `order`), so
/// re-recording an up-to-date file changes nothing and a `git diff` shows only what behaves differently.
/// Queries with groups or `afterMs`, and `expect.alternatives`, are never rewritten: a run that does not
/// meet them is not recorded (`RecordingError`), since one run cannot say how to change them.
public enum ExpectationRecorder {
    /// Records `result` (a pass or fail with an observation, from running `scenario`, decoded from `source`).
    public static func record(source: [UInt8], scenario: Scenario, result: ScenarioResult) throws(RecordingError) -> Recording {
        try record(source: source, scenario: scenario, results: [result])
    }

    /// The observation of a pass or fail, which is all that can be recorded.
    static func observation(of result: ScenarioResult) throws(RecordingError) -> ScenarioObservation {
        guard result.outcome == .pass || result.outcome == .fail, let observation = result.observation else {
            let under = result.client.map { " under \($0.rawValue)" } ?? ""
            throw RecordingError("the scenario ended \(result.outcome.rawValue)\(under); only a pass or fail can be recorded")
        }
        return observation
    }

    /// Writes what `observation` shows into the expectations `scenario` (decoded from `editor`'s bytes)
    /// holds: `expect.queries` and each lookup's `expect`. Nothing is verified here.
    static func recordObservation(_ observation: ScenarioObservation, scenario: Scenario,
                                  editor: inout SourceEditor) throws(RecordingError) -> (changes: [String], notes: [String]) {
        var outcomes: [LookupOutcome] = []
        for (index, lookup) in scenario.lookups.enumerated() {
            guard let outcome = observation.outcome(ofLookup: index) else {
                throw RecordingError("lookups[\(index)] \(lookup.label) reported no result")
            }
            if let failure = outcome.failure {
                throw RecordingError("lookups[\(index)] \(lookup.label) could not be performed: \(failure)")
            }
            outcomes.append(outcome)
        }
        var changes: [String] = []
        var notes: [String] = []
        changes += try recordQueries(scenario, observation.queriesInWireOrder, editor: &editor)
        for (index, (lookup, outcome)) in zip(scenario.lookups, outcomes).enumerated() {
            let recorded = try recordLookup(lookup, outcome, index: index, editor: &editor)
            changes += recorded.changes
            notes += recorded.notes
        }
        return (changes, notes)
    }

    // MARK: queries

    static func recordQueries(_ scenario: Scenario, _ observed: [ObservedQuery], editor: inout SourceEditor) throws(RecordingError) -> [String] {
        let order = scenario.expect?.order ?? .exact
        // Groups, afterMs and alternatives say more than one run shows: kept while the run meets them, never
        // rewritten into what one run did; the file is left for a person to edit.
        if let alternatives = scenario.expect?.alternatives {
            guard let (index, closest) = QueryMatcher.closest(alternatives, order: order, observed: observed), !closest.passed else {
                return []
            }
            throw RecordingError("the run matches none of expect.alternatives (the closest is alternative \(index + 1) of "
                                 + "\(alternatives.count)), and record cannot tell from one run which of them to rewrite: "
                                 + "edit them by hand (run -v shows the observed queries)")
        }
        let existing = scenario.expect?.queries
        if let existing, QueryMatcher.match(existing, order: order, observed: observed).passed {
            return []
        }
        if let existing, existing.contains(where: { $0.isGroup || $0.patterns.contains { $0.afterMs != nil } }) {
            throw RecordingError("the run does not meet expect.queries, whose groups and afterMs bounds one run cannot "
                                 + "write back: edit it by hand (run -v shows the observed queries)")
        }
        let existingNodes = try editor.node([.key("expect"), .key("queries")])?.elements ?? []
        // The string form cannot carry flags or EDNS figures, so a file that checks them somewhere gets
        // them everywhere.
        let withEDNS = existingNodes.contains { $0["ednsPayloadSize"] != nil || $0["ednsVersion"] != nil }
        let objectForm = withEDNS || existingNodes.contains { $0["flags"] != nil }
        var style = QueryStyle(scenario: scenario, observed: observed, objectForm: objectForm)
        style.withEDNS = withEDNS
        var entries: [JSONValue] = []
        var newTexts: [String] = []
        for query in observed {
            let (value, text) = try style.entry(for: query)
            entries.append(value)
            newTexts.append(text)
        }
        let value = JSONValue.array(entries)
        let before = editor.bytes
        if try editor.node([.key("expect")]) == nil {
            try editor.appendMember("expect", .object([("queries", value)]), to: [])
        } else if try editor.node([.key("expect"), .key("queries")]) == nil {
            try editor.appendMember("queries", value, to: [.key("expect")])
        } else {
            try editor.replaceValue(at: [.key("expect"), .key("queries")], with: value)
        }
        guard editor.bytes != before else { return [] }
        let existingPatterns = (existing ?? []).flatMap(\.patterns)
        let oldTexts = existingNodes.enumerated().map { index, node in
            node.value.stringValue ?? (existingPatterns.indices.contains(index) ? existingPatterns[index].description : "?")
        }
        var lines = [newTexts.isEmpty ? "expect.queries: [] (no query was sent)" : "expect.queries:"]
        if existing == nil && newTexts.isEmpty { lines[0] = "expect.queries: none → [] (no query was sent)" }
        lines += LineDiff.changes(from: oldTexts, to: newTexts).map { "  \($0)" }
        return lines
    }

    /// How observed queries are written: which optional parts every entry carries, string or object form.
    struct QueryStyle {
        var withServer: Bool
        var withTransport: Bool
        var objectForm: Bool
        /// Object form: each query's EDNS payload size and version too, when it had an OPT record.
        var withEDNS = false
        /// Addresses of more than one server: a port is needed to tell them apart.
        var sharedAddresses: Set<IPAddress>

        init(scenario: Scenario, observed: [ObservedQuery], objectForm: Bool) {
            let servers = scenario.servers
            if servers.count == 1, let only = servers.first {
                withServer = observed.contains { $0.query.server.address != only.address || $0.query.server.port != only.port }
            } else {
                withServer = true
            }
            withTransport = observed.contains { $0.query.transport == .tcp }
            self.objectForm = objectForm
            var seen = Set<IPAddress>()
            var shared = Set<IPAddress>()
            for server in servers where !seen.insert(server.address).inserted { shared.insert(server.address) }
            sharedAddresses = shared
        }

        /// The entry to write and its one-line text for the change summary.
        func entry(for query: ObservedQuery) throws(RecordingError) -> (JSONValue, String) {
            var pattern = QueryPattern()
            // A query without a question section can only be matched by a wildcard.
            pattern.type = query.type
            pattern.name = query.name
            if withServer {
                let server = query.query.server
                pattern.server = server.address
                pattern.port = server.port != 53 || sharedAddresses.contains(server.address) ? server.port : nil
            }
            if withTransport { pattern.transport = query.query.transport }
            guard objectForm else { return (.string(pattern.description), pattern.description) }
            let flags = QueryFlag.allCases.filter { query.queryFlags.contains($0) }
            pattern.flags = Set(flags)
            var members: [(String, JSONValue)] = [
                ("type", .string(pattern.type?.description ?? "*")),
                ("name", .string(pattern.name?.description ?? "*")),
            ]
            if let server = pattern.server { members.append(("server", .string(QueryPattern.serverText(server, port: pattern.port)))) }
            if let transport = pattern.transport { members.append(("transport", .string(transport.rawValue))) }
            members.append(("flags", .array(flags.map { JSONValue.string($0.rawValue) })))
            if withEDNS, let edns = query.query.message.edns {
                pattern.ednsPayloadSize = edns.payloadSize
                pattern.ednsVersion = edns.version
                members.append(("ednsPayloadSize", JSONValue(Int(edns.payloadSize))))
                members.append(("ednsVersion", JSONValue(Int(edns.version))))
            }
            return (.object(members), pattern.description)
        }
    }

    // MARK: lookups

    static func recordLookup(_ lookup: Lookup, _ outcome: LookupOutcome, index: Int,
                             editor: inout SourceEditor) throws(RecordingError) -> (changes: [String], notes: [String]) {
        let prefix = "lookups[\(index)].expect"
        let lookupPath: [PathStep] = [.key("lookups"), .index(index)]
        let expectPath = lookupPath + [.key("expect")]
        let expect = lookup.expect
        // Each part that differs: key, value to write (nil: remove), old and new for the summary.
        var parts: [(key: String, value: JSONValue?, old: String, new: String)] = []
        // New key → the key whose place it takes (addresses ↔ error).
        var replaces: [String: String] = [:]
        var notes: [String] = []
        func list(_ items: [String]) -> String { "[" + items.joined(separator: ", ") + "]" }
        switch lookup.call {
        case .getaddrinfo, .gethostbyname, .resQuery:
            let hostError = lookup.call.kind.failsWithHostError
            if let error = outcome.error {
                let name = error.name
                guard (hostError ? HostErrorName.names : GetaddrinfoErrorName.names).contains(name) else {
                    throw RecordingError("lookups[\(index)] \(lookup.label) failed with \(error), which a scenario cannot expect")
                }
                if expect?.error != name {
                    parts.append(("error", .string(name), expect?.error ?? "none", name))
                    let olds = [("addresses", expect?.addresses), ("addressSet", expect?.addressSet),
                                ("inetAddresses", expect?.inetAddresses), ("inet6Addresses", expect?.inet6Addresses)]
                    for (key, old) in olds {
                        guard let old else { continue }
                        replaces["error"] = replaces["error"] ?? key
                        parts.append((key, nil, list(old.map(\.description)), "none"))
                    }
                }
            } else {
                let addresses = outcome.addresses ?? []
                let written = addresses.map(\.description)
                // An addressSet stays a set: it is rewritten only when the addresses differ as a set.
                let perFamily = [("inetAddresses", HostFamily.inet, expect?.inetAddresses),
                                 ("inet6Addresses", HostFamily.inet6, expect?.inet6Addresses)]
                // Per-family lists stay per family: each one given is rewritten from that family's addresses.
                for (key, family, old) in perFamily {
                    guard let old else { continue }
                    let new = addresses.filter { address in
                        if case .v4 = address { family == .inet } else { family == .inet6 }
                    }
                    if new != old {
                        parts.append((key, .array(new.map { JSONValue.string($0.description) }), list(old.map(\.description)),
                                      list(new.map(\.description))))
                    }
                }
                let onlyPerFamily = expect?.addresses == nil && expect?.addressSet == nil && perFamily.contains { $0.2 != nil }
                if onlyPerFamily {
                    // Said per family on purpose: no overall order is added.
                } else if case .resQuery = lookup.call, addresses.isEmpty, expect?.addresses == nil, expect?.addressSet == nil {
                    // res_query for a type without addresses (MX, TXT): its rcode and answer count say it all.
                } else if let old = expect?.addressSet {
                    if LookupSetComparison.sameSet(old, addresses) == false {
                        parts.append(("addressSet", .array(written.map { JSONValue.string($0) }),
                                      list(old.map(\.description)), list(written)))
                    }
                } else if expect?.addresses != addresses {
                    parts.append(("addresses", .array(written.map { JSONValue.string($0) }),
                                  expect?.addresses.map { list($0.map(\.description)) } ?? "none", list(written)))
                    if let old = expect?.error {
                        replaces["addresses"] = "error"
                        parts.append(("error", nil, old, "none"))
                    }
                }
            }
            if case .resQuery = lookup.call {
                if let rcode = outcome.rcode, expect?.rcode?.description != rcode {
                    parts.append(("rcode", .string(rcode), expect?.rcode?.description ?? "none", rcode))
                }
                if let count = outcome.answerCount, expect?.answerCount != count {
                    parts.append(("answerCount", JSONValue(count), expect?.answerCount.map(String.init) ?? "none", String(count)))
                }
                // The AD bit is written once expected, or when it came back set (glibc clears it without trust-ad).
                if let bit = outcome.authenticData, expect?.authenticData != bit, bit || expect?.authenticData != nil {
                    parts.append(("authenticData", .bool(bit), expect?.authenticData.map { "\($0)" } ?? "none", "\(bit)"))
                }
            }
            // getaddrinfo returns a canonical name only with its flag; gethostbyname's h_name is recorded once expected.
            let returnsName: Bool
            if case .getaddrinfo(let call) = lookup.call { returnsName = call.flags.contains(.canonname) } else { returnsName = false }
            let canonname = returnsName || (hostError && expect?.canonname != nil) ? outcome.canonname : nil
            if returnsName || expect?.canonname != nil, expect?.canonname != canonname {
                parts.append(("canonname", canonname.map { JSONValue.string($0) },
                              expect?.canonname.map { "\"\($0)\"" } ?? "none", canonname.map { "\"\($0)\"" } ?? "none"))
            }
        case .gethostbyaddr, .getnameinfo:
            let hostError = lookup.call.kind.failsWithHostError
            if let error = outcome.error {
                let name = error.name
                guard (hostError ? HostErrorName.names : GetaddrinfoErrorName.names).contains(name) else {
                    throw RecordingError("lookups[\(index)] \(lookup.label) failed with \(error), which a scenario cannot expect")
                }
                if expect?.error != name {
                    parts.append(("error", .string(name), expect?.error ?? "none", name))
                    if let old = expect?.names {
                        replaces["error"] = "names"
                        parts.append(("names", nil, list(old), "none"))
                    }
                }
            } else {
                let names = outcome.names ?? []
                if expect?.names != names {
                    parts.append(("names", .array(names.map { JSONValue.string($0) }), expect?.names.map(list) ?? "none", list(names)))
                    if let old = expect?.error {
                        replaces["names"] = "error"
                        parts.append(("error", nil, old, "none"))
                    }
                }
            }
            // gethostbyaddr's h_name is also in names: kept up to date only once expected.
            if expect?.canonname != nil, expect?.canonname != outcome.canonname {
                parts.append(("canonname", outcome.canonname.map { JSONValue.string($0) },
                              expect?.canonname.map { "\"\($0)\"" } ?? "none", outcome.canonname.map { "\"\($0)\"" } ?? "none"))
            }
        case .exec:
            if case .exited(let code)? = outcome.exit, !outcome.timedOut {
                if expect?.exitCode != Int(code) {
                    parts.append(("exitCode", JSONValue(Int(code)), expect?.exitCode.map(String.init) ?? "none", String(code)))
                }
            } else {
                let why: String
                if outcome.timedOut {
                    why = "it timed out"
                } else if case .signaled(let signal)? = outcome.exit {
                    why = "it was killed by signal \(signal)"
                } else {
                    why = "it has no exit code"
                }
                notes.append("lookups[\(index)] \(lookup.label): exit code not recorded: \(why)")
            }
        }
        guard !parts.isEmpty else { return ([], notes) }
        let changes = parts.map { "\(prefix).\($0.key): \($0.old) → \($0.new)" }

        if try editor.node(expectPath) == nil {
            let members = parts.compactMap { part in part.value.map { (part.key, $0) } }
            if !members.isEmpty { try editor.appendMember("expect", .object(members), to: lookupPath) }
            return (changes, notes)
        }
        for part in parts {
            guard let value = part.value else { continue }
            let present = try editor.node(expectPath + [.key(part.key)]) != nil
            if present {
                try editor.replaceValue(at: expectPath + [.key(part.key)], with: value)
            } else if let other = replaces[part.key], try editor.node(expectPath + [.key(other)]) != nil {
                // addresses and error exclude each other: the new one takes the old one's place.
                try editor.renameMember(other, to: part.key, value: value, in: expectPath)
            } else {
                try editor.appendMember(part.key, value, to: expectPath)
            }
        }
        for part in parts where part.value == nil && !replaces.values.contains(part.key) {
            if try editor.node(expectPath + [.key(part.key)]) != nil {
                try editor.removeMember(part.key, from: expectPath)
            }
        }
        return (changes, notes)
    }

    enum LookupSetComparison {
        /// True when both lists hold the same addresses, each as often, in any order.
        static func sameSet(_ first: [IPAddress], _ second: [IPAddress]) -> Bool {
            first.map(\.description).sorted() == second.map(\.description).sorted()
        }
    }

    // MARK: verification

    /// Decodes the new bytes and judges them against the same observation: a broken edit throws
    /// instead of being written, and expectations record does not own that still fail are reported.
    /// `client`: judged as that client's run is, by its expectations (`Scenario.under`).
    static func verify(_ bytes: [UInt8], file: String, observation: ScenarioObservation,
                       client: ResolverClient? = nil) throws(RecordingError) -> Verdict {
        let scenario: Scenario
        do {
            scenario = try ScenarioDecoder.decode(bytes, file: file, options: .init(allowNoAssertions: true))
        } catch {
            throw RecordingError("the recorded file would not be a valid scenario (a bug in record):\n\(error.description)")
        }
        return ScenarioJudge.judge(client.map(scenario.under) ?? scenario, observation: observation).verdict
    }
}

// MARK: - editing

/// One step of a path from the document root to a node.
enum PathStep: Sendable {
    case key(String)
    case index(Int)
}

/// The file being edited: every edit re-parses the current bytes, so positions are never stale.
struct SourceEditor {
    private(set) var bytes: [UInt8]
    let layout: CompactLayout

    init(_ bytes: [UInt8]) throws(RecordingError) {
        self.bytes = bytes
        let root = try Self.parse(bytes)
        layout = CompactLayout(indentUnit: Self.indentUnit(in: bytes, root: root), newline: Self.newline(in: bytes))
    }

    static func parse(_ bytes: [UInt8]) throws(RecordingError) -> JSONNode {
        do {
            return try JSONParser.parse(bytes)
        } catch {
            throw RecordingError("invalid JSON at \(error.location): \(error.message)")
        }
    }

    /// The node at `path`, or nil when some step does not exist.
    func node(_ path: [PathStep]) throws(RecordingError) -> JSONNode? {
        var node = try Self.parse(bytes)
        for step in path {
            let next: JSONNode? = switch step {
            case .key(let key): node[key]
            case .index(let index): node[index]
            }
            guard let next else { return nil }
            node = next
        }
        return node
    }

    private func require(_ path: [PathStep]) throws(RecordingError) -> JSONNode {
        guard let node = try node(path) else { throw RecordingError("internal: no node at \(path)") }
        return node
    }

    mutating func replaceValue(at path: [PathStep], with value: JSONValue) throws(RecordingError) {
        let node = try require(path)
        let text = layout.render(value, indentation: JSONEdit.indentation(at: node.range.start, in: bytes),
                                 column: node.range.start.column - 1)
        bytes = JSONEdit.replacing(node.range, in: bytes, with: text)
    }

    /// Appends a placeholder with JSONEdit (which handles commas, comments and indentation), then writes
    /// the value over it in the compact layout.
    mutating func appendMember(_ key: String, _ value: JSONValue, to path: [PathStep]) throws(RecordingError) {
        let object = try require(path)
        guard object.members != nil else { throw RecordingError("internal: \(path) is not an object") }
        let renderer = JSONRenderer(indentUnit: layout.indentUnit, maxLineWidth: layout.maxLineWidth, newline: layout.newline)
        let edited = JSONEdit.appendingMember(key: key, value: .null, to: object, in: bytes, renderer: renderer)
        guard edited != bytes else { throw RecordingError("internal: cannot add \(key) at \(path)") }
        bytes = edited
        try breakLineIfTooLong(key, value, in: path)
        try replaceValue(at: path + [.key(key)], with: value)
    }

    /// Like `appendMember`, except that an object written on one line in the compact layout, with no
    /// comment or odd spacing in it (as record writes `expect`), is written again as a whole when the new
    /// member does not fit on its line: `{ "queries": [...] }` opens into one member a line instead of
    /// breaking after the first member.
    mutating func appendMemberReflowing(_ key: String, _ value: JSONValue, to path: [PathStep]) throws(RecordingError) {
        let object = try require(path)
        guard case .object(let members) = object.value, object.range.start.line == object.range.end.line,
              let flat = layout.oneLine(object.value),
              Array(flat.utf8) == Array(bytes[object.range.start.offset..<object.range.end.offset]) else {
            return try appendMember(key, value, to: path)
        }
        let whole = JSONValue.object(members + [JSONMember(key: key, keyRange: .zero, value: JSONNode(value))])
        guard let grown = layout.oneLine(whole), object.range.start.column - 1 + grown.unicodeScalars.count > layout.maxLineWidth else {
            return try appendMember(key, value, to: path)
        }
        try replaceValue(at: path, with: whole)
    }

    /// Like `removeMember`, except that an object laid out exactly as record lays it out (no comment, no
    /// other spacing) is written again as a whole without the member, so it goes back to one line when it
    /// fits there again: what `appendMemberReflowing` opened closes again.
    mutating func removeMemberReflowing(_ key: String, from path: [PathStep]) throws(RecordingError) {
        let object = try require(path)
        let column = object.range.start.column - 1
        let indentation = JSONEdit.indentation(at: object.range.start, in: bytes)
        guard case .object(let members) = object.value,
              Array(layout.render(object.value, indentation: indentation, column: column).utf8)
                == Array(bytes[object.range.start.offset..<object.range.end.offset]) else {
            return try removeMember(key, from: path)
        }
        try replaceValue(at: path, with: .object(members.filter { $0.key != key }))
    }

    /// In a one-line object, a new member whose one-line form would overflow the line starts a line of
    /// its own, one level in (`{ "getaddrinfo": "x", "flags": [...],⏎  "expect": { ... } }`).
    private mutating func breakLineIfTooLong(_ key: String, _ value: JSONValue, in path: [PathStep]) throws(RecordingError) {
        let object = try require(path)
        guard let member = object.members?.last, member.key == key,
              member.keyRange.start.line == object.range.start.line,
              let flat = layout.oneLine(value) else { return }
        let keyText = layout.quoted(key) + ": "
        let end = member.keyRange.start.column - 1 + keyText.unicodeScalars.count + flat.unicodeScalars.count
        guard end > layout.maxLineWidth else { return }
        let keyStart = member.keyRange.start.offset
        var blankStart = keyStart
        while blankStart > 0, bytes[blankStart - 1] == 0x20 || bytes[blankStart - 1] == 0x09 { blankStart -= 1 }
        let indentation = JSONEdit.indentation(at: object.range.start, in: bytes) + layout.indentUnit
        bytes = Array(bytes[..<blankStart]) + Array((layout.newline + indentation).utf8) + Array(bytes[keyStart...])
    }

    /// Replaces member `old` (key and value) by `"new": value` in the same place.
    mutating func renameMember(_ old: String, to new: String, value: JSONValue, in path: [PathStep]) throws(RecordingError) {
        let object = try require(path)
        guard let member = object.members?.first(where: { $0.key == old }) else {
            throw RecordingError("internal: no member \(old) at \(path)")
        }
        let keyText = layout.quoted(new) + ": "
        let text = keyText + layout.render(value, indentation: JSONEdit.indentation(at: member.keyRange.start, in: bytes),
                                           column: member.keyRange.start.column - 1 + keyText.unicodeScalars.count)
        bytes = JSONEdit.replacing(SourceRange(start: member.keyRange.start, end: member.value.range.end), in: bytes, with: text)
    }

    mutating func removeMember(_ key: String, from path: [PathStep]) throws(RecordingError) {
        bytes = JSONEdit.removingMember(key: key, from: try require(path), in: bytes)
    }

    /// The file's own indentation step: how much deeper the first member of a multi-line container sits
    /// than the line that opens it. Two spaces for files that show none.
    static func indentUnit(in bytes: [UInt8], root: JSONNode) -> String {
        var queue = [root]
        while !queue.isEmpty {
            let node = queue.removeFirst()
            let children: [(start: SourceLocation, node: JSONNode)] = switch node.value {
            case .object(let members): members.map { ($0.keyRange.start, $0.value) }
            case .array(let elements): elements.map { ($0.range.start, $0) }
            default: []
            }
            if let first = children.first, first.start.line > node.range.start.line {
                let outer = JSONEdit.indentation(at: node.range.start, in: bytes)
                let inner = JSONEdit.indentation(at: first.start, in: bytes)
                if inner.hasPrefix(outer), inner.count > outer.count { return String(inner.dropFirst(outer.count)) }
            }
            queue += children.map(\.node)
        }
        return "  "
    }

    /// `\r\n` when the file's first line ends that way (as JSONEdit decides), else `\n`.
    static func newline(in bytes: [UInt8]) -> String {
        guard let index = bytes.firstIndex(of: 0x0A) else { return "\n" }
        return index > 0 && bytes[index - 1] == 0x0D ? "\r\n" : "\n"
    }
}

/// JSONRenderer's layout, except that an object or array goes on one line whenever it fits
/// (`"expect": { "addresses": ["10.0.0.5"] }`), the style the scenario catalogue is written in.
struct CompactLayout {
    var indentUnit: String
    var newline: String
    var maxLineWidth = JSONRenderer().maxLineWidth

    private var scalars: JSONRenderer { JSONRenderer(indentUnit: indentUnit, maxLineWidth: maxLineWidth, newline: newline) }

    func quoted(_ string: String) -> String { scalars.render(.string(string)) }

    /// `value` as it should appear at 0-based `column` on a line indented by `indentation`.
    func render(_ value: JSONValue, indentation: String, column: Int) -> String {
        if let flat = oneLine(value), column + flat.unicodeScalars.count <= maxLineWidth { return flat }
        let inner = indentation + indentUnit
        let innerWidth = inner.unicodeScalars.count
        switch value {
        case .array(let elements) where !elements.isEmpty:
            let lines = elements.map { inner + render($0.value, indentation: inner, column: innerWidth) }
            return "[" + newline + lines.joined(separator: "," + newline) + newline + indentation + "]"
        case .object(let members) where !members.isEmpty:
            let lines = members.map { member in
                let key = quoted(member.key) + ": "
                return inner + key + render(member.value.value, indentation: inner, column: innerWidth + key.unicodeScalars.count)
            }
            return "{" + newline + lines.joined(separator: "," + newline) + newline + indentation + "}"
        default:
            return scalars.render(value, indentation: indentation, startColumn: column + 1)
        }
    }

    /// The one-line form: `[a, b]`, `{ "k": v }`.
    func oneLine(_ value: JSONValue) -> String? {
        switch value {
        case .array(let elements):
            var parts: [String] = []
            for element in elements {
                guard let part = oneLine(element.value) else { return nil }
                parts.append(part)
            }
            return "[" + parts.joined(separator: ", ") + "]"
        case .object(let members):
            guard !members.isEmpty else { return "{}" }
            var parts: [String] = []
            for member in members {
                guard let part = oneLine(member.value.value) else { return nil }
                parts.append(quoted(member.key) + ": " + part)
            }
            return "{ " + parts.joined(separator: ", ") + " }"
        default:
            return scalars.render(value)
        }
    }
}

/// The removed and added lines between two lists, in order (longest common subsequence).
enum LineDiff {
    static func changes(from old: [String], to new: [String]) -> [String] {
        SequenceAlignment.align(old.count, new.count) { old[$0] == new[$1] }.steps.compactMap { step in
            switch step {
            case .both: nil
            case .onlyFirst(let i): "- \(old[i])"
            case .onlySecond(let j): "+ \(new[j])"
            }
        }
    }
}
