import Foundation
import Glibc
import Testing

/// `resolvlab doc`: the committed behaviour pages are current, and bad input is refused before anything is written.
@Suite("doc", .serialized)
struct DocTests {
    /// The files `make docs` writes, relative to the package root.
    static let generatedFiles = ["docs/behaviour/README.md", "docs/behaviour/index.html", "README.md"]
    static let makeDocsCommand = ["doc", "scenarios", "--out", "docs/behaviour", "--readme", "README.md"]

    /// Runs `resolvlab ARGUMENTS` in `directory`.
    static func resolvlabIn(_ directory: String, _ arguments: [String]) throws -> CommandResult {
        try run("/bin/sh", ["-c", "cd \"$1\" && shift && exec \"$@\"", "sh", directory, resolvlabBinary] + arguments)
    }

    /// Regenerates the pages as `make docs` does, from the bundled scenarios, into a copy of the tree
    /// (`scenarios` a link to the package's, README.md a copy), and compares every byte.
    @Test("docs/behaviour and the README's resolver differences are what make docs generates from the bundled scenarios")
    func committedPagesAreCurrent() throws {
        let directory = try TemporaryDirectory()
        #expect(symlink(packageRoot + "/scenarios", directory.path + "/scenarios") == 0)
        try FileManager.default.copyItem(atPath: packageRoot + "/README.md", toPath: directory.path + "/README.md")
        let result = try Self.resolvlabIn(directory.path, Self.makeDocsCommand)
        try #require(result.exitCode == 0, "\(result)")
        for file in Self.generatedFiles {
            let committed = try String(contentsOfFile: packageRoot + "/" + file, encoding: .utf8)
            let generated = try String(contentsOfFile: directory.path + "/" + file, encoding: .utf8)
            guard committed != generated else { continue }
            Issue.record(Comment(rawValue: """
                \(file) is stale: it is not what `resolvlab \(Self.makeDocsCommand.joined(separator: " "))` writes from the \
                bundled scenarios. After adding or changing a scenario, run `make docs` and commit docs/behaviour and README.md.
                \(Self.firstDifference(committed, generated))
                """))
        }
    }

    /// The first line that differs, both ways: enough to see what changed without a diff tool.
    static func firstDifference(_ committed: String, _ generated: String) -> String {
        let old = committed.split(separator: "\n", omittingEmptySubsequences: false)
        let new = generated.split(separator: "\n", omittingEmptySubsequences: false)
        let line = zip(old, new).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(old.count, new.count)
        func shown(_ lines: [Substring]) -> String { line < lines.count ? String(lines[line].prefix(300)) : "(end of file)" }
        return "first difference at line \(line + 1):\n  committed: \(shown(old))\n  generated: \(shown(new))"
    }

