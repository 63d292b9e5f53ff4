import Foundation
import SystemCalls
import Testing

/// `--report html=FILE` read by a real browser: Debian's headless Chromium loads the page, runs its
/// script, and dumps the DOM it ended with; the DOM must hold every query the JSON report of the same
/// run has. It also draws the page, which must give a PNG of the window's size.
@Suite("HTML report in a browser", .serialized)
struct HTMLReportBrowserTests {
    static let chromium = try? ExecutableSearch.find("chromium").get()

    /// Runs headless Chromium with its own profile and HOME in `directory`, at most a minute.
    static func browse(_ arguments: [String], in directory: TemporaryDirectory) throws -> CommandResult {
        let profile = directory.path + "/chromium-profile"
        try FileManager.default.createDirectory(atPath: profile, withIntermediateDirectories: true)
        return try run("chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                                    "--user-data-dir=\(profile)"] + arguments,
                       environment: ["HOME": directory.path], timeoutMs: 60_000)
    }

    /// Every value of attribute `name` in serialized HTML (values never hold a raw `"`).
    static func values(_ name: String, in html: String) -> [String] {
        html.components(separatedBy: " \(name)=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    @Test("the page a browser builds holds every query of the run, failures first, and the script ran; its screenshot is a PNG",
          .enabled(if: chromium != nil, "chromium is not installed: apt-get install chromium (scripts/install-deps.sh does)"))
    func everyQueryInTheBrowser() throws {
        let directory = try TemporaryDirectory()
        // A failing scenario, written with a wrong expectation and a name that is markup.
        let seed = try String(contentsOfFile: seedScenario, encoding: .utf8)
        var failing = seed.replacingOccurrences(of: "\"A ycwu314.top.\",", with: "\"A ycwu314.top.example.\",")
        #expect(failing != seed)
        failing = failing.replacingOccurrences(of: "\"name\": \"", with: "\"name\": \"<b id=injected>bold</b> & 'quoted' ")
        let failingFile = try directory.write("failing.json", failing)
        // Passing ones: a search walk with a retried SERVFAIL, and the seed itself.
        let passing = [packageRoot + "/scenarios/failures-and-retries/glibc/attempts-3-asks-a-servfail-name-three-times.json", seedScenario]
        let html = directory.path + "/report.html"
        let json = directory.path + "/report.json"
        let result = try resolvlab(["run", "--report", "html=\(html)", "--report", "json=\(json)"] + passing + [failingFile])
        #expect(result.exitCode == 1, "\(result)")

        let document = try JSONSerialization.jsonObject(with: try Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any]
        let scenarios = try #require(document?["scenarios"] as? [[String: Any]])
        #expect(scenarios.map { $0["outcome"] as? String } == ["pass", "pass", "fail"])
        let queries = scenarios.flatMap { $0["queries"] as? [[String: Any]] ?? [] }
        #expect(queries.count >= 8 + 4 + 8, "the seed's walk twice and the SERVFAIL retries")
        let expected = queries.map { query in
            "\(query["type"] as? String ?? "?") \(query["name"] as? String ?? "?") @\(query["server"] as? String ?? "?"):"
                + "\(query["serverPort"] as? Int ?? 0) \(query["transport"] as? String ?? "?")"
        }

        let dump = try Self.browse(["--dump-dom", "file://\(html)"], in: directory)
        #expect(dump.exitCode == 0, "\(dump)")
        let dom = dump.output
        // The script ran to its end, and counted what the page holds.
        #expect(dom.contains("data-ready=\"yes\""), "the page's script did not finish: \(dump.errors.suffix(2000))")
        #expect(dom.contains("data-queries-counted=\"\(queries.count)\""))
        #expect(dom.contains("<span id=\"query-total\">\(queries.count)</span>"))
        // Every query of the run, once each.
        let hooks = Self.values("data-query", in: dom)
        #expect(hooks.count == queries.count)
        #expect(hooks.sorted() == expected.sorted())
        #expect(Set(Self.values("data-seq", in: dom)).count == queries.map { $0["sequence"] as? Int ?? -1 }.max().map { $0 + 1 })
        // Failures first; the failing one shows its diff; the passing ones' queries are there too.
        #expect(Self.values("data-outcome", in: dom).prefix(3) == ["fail", "pass", "pass"])
        #expect(Self.values("data-diff", in: dom).contains("missing"))
        #expect(dom.contains("- A ycwu314.top.example."))
        #expect(Self.values("data-lane", in: dom).count >= 3)
        // The scenario's name stayed text: no element came out of it.
        #expect(!dom.contains("id=\"injected\""))
        #expect(dom.contains("&lt;b id=injected&gt;bold&lt;/b&gt; &amp; 'quoted'"))

        let screenshot = directory.path + "/report.png"
        let shot = try Self.browse(["--screenshot=\(screenshot)", "--window-size=1400,1000", "--hide-scrollbars", "file://\(html)"],
                                   in: directory)
        #expect(shot.exitCode == 0, "\(shot)")
        let png = try [UInt8](Data(contentsOf: URL(fileURLWithPath: screenshot)))
        #expect(png.count > 10_000, "a page's screenshot, not an empty image: \(png.count) bytes")
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "a PNG signature")
        // IHDR: width and height, big-endian, at bytes 16 and 20.
        func be32(_ offset: Int) -> Int { png[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) } }
        if png.count >= 24 {
            #expect(be32(16) == 1400 && be32(20) == 1000, "\(be32(16))×\(be32(20))")
        }
    }
}
