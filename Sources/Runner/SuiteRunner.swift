import Glibc
import Synchronization
import SystemCalls

/// Runs many scenarios, each in its own sandbox child, and hands results back in input order so
/// output and reports do not depend on `jobs`.
///
/// `jobs` is the number of scenarios allowed to be busy at once. A scenario still running after
/// `waitingAfterMs` is taken to be waiting (on a resolver timeout: a silent server costs 5 s of
/// idle time) and gives its slot to the next scenario, so slow scenarios do not hold up the rest.
/// At most `jobs × maximumInFlightPerJob` run at the same time.
public struct SuiteRunner: Sendable {
    public var runner: ScenarioRunner
    public var jobs: Int
    public var waitingAfterMs: Int
    public static let maximumInFlightPerJob = 8

    public init(runner: ScenarioRunner = ScenarioRunner(), jobs: Int, waitingAfterMs: Int = 1000) {
        self.runner = runner
        self.jobs = max(1, jobs)
        self.waitingAfterMs = waitingAfterMs
    }

    /// Where a run stands, for progress displays.
    public struct Progress: Sendable {
        public var finished: Int
        public var running: Int
        public var total: Int
    }

    /// Runs every path. `completed` is called on the calling thread once per path, in input order;
    /// `progress` (also on the calling thread) whenever a scenario starts or finishes. `startFirst`
    /// marks paths expected to spend long waiting: they start before the others, so their waits
    /// overlap the rest of the run instead of trailing it.
    public func run(_ paths: [String], startFirst: (String) -> Bool = { _ in false },
                    progress: ((Progress) -> Void)? = nil, completed: (Int, ScenarioResult) -> Void) {
        guard !paths.isEmpty else { return }
        let early = paths.indices.filter { startFirst(paths[$0]) }
        let order = early + paths.indices.filter { !startFirst(paths[$0]) }
        let state = Mutex(State(order: order, slots: jobs))
        let ready = try? WakeSignal()
        let runner = self.runner
        var workers: [JoinableThread] = []
        for _ in 0..<min(paths.count, jobs * Self.maximumInFlightPerJob) {
            let worker = try? JoinableThread {
                while let index = Self.claim(state) {
                    let result = runner.run(path: paths[index])
                    state.withLock { $0.finish(index, result) }
                    ready?.signal()
                }
            }
            if let worker { workers.append(worker) }
        }
        if workers.isEmpty {
            for (index, path) in paths.enumerated() { completed(index, runner.run(path: path)) }
            return
        }
        var delivered = 0
        var lastReported = (finished: -1, running: -1)
        while delivered < paths.count {
            ready?.wait(milliseconds: 50)
            let now = MonotonicInstant.now()
            let report = state.withLock { state in
                state.releaseSlotsOfWaiting(olderThan: now.adding(milliseconds: -waitingAfterMs))
                return (finished: state.finished, running: state.running.count)
            }
            if let progress, report != lastReported {
                lastReported = report
                progress(Progress(finished: report.finished, running: report.running, total: paths.count))
            }
            while delivered < paths.count, let result = state.withLock({ $0.take(delivered) }) {
                completed(delivered, result)
                delivered += 1
            }
        }
        for worker in workers { worker.join() }
    }

    /// The next index to run, once a slot is free; nil when every path has been claimed.
    static func claim(_ state: borrowing Mutex<State>) -> Int? {
        while true {
            switch state.withLock({ $0.claim(now: MonotonicInstant.now()) }) {
            case .run(let index): return index
            case .done: return nil
            case .wait: usleep(5_000)
            }
        }
    }

    struct State {
        var results: [ScenarioResult?]
        /// Indices in the order they start.
        var order: [Int]
        var next = 0
        var slots: Int
        var finished = 0
        /// Running scenarios: when they started and whether they still hold a slot.
        var running: [Int: (started: MonotonicInstant, holdsSlot: Bool)] = [:]

        init(order: [Int], slots: Int) {
            results = Array(repeating: nil, count: order.count)
            self.order = order
            self.slots = slots
        }

        enum Claim { case run(Int), wait, done }

        mutating func claim(now: MonotonicInstant) -> Claim {
            guard next < order.count else { return .done }
            guard slots > 0 else { return .wait }
            slots -= 1
            let index = order[next]
            next += 1
            running[index] = (now, true)
            return .run(index)
        }

        mutating func finish(_ index: Int, _ result: ScenarioResult) {
            results[index] = result
            finished += 1
            if running.removeValue(forKey: index)?.holdsSlot == true { slots += 1 }
        }

        mutating func releaseSlotsOfWaiting(olderThan cutoff: MonotonicInstant) {
            for (index, entry) in running where entry.holdsSlot && entry.started < cutoff {
                running[index]?.holdsSlot = false
                slots += 1
            }
        }

        mutating func take(_ index: Int) -> ScenarioResult? {
            defer { results[index] = nil }
            return results[index]
        }
    }
}
