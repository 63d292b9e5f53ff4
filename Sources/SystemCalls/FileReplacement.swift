import CResolvLab
import Glibc
import SystemPackage

/// Why a file could not be written.
public struct FileWriteError: Error, Hashable, Sendable, CustomStringConvertible {
    public var path: String
    /// What was being done: `write`, `replace`, `create a temporary file for`.
    public var step: String
    public var errno: Errno

    public init(path: String, step: String, errno: Errno) {
        self.path = path
        self.step = step
        self.errno = errno
    }

    public var description: String {
        switch errno {
        case .permissionDenied, .notPermitted: "cannot \(step) \(path): permission denied"
        case .readOnlyFileSystem: "cannot \(step) \(path): read-only file system"
        case .noSuchFileOrDirectory: "cannot \(step) \(path): no such file or directory"
        case .isDirectory: "cannot \(step) \(path): it is a directory"
        case .notDirectory: "cannot \(step) \(path): not a directory"
        case .notSupported: "cannot \(step) \(path): the file system does not support creating files there"
        default: "cannot \(step) \(path): \(errno)"
        }
    }
}

/// Writes whole files so that a reader, a crash or a Ctrl-C never sees half of one.
public enum FileReplacement {
    /// Replaces the contents of the existing file at `path` (a symlink's target, not the link),
    /// keeping its owner, group and mode. The new contents are written to an unnamed file in the same
    /// directory and renamed over the old one, so the file is either old or new, and nothing is
    /// left behind if the process is killed. A file the caller may not write is refused; a file the
    /// caller may write but could not give back its owner (group-writable, owned by someone else) is
    /// rewritten in place instead, which keeps the owner at the price of atomicity.
    public static func replaceContents(of path: String, with bytes: [UInt8]) throws(FileWriteError) {
        let target = resolved(path)
        var info = stat()
        do {
            try Syscall.retrying { stat(target, &info) }
        } catch {
            throw FileWriteError(path: path, step: "write", errno: error)
        }
        if let error = Syscall.ignoringFailure({ faccessat(AT_FDCWD, target, W_OK, AT_EACCESS) }) {
            throw FileWriteError(path: path, step: "write", errno: error)
        }
        let keepsOwner = geteuid() == 0 || (info.st_uid == geteuid() && (info.st_gid == getegid() || isMember(of: info.st_gid)))
        guard keepsOwner else {
            try writeInPlace(bytes, to: target, reportedAs: path)
            return
        }
        do {
            try writeThenRename(bytes, to: target, mode: info.st_mode & 0o7777, owner: (info.st_uid, info.st_gid))
        } catch let error where error.errno == .permissionDenied || error.errno == .readOnlyFileSystem {
            // The directory does not let us create the replacement, but the file itself is writable.
            try writeInPlace(bytes, to: target, reportedAs: path)
        }
    }

    /// Writes `bytes` as the file at `path`, new or replaced, atomically (mode 0644 less the umask
    /// for a new file; an existing file keeps its mode).
    public static func write(_ bytes: [UInt8], to path: String) throws(FileWriteError) {
        let target = resolved(path)
        var info = stat()
        if Syscall.ignoringFailure({ stat(target, &info) }) == nil {
            if info.st_mode & S_IFMT == S_IFDIR { throw FileWriteError(path: path, step: "write", errno: .isDirectory) }
            try replaceContents(of: path, with: bytes)
            return
        }
        let mask = umask(0o022)
        umask(mask)
        try writeThenRename(bytes, to: target, mode: 0o666 & ~mask, owner: nil)
    }

    /// Checks now that `path` could be written later: its directory exists and is writable, and it
    /// is not a directory itself. For output paths given on the command line, checked before work starts.
    public static func checkWritable(_ path: String) throws(FileWriteError) {
        let target = resolved(path)
        var info = stat()
        if Syscall.ignoringFailure({ stat(target, &info) }) == nil {
            if info.st_mode & S_IFMT == S_IFDIR { throw FileWriteError(path: path, step: "write", errno: .isDirectory) }
            if let error = Syscall.ignoringFailure({ faccessat(AT_FDCWD, target, W_OK, AT_EACCESS) }) {
                throw FileWriteError(path: path, step: "write", errno: error)
            }
            return
        }
        let directory = Self.directory(of: target)
        var directoryInfo = stat()
        if let error = Syscall.ignoringFailure({ stat(directory, &directoryInfo) }) {
            throw FileWriteError(path: path, step: "write", errno: error)
        }
        if directoryInfo.st_mode & S_IFMT != S_IFDIR { throw FileWriteError(path: path, step: "write", errno: .notDirectory) }
        if let error = Syscall.ignoringFailure({ faccessat(AT_FDCWD, directory, W_OK | X_OK, AT_EACCESS) }) {
            throw FileWriteError(path: path, step: "write", errno: error)
        }
        // `write` makes a new file as an unnamed file in the directory: a file system that refuses
        // one (/proc, /sys; root passes the access check there) would fail only after the run.
        do {
            try UnnamedFile.create(in: directory).closeIgnoringErrors()
        } catch {
            throw FileWriteError(path: path, step: "write", errno: error.errno)
        }
    }

