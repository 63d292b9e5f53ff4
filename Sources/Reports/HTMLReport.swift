import DNSWire
import Judge
import Observation
import Runner
import ScenarioFormat

/// One self-contained HTML page per run (`--report html=FILE`): inline CSS and a little inline
/// script, nothing fetched. Failures and errors come first; each scenario shows its lookups as
/// lanes of queries over time and, when it failed, what did not hold and the expected-versus-observed
/// diff beside them.
///
/// Hooks for tools and tests: every observed query is one element with `data-query` (`A x. @10.96.0.10:53 udp`)
/// and `data-seq` (its wire sequence); scenarios are `section[data-outcome]`; lanes `[data-lane]`;
/// drawn timeline marks `[data-mark]` (capped, so they are not a count of queries); diff lines
/// `[data-diff]`. The script only reads the page (nothing from a result is inside it); it sets
/// `data-ready` on `<html>` when it ran.
public enum HTMLReport {
    /// Marks drawn in one scenario's timeline; past this the drawing stops but every query stays in the list.
    static let markLimit = 2000
    /// Question rows drawn per lane.
    static let rowLimit = 24

    public static func render(_ suite: SuiteReport) -> String {
        var page = ""
        page.reserveCapacity(4096 + suite.results.reduce(0) { $0 + ($1.observation?.queries.count ?? 0) * 600 })
        let counts = suite.counts
        let pageTitle = "resolvlab: " + countsText(counts)
        page += """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="resolvlab \(HTMLEscaping.text(suite.toolVersion))">
            <title>\(HTMLEscaping.text(pageTitle))</title>
            <style>\(style)</style>
            </head>
            <body>
            <header>
            <h1>resolvlab run <span class="counts">\(countBadges(counts))</span></h1>
            <p class="meta">started \(HTMLEscaping.text(ReportTimestamp.iso8601(suite.startedAt))) on \(HTMLEscaping.text(suite.hostname)), \
            \(HTMLEscaping.text(Figures.decimal(suite.durationSeconds, places: 1))) s, resolvlab \(HTMLEscaping.text(suite.toolVersion))\
            \(suite.isRepeated ? ", --repeat \(suite.repeatCount)" : ""), \
            <span id="query-total">\(suite.results.reduce(0) { $0 + ($1.observation?.queries.count ?? 0) })</span> queries in this report</p>

            """
        if let interrupted = suite.interruptedBy {
            page += "<p class=\"interrupted\">interrupted by \(HTMLEscaping.text(interrupted)): scenarios that had not finished are reported as interrupted</p>\n"
        }
        page += """
            <nav class="controls">
            <button type="button" data-show="all" aria-pressed="true">all</button>
            <button type="button" data-show="problems" aria-pressed="false">failures and errors only</button>
            <button type="button" data-open="all">expand all</button>
            <button type="button" data-open="none">collapse all</button>
            <label>queries containing <input type="search" id="query-filter" placeholder="AAAA web.example."></label>
            </nav>

            """
        let ordered = order(suite.results)
        page += "<ol class=\"toc\">\n"
        for (position, result) in ordered.enumerated() {
            page += "<li data-outcome=\"\(result.outcome.rawValue)\"><a href=\"#s\(position + 1)\">\(badge(result.outcome)) "
                + "\(HTMLEscaping.text(title(of: result, in: suite)))</a>\(queryCountText(result))</li>\n"
        }
        page += "</ol>\n</header>\n<main>\n"
        for (position, result) in ordered.enumerated() {
            scenario(result, id: "s\(position + 1)", suite: suite, into: &page)
        }
        page += "</main>\n<script>\(script)</script>\n</body>\n</html>\n"
        return page
    }

    /// FAIL, then ERROR, then PASS, then SKIP; input order within each.
    static func order(_ results: [ScenarioResult]) -> [ScenarioResult] {
        func rank(_ outcome: Outcome) -> Int {
            switch outcome {
            case .fail: 0
            case .error: 1
            case .pass: 2
            case .skip: 3
            }
        }
        return results.enumerated().sorted { (rank($0.element.outcome), $0.offset) < (rank($1.element.outcome), $1.offset) }
            .map(\.element)
    }

