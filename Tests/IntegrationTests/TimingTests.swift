import Foundation
import Testing

/// Tests whose outcome depends on having the machine's cores to themselves: `make test` runs
/// them after everything else, alone (`swift test --filter TimingTests`), since other tests
/// burning CPU beside them would stretch their wall-clock limits.
@Suite("Timing", .serialized)
struct TimingTests {
    /// A lookup that computes keeps its slot: under `--jobs 1` four CPU-bound scenarios run one
    /// after another, each within its time limit. Were a slot given up for merely running long,
    /// they would run at once, share the cores and each take well over 2.5 s.
    @Test("four scenarios that each burn 1.5 s of CPU run one at a time under --jobs 1 and all pass")
    func cpuBoundScenariosKeepTheirSlot() throws {
        let directory = try TemporaryDirectory()
        let burn = "import time\nwhile time.process_time() < 1.5: pass"
        var files: [String] = []
        for index in 1...4 {
            files.append(try directory.write("burn-\(index).json", """
                {
                  "name": "burns 1.5 s of CPU (\(index))",
                  "resolvConf": ["nameserver 10.96.0.10"],
                  "servers": [ { "address": "10.96.0.10" } ],
                  "lookups": [ { "exec": ["python3", "-c", \(jsonString(burn))],
                                 "expect": { "exitCode": 0, "maxMs": 2500 } } ],
                  "expect": { "queries": [] }
                }
                """))
        }
        let result = try resolvlab(["run", "--jobs", "1"] + files)
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.output.contains("4 passed, 0 failed, 0 errors, 0 skipped"), "\(result)")
    }
}
