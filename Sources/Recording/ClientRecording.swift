import Judge
import Observation
import Runner
import ScenarioFormat

/// Recording a scenario that runs under several clients (`clients`, `--clients`): the first client's run
/// writes the shared expectations, exactly as a scenario without clients is recorded; every other
/// client's run writes `expect.clients.NAME` overrides holding only the keys where it differs (null for
/// a shared key that does not apply to it), and loses an override it no longer needs.
///
/// A client's override is recorded by the same rules as the shared expectation: the client's whole
/// expectation (the shared keys with its own replaced, as `Scenario.under` judges it) is laid out as
/// if it were the only one, recorded from the client's run, and then compared key by key with the
/// shared one. So an override the client's run already meets stays as written, and recording an
/// unchanged scenario again changes nothing.
extension ExpectationRecorder {
    /// Records the runs of one file, one per client in the order the clients are listed (`results[0]`
    /// writes the shared expectation). Every result must be a pass or a fail: a client that was
    /// skipped or errored is left out by the caller, and its overrides stay as written. A single
    /// result without a client is recorded exactly as `record(source:scenario:result:)` does.
    public static func record(source: [UInt8], scenario: Scenario, results: [ScenarioResult]) throws(RecordingError) -> Recording {
        guard let first = results.first else { throw RecordingError("internal: no run to record") }
        var observations: [ScenarioObservation] = []
        for result in results { observations.append(try observation(of: result)) }
        var editor = try SourceEditor(source)
        var (changes, notes) = try recordObservation(observations[0], scenario: scenario, editor: &editor)
        let places = expectPlaces(lookups: scenario.lookups.count)
        if let client = first.client {
            // Its run is the shared expectation now: an override of its own would hide it.
            changes += try removeOverrides(of: client, at: places, editor: &editor,
                                           why: "\(client.rawValue)'s run is the shared expectation")
        }
        var recorded: Set<ResolverClient> = first.client.map { [$0] } ?? []
        for (result, observation) in zip(results, observations).dropFirst() {
            guard let client = result.client, recorded.insert(client).inserted else {
                throw RecordingError("internal: the runs of \(result.path) are not one per client")
            }
            let override = try recordOverrides(of: client, observation: observation, file: result.path, at: places, editor: &editor)
            changes += override.changes
            notes += override.notes.map { "\(client.rawValue): \($0)" }
        }
        var recording = Recording(source: editor.bytes, changes: changes, changed: editor.bytes != source, notes: notes)
        for (index, (result, observation)) in zip(results, observations).enumerated() {
            var check = ClientCheck(client: result.client ?? .glibc)
            switch try verify(editor.bytes, file: result.path, observation: observation, client: result.client) {
            case .fail(let mismatches): check.stillFailing = mismatches
            case .error(let reason): check.unjudgeable = reason
            case .pass, .skip: break
            }
            if index == 0 {
                recording.stillFailing = check.stillFailing
                recording.unjudgeable = check.unjudgeable
            } else {
                recording.clientChecks.append(check)
            }
        }
        return recording
    }

    /// Where a file holds expectations that may have client overrides: the scenario's `expect` and
    /// each lookup's, with the name changes are reported under.
    static func expectPlaces(lookups: Int) -> [(label: String, path: [PathStep])] {
        [("expect", [.key("expect")])]
            + (0..<lookups).map { ("lookups[\($0)].expect", [.key("lookups"), .index($0), .key("expect")]) }
    }

    /// Removes `client`'s overrides, and a `clients` object left empty.
    static func removeOverrides(of client: ResolverClient, at places: [(label: String, path: [PathStep])],
                                editor: inout SourceEditor, why: String) throws(RecordingError) -> [String] {
        var changes: [String] = []
        for (label, path) in places where try editor.node(path + [.key("clients"), .key(client.rawValue)]) != nil {
            try removeOverride(of: client, at: path, editor: &editor)
            changes.append("\(label).clients.\(client.rawValue): removed, \(why)")
        }
        return changes
    }

    private static func removeOverride(of client: ResolverClient, at path: [PathStep], editor: inout SourceEditor) throws(RecordingError) {
        let clientsPath = path + [.key("clients")]
        if try editor.node(clientsPath)?.members?.count == 1 {
            try editor.removeMemberReflowing("clients", from: path)
        } else {
            try editor.removeMemberReflowing(client.rawValue, from: clientsPath)
        }
    }

    /// Records `client`'s run into its overrides in `editor` (whose shared expectations are already recorded).
    static func recordOverrides(of client: ResolverClient, observation: ScenarioObservation, file: String,
                                at places: [(label: String, path: [PathStep])],
                                editor: inout SourceEditor) throws(RecordingError) -> (changes: [String], notes: [String]) {
        // The client's whole expectation, written where the shared one is, with no overrides left.
        var own = try SourceEditor(editor.bytes)
        for (_, path) in places { try mergeOverride(of: client, at: path, editor: &own) }
        let scenario: Scenario
        do {
            scenario = try ScenarioDecoder.decode(own.bytes, file: file, options: .init(allowNoAssertions: true))
        } catch {
            throw RecordingError("\(client.rawValue)'s expectations, its overrides applied, are not a valid scenario "
                                 + "(a bug in record):\n\(error.description)")
        }
        let recorded = try recordObservation(observation, scenario: scenario, editor: &own)
        var changes = recorded.changes.map { relocate($0, to: client) }
        for (label, path) in places {
            let members = ClientOverride.members(shared: try editor.node(path), client: try own.node(path))
            changes += try writeOverride(of: client, members, at: path, label: label, editor: &editor)
        }
        return (changes, recorded.notes)
    }

