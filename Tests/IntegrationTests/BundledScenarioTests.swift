import Foundation
import ScenarioFormat
import SystemCalls
import Testing

/// The README's main job: every bundled scenario passes on this machine.
@Suite("Bundled scenarios", .serialized)
struct BundledScenarioTests {
    @Test("resolvlab run scenarios passes every bundled scenario and exits 0")
    func bundledSuitePasses() throws {
        let files = bundledScenarios()
        #expect(files.count >= 100, "the catalogue holds at least 100 scenario files")
        // One run per client a file names; skips only where a required command or a client's helper is
        // missing (make test builds them).
        let (runs, skipped) = try bundledRuns()
        #expect(runs > files.count, "some files run under several clients")
        let result = try resolvlab(["run", packageRoot + "/scenarios"])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.output.contains("\(runs - skipped) passed, 0 failed, 0 errors, \(skipped) skipped"), "\(result)")
    }

    @Test("resolvlab check accepts every bundled scenario")
    func bundledScenariosAreValid() throws {
        let result = try resolvlab(["check", packageRoot + "/scenarios"])
        #expect(result.exitCode == 0, "\(result)")
        #expect(!result.output.contains("error"), "\(result)")
    }

    @Test("every bundled scenario has a name, a description and asserts queries (or alternatives of them)")
    func bundledScenariosDocumentTheirBehaviour() throws {
        for file in bundledScenarios() {
            let data = try #require(FileManager.default.contents(atPath: file))
            let text = String(decoding: data, as: UTF8.self)
            #expect(text.contains("\"description\""), "\(file) explains its behaviour")
            #expect(text.contains("\"queries\"") || text.contains("\"alternatives\""), "\(file) asserts the query sequence")
        }
    }

    @Test("the README's catalogue links every bundled scenario")
    func catalogueListsEveryScenario() throws {
        let readme = try String(contentsOfFile: packageRoot + "/README.md", encoding: .utf8)
        for file in bundledScenarios() {
            let relative = String(file.dropFirst(packageRoot.count + 1))
            #expect(readme.contains("](\(relative))"), "README.md does not link \(relative)")
        }
    }
}
