extension BehaviourPages {
    /// `README.md`: GitHub-flavoured Markdown; tables hold the side-by-side columns, `<br>` the lines of a cell.
    public func markdown() -> String {
        var out = "# \(Self.title)\n\n<!-- \(provenance) -->\n\n"
        out += Markdown.line(introduction) + " The same as one page: [\(Self.htmlName)](\(Self.htmlName)).\n\n"
        out += "Topics: " + catalogue.sections.map { "[\(Markdown.text($0.topic.title))](#\(Self.anchor($0.topic)))" }
            .joined(separator: " · ") + "\n\n"
        out += "## Summary\n\n"
        out += "Each behaviour against each client: the expected result of its lookups and the queries on the wire, linked to the scenario file.\n\n"
        out += "| topic | behaviour | " + catalogue.clients.map(\.rawValue).joined(separator: " | ") + " |\n"
        out += "| --- | --- |" + String(repeating: " --- |", count: catalogue.clients.count) + "\n"
        for (topic, behaviours) in catalogue.sections {
            for (index, behaviour) in behaviours.enumerated() {
                var cells = [index == 0 ? Markdown.text(topic.title) : "", "[\(Markdown.text(behaviour.title))](#\(behaviour.anchor))"]
                for client in catalogue.clients {
                    cells.append(behaviour.scenarios(for: client).map { documented in
                        "[\(Markdown.text(Outcome.summary(of: documented.scenario)))](\(link(to: documented)))"
                    }.joined(separator: "<br>"))
                }
                out += "| " + cells.joined(separator: " | ") + " |\n"
            }
        }
        for (topic, behaviours) in catalogue.sections {
            out += "\n## <a id=\"\(Self.anchor(topic))\"></a>\(Markdown.text(topic.title))\n\n\(Markdown.text(topic.summary))\n"
            for behaviour in behaviours {
                out += "\n### <a id=\"\(behaviour.anchor)\"></a>\(Markdown.text(behaviour.title))\n\n"
                out += "| | " + behaviour.scenarios.map(\.client.rawValue).joined(separator: " | ") + " |\n"
                out += "| --- |" + String(repeating: " --- |", count: behaviour.scenarios.count) + "\n"
                for row in rows(behaviour) {
                    out += "| **\(Markdown.text(row.heading))** | " + row.cells.map(Markdown.cell).joined(separator: " | ") + " |\n"
                }
            }
        }
        return out
    }
}

/// Writing content as GitHub-flavoured Markdown, inside table cells: whatever a scenario says must
/// stay text (no HTML, no emphasis, no link) and must not end its cell (`|`) or its line.
enum Markdown {
    static func cell(_ cell: Cell) -> String {
        guard !cell.isEmpty else { return "—" }
        return cell.map { block in
            switch block {
            case .lines(let lines): lines.map(line).joined(separator: "<br>")
            case .code(let lines): lines.map { $0.isEmpty ? "" : code($0) }.joined(separator: "<br>")
            }
        }.joined(separator: "<br>")
    }

    static func line(_ line: Line) -> String {
        line.map { inline in
            switch inline {
            case .text(let text): Self.text(text)
            case .code(let text): code(text)
            case .link(let text, let href): "[\(Self.text(text))](\(href))"
            }
        }.joined()
    }

    /// Prose: Markdown's punctuation escaped, `<`, `>` and `&` as entities, a line break as a space.
    static func text(_ text: String) -> String {
        var out = ""
        for scalar in DisplayText.oneLine(text).unicodeScalars {
            switch scalar {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\\", "`", "*", "_", "[", "]", "|", "~", "#", "!":
                out += "\\"
                out.unicodeScalars.append(scalar)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A code span: its backticks longer than any run inside it, `|` escaped for the table.
    static func code(_ text: String) -> String {
        let content = DisplayText.oneLine(text)
        var longest = 0, run = 0
        for character in content {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        // Leading blanks (a group's indentation) as no-break spaces, which a table cell keeps.
        let blanks = content.prefix { $0 == " " }.count
        let indented = String(repeating: "\u{00A0}", count: blanks) + content.dropFirst(blanks)
        let padded = indented.hasPrefix("`") || indented.hasSuffix("`") || (indented.hasPrefix(" ") && indented.hasSuffix(" "))
            ? " \(indented) " : indented
        var escaped = ""
        for character in padded { escaped += character == "|" ? "\\|" : String(character) }
        return fence + escaped + fence
    }
}

/// Text from a scenario made safe to show on one line: a line break becomes a space, other control
/// characters visible escapes (`\u{1B}`), so nothing can restructure a page.
enum DisplayText {
    static func oneLine(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A, 0x0D, 0x09: out += " "
            case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF:
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
