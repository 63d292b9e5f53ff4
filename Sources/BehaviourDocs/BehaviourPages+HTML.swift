extension BehaviourPages {
    /// `index.html`: one self-contained page (inline CSS, no script, nothing fetched).
    public func html() -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <!-- \(HTML.escape(provenance)) -->
            <title>\(HTML.escape(Self.title))</title>
            <style>
            \(Self.styleSheet)</style>
            </head>
            <body>
            <h1>\(HTML.escape(Self.title))</h1>
            <p>\(HTML.line(introduction))</p>

            """
        out += "<nav><ul>\n"
        for (topic, behaviours) in catalogue.sections {
            out += "<li><a href=\"#\(Self.anchor(topic))\">\(HTML.escape(topic.title))</a> (\(behaviours.count))</li>\n"
        }
        out += "</ul></nav>\n"
        out += "<h2 id=\"summary\">Summary</h2>\n"
        out += "<p>Each behaviour against each client: the expected result of its lookups and the queries on the wire, linked to the scenario file.</p>\n"
        out += "<table class=\"matrix\">\n<thead><tr><th>topic</th><th>behaviour</th>"
        out += catalogue.clients.map { "<th>\($0.rawValue)</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for (topic, behaviours) in catalogue.sections {
            for (index, behaviour) in behaviours.enumerated() {
                out += "<tr>"
                if index == 0 {
                    out += "<th scope=\"rowgroup\" rowspan=\"\(behaviours.count)\"><a href=\"#\(Self.anchor(topic))\">\(HTML.escape(topic.title))</a></th>"
                }
                out += "<td><a href=\"#\(behaviour.anchor)\">\(HTML.escape(behaviour.title))</a></td>"
                for client in catalogue.clients {
                    let links = behaviour.scenarios(for: client).map { documented in
                        "<a href=\"\(HTML.escape(link(to: documented)))\">\(HTML.escape(Outcome.summary(of: documented.scenario)))</a>"
                    }
                    out += links.isEmpty ? "<td class=\"none\"></td>" : "<td>" + links.joined(separator: "<br>") + "</td>"
                }
                out += "</tr>\n"
            }
        }
        out += "</tbody>\n</table>\n"
        for (topic, behaviours) in catalogue.sections {
            out += "\n<section id=\"\(Self.anchor(topic))\">\n<h2>\(HTML.escape(topic.title))</h2>\n<p>\(HTML.escape(topic.summary))</p>\n"
            for behaviour in behaviours {
                out += "\n<h3 id=\"\(behaviour.anchor)\">\(HTML.escape(behaviour.title))</h3>\n"
                out += "<table class=\"behaviour columns-\(behaviour.scenarios.count)\">\n<thead><tr><th></th>"
                out += behaviour.scenarios.map { "<th scope=\"col\">\($0.client.rawValue)</th>" }.joined() + "</tr></thead>\n<tbody>\n"
                for row in rows(behaviour) {
                    out += "<tr><th scope=\"row\">\(HTML.escape(row.heading))</th>"
                    out += row.cells.map { "<td>" + HTML.cell($0) + "</td>" }.joined() + "</tr>\n"
                }
                out += "</tbody>\n</table>\n"
            }
            out += "</section>\n"
        }
        out += "</body>\n</html>\n"
        return out
    }

    static let styleSheet = """
        body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; background: #fff;
               max-width: 90rem; margin: 0 auto; padding: 1rem 2rem 4rem; }
        h1, h2, h3 { line-height: 1.25; }
        h2 { border-bottom: 1px solid #d0d7de; padding-bottom: .3em; margin-top: 2.5em; }
        h3 { margin-top: 2em; font-size: 1.1em; }
        a { color: #0969da; text-decoration: none; }
        a:hover { text-decoration: underline; }
        nav ul { columns: 3 16em; padding-left: 1.2em; }
        table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; }
        th, td { border: 1px solid #d0d7de; padding: .35em .6em; text-align: left; vertical-align: top; }
        thead th { background: #f6f8fa; }
        table.behaviour { table-layout: fixed; }
        table.behaviour thead th:first-child { width: 9em; }
        table.behaviour th[scope=row] { background: #f6f8fa; font-weight: 600; }
        table.matrix td.none { background: #fafbfc; }
        code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
        code { background: #f6f8fa; padding: .1em .3em; border-radius: 3px; overflow-wrap: anywhere; }
        pre { margin: .2em 0; padding: .4em .6em; background: #f6f8fa; border-radius: 4px; white-space: pre-wrap; overflow-wrap: anywhere; }
        td > div + div { margin-top: .2em; }

        """
}

/// Writing content as HTML: every piece of text escaped, nothing from a scenario read as markup.
enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func cell(_ cell: Cell) -> String {
        guard !cell.isEmpty else { return "—" }
        return cell.map { block in
            switch block {
            case .lines(let lines): lines.map { "<div>" + line($0) + "</div>" }.joined()
            case .code(let lines): "<pre>" + lines.map { escape(DisplayText.oneLine($0)) }.joined(separator: "\n") + "</pre>"
            }
        }.joined()
    }

    static func line(_ line: Line) -> String {
        line.map { inline in
            switch inline {
            case .text(let text): escape(DisplayText.oneLine(text))
            case .code(let text): "<code>" + escape(DisplayText.oneLine(text)) + "</code>"
            case .link(let text, let href): "<a href=\"\(escape(href))\">" + escape(DisplayText.oneLine(text)) + "</a>"
            }
        }.joined()
    }
}
