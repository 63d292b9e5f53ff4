import Glibc
import Sandbox
import SystemPackage
import Observation
import Synchronization
import SystemCalls

/// Tells whether the sandbox is working or waiting: the CPU time of this process and of every
/// process below it, sampled a few times a second. A sandbox that has used almost no CPU for a
/// while is waiting (on a silent server, a delayed reply, a resolver timeout, a `sleep`), and the
/// parent may run another scenario in its slot; one that computes keeps its slot.
final class ActivityMonitor: Sendable {
    private let sink: any EventSink
    private let state = Mutex(State())

    struct State {
        var detector = IdleDetector()
        var lastSample: MonotonicInstant?
    }

    static let sampleMilliseconds = 100

    init(sink: any EventSink) { self.sink = sink }

    /// Called every few milliseconds from the capture thread.
    func tick() {
        let now = MonotonicInstant.now()
        let due = state.withLock { state in
            if let last = state.lastSample, last.milliseconds(to: now) < Double(Self.sampleMilliseconds) { return false }
            state.lastSample = now
            return true
        }
        guard due else { return }
        let cpu = Self.cpuNanoseconds()
        let change = state.withLock { $0.detector.sample(wallNanoseconds: now.nanoseconds, cpuNanoseconds: cpu) }
        if let change { sink.emit(.activity(Activity(at: WallClock.microseconds(), idle: change))) }
    }

    /// CPU used by this process, its reaped children, and every live process below it.
    static func cpuNanoseconds() -> Int64 {
        var total: Int64 = 0
        for who in [RUSAGE_SELF.rawValue, RUSAGE_CHILDREN.rawValue] {
            var usage = rusage()
            if getrusage(who, &usage) == 0 {
                total += (Int64(usage.ru_utime.tv_sec) + Int64(usage.ru_stime.tv_sec)) * 1_000_000_000
                total += (Int64(usage.ru_utime.tv_usec) + Int64(usage.ru_stime.tv_usec)) * 1000
            }
        }
        let ticks = Int64(sysconf(Int32(_SC_CLK_TCK)))
        var pending = children(of: PIDNamespace.hostPID())
        var seen = Set<pid_t>()
        while let pid = pending.popLast(), seen.insert(pid).inserted, seen.count < 10_000 {
            if let cpu = processTicks(pid), ticks > 0 { total += cpu * 1_000_000_000 / ticks }
            pending += children(of: pid)
        }
        return total
    }

    /// utime + stime + cutime + cstime from `/proc/PID/stat`.
    static func processTicks(_ pid: pid_t) -> Int64? {
        guard let text = readSmall("/proc/\(pid)/stat"), let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // After the command: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14).
        guard fields.count > 14 else { return nil }
        return [11, 12, 13, 14].compactMap { Int64(fields[$0]) }.reduce(0, +)
    }

    static func children(of pid: pid_t) -> [pid_t] {
        var result: [pid_t] = []
        guard let tasks = opendir("/proc/\(pid)/task") else { return [] }
        defer { closedir(tasks) }
        while let entry = readdir(tasks) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard let tid = Int(name) else { continue }
            result += (readSmall("/proc/\(pid)/task/\(tid)/children") ?? "").split(separator: " ").compactMap { pid_t($0) }
        }
        return result
    }

    static func readSmall(_ path: String) -> String? {
        guard let fd = try? FileDescriptor.open(path, flags: O_RDONLY) else { return nil }
        defer { fd.closeIgnoringErrors() }
        return (try? fd.readToEnd(limit: 4096)).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// Decides from (wall time, CPU time) samples whether a process tree is waiting: its CPU use over
/// the last `window` (at least) stayed below `idleShare` of one core. Samples come at whatever
/// pace the caller manages; the share is always taken from the newest sample that is at least a
/// window old, so late samples widen the window instead of leaving it empty.
struct IdleDetector {
    static let windowNanoseconds: Int64 = 300_000_000
    static let idleShare = 0.05

    private var samples: [(wall: Int64, cpu: Int64)] = []
    private(set) var idle = false

    /// Adds a sample; returns the new state when it changed.
    mutating func sample(wallNanoseconds wall: Int64, cpuNanoseconds cpu: Int64) -> Bool? {
        samples.append((wall, cpu))
        // Drop the oldest while the next one is itself a whole window old.
        while samples.count >= 2, wall - samples[1].wall >= Self.windowNanoseconds { samples.removeFirst() }
        guard let first = samples.first, wall - first.wall >= Self.windowNanoseconds else { return nil }
        let share = Double(cpu - first.cpu) / Double(wall - first.wall)
        let nowIdle = share < Self.idleShare
        guard nowIdle != idle else { return nil }
        idle = nowIdle
        return nowIdle
    }
}