    /// `name`, `name #2` under --repeat, `name [musl]` when the result ran under a named client.
    static func title(of result: ScenarioResult, in suite: SuiteReport) -> String {
        suite.displayName(of: result)
    }

    static func countsText(_ counts: SuiteReport.Counts) -> String {
        "\(counts.failed) failed, \(Plural.count(counts.errors, "error")), \(counts.passed) passed, \(counts.skipped) skipped"
    }

    static func countBadges(_ counts: SuiteReport.Counts) -> String {
        [(Outcome.fail, counts.failed), (.error, counts.errors), (.pass, counts.passed), (.skip, counts.skipped)]
            .map { "<span class=\"count \($0.0.rawValue)\">\($0.1) \(word($0.0, $0.1))</span>" }.joined(separator: " ")
    }

    static func word(_ outcome: Outcome, _ count: Int) -> String {
        switch outcome {
        case .fail: "failed"
        case .error: count == 1 ? "error" : "errors"
        case .pass: "passed"
        case .skip: "skipped"
        }
    }

    static func badge(_ outcome: Outcome) -> String {
        "<span class=\"badge \(outcome.rawValue)\">\(outcome.rawValue.uppercased())</span>"
    }

    static func queryCountText(_ result: ScenarioResult) -> String {
        guard let count = result.observation?.queries.count ?? result.figures?.queries else { return "" }
        return " <span class=\"muted\">\(Plural.count(count, "query", "queries"))</span>"
    }

    // MARK: One scenario

    static func scenario(_ result: ScenarioResult, id: String, suite: SuiteReport, into page: inout String) {
        // Open what needs reading: failures and errors, or the only result there is.
        let open = result.outcome == .fail || result.outcome == .error || suite.results.count == 1
        page += "<section class=\"scenario \(result.outcome.rawValue)\" id=\"\(id)\" data-outcome=\"\(result.outcome.rawValue)\" "
            + "data-path=\"\(HTMLEscaping.text(result.path))\""
        if let client = result.client { page += " data-client=\"\(client.rawValue)\"" }
        page += " data-queries=\"\(result.observation?.queries.count ?? 0)\">\n"
        page += "<details\(open ? " open" : "")>\n<summary><h2>\(badge(result.outcome)) \(HTMLEscaping.text(title(of: result, in: suite)))</h2>"
        page += " <span class=\"path\">\(HTMLEscaping.text(result.path))</span>\(queryCountText(result))"
        page += " <span class=\"muted\">\(HTMLEscaping.text(Figures.duration(result.durationMs)))</span></summary>\n"
        let hasVerdict = result.outcome != .pass
        page += "<div class=\"body\(hasVerdict ? " split" : "")\">\n"
        page += "<div class=\"timeline\">\n"
        if let observation = result.observation {
            timeline(result, observation, id: id, into: &page)
        } else {
            page += "<p class=\"muted\">no sandbox ran for this scenario, so there is nothing to show over time</p>\n"
        }
        page += "</div>\n"
        if hasVerdict { verdict(result, id: id, into: &page) }
        page += "</div>\n</details>\n</section>\n"
    }

