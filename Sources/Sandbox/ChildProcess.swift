import CResolvLab
import Glibc
import SystemCalls
import Synchronization
import SystemPackage

/// How a finished process ended.
public enum TerminationStatus: Hashable, Sendable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Int32)

    /// Decodes a `waitpid` status (the WIFEXITED/WTERMSIG macros are not importable).
    init(waitStatus: Int32) {
        if waitStatus & 0x7f == 0 {
            self = .exited((waitStatus >> 8) & 0xff)
        } else {
            self = .signaled(waitStatus & 0x7f)
        }
    }

    public var description: String {
        switch self {
        case .exited(let code): "exit code \(code)"
        case .signaled(let signal): "killed by signal \(signal)"
        }
    }
}

/// What a process run produced.
public struct ProcessOutput: Sendable {
    public var status: TerminationStatus
    public var standardOutput: [UInt8]
    public var standardError: [UInt8]
    /// True when the deadline passed and the process group was killed.
    public var timedOut: Bool
    public var durationMilliseconds: Double
}

/// Runs a program with its standard streams on pipes, in its own process group, under a deadline.
///
/// Written on posix_spawn rather than a higher-level package because the sandbox child must stay
/// synchronous (no thread pool) and must kill whole process groups on timeout.
public struct ChildProcess: Sendable {
    public var executable: String
    public var arguments: [String]
    public var environment: [String]?
    public var standardInput: [UInt8]
    /// Output beyond this many bytes per stream is read and discarded, so a chatty child cannot block or exhaust memory.
    public var outputLimit: Int

    public init(executable: String, arguments: [String], environment: [String]? = nil,
                standardInput: [UInt8] = [], outputLimit: Int = 16 << 20) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.standardInput = standardInput
        self.outputLimit = outputLimit
    }

    /// Looks `name` up on `PATH` the way a shell would; names containing `/` are returned as they are.
    public static func findExecutable(_ name: String, path: String? = nil) -> String? {
        if name.contains("/") { return access(name, X_OK) == 0 ? name : nil }
        let search = path ?? getenv("PATH").map { String(cString: $0) } ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in search.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            var info = stat()
            if stat(candidate, &info) == 0, info.st_mode & S_IFMT == S_IFREG, access(candidate, X_OK) == 0 {
                return candidate
            }
        }
        return nil
    }

    /// Starts the program and waits for it to exit or for `deadline`, whichever comes first.
    public func run(deadline: MonotonicInstant) throws(SandboxError) -> ProcessOutput {
        let process = try start()
        let finished = process.collectOutput(until: deadline)
        return process.finish(deadline: deadline, outputTimedOut: !finished)
    }

    /// Starts the program with its streams on pipes; the caller collects the output, then finishes
    /// or detaches it.
    public func start() throws(SandboxError) -> RunningProcess {
        let started = MonotonicInstant.now()
        guard let path = Self.findExecutable(executable) else {
            throw .spawn(executable: executable, errno: .noSuchFileOrDirectory)
        }
        let stdin: (readEnd: FileDescriptor, writeEnd: FileDescriptor)
        let stdout: (readEnd: FileDescriptor, writeEnd: FileDescriptor)
        let stderr: (readEnd: FileDescriptor, writeEnd: FileDescriptor)
        do {
            stdin = try FileDescriptor.closeOnExecPipe()
            stdout = try FileDescriptor.closeOnExecPipe()
            stderr = try FileDescriptor.closeOnExecPipe()
        } catch {
            throw .spawn(executable: executable, errno: error)
        }

        let pid: pid_t
        do {
            pid = try spawn(path: path, stdin: stdin.readEnd, stdout: stdout.writeEnd, stderr: stderr.writeEnd)
        } catch {
            for fd in [stdin.readEnd, stdin.writeEnd, stdout.readEnd, stdout.writeEnd, stderr.readEnd, stderr.writeEnd] {
                try? fd.close()
            }
            throw error
        }
        try? stdin.readEnd.close()
        try? stdout.writeEnd.close()
        try? stderr.writeEnd.close()
        let pump = StreamPump(input: standardInput, stdin: stdin.writeEnd,
                              stdout: stdout.readEnd, stderr: stderr.readEnd, limit: outputLimit)
        return RunningProcess(pid: pid, pump: pump, started: started)
    }

    private func spawn(path: String, stdin: FileDescriptor, stdout: FileDescriptor, stderr: FileDescriptor) throws(SandboxError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin.rawValue, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout.rawValue, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr.rawValue, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var pid: pid_t = 0
        let result = withCStrings([executable] + arguments) { cArguments in
            if let environment {
                return withCStrings(environment) { cEnvironment in
                    posix_spawn(&pid, path, &actions, &attributes, cArguments, cEnvironment)
                }
            }
            return posix_spawn(&pid, path, &actions, &attributes, cArguments, environ)
        }
        if result != 0 { throw .spawn(executable: executable, errno: Errno(rawValue: result)) }
        return pid
    }
}