    @Test("an invalid scenario is reported with file, line, column, JSON path and what was expected, and nothing is written (exit 2)")
    func invalidScenarioWritesNothing() throws {
        let directory = try TemporaryDirectory()
        try FileManager.default.copyItem(atPath: seedScenario, toPath: directory.path + "/good.json")
        let bad = try directory.write("bad.json", """
            {
              "name": "a typo",
              "resolvConf": "nameserver 10.96.0.10\\n",
              "servers": [{ "address": "10.96.0.10", "rules": [{ "reply": "nxdomian" }] }],
              "lookups": [{ "getaddrinfo": "web.example", "expect": { "error": "EAI_NONAME" } }]
            }
            """)
        let result = try resolvlab(["doc", directory.path, "--out", directory.path + "/out"])
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.errors.contains("\(bad):4:63: servers[0].rules[0].reply: expected one of nxdomain, nodata, servfail, refused, "
                                       + "drop, truncate, answer; found \"nxdomian\""), "\(result)")
        #expect(result.errors.contains("nothing written"), "\(result)")
        #expect(!result.output.contains("wrote"), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/out/README.md"))
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/out/index.html"))
    }

    @Test("a missing path is reported and nothing is written (exit 2)")
    func missingPath() throws {
        let directory = try TemporaryDirectory()
        let result = try resolvlab(["doc", directory.path + "/nowhere", "--out", directory.path + "/out"])
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.errors.contains("\(directory.path)/nowhere: no such file or directory"), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/out/README.md"))
    }

    @Test("without --out, or with an --out that cannot be created or written, doc is a usage error (exit 2)")
    func outMissingOrUnwritable() throws {
        let directory = try TemporaryDirectory()
        let missing = try resolvlab(["doc", seedScenario])
        #expect(missing.exitCode == 2, "\(missing)")
        #expect(missing.errors.contains("--out"), "\(missing)")

        let file = try directory.write("plain-file", "x")
        let underFile = try resolvlab(["doc", seedScenario, "--out", file + "/docs"])
        #expect(underFile.exitCode == 2, "\(underFile)")
        #expect(underFile.errors.contains("resolvlab: --out \(file)/docs: cannot create the directory \(file)/docs: not a directory"),
                "\(underFile)")

        let onFile = try resolvlab(["doc", seedScenario, "--out", file])
        #expect(onFile.exitCode == 2, "\(onFile)")
        #expect(onFile.errors.contains("resolvlab: --out \(file): cannot write into \(file): not a directory"), "\(onFile)")

        // Not even root may create a directory in /proc.
        let proc = try resolvlab(["doc", seedScenario, "--out", "/proc/resolvlab-doc"])
        #expect(proc.exitCode == 2, "\(proc)")
        #expect(proc.errors.contains("resolvlab: --out /proc/resolvlab-doc: cannot create the directory /proc/resolvlab-doc"), "\(proc)")
    }

    @Test("a --readme without the section's markers is a usage error, and neither it nor the pages are written (exit 2)")
    func readmeWithoutMarkers() throws {
        let directory = try TemporaryDirectory()
        let readme = try directory.write("README.md", "# Nothing to replace\n")
        let result = try resolvlab(["doc", seedScenario, "--out", directory.path + "/out", "--readme", readme])
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.errors.contains("resolvlab: --readme \(readme): expected one line <!-- resolver-differences:start --> and, "
                                       + "after it, one line <!-- resolver-differences:end -->"), "\(result)")
        #expect(try String(contentsOfFile: readme, encoding: .utf8) == "# Nothing to replace\n")
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/out/README.md"))
    }

    @Test("what a scenario says is escaped in both pages, and links lead from the pages to the scenario files")
    func escapingAndLinks() throws {
        let directory = try TemporaryDirectory()
        try directory.write("glibc/hostile.json", """
            {
              "name": "<img src=x onerror=alert(1)> & a|b",
              "description": "why <b>not</b>",
              "resolvConf": "nameserver 10.96.0.10\\n",
              "servers": [{ "address": "10.96.0.10" }],
              "lookups": [{ "getaddrinfo": "web.example", "expect": { "error": "EAI_NONAME" } }]
            }
            """)
        let result = try resolvlab(["doc", directory.path, "--out", directory.path + "/docs/behaviour"])
        #expect(result.exitCode == 0, "\(result)")
        let html = try String(contentsOfFile: directory.path + "/docs/behaviour/index.html", encoding: .utf8)
        let markdown = try String(contentsOfFile: directory.path + "/docs/behaviour/README.md", encoding: .utf8)
        for page in [html, markdown] {
            #expect(!page.contains("<img") && !page.contains("<b>"))
            #expect(page.contains("&lt;img src=x onerror=alert(1)&gt; &amp; a"))
        }
        #expect(markdown.contains("&amp; a\\|b"))
        #expect(html.contains("<a href=\"../../glibc/hostile.json\">EAI_NONAME</a>"))
        #expect(markdown.contains("[EAI\\_NONAME](../../glibc/hostile.json)"))
        #expect(FileManager.default.fileExists(atPath: directory.path + "/docs/behaviour/../../glibc/hostile.json"))
    }
}