    /// What did not hold, and the diff: beside the timeline.
    static func verdict(_ result: ScenarioResult, id: String, into page: inout String) {
        page += "<aside class=\"verdict\">\n"
        switch result.verdict {
        case .pass: break
        case .skip(let reason):
            page += "<h3>skipped</h3>\n<p>\(HTMLEscaping.text(VerdictText.describe(reason)))</p>\n"
        case .error(let reason):
            page += "<h3>error: \(HTMLEscaping.text(reason.kind))</h3>\n<pre class=\"reason\">\(HTMLEscaping.lines(VerdictText.describe(reason)))</pre>\n"
        case .fail(let mismatches):
            page += "<h3>what did not hold</h3>\n<ul class=\"mismatches\">\n"
            for mismatch in mismatches {
                page += "<li data-mismatch>\(HTMLEscaping.text(VerdictText.describe(mismatch)))</li>\n"
            }
            page += "</ul>\n"
        }
        if let diff = result.queryDiff, result.outcome != .pass {
            let observation = result.observation
            let daemons = result.scenario?.daemons ?? []
            let heading = result.queryAlternative.map { "expected (alternative \($0.index + 1) of \($0.count)) vs observed" }
                ?? "expected vs observed"
            page += "<h3>\(HTMLEscaping.text(heading))</h3>\n<div class=\"diff\">"
            page += "<div class=\"dh\">--- expected</div><div class=\"dh\">+++ observed</div>"
            for line in diff {
                switch line {
                case .match(_, let query):
                    page += "<a class=\"dl match\" data-diff=\"match\" href=\"#\(id)-q\(query.query.sequence)\">  "
                        + "\(diffQuery(query, in: observation, daemons: daemons))</a>"
                case .missing(let pattern):
                    page += "<div class=\"dl missing\" data-diff=\"missing\">\(HTMLEscaping.text("- \(pattern)"))</div>"
                case .unexpected(let query):
                    page += "<a class=\"dl unexpected\" data-diff=\"unexpected\" href=\"#\(id)-q\(query.query.sequence)\">+ "
                        + "\(diffQuery(query, in: observation, daemons: daemons))</a>"
                }
            }
            page += "</div>\n"
        }
        page += "</aside>\n"
    }

    // MARK: The timeline

    static func timeline(_ result: ScenarioResult, _ observation: ScenarioObservation, id: String, into page: inout String) {
        let lookups = result.scenario?.lookups ?? []
        let layout = HTMLTimeline(observation, lookupCount: lookups.count)
        let queries = observation.queriesInWireOrder
        let daemons = result.scenario?.daemons ?? []
        let failedLookups = Set(result.mismatches.compactMap { mismatch -> Int? in
            if case .lookup(let index, _, _) = mismatch { index } else { nil }
        })
        page += "<div class=\"axis\" aria-hidden=\"true\">"
        for tick in ticks(spanMs: Double(layout.span) / 1000) {
            let left = tick * 1000 * 100 / Double(layout.span)
            page += "<span class=\"\(tick == 0 ? "first" : left > 92 ? "end" : "")\" style=\"left:\(pct(left))\">"
                + "\(HTMLEscaping.text(tick == 0 ? "0" : Figures.duration(tick)))</span>"
        }
        page += "</div>\n"
        var marksLeft = markLimit
        for lane in layout.lanes {
            let attempts = HTMLTimeline.attempts(lane, queries, daemons: daemons)
            let laneEnd = lane.end ?? layout.origin + layout.span
            var attributes = "data-lane=\"\(laneName(lane.key))\""
            var failed = false
            if case .lookup(let index) = lane.key {
                attributes += " data-lookup=\"\(index)\""
                failed = failedLookups.contains(index)
            }
            page += "<div class=\"lane\(failed ? " failed" : "")\" \(attributes)>\n<div class=\"lane-head\">"
            page += laneHeading(lane, lookups: lookups, observation: observation, layout: layout, failed: failed)
            page += "</div>\n"

            // The drawing: the lookup's span, then a row per question with a mark per attempt.
            page += "<div class=\"gantt\">"
            if let start = lane.start, case .lookup = lane.key {
                let left = layout.percent(start)
                let width = max(0, layout.percent(lane.end ?? laneEnd) - left)
                page += "<div class=\"gl muted\">lookup</div><div class=\"gt\"><span class=\"span\" style=\"left:\(pct(left));width:\(pct(width))\"></span></div>"
            }
            page += drawing(lane, attempts, queries, id: id, layout: layout, laneEnd: laneEnd, marksLeft: &marksLeft)

            // The list: every query, one element each.
            if lane.queries.isEmpty {
                let none = overlapped(lane.key, in: layout)
                    ? "no query that only this lookup could have sent: see the lane of the lookups that ran at once"
                    : "no queries on the wire"
                page += "<p class=\"muted note\">\(none)</p>\n"
            } else {
                page += "<ol class=\"queries\">\n"
                for (offset, position) in lane.queries.enumerated() {
                    row(queries[position], attempts[offset], id: id, observation: observation, layout: layout,
                        daemons: daemons, laneEnd: laneEnd, into: &page)
                }
                page += "</ol>\n"
            }
            if case .lookup(let index) = lane.key, failed || result.outcome == .error,
               let outcome = observation.outcome(ofLookup: index), index < lookups.count {
                let output = HumanReport.outputLines(outcome, label: lookups[index].label, indent: "", showLabel: false)
                if !output.isEmpty {
                    page += "<details class=\"output\"><summary>output</summary><pre>"
                        + output.map(HTMLEscaping.text).joined(separator: "\n") + "</pre></details>\n"
                }
            }
            page += "</div>\n"
        }
        extras(observation, into: &page)
    }