/// A started process: collect its output, then `finish` (wait, kill leftovers, reap) or `detach`.
public final class RunningProcess {
    public let pid: pid_t
    /// A pidfd: readable once the process has exited (-1 before Linux 5.3).
    private let exitWatch: CInt
    private var pump: StreamPump
    private let started: MonotonicInstant
    private var done = false

    fileprivate init(pid: pid_t, pump: StreamPump, started: MonotonicInstant) {
        self.pid = pid
        self.pump = pump
        self.started = started
        exitWatch = resolvlab_pidfd_open(pid)
    }

    deinit {
        if !done { _ = finish(deadline: .now(), outputTimedOut: true) }
    }

    public var standardOutput: [UInt8] { pump.output }
    public var standardError: [UInt8] { pump.errors }

    /// Feeds standard input and reads both outputs until they end, or until the process has exited
    /// and a moment has passed, or until `deadline`. Returns false if the deadline came first.
    public func collectOutput(until deadline: MonotonicInstant) -> Bool {
        let finished = pump.run(until: deadline, exitWatch: exitWatch)
        pump.closeAll()
        return finished
    }

    /// Waits for the exit (killing the process at `deadline`), kills whatever is left in its
    /// process group, and reaps it.
    public func finish(deadline: MonotonicInstant, outputTimedOut: Bool) -> ProcessOutput {
        var timedOut = outputTimedOut
        // End of output is not the end of the process (coreutils close stdout before exiting):
        // wait for the exit itself before killing anything.
        if !timedOut, !waitForExit(until: deadline) { timedOut = true }
        let status = reap()
        return ProcessOutput(status: status, standardOutput: pump.output, standardError: pump.errors,
                             timedOut: timedOut, durationMilliseconds: started.milliseconds(to: .now()))
    }

    /// For a process whose output is all the caller needs: its exit (which may take a while: a
    /// sandbox child closing its capture waits out an RCU grace period) is reaped in the background.
    public func detach() {
        guard exitWatch >= 0 else {
            _ = finish(deadline: .now().adding(milliseconds: 60_000), outputTimedOut: false)
            return
        }
        done = true
        ExitReaper.shared.adopt(pid: pid, exitWatch: exitWatch)
    }

    private func waitForExit(until deadline: MonotonicInstant) -> Bool {
        guard exitWatch >= 0 else { return true }
        while true {
            var descriptor = pollfd(fd: exitWatch, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, deadline.remainingMilliseconds())
            if ready > 0 { return true }
            if ready == 0 { return false }
            if errno != EINTR { return true }
        }
    }

    private func reap() -> TerminationStatus {
        done = true
        return Self.reap(pid: pid, exitWatch: exitWatch)
    }

    /// Kills what is left of the process group, reaps the leader, closes its pidfd. The whole group
    /// goes: helpers a lookup left behind must not outlive the sandbox; it is killed before the
    /// leader is reaped, so the group ID cannot have been reused.
    fileprivate static func reap(pid: pid_t, exitWatch: CInt) -> TerminationStatus {
        kill(-pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        if exitWatch >= 0 { close(exitWatch) }
        return TerminationStatus(waitStatus: status)
    }
}

/// Reaps detached processes when they exit, on one background thread watching their pidfds.
final class ExitReaper: @unchecked Sendable {
    /// Created, and its thread started, by the first `detach`.
    static let shared = ExitReaper()

    struct Detached {
        var pid: pid_t
        var exitWatch: CInt
    }

    private let pending = Mutex<[Detached]>([])
    private let wake: WakeSignal?
    private var thread: JoinableThread?

    private init() {
        wake = try? WakeSignal()
        thread = try? JoinableThread { [self] in loop() }
    }

    func adopt(pid: pid_t, exitWatch: CInt) {
        guard thread != nil else {
            // No thread to watch it: reap it here instead, which waits for the exit.
            _ = RunningProcess.reap(pid: pid, exitWatch: exitWatch)
            return
        }
        pending.withLock { list in list.append(Detached(pid: pid, exitWatch: exitWatch)) }
        wake?.signal()
    }

