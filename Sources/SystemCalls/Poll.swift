import Glibc
import SystemPackage

/// One descriptor to watch and what happened to it.
public struct PollEntry: Sendable {
    public var descriptor: FileDescriptor
    public var events: Int16
    public var returned: Int16 = 0

    public init(_ descriptor: FileDescriptor, events: Int16 = Int16(POLLIN)) {
        self.descriptor = descriptor
        self.events = events
    }

    public static let readable = Int16(POLLIN)
    public static let writable = Int16(POLLOUT)

    /// Readable, or at end (hang-up or error also wake a reader, whose read then reports it).
    public var isReadable: Bool { returned & Int16(POLLIN | POLLHUP | POLLERR | POLLNVAL) != 0 }
    public var isWritable: Bool { returned & Int16(POLLOUT | POLLERR | POLLHUP | POLLNVAL) != 0 }
    public var isReady: Bool { returned != 0 }
    /// An error condition; on the write end of a pipe, that no read end is open any more.
    public var hasError: Bool { returned & Int16(POLLERR) != 0 }
}

public enum Poll {
    /// Waits until a descriptor is ready or `deadline` passes (nil: forever); returns how many are
    /// ready. An interrupted wait is resumed with the time that is left. The corresponding C
    /// function is `poll`.
    @discardableResult
    public static func wait(_ entries: inout [PollEntry], until deadline: MonotonicInstant?) throws(Errno) -> Int {
        var raw = entries.map { pollfd(fd: $0.descriptor.rawValue, events: $0.events, revents: 0) }
        var ready: CInt = 0
        while true {
            let timeout = deadline.map { $0.remainingMilliseconds() } ?? -1
            ready = Glibc.poll(&raw, nfds_t(raw.count), timeout)
            if ready >= 0 { break }
            let error = Errno(rawValue: errno)
            if error != .interrupted { throw error }
        }
        for index in entries.indices { entries[index].returned = raw[index].revents }
        return Int(ready)
    }

    /// Waits for one descriptor to become readable; false when `deadline` came first.
    public static func readable(_ descriptor: FileDescriptor, until deadline: MonotonicInstant?) throws(Errno) -> Bool {
        var entries = [PollEntry(descriptor)]
        return try wait(&entries, until: deadline) > 0
    }
}