    /// Round times for the axis: 0 and multiples of 1, 2 or 5 times a power of ten, two to six of them.
    static func ticks(spanMs: Double) -> [Double] {
        guard spanMs.isFinite, spanMs > 0 else { return [0] }
        let rough = spanMs / 5
        var magnitude = 0.001
        while magnitude * 10 <= rough { magnitude *= 10 }
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? magnitude * 10
        return (0...Int(spanMs / step + 0.0001)).map { Double($0) * step }
    }

    /// A diff line's observed query, escaped: the terminal's words without its column padding, each
    /// part kept on one line, so the line wraps well in a narrow pane and copies as the terminal's text.
    static func diffQuery(_ query: ObservedQuery, in observation: ScenarioObservation?, daemons: [Daemon]) -> String {
        var parts = [QueryText.question(query.query.message), "@\(query.query.server) \(query.query.transport.rawValue)",
                     QueryText.reply(query)]
        if let observation { parts.append(Figures.offset(observation.offsetMs(query.query.at))) }
        parts.append(QueryText.flags(query))
        if let hop = Daemon.hop(client: query.query.client, server: query.query.server, daemons: daemons) { parts.append(hop) }
        return parts.map { "<span class=\"tk\">\(HTMLEscaping.text($0))</span>" }.joined(separator: "  ")
    }

    /// A lane's drawing rows after its lookup row: one per question (retries on the same row), or, when a
    /// lane asks more than `rowLimit` questions, one row of all its queries, evenly thinned to the marks
    /// left. Closes the grid, and says what it left out.
    static func drawing(_ lane: HTMLTimeline.Lane, _ attempts: [HTMLTimeline.Attempt], _ queries: [ObservedQuery], id: String,
                        layout: HTMLTimeline, laneEnd: Microseconds, marksLeft: inout Int) -> String {
        var questions: [String: Int] = [:]
        var labels: [String] = []
        for position in lane.queries {
            let key = HTMLTimeline.questionKey(queries[position]) ?? "(no question)"
            if questions[key] == nil {
                questions[key] = labels.count
                labels.append(QueryText.question(queries[position].query.message))
            }
        }
        var rows = Array(repeating: "", count: labels.count <= rowLimit ? labels.count : 1)
        var drawn = 0
        if labels.count <= rowLimit {
            for (offset, position) in lane.queries.enumerated() where marksLeft > 0 {
                let key = HTMLTimeline.questionKey(queries[position]) ?? "(no question)"
                rows[questions[key] ?? 0] += mark(queries[position], attempts[offset], id: id, layout: layout, laneEnd: laneEnd)
                marksLeft -= 1
                drawn += 1
            }
        } else if marksLeft > 0 {
            let stride = (lane.queries.count + marksLeft - 1) / marksLeft
            for offset in Swift.stride(from: 0, to: lane.queries.count, by: stride) where marksLeft > 0 {
                rows[0] += mark(queries[lane.queries[offset]], attempts[offset], id: id, layout: layout, laneEnd: laneEnd)
                marksLeft -= 1
                drawn += 1
            }
            labels = ["all \(lane.queries.count) queries"]
        }
        var html = ""
        for (row, label) in labels.prefix(rows.count).enumerated() {
            html += "<div class=\"gl\" title=\"\(HTMLEscaping.text(label))\">\(HTMLEscaping.text(label))</div><div class=\"gt\">\(rows[row])</div>"
        }
        html += "</div>\n"
        if drawn < lane.queries.count {
            let why = questions.count > rowLimit
                ? "\(questions.count) questions are too many for a row each, so one row shows \(drawn) of them spread over the lane"
                : "a scenario's drawing stops at \(markLimit) queries"
            html += "<p class=\"muted note\">the drawing leaves out \(Plural.count(lane.queries.count - drawn, "query", "queries")): "
                + "\(why); the list below has every query</p>\n"
        }
        return html
    }