    /// Applies `client`'s override at `path` to the shared keys there (a null removes one), then drops
    /// every client's overrides, and the expect itself when nothing is left of it.
    static func mergeOverride(of client: ResolverClient, at path: [PathStep], editor: inout SourceEditor) throws(RecordingError) {
        guard try editor.node(path)?.members != nil else { return }
        for member in try editor.node(path + [.key("clients"), .key(client.rawValue)])?.members ?? [] {
            let target = path + [.key(member.key)]
            let present = try editor.node(target) != nil
            if member.value.value.isNull {
                if present { try editor.removeMember(member.key, from: path) }
            } else if present {
                try editor.replaceValue(at: target, with: member.value.value)
            } else {
                try editor.appendMember(member.key, member.value.value, to: path)
            }
        }
        if try editor.node(path + [.key("clients")]) != nil { try editor.removeMember("clients", from: path) }
        if try editor.node(path)?.members?.isEmpty == true, case .key(let key)? = path.last {
            try editor.removeMember(key, from: Array(path.dropLast()))
        }
    }

    /// Makes `client`'s override at `path` hold exactly `members`: a value the file already holds (in
    /// any layout) is left as written, a key no longer needed goes, and an empty override goes.
    static func writeOverride(of client: ResolverClient, _ members: [(key: String, value: JSONValue)], at path: [PathStep],
                              label: String, editor: inout SourceEditor) throws(RecordingError) -> [String] {
        let name = client.rawValue
        let clientsPath = path + [.key("clients")]
        let ownPath = clientsPath + [.key(name)]
        guard let existing = try editor.node(ownPath) else {
            guard !members.isEmpty else { return [] }
            let own = JSONValue.object(members.map { ($0.key, $0.value) })
            if try editor.node(path) == nil, case .key(let key)? = path.last {
                try editor.appendMember(key, .object([("clients", .object([(name, own)]))]), to: Array(path.dropLast()))
            } else if try editor.node(clientsPath) == nil {
                try editor.appendMemberReflowing("clients", .object([(name, own)]), to: path)
            } else {
                try editor.appendMemberReflowing(name, own, to: clientsPath)
            }
            return []
        }
        guard !members.isEmpty else {
            try removeOverride(of: client, at: path, editor: &editor)
            return ["\(label).clients.\(name): removed, \(name) now does what the shared expectation says"]
        }
        for (key, value) in members {
            if let node = try editor.node(ownPath + [.key(key)]) {
                if ClientOverride.canonical(node.value) != ClientOverride.canonical(value) {
                    try editor.replaceValue(at: ownPath + [.key(key)], with: value)
                }
            } else {
                try editor.appendMemberReflowing(key, value, to: ownPath)
            }
        }
        var changes: [String] = []
        for member in existing.members ?? [] where !members.contains(where: { $0.key == member.key }) {
            try editor.removeMemberReflowing(member.key, from: ownPath)
            changes.append("\(label).clients.\(name).\(member.key): removed, the same as the shared expectation")
        }
        return changes
    }

    /// A change line of a client's own recording, named where it is written: `expect.queries:` becomes
    /// `expect.clients.musl.queries:`, `lookups[0].expect.error: …` `lookups[0].expect.clients.musl.error: …`.
    static func relocate(_ line: String, to client: ResolverClient) -> String {
        let infix = "clients.\(client.rawValue)."
        if line.hasPrefix("expect.") { return "expect." + infix + line.dropFirst("expect.".count) }
        guard line.hasPrefix("lookups["), let close = line.firstIndex(of: "]") else { return line }
        let rest = line[line.index(after: close)...]
        guard rest.hasPrefix(".expect.") else { return line }
        let split = rest.index(rest.startIndex, offsetBy: ".expect.".count)
        return String(line[..<split]) + infix + line[split...]
    }
}

/// What a client's override holds: the keys of its whole expectation that differ from the shared one.
public enum ClientOverride {
    /// The members of an override that turns `shared` (an expect object; nil when there is none) into
    /// `client` (that client's whole expectation): each key whose value differs or that only the client
    /// has, with the client's value, and `null` for a shared key the client does not have. Shared keys
    /// come first, in their order, then the client's own. `clients` itself is never compared; values are
    /// compared as JSON, whatever their layout. Empty when the client expects exactly the shared keys.
    public static func members(shared: JSONNode?, client: JSONNode?) -> [(key: String, value: JSONValue)] {
        let sharedMembers = (shared?.members ?? []).filter { $0.key != "clients" }
        let clientMembers = (client?.members ?? []).filter { $0.key != "clients" }
        var result: [(key: String, value: JSONValue)] = []
        for member in sharedMembers {
            if let own = clientMembers.first(where: { $0.key == member.key }) {
                if canonical(own.value.value) != canonical(member.value.value) { result.append((member.key, own.value.value)) }
            } else {
                result.append((member.key, .null))
            }
        }
        for member in clientMembers where !sharedMembers.contains(where: { $0.key == member.key }) {
            result.append((member.key, member.value.value))
        }
        return result
    }

    /// One-line JSON text of `value`, the same for equal values whatever their layout or comments.
    static func canonical(_ value: JSONValue) -> String {
        CompactLayout(indentUnit: "", newline: "\n").oneLine(value) ?? ""
    }
}
