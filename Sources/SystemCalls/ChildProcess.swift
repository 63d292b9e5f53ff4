import CResolvLab
import Glibc
import SystemPackage

/// How a finished process ended.
public enum TerminationStatus: Hashable, Sendable, Codable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Int32)

    /// Decodes a `waitpid` status.
    public init(waitStatus: Int32) {
        if resolvlab_wait_exited(waitStatus) != 0 {
            self = .exited(resolvlab_wait_exit_status(waitStatus))
        } else {
            self = .signaled(resolvlab_wait_term_signal(waitStatus))
        }
    }

    public var description: String {
        switch self {
        case .exited(let code): "exit code \(code)"
        case .signaled(let signal): "killed by signal \(signal)\(SignalName.name(signal).map { " (\($0))" } ?? "")"
        }
    }
}

/// Signal names for messages.
public enum SignalName {
    public static func name(_ signal: Int32) -> String? {
        switch signal {
        case SIGHUP: "SIGHUP"
        case SIGINT: "SIGINT"
        case SIGQUIT: "SIGQUIT"
        case SIGILL: "SIGILL"
        case SIGABRT: "SIGABRT"
        case SIGBUS: "SIGBUS"
        case SIGFPE: "SIGFPE"
        case SIGKILL: "SIGKILL"
        case SIGSEGV: "SIGSEGV"
        case SIGPIPE: "SIGPIPE"
        case SIGALRM: "SIGALRM"
        case SIGTERM: "SIGTERM"
        default: nil
        }
    }
}

/// Why a program could not be started.
public enum SpawnError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No file of that name on `PATH` (or at the path given).
    case notFound(command: String)
    /// The file exists but this user may not execute it (or it is not a regular file).
    case notExecutable(path: String, reason: String)
    /// `posix_spawn` or the pipes around it failed.
    case failed(command: String, errno: Errno)

    public var description: String {
        switch self {
        case .notFound(let command): "command not found: \(command)"
        case let .notExecutable(path, reason): "cannot execute \(path): \(reason)"
        case let .failed(command, errno): "cannot start \(command): \(errno)"
        }
    }
}

/// Finds programs the way a shell does, and says why one cannot run.
public enum ExecutableSearch {
    /// The path `command` runs as: names containing `/` are taken as they are, others are looked up on
    /// `searchPath` (default: `PATH`). A match that exists but cannot be executed is reported as such,
    /// not as "not found", when no executable match comes later on the path.
    public static func find(_ command: String, searchPath: String? = nil) -> Result<String, SpawnError> {
        if command.contains("/") {
            return check(command).map { command }
        }
        let search = searchPath ?? getenv("PATH").map { String(cString: $0) } ?? "/usr/local/bin:/usr/bin:/bin"
        var firstProblem: SpawnError?
        for directory in search.split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = (directory.isEmpty ? "." : String(directory)) + "/" + command
            switch check(candidate) {
            case .success: return .success(candidate)
            case .failure(.notFound): continue
            case .failure(let problem): firstProblem = firstProblem ?? problem
            }
        }
        return .failure(firstProblem ?? .notFound(command: command))
    }

    static func check(_ path: String) -> Result<Void, SpawnError> {
        var info = stat()
        guard Syscall.ignoringFailure({ stat(path, &info) }) == nil else { return .failure(.notFound(command: path)) }
        if info.st_mode & S_IFMT == S_IFDIR { return .failure(.notExecutable(path: path, reason: "it is a directory")) }
        if info.st_mode & S_IFMT != S_IFREG { return .failure(.notExecutable(path: path, reason: "not a regular file")) }
        if let error = Syscall.ignoringFailure({ access(path, X_OK) }) {
            return .failure(.notExecutable(path: path, reason: error == .permissionDenied ? "permission denied (not executable)" : "\(error)"))
        }
        return .success(())
    }
}

/// Where a child's standard stream goes.
public enum StreamRedirection: Sendable {
    /// A new pipe; the parent's end is on the `ChildProcess`.
    case pipe
    /// `/dev/null`.
    case null
    /// The same descriptor as this process.
    case inherit
    /// A copy of this descriptor (the caller keeps and closes its own): `resolvlab trace` hands a
    /// command the terminal or pipe the user gave it.
    case descriptor(FileDescriptor)
}