    /// True for a lookup whose time overlapped another's while queries were sent (its queries, if any, are in a concurrent lane).
    static func overlapped(_ key: HTMLTimeline.LaneKey, in layout: HTMLTimeline) -> Bool {
        guard case .lookup(let index) = key else { return false }
        return layout.lanes.contains { lane in
            if case .concurrent(let indices) = lane.key { indices.isEmpty || indices.contains(index) } else { false }
        }
    }

    static func laneName(_ key: HTMLTimeline.LaneKey) -> String {
        switch key {
        case .lookup(let index): "lookups[\(index)]"
        case .concurrent(let indices): indices.isEmpty ? "concurrent" : "concurrent " + indices.map(String.init).joined(separator: ",")
        case .outside: "outside"
        }
    }

    static func laneHeading(_ lane: HTMLTimeline.Lane, lookups: [Lookup], observation: ScenarioObservation,
                            layout: HTMLTimeline, failed: Bool) -> String {
        var text: String
        switch lane.key {
        case .lookup(let index):
            let label = index < lookups.count ? lookups[index].label : "(not in the scenario)"
            text = "<span class=\"ln\">lookups[\(index)]</span> <b>\(HTMLEscaping.text(label))</b>"
            if let outcome = observation.outcome(ofLookup: index) {
                text += " <span class=\"res\">→ \(HTMLEscaping.text(HumanReport.lookupSummary(outcome)))</span>"
            } else if lane.start != nil {
                text += " <span class=\"res\">→ did not finish</span>"
            } else {
                text += " <span class=\"res muted\">→ did not run</span>"
            }
            if let start = lane.start { text += " <span class=\"muted\">from \(HTMLEscaping.text(Figures.offset(layout.offsetMs(start))))</span>" }
            if failed { text += " <span class=\"badge fail\">its expectation failed</span>" }
        case .concurrent(let indices):
            let which = indices.isEmpty ? "more than \(HTMLTimeline.concurrentLimit) lookups"
                : "lookups " + indices.map { "[\($0)]" }.joined(separator: ", ")
            text = "<b>while \(HTMLEscaping.text(which)) ran at once</b> <span class=\"muted\">(time cannot tell which one sent these)</span>"
        case .outside:
            text = "<b>while no lookup ran</b>"
        }
        text += " <span class=\"muted\">\(Plural.count(lane.queries.count, "query", "queries"))</span>"
        return text
    }

    static func pct(_ value: Double) -> String {
        Figures.decimal(value, places: 3) + "%"
    }

    /// The CSS class for what came back.
    static func replyClass(_ query: ObservedQuery) -> String {
        if query.unreachable != nil { return "unreachable" }
        guard let reply = query.reply else { return "noreply" }
        switch reply.message.rcode {
        case .NOERROR?: return (reply.message.answerCount ?? 0) > 0 ? "rc-noerror" : "rc-nodata"
        case .NXDOMAIN?: return "rc-nxdomain"
        default: return "rc-other"
        }
    }

