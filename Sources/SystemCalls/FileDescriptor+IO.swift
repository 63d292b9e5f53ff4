import CResolvLab
import Glibc
import SystemPackage

public extension FileDescriptor {
    /// A pipe whose both ends are close-on-exec. The corresponding C function is `pipe2`.
    static func closeOnExecPipe() throws(Errno) -> (readEnd: FileDescriptor, writeEnd: FileDescriptor) {
        var fds: [CInt] = [-1, -1]
        try Syscall.retrying { fds.withUnsafeMutableBufferPointer { resolvlab_pipe2($0.baseAddress, O_CLOEXEC) } }
        return (FileDescriptor(rawValue: fds[0]), FileDescriptor(rawValue: fds[1]))
    }

    /// Opens `path` with raw `open(2)` flags; for flags `FileDescriptor.open` cannot express (`O_PATH`).
    static func open(_ path: String, flags: CInt, mode: mode_t = 0) throws(Errno) -> FileDescriptor {
        FileDescriptor(rawValue: try Syscall.retrying { Glibc.open(path, flags | O_CLOEXEC, mode) })
    }

    /// Writes all of `bytes`, retrying short writes.
    func writeAll(_ bytes: some Collection<UInt8>) throws(Errno) {
        let array = Array(bytes)
        var offset = 0
        while offset < array.count {
            let written = try array.withBytes { raw throws(Errno) in
                try Syscall.retrying { Glibc.write(rawValue, raw.baseAddress.map { $0 + offset }, raw.count - offset) }
            }
            offset += written
        }
    }

    /// Reads what is available, at most `limit` bytes: empty at end of file. Throws `EAGAIN` on a
    /// non-blocking descriptor with nothing to read.
    func readSome(limit: Int = 65536) throws(Errno) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: limit)
        let got = try buffer.withMutableBytes { raw throws(Errno) in
            try Syscall.retrying { Glibc.read(rawValue, raw.baseAddress, raw.count) }
        }
        buffer.removeLast(limit - got)
        return buffer
    }

    /// Everything until end of file (blocking).
    func readToEnd(limit: Int = .max) throws(Errno) -> [UInt8] {
        var result: [UInt8] = []
        while result.count < limit {
            let chunk = try readSome(limit: min(65536, limit - result.count))
            if chunk.isEmpty { break }
            result += chunk
        }
        return result
    }

    /// Sets or clears `O_NONBLOCK`.
    func setNonBlocking(_ enabled: Bool = true) throws(Errno) {
        let flags = try Syscall.retrying { fcntl(rawValue, F_GETFL) }
        let wanted = enabled ? flags | O_NONBLOCK : flags & ~O_NONBLOCK
        try Syscall.retrying { fcntl(rawValue, F_SETFL, wanted) }
    }

    /// Grows a pipe's buffer (`F_SETPIPE_SZ`); the kernel caps it at `/proc/sys/fs/pipe-max-size`
    /// for unprivileged callers, so a failure leaves the default and is not an error.
    func growPipe(to bytes: Int) {
        Syscall.ignoringFailure { fcntl(rawValue, resolvlab_F_SETPIPE_SZ, CInt(bytes)) }
    }

    /// Closes the descriptor, ignoring a failure: the descriptor is released whatever `close` says.
    func closeIgnoringErrors() {
        Syscall.ignoringFailure { Glibc.close(rawValue) }
    }
}