/// What to start.
public struct SpawnRequest: Sendable {
    /// A path (see `ExecutableSearch`).
    public var path: String
    /// `argv`, including `argv[0]`.
    public var arguments: [String]
    /// nil: this process's environment.
    public var environment: [String]?
    public var standardInput: StreamRedirection
    public var standardOutput: StreamRedirection
    public var standardError: StreamRedirection
    /// Puts the child in a process group of its own, so it and what it starts can be killed together.
    public var newProcessGroup: Bool
    /// Further descriptors the child gets, at the given numbers (3 and up).
    public var extraDescriptors: [(descriptor: FileDescriptor, number: CInt)]
    /// Start the child as the init (PID 1) of a new PID namespace, where this process may create
    /// one (see `ChildPIDNamespace`); elsewhere the child starts as usual, so it checks
    /// `getpid() == 1` to know.
    public var newPIDNamespace: Bool

    public init(path: String, arguments: [String], environment: [String]? = nil,
                standardInput: StreamRedirection = .pipe, standardOutput: StreamRedirection = .pipe,
                standardError: StreamRedirection = .pipe, newProcessGroup: Bool = true,
                extraDescriptors: [(descriptor: FileDescriptor, number: CInt)] = [], newPIDNamespace: Bool = false) {
        self.newPIDNamespace = newPIDNamespace
        self.extraDescriptors = extraDescriptors
        self.path = path
        self.arguments = arguments
        self.environment = environment
        self.standardInput = standardInput
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.newProcessGroup = newProcessGroup
    }
}

/// A started process. Nothing happens to it implicitly: the owner kills it (`signal`,
/// `signalGroup`), waits for it, and reaps it exactly once; the pipe ends are the owner's to close.
///
/// Written on posix_spawn rather than a process package because the sandbox child must stay
/// synchronous, the parent multiplexes many children on one poll loop, and whole process groups
/// are killed on timeout.
public final class ChildProcess: @unchecked Sendable {
    public let pid: pid_t
    /// Readable once the process has exited (a pidfd); nil on kernels before 5.3.
    public let exitDescriptor: FileDescriptor?
    public let standardInput: FileDescriptor?
    public let standardOutput: FileDescriptor?
    public let standardError: FileDescriptor?
    public let newProcessGroup: Bool
    public private(set) var status: TerminationStatus?
    /// The fork server that started the process and reaps it, when this process did not.
    private let server: ForkServer?

    init(pid: pid_t, exitDescriptor: FileDescriptor?, standardInput: FileDescriptor?,
         standardOutput: FileDescriptor?, standardError: FileDescriptor?, newProcessGroup: Bool, server: ForkServer? = nil) {
        self.pid = pid
        self.exitDescriptor = exitDescriptor
        self.standardInput = standardInput
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.newProcessGroup = newProcessGroup
        self.server = server
    }

    /// The parent's and the child's ends of the standard streams `streams` asks for.
    static func streamEnds(_ streams: [StreamRedirection], command: String)
        throws(SpawnError) -> (parent: [FileDescriptor?], child: [FileDescriptor?]) {
        var parentEnds: [FileDescriptor?] = [nil, nil, nil]
        var childEnds: [FileDescriptor?] = [nil, nil, nil]
        do {
            for (index, stream) in streams.enumerated() {
                switch stream {
                case .pipe:
                    let pipe = try FileDescriptor.closeOnExecPipe()
                    parentEnds[index] = index == 0 ? pipe.writeEnd : pipe.readEnd
                    childEnds[index] = index == 0 ? pipe.readEnd : pipe.writeEnd
                case .null:
                    childEnds[index] = try FileDescriptor.open("/dev/null", flags: index == 0 ? O_RDONLY : O_WRONLY)
                case .inherit:
                    break
                case .descriptor(let descriptor):
                    childEnds[index] = FileDescriptor(rawValue: try Syscall.retrying {
                        fcntl(descriptor.rawValue, F_DUPFD_CLOEXEC, CInt(3))
                    })
                }
            }
        } catch {
            for fd in parentEnds + childEnds { fd?.closeIgnoringErrors() }
            throw .failed(command: command, errno: error)
        }
        return (parentEnds, childEnds)
    }

