import DNSWire
import Foundation
import Judge
import Observation
import ObservationTestSupport
@testable import Reports
import Runner
import ScenarioFormat
import Testing

/// The HTML report read back as text: the hooks it promises (`data-query`, `data-outcome`, `data-lane`,
/// `data-diff`), its order, its escaping and its size. A real browser reads it in the integration tests.
@Suite("HTML report")
struct HTMLReportTests {
    static let page = HTMLReport.render(Sample.suite())

    /// The values of every `name="..."` attribute, in document order (values never hold a raw `"`).
    /// One pass over the bytes: the page of a 10,000-query scenario is megabytes.
    static func values(_ name: String, in page: String) -> [String] {
        let bytes = Array(page.utf8)
        let opening = Array(" \(name)=\"".utf8)
        var found: [String] = []
        var index = 0
        while index + opening.count <= bytes.count {
            if bytes[index] == opening[0], bytes[index..<(index + opening.count)].elementsEqual(opening) {
                let start = index + opening.count
                var end = start
                while end < bytes.count, bytes[end] != UInt8(ascii: "\"") { end += 1 }
                found.append(String(decoding: bytes[start..<end], as: UTF8.self))
                index = end
            } else {
                index += 1
            }
        }
        return found
    }

    static func count(_ needle: String, in page: String) -> Int {
        page.components(separatedBy: needle).count - 1
    }

    /// The part of `page` that is the scenario section `id`.
    static func section(_ id: String, in page: String) throws -> String {
        let open = try #require(page.range(of: " id=\"\(id)\" data-outcome"))
        let close = try #require(page.range(of: "</section>", range: open.upperBound..<page.endIndex))
        return String(page[open.lowerBound..<close.upperBound])
    }

    // MARK: Structure

    @Test("one self-contained page: doctype, inline style and script, nothing fetched from anywhere")
    func selfContained() {
        let page = Self.page
        #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(page.hasSuffix("</html>\n"))
        #expect(page.contains("<meta charset=\"utf-8\">"))
        #expect(Self.count("<style>", in: page) == 1)
        #expect(Self.count("<script>", in: page) == 1, "one inline script, and no scenario text can open another")
        for external in ["<link", " src=", "@import", "url(", "http://", "https://", "//fonts", "<img", "<iframe"] {
            #expect(!page.contains(external), "\(external)")
        }
        #expect(page.contains("<title>resolvlab: 2 failed, 2 errors, 1 passed, 1 skipped</title>"))
        #expect(page.contains("resolvlab 1.2.3-test"))
        #expect(page.contains("ci-runner-7"))
    }

