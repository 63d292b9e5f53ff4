import CResolvLab
import Glibc
import SystemPackage

/// The one place raw system calls go through: retries `EINTR`, turns `-1` into an `Errno`.
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
}

/// Kernel randomness, for query IDs, sentinel tokens and the like.
public enum SystemRandom {
    /// `count` random bytes. The corresponding C function is `getrandom`.
    public static func bytes(_ count: Int) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = buffer.withUnsafeMutableBytes { raw in
                resolvlab_getrandom(raw.baseAddress.map { $0 + filled }, count - filled, 0)
            }
            if got > 0 { filled += got } else if errno != EINTR { break }
        }
        if filled < count {
            // getrandom cannot fail on Linux ≥ 3.17 once the pool is ready; keep a usable fallback anyway.
            var generator = SystemRandomNumberGenerator()
            for index in filled..<count { buffer[index] = UInt8.random(in: .min ... .max, using: &generator) }
        }
        return buffer
    }
}

public extension FileDescriptor {
    /// A pipe whose both ends are close-on-exec. The corresponding C function is `pipe2`.
    static func closeOnExecPipe() throws(Errno) -> (readEnd: FileDescriptor, writeEnd: FileDescriptor) {
        var fds: [CInt] = [-1, -1]
        let result = fds.withUnsafeMutableBufferPointer { buffer in resolvlab_pipe2(buffer.baseAddress, O_CLOEXEC) }
        if result != 0 { throw Errno(rawValue: errno) }
        return (FileDescriptor(rawValue: fds[0]), FileDescriptor(rawValue: fds[1]))
    }

    /// Writes all of `bytes`, retrying short writes.
    func writeAll(_ bytes: [UInt8]) throws(Errno) {
        var offset = 0
        while offset < bytes.count {
            let written = try bytes.withBytes { raw throws(Errno) in
                try Syscall.retrying { Glibc.write(rawValue, raw.baseAddress.map { $0 + offset }, raw.count - offset) }
            }
            offset += written
        }
    }

    /// Sets or clears `O_NONBLOCK`.
    func setNonBlocking(_ enabled: Bool = true) throws(Errno) {
        let flags = try Syscall.retrying { fcntl(rawValue, F_GETFL) }
        let wanted = enabled ? flags | O_NONBLOCK : flags & ~O_NONBLOCK
        try Syscall.retrying { fcntl(rawValue, F_SETFL, wanted) }
    }
}