    /// `path` with a final symlink followed (to a target that may not exist yet).
    static func resolved(_ path: String) -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard Syscall.ignoringFailure({ lstat(current, &info) }) == nil, info.st_mode & S_IFMT == S_IFLNK else { return current }
            let target = PathResolution.readLink(current)
            guard !target.isEmpty else { return current }
            current = target.hasPrefix("/") ? target : directory(of: current) + "/" + target
        }
        return current
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let directory = String(path[..<slash])
        return directory.isEmpty ? "/" : directory
    }

    private static func isMember(of group: gid_t) -> Bool {
        var groups = [gid_t](repeating: 0, count: 256)
        let count = getgroups(Int32(groups.count), &groups)
        return count > 0 && groups.prefix(Int(count)).contains(group)
    }

    /// Overwrites the file at `path` in place: same inode, new contents and modification time. For a
    /// file that cannot be renamed over (a bind-mount target), and for changing a file the way a
    /// container runtime rewrites a bind-mounted resolv.conf.
    public static func overwrite(_ path: String, with bytes: [UInt8]) throws(FileWriteError) {
        try writeInPlace(bytes, to: path, reportedAs: path)
    }

    private static func writeInPlace(_ bytes: [UInt8], to target: String, reportedAs path: String) throws(FileWriteError) {
        do {
            let fd = try FileDescriptor.open(target, flags: O_WRONLY | O_TRUNC | O_NOFOLLOW)
            defer { fd.closeIgnoringErrors() }
            try fd.writeAll(bytes)
            try Syscall.retrying { fsync(fd.rawValue) }
        } catch {
            throw FileWriteError(path: path, step: "write", errno: error)
        }
    }

    /// An unnamed file (`O_TMPFILE`) filled, then linked under a temporary name and renamed over
    /// `target` with SIGINT and SIGTERM held back, so an interrupted run leaves nothing behind.
    private static func writeThenRename(_ bytes: [UInt8], to target: String, mode: mode_t,
                                        owner: (uid_t, gid_t)?) throws(FileWriteError) {
        let directory = directory(of: target)
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(directory, flags: resolvlab_O_TMPFILE | O_WRONLY, mode: 0o600)
        } catch {
            throw FileWriteError(path: target, step: "create a temporary file for", errno: error)
        }
        defer { fd.closeIgnoringErrors() }
        do {
            try fd.writeAll(bytes)
            try Syscall.retrying { fchmod(fd.rawValue, mode) }
            if let (uid, gid) = owner { try Syscall.retrying { fchown(fd.rawValue, uid, gid) } }
            try Syscall.retrying { fsync(fd.rawValue) }
        } catch {
            throw FileWriteError(path: target, step: "write", errno: error)
        }
        let name = target.split(separator: "/").last.map(String.init) ?? "file"
        let temporary = "\(directory)/.\(name).resolvlab-\(getpid())-\(SystemRandom.bytes(4).map { String($0, radix: 16) }.joined())"
        try SignalMask.holding([SIGINT, SIGTERM, SIGHUP]) { () throws(FileWriteError) in
            do throws(Errno) {
                try Syscall.retrying { linkat(AT_FDCWD, "/proc/self/fd/\(fd.rawValue)", AT_FDCWD, temporary, AT_SYMLINK_FOLLOW) }
            } catch {
                throw FileWriteError(path: target, step: "create a temporary file for", errno: error)
            }
            do throws(Errno) {
                try Syscall.retrying { rename(temporary, target) }
            } catch {
                Syscall.ignoringFailure { unlink(temporary) }
                throw FileWriteError(path: target, step: "replace", errno: error)
            }
        }
    }
}

/// Blocking signals for the length of a critical section.
public enum SignalMask {
    /// Runs `body` with `signals` blocked for this thread; pending ones are delivered afterwards.
    public static func holding<R, E: Error>(_ signals: [Int32], _ body: () throws(E) -> R) throws(E) -> R {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &set, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        return try body()
    }

    /// Blocks `signals` in this thread (and threads it starts later) for good: for a `SignalWatch`.
    public static func block(_ signals: [Int32]) {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }
}

/// Signals delivered as readable data (`signalfd`), for a poll loop that must stop cleanly on
/// SIGINT or SIGTERM. The signals must be blocked in every thread (`SignalMask.block` before any
/// thread starts).
public final class SignalWatch: @unchecked Sendable {
    public let descriptor: FileDescriptor

    public init(_ signals: [Int32]) throws(Errno) {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        descriptor = FileDescriptor(rawValue: try Syscall.retrying { resolvlab_signalfd(&set) })
    }

    deinit { descriptor.closeIgnoringErrors() }

    /// The next pending signal, or nil.
    public func next() -> Int32? {
        let signal = resolvlab_signalfd_read(descriptor.rawValue)
        return signal > 0 ? signal : nil
    }
}
