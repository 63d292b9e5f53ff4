import CResolvLab
import Glibc
import SystemPackage

/// A copy of this process, made while it is still small, that forks children on request.
///
/// `fork` copies the page table of every resident page of the parent's heap, and the child's exit
/// tears them down again; a process that has decoded a thousand scenarios pays for all of them on
/// every fork (measured: 0.55 ms per scenario in a 1,000-scenario suite against 0.2 ms in one of
/// 100). A suite therefore starts this server before it reads its scenario files and has it fork
/// the sandboxes: the server's heap stays the size it was then, whatever the suite's size.
///
/// Each request carries an opaque payload, which `prepare` (run in the server) turns into what the
/// child runs, and the descriptors the child gets. The server forks, answers with the child's pid
/// and a pidfd for it, and reaps it when it exits, sending its status. The server has one thread
/// (forking is only safe so), ends when its channel closes, and dies with its parent (SIGKILL); its
/// children die with it, by the parent-death signal they set themselves.
///
/// Use a server from one thread.
public final class ForkServer: @unchecked Sendable {
    /// The server process.
    public let process: ChildProcess
    private var channel: FileDescriptor?
    /// Statuses the server has reported that nobody has asked for yet.
    private var reported: [pid_t: TerminationStatus] = [:]

    /// How long a caller waits for the server's report of an exit the pidfd has already shown.
    static let statusWaitMilliseconds = 2000
    /// How long `spawn` waits for the server's answer.
    static let answerWaitMilliseconds = 5000

    private init(process: ChildProcess, channel: FileDescriptor) {
        self.process = process
        self.channel = channel
    }

