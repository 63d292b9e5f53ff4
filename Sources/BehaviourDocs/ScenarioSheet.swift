import DNSWire
import ScenarioFormat

/// The rows every behaviour's table has, in order; a row that says nothing for any of its
/// scenarios is left out.
public enum SheetRow: CaseIterable, Sendable {
    case scenario, why, resolvConf, sandbox, servers, daemons, lookups, queries, forbid, counts, outcome

    public var heading: String {
        switch self {
        case .scenario: "scenario"
        case .why: "why"
        case .resolvConf: "resolv.conf"
        case .sandbox: "sandbox"
        case .servers: "servers"
        case .daemons: "daemons"
        case .lookups: "lookups"
        case .queries: "queries on the wire"
        case .forbid: "never sent"
        case .counts: "counted"
        case .outcome: "outcome"
        }
    }
}

/// What the pages say about one scenario, row by row, from the file alone (nothing is run).
public struct ScenarioSheet: Sendable {
    public var documented: DocumentedScenario
    /// The scenario file, relative to the page.
    public var link: String

    /// Sequences longer than this are cut, with a count of the rest: the file has them all.
    public static let sequenceLimit = 40
    /// Records, addresses and names listed before "and N more".
    public static let listLimit = 6

    public init(_ documented: DocumentedScenario, link: String) {
        self.documented = documented
        self.link = link
    }

    var scenario: Scenario { documented.scenario }

    public func cell(_ row: SheetRow) -> Cell {
        switch row {
        case .scenario:
            [.lines([[.link(documented.path, href: link)], [.text(scenario.name)]])]
        case .why:
            scenario.description.map { [.lines([[.text($0)]])] } ?? []
        case .resolvConf: resolvConfCell
        case .sandbox: sandboxCell
        case .servers: serversCell
        case .daemons: daemonsCell
        case .lookups: lookupsCell
        case .queries: queriesCell
        case .forbid:
            (scenario.expect?.forbid ?? []).isEmpty ? [] : [.code(scenario.expect?.forbid.map(\.description) ?? [])]
        case .counts:
            (scenario.expect?.counts ?? []).isEmpty ? [] : [.lines(scenario.expect?.counts.map { count in
                [.code(count.pattern.description), .text(": \(count.bounds)")]
            } ?? [])]
        case .outcome:
            [.lines([[.text(Outcome.summary(of: scenario))]])]
        }
    }

    private var resolvConfCell: Cell {
        var cell: Cell = []
        if let kubernetes = scenario.kubernetes {
            cell.append(.lines([[.text("written by the kubelet from "), .code("\"kubernetes\": " + CompactJSON.text(kubernetes.jsonValue))]]))
        }
        let lines = Self.lines(of: scenario.resolvConf)
        cell.append(lines.isEmpty ? .lines([[.text("empty")]]) : .code(lines))
        return cell
    }

    private var sandboxCell: Cell {
        var lines: [Line] = []
        var cell: Cell = []
        if let hostname = scenario.hostname { lines.append([.text("hostname "), .code(hostname)]) }
        if !scenario.addresses.isEmpty {
            lines.append([.text("addresses ")] + Self.list(scenario.addresses.map(\.description)))
        }
        if scenario.namespaces?.contains(.user) == true { lines.append([.text("in a user namespace, as an unprivileged user")]) }
        if !scenario.files.isEmpty { lines.append([.text("files ")] + Self.list(scenario.files.map(\.path), limit: .max)) }
        if !scenario.writable.isEmpty { lines.append([.text("writable ")] + Self.list(scenario.writable, limit: .max)) }
        if !scenario.requires.isEmpty { lines.append([.text("requires ")] + Self.list(scenario.requires, limit: .max)) }
        if !lines.isEmpty { cell.append(.lines(lines)) }
        if scenario.hosts != Scenario.defaultHosts {
            cell.append(.lines([[.text("/etc/hosts:")]]))
            let hosts = Self.lines(of: scenario.hosts)
            cell.append(hosts.isEmpty ? .lines([[.text("empty")]]) : .code(hosts))
        }
        return cell
    }

