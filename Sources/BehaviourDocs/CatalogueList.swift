/// The README's list of every scenario file, by topic, kept between two markers that `resolvlab doc
/// --readme` rewrites in place when the README has them: a table per topic (file, clients, what it
/// shows), so the catalogue's organisation is the directories' and no file goes unlisted.
public enum CatalogueList {
    public static let startMarker = "<!-- scenario-catalogue:start -->"
    public static let endMarker = "<!-- scenario-catalogue:end -->"

    /// The lines between the markers; links are relative to `readmeDirectory`. Each file is listed under
    /// its own topic (its directory's), even where the pages show it beside another topic's file.
    public static func section(_ pages: BehaviourPages, readmeDirectory: String) -> String {
        let files = Self.files(pages.catalogue.behaviours)
        var out = "<!-- \(pages.provenance) -->\n"
        for topic in Topic.ordered {
            let inTopic = files.filter { $0.topic == topic }
            guard !inTopic.isEmpty else { continue }
            let directories = Set(inTopic.map { DocPath.components($0.path).dropLast().prefix { $0 != "glibc" && $0 != "musl" }.joined(separator: "/") })
            let place = directories.count == 1 ? directories.first.map { " (`\($0)/`)" } ?? "" : ""
            out += "\n**\(Markdown.text(topic.title))**\(place): \(Markdown.text(topic.summary)) "
            out += "\(Outcome.plural(inTopic.count, "file", "files")).\n\n"
            out += "| scenario | clients | behaviour |\n| --- | --- | --- |\n"
            for file in inTopic {
                let href = DocPath.href(DocPath.relative(from: readmeDirectory, to: file.path))
                out += "| [`\(Markdown.text(DocPath.components(file.path).last ?? file.path))`](\(href)) | "
                    + file.clients.map(\.rawValue).joined(separator: ", ") + " | \(Markdown.text(file.name)) |\n"
            }
        }
        return out
    }

    /// Each file once, in path order, with its own topic and the clients it runs under.
    static func files(_ behaviours: [Behaviour]) -> [(path: String, name: String, topic: Topic, clients: [Client])] {
        var byPath: [String: (name: String, topic: Topic, clients: [Client])] = [:]
        for documented in behaviours.flatMap(\.scenarios) {
            var entry = byPath[documented.path] ?? (documented.scenario.name, Topic.of([documented]), [])
            if !entry.clients.contains(documented.client) { entry.clients.append(documented.client) }
            byPath[documented.path] = entry
        }
        return byPath.keys.sorted().compactMap { path in
            byPath[path].map { (path, $0.name, $0.topic, $0.clients.sorted()) }
        }
    }

    /// `readme` with the section replaced, or unchanged when it has neither marker.
    public static func splice(_ readme: String, section: String) throws(MarkerError) -> String {
        if MarkerError.absent(in: readme, start: startMarker, end: endMarker) { return readme }
        return try MarkerError.splice(readme, section: section, start: startMarker, end: endMarker)
    }
}
