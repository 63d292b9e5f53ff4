@testable import Runner
import Testing

/// `--jobs`: how many scenarios are busy at once, and when a slot is lent.
@Suite("SlotScheduler")
struct SlotSchedulerTests {
    @Test("with one slot, the second scenario waits until the first finishes")
    func oneSlot() {
        var slots = SlotScheduler(jobs: 1, maximumInFlight: 8, order: [0, 1])
        #expect(slots.start() == 0)
        #expect(slots.start() == nil)
        slots.finish(0)
        #expect(slots.start() == 1)
        #expect(slots.start() == nil)
        #expect(!slots.hasMore)
    }

    @Test("a scenario that computes keeps its slot however long it runs; one whose sandbox waits lends it")
    func onlyWaitingLends() {
        var slots = SlotScheduler(jobs: 1, maximumInFlight: 8, order: [0, 1, 2])
        #expect(slots.start() == 0)
        // Busy (no idle report): nothing else starts, whatever the time.
        slots.activity(0, idle: false)
        #expect(slots.start() == nil)
        slots.activity(0, idle: true)
        #expect(slots.start() == 1)
        #expect(slots.start() == nil)
        // The first is busy again but no slot is free: it runs on without one; nothing more starts.
        slots.activity(0, idle: false)
        #expect(slots.freeSlots == 0)
        #expect(slots.start() == nil)
        // Scenario 1 finishing frees its slot; scenario 0, busy without a slot, takes it back first.
        slots.finish(1)
        slots.activity(0, idle: false)
        #expect(slots.start() == nil)
        slots.finish(0)
        #expect(slots.start() == 2)
    }

    @Test("finishing frees a slot once, whether the scenario held one or had lent it")
    func finishFreesOnce() {
        var slots = SlotScheduler(jobs: 2, maximumInFlight: 8, order: [0, 1, 2, 3])
        #expect(slots.start() == 0)
        #expect(slots.start() == 1)
        slots.activity(0, idle: true)
        #expect(slots.start() == 2)
        slots.finish(0)
        slots.finish(0)
        #expect(slots.freeSlots == 0)
        slots.finish(1)
        #expect(slots.freeSlots == 1)
    }

    @Test("waiting scenarios still count against the in-flight limit")
    func inFlightLimit() {
        var slots = SlotScheduler(jobs: 1, maximumInFlight: 2, order: [0, 1, 2])
        #expect(slots.start() == 0)
        slots.activity(0, idle: true)
        #expect(slots.start() == 1)
        slots.activity(1, idle: true)
        #expect(slots.start() == nil, "two are in flight already")
        slots.finish(0)
        #expect(slots.start() == 2)
    }

    @Test("scenarios start in the given order; the rest can be taken when the run is interrupted")
    func orderAndRemaining() {
        var slots = SlotScheduler(jobs: 2, maximumInFlight: 8, order: [3, 0, 2, 1])
        #expect(slots.start() == 3)
        #expect(slots.start() == 0)
        #expect(slots.takeRemaining() == [2, 1])
        slots.finish(3)
        #expect(slots.start() == nil)
    }
}