    private func loop() {
        // Read once: `if let wake` inside this endless loop sent Swift 6.3's optimizer into an endless loop of its own.
        let wakeDescriptor = wake?.readableDescriptor ?? -1
        while true {
            let watched = pending.withLock { list in list }
            var descriptors: [pollfd] = []
            for entry in watched { descriptors.append(pollfd(fd: entry.exitWatch, events: Int16(POLLIN), revents: 0)) }
            if wakeDescriptor >= 0 { descriptors.append(pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0)) }
            if poll(&descriptors, nfds_t(descriptors.count), 1000) <= 0 { continue }
            var index = 0
            while index < watched.count {
                if descriptors[index].revents != 0 {
                    let entry = watched[index]
                    _ = RunningProcess.reap(pid: entry.pid, exitWatch: entry.exitWatch)
                    pending.withLock { list in list.removeAll { other in other.pid == entry.pid } }
                }
                index += 1
            }
            wake?.drain()
        }
    }
}

/// Feeds stdin and collects stdout/stderr with poll(2), so neither side can block the other.
private struct StreamPump {
    var input: [UInt8]
    var inputOffset = 0
    var stdin: FileDescriptor?
    var stdout: FileDescriptor?
    var stderr: FileDescriptor?
    let limit: Int
    var output: [UInt8] = []
    var errors: [UInt8] = []

    init(input: [UInt8], stdin: FileDescriptor, stdout: FileDescriptor, stderr: FileDescriptor, limit: Int) {
        self.input = input
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        self.limit = limit
        try? stdin.setNonBlocking()
        if input.isEmpty { closeInput() }
    }

    /// Returns false if the deadline passed first. Ends when both output streams reach end of
    /// file, or shortly after the process exits (`exitWatch`, a pidfd) even if a descendant still
    /// holds the pipes open.
    mutating func run(until deadline: MonotonicInstant, exitWatch: CInt) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        var deadline = deadline
        var exited = false
        while stdout != nil || stderr != nil {
            var fds: [pollfd] = []
            if exitWatch >= 0 && !exited { fds.append(pollfd(fd: exitWatch, events: Int16(POLLIN), revents: 0)) }
            if let stdin { fds.append(pollfd(fd: stdin.rawValue, events: Int16(POLLOUT), revents: 0)) }
            if let stdout { fds.append(pollfd(fd: stdout.rawValue, events: Int16(POLLIN), revents: 0)) }
            if let stderr { fds.append(pollfd(fd: stderr.rawValue, events: Int16(POLLIN), revents: 0)) }
            let timeout = deadline.remainingMilliseconds()
            if timeout == 0 { return exited }
            let ready = poll(&fds, nfds_t(fds.count), timeout)
            if ready < 0 { if errno == EINTR { continue } else { return false } }
            if ready == 0 && exited { return true }
            for entry in fds where entry.revents != 0 {
                if entry.fd == exitWatch {
                    // Give the pipes a moment to deliver what the process wrote, not a descendant's lifetime.
                    exited = true
                    deadline = min(deadline, MonotonicInstant.now().adding(milliseconds: 50))
                } else if entry.fd == stdin?.rawValue {
                    let written = input.withUnsafeBytes { raw in
                        Glibc.write(entry.fd, raw.baseAddress.map { $0 + inputOffset }, raw.count - inputOffset)
                    }
                    if written > 0 { inputOffset += written }
                    if (written < 0 && errno != EAGAIN && errno != EINTR) || inputOffset >= input.count { closeInput() }
                } else {
                    let got = chunk.withUnsafeMutableBytes { Glibc.read(entry.fd, $0.baseAddress, $0.count) }
                    if got > 0 {
                        if entry.fd == stdout?.rawValue {
                            output.append(contentsOf: chunk[0..<min(got, max(0, limit - output.count))])
                        } else {
                            errors.append(contentsOf: chunk[0..<min(got, max(0, limit - errors.count))])
                        }
                    } else if got == 0 || (errno != EAGAIN && errno != EINTR) {
                        if entry.fd == stdout?.rawValue { try? stdout?.close(); stdout = nil }
                        else { try? stderr?.close(); stderr = nil }
                    }
                }
            }
        }
        return true
    }

    mutating func closeInput() {
        try? stdin?.close()
        stdin = nil
    }

    mutating func closeAll() {
        closeInput()
        try? stdout?.close()
        try? stderr?.close()
        stdout = nil
        stderr = nil
    }
}

/// Calls `body` with a NULL-terminated `char *[]` built from `strings`.
func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    pointers.append(nil)
    defer { for pointer in pointers { free(pointer) } }
    return body(pointers)
}