    @Test("failures first: FAIL, then ERROR, then PASS, then SKIP, each in input order; the contents list agrees")
    func failuresFirst() {
        let page = Self.page
        // Input order: pass, fail, capture loss (error), invalid (error), skip, hostile (fail).
        #expect(Self.values("data-outcome", in: page) == ["fail", "fail", "error", "error", "pass", "skip",
                                                          "fail", "fail", "error", "error", "pass", "skip"])
        let paths = Self.values("data-path", in: page)
        #expect(paths.count == 6)
        #expect(paths.first == "scenarios/glibc/ndots.json")
        #expect(Array(paths.dropFirst(2)) == ["scenarios/loss.json", "scenarios/bad.json", "scenarios/glibc/pass.json",
                                              "scenarios/dig.json"])
        #expect(HTMLReport.order(Sample.all).map(\.outcome) == [.fail, .fail, .error, .error, .pass, .skip])
    }

    @Test("failures and errors are open, passes and skips folded (their queries are in the page all the same), unless alone")
    func folding() throws {
        let page = Self.page
        #expect(try Self.section("s1", in: page).contains("<details open>"))
        #expect(try Self.section("s3", in: page).contains("<details open>"))
        let pass = try Self.section("s5", in: page)
        #expect(pass.contains("<details>\n"))
        #expect(Self.count("data-query=", in: pass) == 2)
        #expect(HTMLReport.render(Sample.suite([Sample.pass])).contains("<details open>"), "a report of one result opens it")
    }

    // MARK: Every query

    @Test("every observed query is one data-query element, with its wire sequence, in every outcome")
    func everyQuery() {
        let page = Self.page
        let expected = Sample.all.reduce(0) { $0 + ($1.observation?.queries.count ?? 0) }
        #expect(expected == 6)
        #expect(Self.values("data-query", in: page).count == expected)
        #expect(Self.values("data-seq", in: page).count == expected)
        #expect(page.contains("<span id=\"query-total\">\(expected)</span>"))
        // The fail's two queries, named the way VerdictText names queries.
        #expect(Self.values("data-query", in: page).prefix(2) == ["A a.example. @10.96.0.10:53 udp", "A b.example. @10.96.0.10:53 udp"])
        #expect(page.contains("id=\"s1-q0\" data-query=\"A a.example. @10.96.0.10:53 udp\" data-seq=\"0\""))
    }

    @Test("10,000 queries: every one in the list, the drawing capped, rendered in linear time")
    func tenThousandQueries() throws {
        let count = 10_000
        // A search walk that retries forever: 2,500 names, each asked 4 times, half of them never answered.
        let queries = (0..<count).map { (index: Int) -> ObservedQuery in
            let type = index % 2 == 0 ? "A" : "AAAA"
            let rcode: DNSRcode? = index % 8 < 4 ? .NOERROR : nil
            let offset = 1 + Double(index) / 10
            return Sample.query(type, "q\(index / 4).scale.example.", rcode: rcode, id: UInt16(index % 65_536), offsetMs: offset)
        }
        let observation = Sample.observation(queries, lookups: [Sample.getaddrinfo(addresses: ["192.0.2.1"])])
        let result = ScenarioResult(path: "scale.json", name: "scale", verdict: .pass, observation: observation,
                                    scenario: Scenario(name: "scale", lookups: [Sample.lookup("q.scale.example")]))
        let clock = ContinuousClock()
        var page = ""
        let elapsed = clock.measure { page = HTMLReport.render(Sample.suite([result])) }
        #expect(elapsed < .seconds(10), "about a second in a debug build: \(elapsed)")
        #expect(Self.values("data-query", in: page).count == count)
        #expect(Set(Self.values("data-seq", in: page)).count == count, "each query once")
        #expect(Self.values("data-mark", in: page).count <= HTMLReport.markLimit)
        #expect(page.contains("the list below has every query"))
        // About a kilobyte per query at most: no giant drawing per query.
        #expect(page.utf8.count < count * 1000, "\(page.utf8.count) bytes")
    }

    // MARK: Escaping

    @Test("the escaper: markup, quotes and ampersands become references; control characters and noncharacters visible")
    func escaper() {
        #expect(HTMLEscaping.text("<script>alert('x')</script>") == "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
        #expect(HTMLEscaping.text("a & b \"c\" 'd' <e>") == "a &amp; b &quot;c&quot; &#39;d&#39; &lt;e&gt;")
        #expect(HTMLEscaping.text("&amp;") == "&amp;amp;", "already-escaped text is escaped again, not trusted")
        #expect(HTMLEscaping.text("esc\u{1B}[31m nul\u{0} cr\r lf\n") == "esc\\u{1B}[31m nul\\u{0} cr\\r lf\\n")
        #expect(HTMLEscaping.text("rlo\u{202E} bom\u{FEFF} non\u{FFFE}\u{FFFF}") == "rlo\\u{202E} bom\\u{FEFF} non\\u{FFFE}\\u{FFFF}")
        #expect(HTMLEscaping.isNoncharacter(Unicode.Scalar(0xFDD0)!) && HTMLEscaping.isNoncharacter(Unicode.Scalar(0x10FFFF)!))
        #expect(!HTMLEscaping.isNoncharacter("ü") && !HTMLEscaping.isNoncharacter(Unicode.Scalar(0xFFFD)!))
        #expect(HTMLEscaping.text("tab\t ü 💥") == "tab\t ü 💥")
        #expect(HTMLEscaping.lines("one <1>\ntwo & 2") == "one &lt;1&gt;\ntwo &amp; 2")
        // The result is safe in text and in either kind of quoted attribute.
        for hostile in [Sample.hostileText, "\"><script>x()</script>", "' onmouseover='x()"] {
            let escaped = HTMLEscaping.text(hostile)
            for forbidden in ["<", ">", "\"", "'", "\r", "\n", "\u{0}", "\u{1B}"] {
                #expect(!escaped.contains(forbidden), "\(forbidden) in \(escaped)")
            }
        }
    }

    @Test("hostile scenario names, lookup output and DNS names never become markup")
    func hostileResult() throws {
        // A DNS name may hold <, >, quotes and & as they are: the presentation form escapes only . and \.
        let name = "<script>alert('n')</script>.\"q\"&amp;.example."
        var queries = [Sample.query("A", name, id: 3, offsetMs: 1)]
        queries.append(Sample.query("TXT", "x.example.", rcode: nil, id: 4, offsetMs: 2))
        let observation = Sample.observation(queries, lookups: [Sample.getaddrinfo(error: "EAI_NONAME")])
        let match = QueryMatcher.match(patterns("A y.example."), order: .exact, observed: observation.queries)
        var result = Sample.hostile
        result.observation = observation
        result.queryDiff = match.lines
        result.verdict = .fail([.queries(try #require(match.mismatch))])
        let page = HTMLReport.render(Sample.suite([result, Sample.hostile]))
        #expect(!page.contains("<script>alert"))
        #expect(!page.contains("<name>"))
        #expect(Self.count("<script>", in: page) == 1)
        #expect(page.contains("&lt;script&gt;alert(&#39;n&#39;)&lt;/script&gt;.&quot;q&quot;&amp;amp;.example."))
        #expect(page.contains("evil &lt;name&gt; &amp; &quot;double&quot; &#39;single&#39;"))
        #expect(page.contains("ESC\\u{1B}[31m"))
        #expect(!page.contains("\u{1B}"))
        #expect(!page.contains("\u{0}"))
        // The hostile query is still counted and named.
        #expect(Self.values("data-query", in: page).contains(
            "A &lt;script&gt;alert(&#39;n&#39;)&lt;/script&gt;.&quot;q&quot;&amp;amp;.example. @10.96.0.10:53 udp"))
        // Every attribute value is closed where it should be: no attribute runs past a raw quote.
        for value in Self.values("data-path", in: page) { #expect(!value.contains("<"), "\(value)") }
    }

    // MARK: The diff and the verdict beside the timeline

    @Test("a fail: what did not hold in VerdictText's words and the diff, beside the timeline, linked to the queries")
    func failVerdict() throws {
        let section = try Self.section("s1", in: Self.page)
        #expect(section.contains("<div class=\"body split\">"))
        #expect(section.contains("<aside class=\"verdict\">"))
        for mismatch in Sample.fail.mismatches {
            #expect(section.contains("<li data-mismatch>\(HTMLEscaping.text(VerdictText.describe(mismatch)))</li>"))
        }
        #expect(Self.values("data-diff", in: section) == ["match", "missing", "unexpected"])
        #expect(section.contains("data-diff=\"missing\">- AAAA a.example.</div>"))
        let unexpected = try #require(section.range(of: "class=\"dl unexpected\" data-diff=\"unexpected\" href=\"#s1-q1\">"))
        let line = section[unexpected.upperBound...].prefix { $0 != "\n" }
        let text = String(line[..<(line.range(of: "</a>")?.lowerBound ?? line.endIndex)])
            .replacingOccurrences(of: "<span class=\"tk\">", with: "").replacingOccurrences(of: "</span>", with: "")
        #expect(text == "+ A b.example.  @10.96.0.10:53 udp  NXDOMAIN  +2.8 ms  [rd]", "the terminal's words, its padding aside")
        // The failing exec lookup is marked, and its output is there to read (escaped).
        #expect(section.contains("its expectation failed"))
        #expect(section.contains("line &lt;two&gt; &amp; more"))
    }

    @Test("an error shows its kind and whole reason; a skip its reason; a pass has no verdict pane")
    func errorSkipPass() throws {
        let page = Self.page
        let invalid = try Self.section("s4", in: page)
        #expect(invalid.contains("<h3>error: invalid</h3>"))
        #expect(invalid.contains("found &quot;nxdomian&quot;\n  (did you mean &quot;nxdomain&quot;?)</pre>"))
        #expect(invalid.contains("no sandbox ran"))
        let loss = try Self.section("s3", in: page)
        #expect(loss.contains("capture loss: the servers received 1 query the capture lacks"))
        #expect(loss.contains("<li data-lost>AAAA lost.example. @10.96.0.10:53 udp</li>"))
        #expect(try Self.section("s6", in: page).contains("requires dig, which is not on PATH"))
        let pass = try Self.section("s5", in: page)
        #expect(!pass.contains("<aside"))
        #expect(!pass.contains("split"))
    }

    @Test("alternatives: the diff's heading names the alternative it compares with")
    func alternatives() {
        let page = HTMLReport.render(Sample.suite([Sample.alternatives]))
        #expect(page.contains("<h3>expected (alternative 2 of 2) vs observed</h3>"))
    }

    // MARK: Clients and repeats

    @Test("a result under a client is labelled with it; the same path under two clients is two sections")
    func clients() {
        var glibc = Sample.fail
        glibc.client = .glibc
        var musl = Sample.fail
        musl.client = .musl
        let page = HTMLReport.render(Sample.suite([glibc, musl, Sample.pass]))
        #expect(page.contains("ndots:5 walks the search list [glibc]</h2>"))
        #expect(page.contains("ndots:5 walks the search list [musl]</h2>"))
        #expect(!page.contains("[glibc] [glibc]") && !page.contains("[musl] [musl]"), "the client is named once")
        #expect(Self.values("data-client", in: page) == ["glibc", "musl"])
        #expect(Self.values("data-path", in: page).filter { $0 == "scenarios/glibc/ndots.json" }.count == 2)
        #expect(!page.contains("absolute ["), "no client, no label")
        #expect(Self.values("data-query", in: page).count == 6)
    }

    @Test("under --repeat each iteration is its own section, named with #N")
    func repeated() {
        let page = HTMLReport.render(Sample.repeated([Sample.pass], 2))
        #expect(page.contains("a trailing dot means absolute #1</h2>"))
        #expect(page.contains("a trailing dot means absolute #2</h2>"))
        #expect(Self.values("data-query", in: page).count == 4)
    }
}

/// Which lane each query is drawn in: by time, against each lookup's start and end.
@Suite("HTML report timeline")
struct HTMLTimelineTests {
    static let epoch = Sample.epoch

    /// An observation whose lookups ran over `windows` (offsets in ms) and whose queries were sent at their `at`.
    static func observation(windows: [(Double, Double?)], queries: [ObservedQuery]) -> ScenarioObservation {
        var timed: [(Int64, Int, ProbeEvent)] = []
        for (index, window) in windows.enumerated() {
            timed.append((epoch + Int64(window.0 * 1000), 0, .lookupStarted(LookupStarted(index: index, at: epoch + Int64(window.0 * 1000)))))
            if let end = window.1 {
                timed.append((epoch + Int64(end * 1000), 2, .lookupEnded(LookupEnded(index: index, at: epoch + Int64(end * 1000),
                                                                                    outcome: Sample.getaddrinfo(addresses: [])))))
            }
        }
        var events: [ProbeEvent] = [.started(SandboxStarted(at: epoch, namespaces: [.net], interface: "lo", linkType: 1, filter: "",
                                                            receiveBufferBytes: 1 << 20))]
        events += timed.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
        for (sequence, query) in queries.enumerated() {
            var wire = query.query
            wire.sequence = sequence
            events.append(.query(wire))
            if var reply = query.reply {
                reply.query = sequence
                events.append(.reply(reply))
            }
        }
        return ScenarioObservation(events: events)
    }

    static func lanes(_ timeline: HTMLTimeline) -> [String] {
        timeline.lanes.map { "\(HTMLReport.laneName($0.key)): \($0.queries.map(String.init).joined(separator: " "))" }
    }

    @Test("sequential lookups: each query in the lane of the lookup running when it was sent; between them, a lane of its own")
    func sequential() {
        let queries = [Sample.query("A", "a.", id: 1, offsetMs: 1), Sample.query("AAAA", "a.", id: 2, offsetMs: 1.1),
                       Sample.query("A", "late.", rcode: nil, id: 3, offsetMs: 5.5),
                       Sample.query("A", "b.", id: 4, offsetMs: 7), Sample.query("A", "b.", id: 5, offsetMs: 8)]
        let timeline = HTMLTimeline(Self.observation(windows: [(0.5, 5), (6, 9)], queries: queries), lookupCount: 3)
        #expect(Self.lanes(timeline) == ["lookups[0]: 0 1", "outside: 2", "lookups[1]: 3 4", "lookups[2]: "])
        #expect(timeline.origin == Self.epoch)
        #expect(timeline.span == 9000)
        #expect(timeline.percent(Self.epoch + 4500) == 50)
    }

    @Test("overlapping lookups: their queries go to a lane that says so, not to a guess; a lookup never ended runs to the end")
    func concurrent() {
        let queries = [Sample.query("A", "one.", id: 1, offsetMs: 1), Sample.query("A", "both.", id: 2, offsetMs: 3),
                       Sample.query("A", "open.", id: 3, offsetMs: 50)]
        let timeline = HTMLTimeline(Self.observation(windows: [(0.5, 10), (2, nil)], queries: queries), lookupCount: 2)
        #expect(Self.lanes(timeline) == ["lookups[0]: 0", "lookups[1]: 2", "concurrent 0,1: 1"])
        #expect(HTMLReport.overlapped(.lookup(1), in: timeline))
        #expect(!HTMLReport.overlapped(.lookup(2), in: timeline))
        let many = HTMLTimeline(Self.observation(windows: Array(repeating: (0.5, 10), count: 6), queries: [queries[0]]), lookupCount: 6)
        #expect(Self.lanes(many).last == "concurrent: 0")
    }

    @Test("retries: the same question asked again in a lane is numbered, with where it went; an unanswered one waits until the next")
    func retries() throws {
        let queries = [Sample.query("A", "web.", rcode: nil, id: 1, offsetMs: 1),
                       Sample.query("AAAA", "web.", id: 2, offsetMs: 1.2),
                       Sample.query("A", "WEB.", rcode: nil, id: 3, offsetMs: 1001, server: "10.96.0.11"),
                       Sample.query("A", "web.", rcode: .SERVFAIL, id: 4, offsetMs: 2001, transport: .tcp, server: "10.96.0.11")]
        let observation = Self.observation(windows: [(0.5, 2100)], queries: queries)
        let timeline = HTMLTimeline(observation, lookupCount: 1)
        let lane = try #require(timeline.lanes.first)
        let attempts = HTMLTimeline.attempts(lane, observation.queriesInWireOrder)
        #expect(attempts.map(\.number) == [1, 1, 2, 3])
        #expect(attempts.map(\.otherServer) == [false, false, true, false])
        #expect(attempts.map(\.otherTransport) == [false, false, false, true])
        #expect(attempts[0].nextAttemptAt == Self.epoch + 1_001_000)

        // A daemon at 10.96.0.10 forwarding the question upstream is a hop, not a retry, though it sends
        // from the address the client sends from (both are in the sandbox's one namespace).
        var asked = Sample.query("A", "web.", id: 8, offsetMs: 1)
        asked.query.client = SocketAddress(address: IPAddress("10.96.0.10")!, port: 40000)
        var forwarded = Sample.query("A", "web.", id: 9, offsetMs: 1.1, server: "10.96.0.20")
        forwarded.query.client = SocketAddress(address: IPAddress("10.96.0.10")!, port: 5353)
        var again = Sample.query("A", "web.", id: 10, offsetMs: 2, server: "10.96.0.21")
        again.query.client = forwarded.query.client
        let hop = Self.observation(windows: [(0.5, 5)], queries: [asked, forwarded, again])
        let hopLane = try #require(HTMLTimeline(hop, lookupCount: 1).lanes.first)
        let dnsmasq = Daemon(name: "dnsmasq", command: ["dnsmasq"], address: IPAddress("10.96.0.10")!,
                             ready: .udp(SocketAddress(address: IPAddress("10.96.0.10")!, port: 53)))
        #expect(HTMLTimeline.attempts(hopLane, hop.queriesInWireOrder, daemons: [dnsmasq]).map(\.number) == [1, 1, 2])
        #expect(HTMLTimeline.attempts(hopLane, hop.queriesInWireOrder).map(\.number) == [1, 2, 3], "without daemons, one sender")

        let result = ScenarioResult(path: "r.json", name: "retries", verdict: .pass, observation: observation,
                                    scenario: Scenario(name: "retries", lookups: [Sample.lookup("web")]))
        let page = HTMLReport.render(Sample.suite([result]))
        #expect(page.contains("no reply: timed out, asked again after 1.00 s"))
        #expect(page.contains("<span class=\"tag\">retry 1, another server</span>"))
        #expect(page.contains("<span class=\"tag\">retry 2, now over tcp</span>"))
        #expect(page.contains("SERVFAIL, 0 answers, in 0.3 ms"))
        #expect(HTMLReportTests.values("data-lane", in: page) == ["lookups[0]"])
        // Three questions drawn as rows (A and AAAA of web.), one mark per query.
        #expect(HTMLReportTests.values("data-mark", in: page) == ["0", "2", "3", "1"])
    }

    @Test("axis ticks are round numbers")
    func ticks() {
        #expect(HTMLReport.ticks(spanMs: 9) == [0, 2, 4, 6, 8])
        #expect(HTMLReport.ticks(spanMs: 1000) == [0, 200, 400, 600, 800, 1000])
        #expect(HTMLReport.ticks(spanMs: 1010) == [0, 500, 1000])
        #expect(HTMLReport.ticks(spanMs: 1) == [0, 0.2, 0.4, 0.6000000000000001, 0.8, 1])
    }
}
