import CResolvLab
import Glibc
import SystemPackage

/// The one place raw system calls go through: retries `EINTR`, turns failures into an `Errno`.
public enum Syscall {
    /// Runs `body` until it does not fail with `EINTR`; a `-1` result throws the current `errno`.
    @discardableResult
    public static func retrying<T: FixedWidthInteger>(_ body: () -> T) throws(Errno) -> T {
        while true {
            let result = body()
            if result != -1 { return result }
            let error = Errno(rawValue: errno)
            if error != .interrupted { throw error }
        }
    }

    /// For calls that return their error number instead of setting `errno` (`posix_spawn`,
    /// `pthread_create`): zero is success, anything else is thrown.
    public static func checking(_ body: () -> CInt) throws(Errno) {
        let result = body()
        if result != 0 { throw Errno(rawValue: result) }
    }

    /// A call whose failure is reported and otherwise ignored: teardown paths (a `close` that fails
    /// has still released the descriptor) and best-effort hints (`setsockopt` of a buffer size).
    /// Returns the error instead of throwing, so the caller states that it chose to ignore it.
    @discardableResult
    public static func ignoringFailure<T: FixedWidthInteger>(_ body: () -> T) -> Errno? {
        do {
            try retrying(body)
            return nil
        } catch {
            return error
        }
    }
}

/// Kernel randomness, for query IDs, sentinel tokens and the like.
public enum SystemRandom {
    /// `count` random bytes. The corresponding C function is `getrandom`.
    public static func bytes(_ count: Int) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = try? Syscall.retrying {
                buffer.withUnsafeMutableBytes { raw in resolvlab_getrandom(raw.baseAddress.map { $0 + filled }, count - filled, 0) }
            }
            guard let got, got > 0 else { break }
            filled += got
        }
        if filled < count {
            // getrandom cannot fail on Linux ≥ 3.17 once the pool is ready; keep a usable fallback anyway.
            var generator = SystemRandomNumberGenerator()
            for index in filled..<count { buffer[index] = UInt8.random(in: .min ... .max, using: &generator) }
        }
        return buffer
    }
}
