import Foundation
@testable import Reports
import Testing

/// TAP version 14: version line, plan, one test point per result, YAML diagnostics indented two spaces.
@Suite("TAP report")
struct TAPReportTests {
    static let lines = TAPReport.render(Sample.suite()).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)

    @Test("version line, plan 1..N, then ok / not ok numbered in input order")
    func structure() throws {
        let lines = Self.lines
        #expect(lines.first == "TAP version 14")
        #expect(lines.dropFirst().first == "1..6")
        #expect(lines.last == "", "the document ends with a newline")
        let points = lines.filter { $0.hasPrefix("ok ") || $0.hasPrefix("not ok ") }
        #expect(points == [
            "ok 1 - a trailing dot means absolute",
            "not ok 2 - ndots:5 walks the search list",
            "not ok 3 - capture loss",
            "not ok 4 - scenarios/bad.json",
            "ok 5 - dig asks once # SKIP requires dig, which is not on PATH",
            points.last ?? "",
        ])
        #expect(points.last?.hasPrefix("not ok 6 - evil <name>") == true)
        // Everything else is a YAML block line: indented by two spaces.
        for line in lines.dropFirst(2).dropLast() where !points.contains(line) {
            #expect(line.hasPrefix("  "), "\(line)")
        }
    }

    @Test("a fail's YAML block: ---, path, outcome, message, the diff lines, ...")
    func failureDiagnostics() throws {
        let lines = Self.lines
        let point = try #require(lines.firstIndex(of: "not ok 2 - ndots:5 walks the search list"))
        #expect(lines[point + 1] == "  ---")
        let end = try #require(lines[point...].firstIndex(of: "  ..."))
        let block = Array(lines[(point + 2)..<end])
        #expect(block.contains(#"  path: "scenarios/glibc/ndots.json""#))
        #expect(block.contains(#"  outcome: "fail""#))
        #expect(block.contains(#"  message: "queries (exact): expected 2 queries, observed 2: missing AAAA a.example.""#))
        // The failing command's output is in the block, line by line.
        #expect(block.contains("  output:"))
        #expect(block.contains(#"    - "  | line <two> & more""#))
        #expect(block.contains("  diff:"))
        #expect(block.contains(#"    - "--- expected""#))
        #expect(block.contains(#"    - "- AAAA a.example.""#))
        #expect(block.contains { $0.hasPrefix(#"    - "+ A b.example. "#) && $0.contains("NXDOMAIN") })
        // Passes carry no block: the next line after test 1 is test 2.
        let pass = try #require(lines.firstIndex(of: "ok 1 - a trailing dot means absolute"))
        #expect(lines[pass + 1] == "not ok 2 - ndots:5 walks the search list")
    }

    @Test("alternatives: the message names the alternative, the diff says which one it compares with")
    func alternatives() throws {
        let lines = TAPReport.render(Sample.suite([Sample.alternatives])).split(separator: "\n").map(String.init)
        #expect(lines.contains(#"  message: "afterMs (alternative 2 of 2): A b. @10.96.0.11 matched A b. @10.96.0.11:53 udp, "#
            + #"sent 0.3 ms after the previous query (A a. @10.96.0.10:53 udp); expected at least 1000 ms""#))
        #expect(lines.contains(#"    - "--- expected: alternative 2 of 2""#))
    }

    @Test("errors are not ok with their kind and whole reason; skips are ok with a SKIP directive")
    func errorAndSkip() throws {
        let lines = Self.lines
        #expect(lines.contains(#"  errorKind: "invalid""#))
        #expect(lines.contains(#"  reason: "scenarios/bad.json:4:65: servers[0].rules[0].reply: found \"nxdomian\"\n  (did you mean \"nxdomain\"?)""#))
        let skip = try #require(lines.firstIndex { $0.hasPrefix("ok 5 ") })
        #expect(lines[skip + 1] == "  ---")
        #expect(lines[skip + 3] == #"  outcome: "skip""#)
    }

    @Test("descriptions: # and \\ escaped, no line breaks or control characters; repeats numbered")
    func descriptions() {
        #expect(TAPReport.escapeDescription("a # b \\ c") == "a \\# b \\\\ c")
        #expect(TAPReport.escapeDescription("one\ntwo\r\nthree\tfour") == "one two  three four")
        #expect(TAPReport.escapeDescription("nul\u{0} esc\u{1B} bom\u{FEFF}") == "nul\u{FFFD} esc\u{FFFD} bom\u{FFFD}")
        let repeated = TAPReport.render(Sample.repeated([Sample.pass], 2))
        #expect(repeated == "TAP version 14\n1..2\nok 1 - a trailing dot means absolute \\#1\nok 2 - a trailing dot means absolute \\#2\n")
    }

    @Test("YAML double-quoted scalars escape quotes, backslashes and everything YAML cannot print")
    func yamlQuoting() {
        #expect(YAMLBlock.quoted(#"say "hi" \ bye"#) == #""say \"hi\" \\ bye""#)
        #expect(YAMLBlock.quoted("a\nb\tc\rd") == #""a\nb\tc\rd""#)
        #expect(YAMLBlock.quoted("\u{0}\u{1B}\u{7F}\u{85}\u{FEFF}\u{FFFE}\u{2028}") == #""\x00\x1B\x7F\x85\uFEFF\uFFFE\u2028""#)
        #expect(YAMLBlock.quoted("ü 💥 ]]> # :") == "\"ü 💥 ]]> # :\"")
    }

    static let perlParser = """
        use strict; use warnings; use TAP::Parser; use JSON::PP;
        open my $fh, '<:encoding(UTF-8)', $ARGV[0] or die "cannot open $ARGV[0]: $!";
        my $tap = do { local $/; <$fh> };
        my $p = TAP::Parser->new({ tap => $tap });
        my @results;
        while (my $r = $p->next) {
            my %h = (type => $r->type);
            if ($r->is_test) {
                @h{qw(number description directive explanation)} = ($r->number, $r->description, $r->directive, $r->explanation);
                $h{ok} = $r->is_actual_ok ? JSON::PP::true : JSON::PP::false;
            }
            $h{planned} = $r->tests_planned + 0 if $r->is_plan;
            $h{data} = $r->data if $r->is_yaml;
            push @results, \\%h;
        }
        print JSON::PP->new->utf8->canonical->encode({ results => \\@results, errors => [ $p->parse_errors ] });
        """

    static let perlAvailable = (try? runTool("/usr/bin/perl", ["-MTAP::Parser", "-MJSON::PP", "-e", "1"]).status) == 0

    /// Perl's TAP::Parser (what `prove` uses) reads every line and YAML block as intended.
    @Test("Perl's TAP::Parser reads the plan, every test point and every YAML block", .enabled(if: perlAvailable))
    func readByTAPParser() throws {
        let directory = try TemporaryDirectory()
        let script = try directory.write("parse.pl", Self.perlParser)
        let file = try directory.write("report.tap", TAPReport.render(Sample.suite()))
        let run = try runTool("/usr/bin/perl", [script, file])
        #expect(run.status == 0 && run.errors.isEmpty, "\(run)")
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        // TAP::Parser 3.44 knows versions up to 13; 14 is a superset, and nothing else may be wrong.
        let errors = parsed["errors"] as? [String] ?? ["missing"]
        #expect(errors.allSatisfy { $0.contains("version 14") }, "\(errors)")
        let results = parsed["results"] as? [[String: Any]] ?? []
        #expect(results.compactMap { $0["type"] as? String }
                    == ["version", "plan", "test", "test", "yaml", "test", "yaml", "test", "yaml", "test", "yaml", "test", "yaml"])
        #expect(results.first { $0["type"] as? String == "plan" }?["planned"] as? Int == 6)
        let tests = results.filter { $0["type"] as? String == "test" }
        #expect(tests.compactMap { $0["number"] as? Int } == [1, 2, 3, 4, 5, 6])
        #expect(tests.compactMap { $0["ok"] as? Bool } == [true, false, false, false, true, false])
        #expect(tests[4]["directive"] as? String == "SKIP")
        #expect(tests[4]["explanation"] as? String == "requires dig, which is not on PATH")
        let blocks = results.compactMap { $0["data"] as? [String: Any] }
        #expect(blocks.compactMap { $0["path"] as? String }.prefix(4)
                    == ["scenarios/glibc/ndots.json", "scenarios/loss.json", "scenarios/bad.json", "scenarios/dig.json"])
        #expect((blocks.first?["diff"] as? [String])?.contains("- AAAA a.example.") == true)
        // The hostile block's message decodes to the original text where YAMLish knows the escape (\xNN, \t, \n, ...).
        let hostile = blocks.last?["message"] as? String ?? ""
        #expect(hostile.hasPrefix("lookups[0] exec echo evil <name> & \"double\" 'single' ]]> # \\ NUL\u{0} SOH\u{1} BS\u{8}"),
                "\(hostile)")
        #expect(hostile.hasSuffix("tab\t CR\r LF\n end 💥 ü\""), "\(hostile)")
    }
}
