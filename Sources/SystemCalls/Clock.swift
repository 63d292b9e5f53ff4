import Glibc

/// Monotonic time for deadlines and durations; immune to wall-clock steps.
public struct MonotonicInstant: Comparable, Hashable, Sendable {
    public var nanoseconds: Int64

    public static func now() -> MonotonicInstant {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return MonotonicInstant(nanoseconds: Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec))
    }

    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    public func adding(milliseconds: Int) -> MonotonicInstant {
        MonotonicInstant(nanoseconds: nanoseconds + Int64(milliseconds) * 1_000_000)
    }

    /// Milliseconds from `self` to `later` (negative if `later` is earlier).
    public func milliseconds(to later: MonotonicInstant) -> Double {
        Double(later.nanoseconds - nanoseconds) / 1_000_000
    }

    /// Whole milliseconds left until `self`, clamped at zero: a `poll` timeout.
    public func remainingMilliseconds(from now: MonotonicInstant = .now()) -> Int32 {
        let left = (nanoseconds - now.nanoseconds + 999_999) / 1_000_000
        return Int32(clamping: max(0, left))
    }

    public static func < (lhs: MonotonicInstant, rhs: MonotonicInstant) -> Bool { lhs.nanoseconds < rhs.nanoseconds }
}

/// Wall-clock time in microseconds since the epoch: the clock pcap timestamps use.
public enum WallClock {
    public static func microseconds() -> Int64 {
        nanoseconds() / 1000
    }

    public static func nanoseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }
}
