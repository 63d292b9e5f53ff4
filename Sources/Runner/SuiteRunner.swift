import Synchronization
import SystemCalls

/// Runs many scenarios on `jobs` worker threads, each waiting on its own sandbox child, and hands
/// results back in input order so output and reports do not depend on `jobs`.
public struct SuiteRunner: Sendable {
    public var runner: ScenarioRunner
    public var jobs: Int

    public init(runner: ScenarioRunner = ScenarioRunner(), jobs: Int) {
        self.runner = runner
        self.jobs = max(1, jobs)
    }

    /// Runs every path; `completed` is called on the calling thread, once per path, in input order.
    public func run(_ paths: [String], completed: (Int, ScenarioResult) -> Void) {
        guard jobs > 1, paths.count > 1 else {
            for (index, path) in paths.enumerated() { completed(index, runner.run(path: path)) }
            return
        }
        let state = Mutex(State(results: Array(repeating: nil, count: paths.count)))
        let runner = self.runner
        let ready = try? WakeSignal()
        var workers: [JoinableThread] = []
        for _ in 0..<min(jobs, paths.count) {
            if let worker = try? JoinableThread({
                while let index = state.withLock({ $0.claimNext(count: paths.count) }) {
                    let result = runner.run(path: paths[index])
                    state.withLock { $0.results[index] = result }
                    ready?.signal()
                }
            }) {
                workers.append(worker)
            }
        }
        if workers.isEmpty {
            for (index, path) in paths.enumerated() { completed(index, runner.run(path: path)) }
            return
        }
        var delivered = 0
        while delivered < paths.count {
            ready?.wait(milliseconds: 50)
            while delivered < paths.count, let result = state.withLock({ $0.results[delivered] }) {
                completed(delivered, result)
                state.withLock { $0.results[delivered] = nil }
                delivered += 1
            }
        }
        for worker in workers { worker.join() }
    }

    struct State {
        var results: [ScenarioResult?]
        var next = 0

        mutating func claimNext(count: Int) -> Int? {
            guard next < count else { return nil }
            defer { next += 1 }
            return next
        }
    }
}