    /// Starts `request`; signals are unblocked and SIGPIPE restored to its default in the child.
    public static func spawn(_ request: SpawnRequest) throws(SpawnError) -> ChildProcess {
        let (parentEnds, childEnds) = try streamEnds([request.standardInput, request.standardOutput, request.standardError],
                                                      command: request.path)
        func closeAll() {
            for fd in parentEnds + childEnds { fd?.closeIgnoringErrors() }
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (index, end) in childEnds.enumerated() {
            if let end { posix_spawn_file_actions_adddup2(&actions, end.rawValue, CInt(index)) }
        }
        for extra in request.extraDescriptors {
            posix_spawn_file_actions_adddup2(&actions, extra.descriptor.rawValue, extra.number)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
        if request.newProcessGroup {
            posix_spawnattr_setpgroup(&attributes, 0)
            flags |= POSIX_SPAWN_SETPGROUP
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))

        if ChildPIDNamespace.isStranded {
            closeAll()
            throw .failed(command: request.path, errno: .notPermitted)
        }
        var pid: pid_t = 0
        do {
            try Syscall.checking {
                ChildPIDNamespace.starting(request.newPIDNamespace) {
                    withCStrings(request.arguments) { argv in
                        if let environment = request.environment {
                            return withCStrings(environment) { envp in posix_spawn(&pid, request.path, &actions, &attributes, argv, envp) }
                        }
                        return posix_spawn(&pid, request.path, &actions, &attributes, argv, environ)
                    }
                }
            }
        } catch {
            closeAll()
            throw error == .noSuchFileOrDirectory ? .notFound(command: request.path) : .failed(command: request.path, errno: error)
        }
        for end in childEnds { end?.closeIgnoringErrors() }
        let watch = try? Syscall.retrying { resolvlab_pidfd_open(pid) }
        return ChildProcess(pid: pid, exitDescriptor: watch.map(FileDescriptor.init(rawValue:)),
                            standardInput: parentEnds[0], standardOutput: parentEnds[1], standardError: parentEnds[2],
                            newProcessGroup: request.newProcessGroup)
    }

    /// True when this process has a single thread, the only state in which `fork` is safe: a lock
    /// another thread held at the fork (in malloc, in the Swift runtime) stays held in the child.
    public static var canFork: Bool {
        guard let fd = try? FileDescriptor.open("/proc/self/stat", flags: O_RDONLY) else { return false }
        defer { fd.closeIgnoringErrors() }
        guard let bytes = try? fd.readToEnd(limit: 4096), let close = bytes.lastIndex(of: UInt8(ascii: ")")) else { return false }
        // After the command: state(0) ppid(1) ... num_threads(17).
        let fields = bytes[(close + 1)...].split(separator: UInt8(ascii: " "))
        return fields.count > 17 && String(decoding: fields[17], as: UTF8.self) == "1"
    }

    /// In a child just forked (one thread: async-signal-safe calls only): moves each placement's
    /// source descriptor to its target number, closes every other descriptor above stdio and the
    /// targets, joins a new process group if asked, restores SIGPIPE, SIGINT and SIGTERM to their
    /// defaults and unblocks every signal.
    static func becomeChild(placements: [(source: CInt, target: CInt)], newProcessGroup: Bool) {
        let firstUnused = (placements.map(\.target).max() ?? 2) + 1
        // Sources first move above every target, so no placement overwrites a later source.
        let moved = placements.map { (fcntl($0.source, F_DUPFD, 1024), $0.target) }
        for (source, target) in moved where source >= 0 { dup2(source, target) }
        _ = resolvlab_close_from(max(firstUnused, 3))
        if newProcessGroup { setpgid(0, 0) }
        for signal in [SIGPIPE, SIGINT, SIGTERM] { Glibc.signal(signal, SIG_DFL) }
        var none = sigset_t()
        sigemptyset(&none)
        sigprocmask(SIG_SETMASK, &none, nil)
    }

    /// Starts a copy of this process that runs `body` instead of a program: no exec, no start-up,
    /// and the child already has everything the parent computed. `request` says what its standard
    /// streams and further descriptors are (its `path` and `arguments` only name it in errors);
    /// every other descriptor is closed, signals are unblocked and SIGPIPE, SIGINT and SIGTERM
    /// restored to their defaults. Only call it when `canFork` (one thread); `body` must not return.
    public static func fork(_ request: SpawnRequest, body: () -> Never) throws(SpawnError) -> ChildProcess {
        let (parentEnds, childEnds) = try streamEnds([request.standardInput, request.standardOutput, request.standardError],
                                                      command: request.path)
        // What the child places where: stdio, then the extra descriptors.
        var placements: [(source: CInt, target: CInt)] = []
        for (index, end) in childEnds.enumerated() {
            if let end { placements.append((end.rawValue, CInt(index))) }
        }
        placements += request.extraDescriptors.map { ($0.descriptor.rawValue, $0.number) }
        fflush(nil)   // or the child would write out the parent's buffered output again
        let pid = ChildPIDNamespace.fork(newPIDNamespace: request.newPIDNamespace)
        if pid == 0 {
            becomeChild(placements: placements, newProcessGroup: request.newProcessGroup)
            body()
        }
        for end in childEnds { end?.closeIgnoringErrors() }
        guard pid > 0 else {
            let error = Errno(rawValue: errno)
            for end in parentEnds { end?.closeIgnoringErrors() }
            throw .failed(command: request.path, errno: error)
        }
        let watch = try? Syscall.retrying { resolvlab_pidfd_open(pid) }
        return ChildProcess(pid: pid, exitDescriptor: watch.map(FileDescriptor.init(rawValue:)),
                            standardInput: parentEnds[0], standardOutput: parentEnds[1], standardError: parentEnds[2],
                            newProcessGroup: request.newProcessGroup)
    }

    /// Sends `signal` to the process, unless it has been reaped (a pidfd cannot reach a reused pid).
    public func signal(_ signal: CInt) {
        guard status == nil else { return }
        if let exitDescriptor {
            Syscall.ignoringFailure { resolvlab_pidfd_send_signal(exitDescriptor.rawValue, signal) }
        } else {
            Syscall.ignoringFailure { kill(pid, signal) }
        }
    }

    /// Sends `signal` to the process's whole group: what a lookup left running in the background.
    /// Only before the leader is reaped, so the group id cannot have been reused.
    public func signalGroup(_ signal: CInt) {
        guard status == nil, newProcessGroup else { return self.signal(signal) }
        Syscall.ignoringFailure { kill(-pid, signal) }
    }

    /// Waits until the process has exited (without reaping it); false when `deadline` came first.
    public func waitForExit(until deadline: MonotonicInstant?) -> Bool {
        guard status == nil else { return true }
        guard let exitDescriptor else {
            // No pidfd: poll the status instead.
            while deadline.map({ MonotonicInstant.now() < $0 }) ?? true {
                if reapIfExited() != nil { return true }
                usleep(1000)
            }
            return false
        }
        return (try? Poll.readable(exitDescriptor, until: deadline)) ?? true
    }

    /// Waits for the exit and collects the status (once; later calls return it again).
    @discardableResult
    public func reap() -> TerminationStatus {
        if let status { return status }
        if let server {
            _ = waitForExit(until: nil)
            return finish(server.status(of: pid, until: .now().adding(milliseconds: ForkServer.statusWaitMilliseconds)) ?? .exited(-1))
        }
        var raw: Int32 = 0
        let result = try? Syscall.retrying { waitpid(pid, &raw, 0) }
        return finish(result == nil ? .exited(-1) : TerminationStatus(waitStatus: raw))
    }

    /// The status if the process has exited, collecting it; nil while it runs.
    @discardableResult
    public func reapIfExited() -> TerminationStatus? {
        if let status { return status }
        if let server {
            // Its server reaps it and reports the status; the pidfd says whether it has exited.
            guard let exitDescriptor, (try? Poll.readable(exitDescriptor, until: .now())) ?? true else { return nil }
            return finish(server.status(of: pid, until: .now().adding(milliseconds: ForkServer.statusWaitMilliseconds)) ?? .exited(-1))
        }
        var raw: Int32 = 0
        guard let result = try? Syscall.retrying({ waitpid(pid, &raw, WNOHANG) }) else { return finish(.exited(-1)) }
        return result == 0 ? nil : finish(TerminationStatus(waitStatus: raw))
    }

    private func finish(_ status: TerminationStatus) -> TerminationStatus {
        self.status = status
        exitDescriptor?.closeIgnoringErrors()
        return status
    }
}

/// Calls `body` with a NULL-terminated `char *[]` built from `strings`.
func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    pointers.append(nil)
    defer { for pointer in pointers { free(pointer) } }
    return body(pointers)
}