    /// One mark in the drawing: from the query to its reply (or, unanswered, to its next attempt or the lane's end).
    static func mark(_ query: ObservedQuery, _ attempt: HTMLTimeline.Attempt, id: String, layout: HTMLTimeline,
                     laneEnd: Microseconds) -> String {
        let start = query.query.at
        let end = query.reply?.at ?? query.unreachable?.at ?? attempt.nextAttemptAt ?? max(laneEnd, start)
        let left = layout.percent(start)
        let width = max(0, layout.percent(end) - left)
        let tip = QueryText.short(query) + " → " + replyText(query, attempt, laneEnd: laneEnd)
        return "<a class=\"m \(replyClass(query))\(attempt.number > 1 ? " retry" : "")\" data-mark=\"\(query.query.sequence)\" "
            + "href=\"#\(id)-q\(query.query.sequence)\" style=\"left:\(pct(left));width:\(pct(width))\" title=\"\(HTMLEscaping.text(tip))\"></a>"
    }

    /// `NOERROR, 1 answer, in 0.3 ms`, `no reply (asked again after 5.00 s)`, `unreachable`.
    static func replyText(_ query: ObservedQuery, _ attempt: HTMLTimeline.Attempt, laneEnd: Microseconds) -> String {
        if let unreachable = query.unreachable {
            return "unreachable (ICMP) in \(Figures.duration(Double(unreachable.at - query.query.at) / 1000))"
        }
        guard let reply = query.reply else {
            if let next = attempt.nextAttemptAt {
                return "no reply: timed out, asked again after \(Figures.duration(Double(next - query.query.at) / 1000))"
            }
            return "no reply"
        }
        var text = QueryText.reply(query)
        if let answers = reply.message.answerCount { text += ", " + Plural.count(answers, "answer") }
        return text + ", in " + Figures.duration(Double(reply.at - query.query.at) / 1000)
    }

    static func row(_ query: ObservedQuery, _ attempt: HTMLTimeline.Attempt, id: String, observation: ScenarioObservation,
                    layout: HTMLTimeline, daemons: [Daemon], laneEnd: Microseconds, into page: inout String) {
        let sequence = query.query.sequence
        page += "<li class=\"q \(replyClass(query))\(attempt.number > 1 ? " retry" : "")\" id=\"\(id)-q\(sequence)\" "
            + "data-query=\"\(HTMLEscaping.text(QueryText.short(query)))\" data-seq=\"\(sequence)\">"
        page += "<span class=\"at\">\(HTMLEscaping.text(Figures.offset(observation.offsetMs(query.query.at))))</span> "
        page += "<b class=\"qq\">\(HTMLEscaping.text(QueryText.question(query.query.message)))</b> "
        page += "<span class=\"srv\">@\(HTMLEscaping.text(query.query.server.description)) \(query.query.transport.rawValue)</span> "
        page += "<span class=\"rep\">\(HTMLEscaping.text(replyText(query, attempt, laneEnd: laneEnd)))</span>"
        if attempt.number > 1 {
            var note = "retry \(attempt.number - 1)"
            if attempt.otherServer { note += ", another server" }
            if attempt.otherTransport { note += ", now over \(query.query.transport.rawValue)" }
            page += " <span class=\"tag\">\(HTMLEscaping.text(note))</span>"
        }
        page += " <span class=\"muted\">\(HTMLEscaping.text(QueryText.flags(query)))</span>"
        if let hop = Daemon.hop(client: query.query.client, server: query.query.server, daemons: daemons) {
            page += " <span class=\"muted\">\(HTMLEscaping.text(hop))</span>"
        }
        page += "</li>\n"
    }

    /// Replies that matched no query and queries the capture lost, when there are any.
    static func extras(_ observation: ScenarioObservation, into page: inout String) {
        if !observation.unmatchedReplies.isEmpty {
            page += "<h3>replies to no query</h3>\n<ul class=\"plain\">\n"
            for reply in observation.unmatchedReplies {
                page += "<li data-unmatched-reply>\(HTMLEscaping.text(QueryDiffRenderer.describe(unmatched: reply, in: observation)))</li>\n"
            }
            page += "</ul>\n"
        }
        if !observation.lost.isEmpty {
            page += "<h3>received by a server, missing from the capture</h3>\n<ul class=\"plain\">\n"
            for query in observation.lost {
                page += "<li data-lost>\(HTMLEscaping.text("\(QueryText.question(query.message)) @\(query.server) \(query.transport.rawValue)"))</li>\n"
            }
            page += "</ul>\n"
        }
    }
}
