/// The README's list of the behaviours the catalogue has for more than one client, kept between two
/// markers that `resolvlab doc --readme` rewrites in place.
public enum ResolverDifferences {
    public static let startMarker = "<!-- resolver-differences:start -->"
    public static let endMarker = "<!-- resolver-differences:end -->"

    /// The lines between the markers: one per behaviour that compares clients, in page order, each
    /// linking to its scenarios and to its side-by-side table. `readmeDirectory` and `pagesDirectory`
    /// are relative to the same directory as the scenario paths.
    public static func section(_ pages: BehaviourPages, readmeDirectory: String) -> String {
        let pagesLink = DocPath.href(DocPath.relative(from: readmeDirectory, to: pages.outDirectory + "/" + BehaviourPages.markdownName))
        let compared = pages.catalogue.behaviours.filter(\.comparesClients)
        var out = "<!-- \(pages.provenance) -->\n"
        out += "\(Outcome.plural(compared.count, "behaviour", "behaviours")) recorded for more than one client, "
        out += "side by side in [\(DocPath.relative(from: readmeDirectory, to: pages.outDirectory))](\(pagesLink)):\n\n"
        for behaviour in compared {
            // A file that names several clients is listed once, with its clients; files of one client
            // each under their client.
            var paths: [String] = []
            var clientsOf: [String: [Client]] = [:]
            var named: [String: String] = [:]
            for documented in behaviour.scenarios {
                if clientsOf[documented.path] == nil { paths.append(documented.path) }
                clientsOf[documented.path, default: []].append(documented.client)
                named[documented.path] = named[documented.path] ?? documented.scenario.name
            }
            func link(_ path: String) -> String {
                "[\(Markdown.text(named[path] ?? path))](\(DocPath.href(DocPath.relative(from: readmeDirectory, to: path))))"
            }
            let shared = paths.filter { (clientsOf[$0]?.count ?? 0) > 1 }
            let single = paths.filter { (clientsOf[$0]?.count ?? 0) == 1 }
            var parts = shared.map { path in link(path) + " (" + (clientsOf[path] ?? []).sorted().map(\.rawValue).joined(separator: ", ") + ")" }
            parts += pages.catalogue.clients.compactMap { client -> String? in
                let own = single.filter { clientsOf[$0] == [client] }
                return own.isEmpty ? nil : "\(client.rawValue): " + own.map(link).joined(separator: ", ")
            }
            out += "- " + parts.joined(separator: "; ") + " ([compared](\(pagesLink)#\(behaviour.anchor)))\n"
        }
        return out
    }

    /// `readme` with what lies between the markers replaced by `section`.
    public static func splice(_ readme: String, section: String) throws(MarkerError) -> String {
        try MarkerError.splice(readme, section: section, start: startMarker, end: endMarker)
    }
}

/// The markers around a generated section are missing, repeated or in the wrong order.
public struct MarkerError: Error, Sendable, Equatable, CustomStringConvertible {
    public var startMarker: String
    public var endMarker: String
    public var starts: Int
    public var ends: Int

    public var description: String {
        let found = "found \(Outcome.plural(starts, "start marker", "start markers")) and \(Outcome.plural(ends, "end marker", "end markers"))"
        let order = starts == 1 && ends == 1 ? ", the end before the start" : ""
        return "expected one line \(startMarker) and, after it, one line \(endMarker) around the section to generate; \(found)\(order)"
    }

    /// True when `readme` has neither marker: a section it does not ask for.
    public static func absent(in readme: String, start: String, end: String) -> Bool {
        !readme.split(separator: "\n").contains { $0.trimmingBlanks == start || $0.trimmingBlanks == end }
    }

    /// `readme` with what lies between the lines `start` and `end` replaced by `section`.
    public static func splice(_ readme: String, section: String, start startMarker: String, end endMarker: String) throws(MarkerError) -> String {
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: false)
        let starts = lines.indices.filter { lines[$0].trimmingBlanks == startMarker }
        let ends = lines.indices.filter { lines[$0].trimmingBlanks == endMarker }
        guard starts.count == 1, ends.count == 1, let start = starts.first, let end = ends.first, start < end else {
            throw MarkerError(startMarker: startMarker, endMarker: endMarker, starts: starts.count, ends: ends.count)
        }
        let body = section.hasSuffix("\n") ? String(section.dropLast()) : section
        let replaced = lines[...start].map(String.init) + [body] + lines[end...].map(String.init)
        return replaced.joined(separator: "\n")
    }
}

extension Substring {
    /// Without blanks at either end.
    var trimmingBlanks: Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" || first == "\r" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" || last == "\r" { text.removeLast() }
        return text
    }
}