    /// Starts the server: a fork of this process, which must have one thread (`ChildProcess.canFork`).
    /// For each request, `prepare` runs in the server with the payload and the server's pid, and
    /// returns what the new child runs (it must not return).
    public static func start(prepare: @escaping ([UInt8], pid_t) -> () -> Never) throws(SpawnError) -> ForkServer {
        let name = "the fork server"
        guard ChildProcess.canFork else { throw .failed(command: name, errno: .resourceBusy) }
        var ends: [CInt] = [-1, -1]
        do {
            try Syscall.checking {
                ends.withUnsafeMutableBufferPointer { socketpair(AF_UNIX, Int32(SOCK_SEQPACKET.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, $0.baseAddress) }
            }
        } catch {
            throw .failed(command: name, errno: error)
        }
        let parentEnd = FileDescriptor(rawValue: ends[0])
        let serverEnd = FileDescriptor(rawValue: ends[1])
        defer { serverEnd.closeIgnoringErrors() }
        let parent = getpid()
        let process: ChildProcess
        do {
            process = try ChildProcess.fork(
                // Not the run's standard output or error: a reader of those waits for their end,
                // which must come when the run ends, whatever the server is doing.
                SpawnRequest(path: name, arguments: [], standardInput: .null, standardOutput: .null, standardError: .null,
                             newProcessGroup: true, extraDescriptors: [(serverEnd, Self.serverChannelNumber)]),
                body: { serve(parent: parent, prepare: prepare) })
        } catch {
            parentEnd.closeIgnoringErrors()
            throw error
        }
        return ForkServer(process: process, channel: parentEnd)
    }

    /// Starts a child running what `prepare` makes of `payload` (as the init of a new PID namespace
    /// with `newPIDNamespace`, where the server may make one: see `SpawnRequest`), with standard input from
    /// `/dev/null`, standard output and error to new pipes (their read ends are on the returned
    /// process), `extraDescriptors` at their numbers, every other descriptor closed, in a process
    /// group of its own. The process's status comes from the server: `reap` and `reapIfExited`
    /// work as for a child of this process.
    public func spawn(payload: [UInt8], command: String,
                      extraDescriptors: [(descriptor: FileDescriptor, number: CInt)] = [],
                      newPIDNamespace: Bool = false) throws(SpawnError) -> ChildProcess {
        guard let channel else { throw .failed(command: command, errno: .brokenPipe) }
        guard extraDescriptors.count + 4 <= Int(RESOLVLAB_MAX_PASSED_DESCRIPTORS) else {
            throw .failed(command: command, errno: .invalidArgument)
        }
        let (parentEnds, childEnds) = try ChildProcess.streamEnds([.null, .pipe, .pipe], command: command)
        defer { for end in childEnds { end?.closeIgnoringErrors() } }
        func fail(_ error: Errno) -> SpawnError {
            for end in parentEnds { end?.closeIgnoringErrors() }
            return .failed(command: command, errno: error)
        }
        // The payload travels in a memfd: a scenario's request can be larger than a datagram.
        let payloadFile: FileDescriptor
        do {
            payloadFile = FileDescriptor(rawValue: try Syscall.retrying { resolvlab_memfd_create("resolvlab-request") })
            try payloadFile.writeAll(payload)
            // The server shares this open file, and with it the offset: it reads from the start.
            _ = try Syscall.retrying { lseek(payloadFile.rawValue, 0, SEEK_SET) }
        } catch {
            throw fail(error)
        }
        defer { payloadFile.closeIgnoringErrors() }
        let placed = childEnds.compactMap { $0 } + extraDescriptors.map(\.descriptor)
        let numbers: [Int32] = [0, 1, 2] + extraDescriptors.map(\.number)
        var message: [UInt8] = [newPIDNamespace ? Message.spawnInit : Message.spawn]
        for number in numbers { message += Message.bytes(of: number) }
        do {
            try Self.send(message, descriptors: [payloadFile] + placed, on: channel)
        } catch {
            close()
            throw fail(error)
        }
        let deadline = MonotonicInstant.now().adding(milliseconds: Self.answerWaitMilliseconds)
        while true {
            guard (try? Poll.readable(channel, until: deadline)) == true, let (bytes, descriptors) = receive() else {
                close()
                throw fail(.timedOut)
            }
            switch bytes.first {
            case Message.started:
                guard let pid = Message.integer(bytes, at: 1), let pidfd = descriptors.first else {
                    for fd in descriptors { fd.closeIgnoringErrors() }
                    throw fail(.ioError)
                }
                for fd in descriptors.dropFirst() { fd.closeIgnoringErrors() }
                return ChildProcess(pid: pid, exitDescriptor: pidfd, standardInput: nil, standardOutput: parentEnds[1],
                                    standardError: parentEnds[2], newProcessGroup: true, server: self)
            case Message.failed:
                for fd in descriptors { fd.closeIgnoringErrors() }
                throw fail(Errno(rawValue: Message.integer(bytes, at: 1) ?? EIO))
            default:
                for fd in descriptors { fd.closeIgnoringErrors() }
                note(bytes)
            }
        }
    }

    /// The exit status of a child this server started, once the server has reported it; nil when
    /// `deadline` comes first or the server is gone.
    func status(of pid: pid_t, until deadline: MonotonicInstant?) -> TerminationStatus? {
        while true {
            if let status = reported.removeValue(forKey: pid) { return status }
            guard let channel, (try? Poll.readable(channel, until: deadline)) == true else { return nil }
            guard let (bytes, descriptors) = receive() else {
                close()
                return nil
            }
            for fd in descriptors { fd.closeIgnoringErrors() }
            note(bytes)
        }
    }

    /// Ends the server (it exits when its channel closes) and reaps it. Children it started that
    /// are still running die with it.
    public func close() {
        guard let channel else { return }
        channel.closeIgnoringErrors()
        self.channel = nil
        process.reap()
    }

    deinit { close() }

    private func note(_ bytes: [UInt8]) {
        if bytes.first == Message.exited, let pid = Message.integer(bytes, at: 1), let raw = Message.integer(bytes, at: 5) {
            reported[pid] = TerminationStatus(waitStatus: raw)
        }
    }

    private func receive() -> (bytes: [UInt8], descriptors: [FileDescriptor])? {
        guard let channel else { return nil }
        return Self.receive(on: channel)
    }

    // MARK: - The wire between parent and server (one SOCK_SEQPACKET message each)

    /// Where the server finds its end of the channel.
    static let serverChannelNumber: CInt = 3

    enum Message {
        /// Parent to server: `S`, then the target number of each descriptor after the first; the
        /// first descriptor is the payload's memfd.
        static let spawn = UInt8(ascii: "S")
        /// Parent to server: `I`, as `S`, for a child that is the init of a new PID namespace.
        static let spawnInit = UInt8(ascii: "I")
        /// Server to parent: `P`, the child's pid; its pidfd attached.
        static let started = UInt8(ascii: "P")
        /// Server to parent: `E`, the errno of a failed fork.
        static let failed = UInt8(ascii: "E")
        /// Server to parent: `X`, a child's pid and its raw wait status.
        static let exited = UInt8(ascii: "X")

        static func bytes(of value: Int32) -> [UInt8] {
            withUnsafeBytes(of: value.littleEndian) { Array($0) }
        }

        static func integer(_ bytes: [UInt8], at offset: Int) -> Int32? {
            guard offset >= 0, bytes.count >= offset + 4 else { return nil }
            var value: Int32 = 0
            withUnsafeMutableBytes(of: &value) { raw in
                for index in 0..<4 { raw[index] = bytes[offset + index] }
            }
            return Int32(littleEndian: value)
        }
    }

    static func send(_ bytes: [UInt8], descriptors: [FileDescriptor], on channel: FileDescriptor) throws(Errno) {
        let raw = descriptors.map(\.rawValue)
        _ = try Syscall.retrying {
            bytes.withUnsafeBytes { buffer in
                raw.withUnsafeBufferPointer { fds in
                    resolvlab_send_descriptors(channel.rawValue, buffer.baseAddress, buffer.count, fds.baseAddress, CInt(fds.count))
                }
            }
        }
    }

    /// One message and its descriptors; nil at end of stream or on an error.
    static func receive(on channel: FileDescriptor) -> (bytes: [UInt8], descriptors: [FileDescriptor])? {
        var buffer = [UInt8](repeating: 0, count: 256)
        var fds = [CInt](repeating: -1, count: Int(RESOLVLAB_MAX_PASSED_DESCRIPTORS))
        var count: CInt = 0
        let got = try? Syscall.retrying {
            buffer.withUnsafeMutableBytes { raw in
                fds.withUnsafeMutableBufferPointer { descriptors in
                    resolvlab_receive_descriptors(channel.rawValue, raw.baseAddress, raw.count, descriptors.baseAddress,
                                                  CInt(descriptors.count), &count)
                }
            }
        }
        let descriptors = fds.prefix(Int(count)).map(FileDescriptor.init(rawValue:))
        guard let got, got > 0 else {
            for fd in descriptors { fd.closeIgnoringErrors() }
            return nil
        }
        return (Array(buffer.prefix(got)), descriptors)
    }

    // MARK: - The server

    /// The server's loop: fork on each request, report each exit, end when the channel closes.
    private static func serve(parent: pid_t, prepare: ([UInt8], pid_t) -> () -> Never) -> Never {
        _ = resolvlab_set_parent_death_signal(SIGKILL)
        if getppid() != parent { _exit(0) }   // the parent died before the line above took effect
        let channel = FileDescriptor(rawValue: serverChannelNumber)
        let me = getpid()
        var children: [(pid: pid_t, exit: FileDescriptor)] = []
        while true {
            var entries = [PollEntry(channel)] + children.map { PollEntry($0.exit) }
            guard (try? Poll.wait(&entries, until: nil)) != nil else { _exit(1) }
            for (index, child) in children.enumerated().reversed() where entries[index + 1].isReady {
                var raw: Int32 = 0
                _ = try? Syscall.retrying { waitpid(child.pid, &raw, 0) }
                child.exit.closeIgnoringErrors()
                children.remove(at: index)
                try? send([Message.exited] + Message.bytes(of: child.pid) + Message.bytes(of: raw), descriptors: [], on: channel)
            }
            guard entries[0].isReady else { continue }
            guard let (bytes, descriptors) = receive(on: channel) else { _exit(0) }   // the parent is done
            defer { for fd in descriptors { fd.closeIgnoringErrors() } }
            guard bytes.first == Message.spawn || bytes.first == Message.spawnInit, let payloadFile = descriptors.first else {
                continue
            }
            let numbers = stride(from: 1, to: bytes.count, by: 4).compactMap { Message.integer(bytes, at: $0) }
            let placed = Array(descriptors.dropFirst())
            guard numbers.count == placed.count else {
                try? send([Message.failed] + Message.bytes(of: EINVAL), descriptors: [], on: channel)
                continue
            }
            let payload = (try? payloadFile.readToEnd()) ?? []
            let body = prepare(payload, me)
            let pid = ChildPIDNamespace.fork(newPIDNamespace: bytes.first == Message.spawnInit)
            if pid == 0 {
                ChildProcess.becomeChild(placements: zip(placed.map(\.rawValue), numbers).map { ($0, $1) },
                                         newProcessGroup: true)
                body()
            }
            guard pid > 0 else {
                try? send([Message.failed] + Message.bytes(of: errno), descriptors: [], on: channel)
                continue
            }
            guard let exit = try? FileDescriptor(rawValue: Syscall.retrying { resolvlab_pidfd_open(pid) }) else {
                // No pidfd (a kernel before 5.3): the parent could not watch it; it starts its own.
                kill(pid, SIGKILL)
                var raw: Int32 = 0
                _ = try? Syscall.retrying { waitpid(pid, &raw, 0) }
                try? send([Message.failed] + Message.bytes(of: ENOSYS), descriptors: [], on: channel)
                continue
            }
            children.append((pid, exit))
            try? send([Message.started] + Message.bytes(of: pid), descriptors: [exit], on: channel)
        }
    }
}
