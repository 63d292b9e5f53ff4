import Testing
@testable import Probe

/// The rule that lends a waiting scenario's slot: under 5% of a core over at least 300 ms.
@Suite("IdleDetector")
struct IdleDetectorTests {
    static let millisecond: Int64 = 1_000_000

    /// Feeds samples `every` ms apart for `duration` ms, using `share` of a core; returns the changes.
    func feed(_ detector: inout IdleDetector, from start: Int64 = 0, every: Int64, for duration: Int64, share: Double,
              cpu: inout Int64) -> [(at: Int64, idle: Bool)] {
        var changes: [(Int64, Bool)] = []
        var at = start
        while at <= start + duration {
            if let change = detector.sample(wallNanoseconds: at * Self.millisecond, cpuNanoseconds: cpu) { changes.append((at, change)) }
            at += every
            cpu += Int64(Double(every * Self.millisecond) * share)
        }
        return changes
    }

    @Test("a waiting tree becomes idle once a whole window has passed, whatever the sampling pace",
          arguments: [100, 103, 117, 250, 450] as [Int64])
    func idleAfterWindow(every: Int64) {
        var detector = IdleDetector()
        var cpu: Int64 = 0
        let changes = feed(&detector, every: every, for: 2000, share: 0.0, cpu: &cpu)
        #expect(changes.count == 1)
        #expect(changes.first?.idle == true)
        // The first sample at least 300 ms after the first one.
        #expect(changes.first?.at == (300 + every - 1) / every * every)
    }

    @Test("a tree that computes never counts as idle", arguments: [0.06, 0.5, 1.0, 2.0])
    func busyStaysBusy(share: Double) {
        var detector = IdleDetector()
        var cpu: Int64 = 0
        #expect(feed(&detector, every: 100, for: 3000, share: share, cpu: &cpu).isEmpty)
        #expect(!detector.idle)
    }

    @Test("waiting, then computing, then waiting again: each change is reported once")
    func transitions() {
        var detector = IdleDetector()
        var cpu: Int64 = 0
        let waiting = feed(&detector, every: 100, for: 1000, share: 0.0, cpu: &cpu)
        let working = feed(&detector, from: 1100, every: 100, for: 1000, share: 1.0, cpu: &cpu)
        let waitingAgain = feed(&detector, from: 2200, every: 100, for: 1000, share: 0.01, cpu: &cpu)
        #expect(waiting.map(\.idle) == [true])
        #expect(working.map(\.idle) == [false])
        // A burst of work counts against the window until it has slid past it.
        #expect(working.first.map { $0.at <= 1200 } == true)
        #expect(waitingAgain.map(\.idle) == [true])
        #expect(waitingAgain.first.map { $0.at >= 2200 + 300 } == true)
    }
}