    private var lookupsCell: Cell {
        var cell: Cell = []
        var pending: [Line] = []
        func flush() {
            if !pending.isEmpty { cell.append(.lines(pending)) }
            pending = []
        }
        let numbered = scenario.lookups.count > 1
        for (index, lookup) in scenario.lookups.enumerated() {
            if let before = lookup.before {
                for (path, contents) in before.files {
                    pending.append([.text("then \(path) is rewritten:")])
                    flush()
                    let lines = Self.lines(of: contents)
                    cell.append(lines.isEmpty ? .lines([[.text("empty")]]) : .code(lines))
                }
            }
            var line: Line = numbered ? [.text("\(index + 1). ")] : []
            line += Self.call(lookup.call)
            if lookup.withPrevious { line.append(.text(", together with the previous one")) }
            line.append(.text(" → "))
            line += lookup.expect.map(Self.expectation) ?? [.text("not checked")]
            pending.append(line)
        }
        flush()
        return cell
    }

    private var queriesCell: Cell {
        guard let expect = scenario.expect, expect.queries != nil || expect.alternatives != nil else { return [] }
        var cell: Cell = []
        switch expect.order {
        case .exact: break
        case .subsequence: cell.append(.lines([[.text("in this order, other queries may come between:")]]))
        case .unordered: cell.append(.lines([[.text("in any order, nothing else:")]]))
        }
        if let queries = expect.queries {
            cell.append(queries.isEmpty ? .lines([[.text("no query at all")]]) : .code(Self.sequence(queries)))
        } else if let alternatives = expect.alternatives {
            for (index, alternative) in alternatives.enumerated() {
                cell.append(.lines([[.text("alternative \(index + 1) of \(alternatives.count):")]]))
                cell.append(alternative.isEmpty ? .lines([[.text("no query at all")]]) : .code(Self.sequence(alternative)))
            }
        }
        return cell
    }

    /// One line per query; a group as `any order {`, its queries indented, `}`.
    static func sequence(_ steps: [QueryStep]) -> [String] {
        var lines: [String] = []
        for step in steps {
            switch step {
            case .query(let pattern): lines.append(patternText(pattern))
            case .group(let patterns):
                lines.append("any order {")
                lines += patterns.map { "  " + patternText($0) }
                lines.append("}")
            }
        }
        guard lines.count > sequenceLimit else { return lines }
        let rest = lines.count - (sequenceLimit - 1)
        return Array(lines.prefix(sequenceLimit - 1)) + ["… and \(rest) more lines (see the file)"]
    }

    /// The pattern's string form, with `afterMs` said in words.
    static func patternText(_ pattern: QueryPattern) -> String {
        guard let gap = pattern.afterMs else { return pattern.description }
        return pattern.description + "   (\(gap) after the previous query)"
    }

    static func call(_ call: LookupCall) -> Line {
        switch call {
        case .getaddrinfo(let request):
            var hints: [String] = []
            if request.family != .unspec { hints.append("AF_\(request.family.rawValue.uppercased())") }
            hints += request.flags.map { "AI_\($0.rawValue.uppercased())" }
            if let service = request.service { hints.append("service \(service)") }
            return [.code("getaddrinfo \(request.host)")] + (hints.isEmpty ? [] : [.text(" (\(hints.joined(separator: ", ")))")])
        case .gethostbyname(let request):
            let family = request.family.map { " (AF_\($0.rawValue.uppercased()))" } ?? ""
            let function = request.family == nil ? "gethostbyname" : "gethostbyname2"
            return [.code("\(function) \(request.name)")] + (family.isEmpty ? [] : [.text(family)])
        case .resQuery, .gethostbyaddr:
            return [.code(call.label)]
        case .getnameinfo(let request):
            let flags = request.flags.map { "NI_\($0.rawValue.uppercased())" }
            return [.code(call.label), .text(" (\(flags.isEmpty ? "no flags" : flags.joined(separator: ", ")))")]
        case .exec(let request):
            var line: Line = [.code(request.arguments.map(shellWord).joined(separator: " "))]
            let environment = request.environment.sorted { $0.key < $1.key }
            if !environment.isEmpty {
                line.append(.text(" with "))
                line += list(environment.map { "\($0.key)=\(shellWord($0.value))" }, limit: .max)
            }
            return line
        }
    }

