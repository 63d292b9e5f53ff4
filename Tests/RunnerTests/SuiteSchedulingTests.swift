import SystemCalls
import Testing
@testable import Runner

/// The suite scheduler's bookkeeping: slots, waiting scenarios, start order, in-order delivery.
@Suite("Suite scheduling")
struct SuiteSchedulingTests {
    static let start = MonotonicInstant(nanoseconds: 1_000_000_000)

    func result(_ path: String) -> ScenarioResult { ScenarioResult(path: path, name: path, outcome: .pass) }

    @Test("with one slot, the second scenario waits until the first finishes")
    func oneSlot() {
        var state = SuiteRunner.State(order: [0, 1], slots: 1)
        guard case .run(0) = state.claim(now: Self.start) else { Issue.record("first claim"); return }
        guard case .wait = state.claim(now: Self.start) else { Issue.record("no free slot"); return }
        state.finish(0, result("a"))
        guard case .run(1) = state.claim(now: Self.start) else { Issue.record("slot freed by finish"); return }
        guard case .done = state.claim(now: Self.start) else { Issue.record("nothing left"); return }
    }

    @Test("a scenario running past the waiting threshold gives its slot to the next; finishing it frees nothing twice")
    func waitingScenarioYieldsItsSlot() {
        var state = SuiteRunner.State(order: [0, 1, 2], slots: 1)
        _ = state.claim(now: Self.start)
        // Not yet past the threshold: still holds the slot.
        state.releaseSlotsOfWaiting(olderThan: Self.start)
        guard case .wait = state.claim(now: Self.start) else { Issue.record("still busy"); return }
        // Past it: the slot goes to the next scenario while the first keeps running.
        state.releaseSlotsOfWaiting(olderThan: Self.start.adding(milliseconds: 1))
        guard case .run(1) = state.claim(now: Self.start) else { Issue.record("slot yielded"); return }
        // The waiting one finishing must not hand out a slot it already gave away.
        state.finish(0, result("slow"))
        guard case .wait = state.claim(now: Self.start) else { Issue.record("no slot was held by the slow one"); return }
        state.finish(1, result("fast"))
        guard case .run(2) = state.claim(now: Self.start) else { Issue.record("slot back from the fast one"); return }
    }

    @Test("scenarios start in the given order, but results are taken by input index")
    func startOrderAndDelivery() {
        var state = SuiteRunner.State(order: [2, 0, 1], slots: 3)
        var started: [Int] = []
        while case .run(let index) = state.claim(now: Self.start) { started.append(index) }
        #expect(started == [2, 0, 1])
        state.finish(2, result("c"))
        #expect(state.take(0) == nil, "index 0 is not finished: delivery waits for it")
        state.finish(0, result("a"))
        #expect(state.take(0)?.path == "a")
        #expect(state.take(0) == nil, "taken once")
        #expect(state.finished == 2)
    }

    @Test("a suite delivers every result once, in input order, with waiting scenarios started first")
    func suiteRunnerOrdersResults() throws {
        // A runner whose child is `false`: every scenario ends quickly as an error, which is all this needs.
        let runner = ScenarioRunner(executable: "/bin/false")
        let paths = (0..<6).map { "/nonexistent/\($0).json" }
        var delivered: [Int] = []
        SuiteRunner(runner: runner, jobs: 2).run(paths, startFirst: { $0.hasSuffix("4.json") }) { index, result in
            delivered.append(index)
            #expect(result.path == paths[index])
        }
        #expect(delivered == Array(0..<6))
    }
}