    static func expectation(_ expect: LookupExpectation) -> Line {
        var parts: [Line] = []
        if let addresses = expect.addresses {
            parts.append(addresses.isEmpty ? [.text("no address")] : list(addresses.map(\.description)))
        }
        if let addressSet = expect.addressSet { parts.append(list(addressSet.map(\.description)) + [.text(" in any order")]) }
        if let addresses = expect.inetAddresses {
            parts.append(addresses.isEmpty ? [.text("no IPv4 address")] : [.text("IPv4 ")] + list(addresses.map(\.description)))
        }
        if let addresses = expect.inet6Addresses {
            parts.append(addresses.isEmpty ? [.text("no IPv6 address")] : [.text("IPv6 ")] + list(addresses.map(\.description)))
        }
        if let names = expect.names { parts.append(list(names)) }
        if let error = expect.error { parts.append([.code(error)]) }
        if let rcode = expect.rcode { parts.append([.text("rcode "), .code(rcode.description)]) }
        if let answerCount = expect.answerCount { parts.append([.text(answerCount == 1 ? "1 answer" : "\(answerCount) answers")]) }
        if let authenticData = expect.authenticData { parts.append([.text(authenticData ? "AD set" : "AD clear")]) }
        if let canonname = expect.canonname { parts.append([.text("canonical name "), .code(canonname)]) }
        if let exitCode = expect.exitCode { parts.append([.text("exit \(exitCode)")]) }
        let outputs: [(String, [String])] = [
            ("stdout contains", expect.stdoutContains), ("stdout lacks", expect.stdoutLacks),
            ("stdout matches", expect.stdoutMatches.map(\.description)),
            ("stderr contains", expect.stderrContains), ("stderr lacks", expect.stderrLacks),
            ("stderr matches", expect.stderrMatches.map(\.description)),
        ]
        for (what, texts) in outputs where !texts.isEmpty { parts.append([.text(what + " ")] + list(texts, limit: .max)) }
        if expect.minMs != nil || expect.maxMs != nil {
            parts.append([.text("in " + GapBounds(min: expect.minMs, max: expect.maxMs).description)])
        }
        guard var line = parts.first else { return [.text("not checked")] }
        for part in parts.dropFirst() { line += [.text("; ")] + part }
        return line
    }

    /// Code items separated by commas, the ones past `limit` counted.
    static func list(_ items: [String], limit: Int = listLimit) -> Line {
        var line: Line = []
        for (index, item) in items.prefix(limit).enumerated() {
            if index > 0 { line.append(.text(", ")) }
            line.append(.code(item))
        }
        if items.count > limit { line.append(.text(" and \(items.count - limit) more")) }
        return line
    }

    /// A file's lines without the final newline's empty one.
    static func lines(of text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// An argument as a shell would need it written: quoted when it holds anything but plain characters.
    static func shellWord(_ word: String) -> String {
        let plain = !word.isEmpty && word.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_./:=@%+,".unicodeScalars.contains(scalar))
        }
        return plain ? word : "'" + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }
}

/// A JSON value on one line (`{"namespace": "prophet"}`), for short values quoted in prose.
enum CompactJSON {
    static func text(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .number(let number): number.literal
        case .string(let string): quoted(string)
        case .array(let nodes): "[" + nodes.map { text($0.value) }.joined(separator: ", ") + "]"
        case .object(let members): "{" + members.map { quoted($0.key) + ": " + text($0.value.value) }.joined(separator: ", ") + "}"
        }
    }

    static func quoted(_ string: String) -> String {
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}
