import DNSWire
import Glibc
import ScenarioFormat
import SystemCalls
import SystemPackage
import Synchronization

/// A scenario's daemons (`daemons[]`): started in order before the lookups, each waited for until
/// it is ready, and stopped in reverse order after them, before the capture is drained, so the
/// last of their traffic is in it.
final class RunningDaemons {
    private struct Running {
        var daemon: Daemon
        var process: ChildProcess
        var stderr: StderrTail
    }

    private var running: [Running] = []

    /// How often readiness is checked while waiting.
    static let pollMilliseconds = 2

    /// Starts each daemon and waits until it is ready. Returns why one could not be started or did
    /// not become ready, having stopped the ones already running.
    func start(_ daemons: [Daemon]) -> String? {
        for (index, daemon) in daemons.enumerated() {
            let label = "daemons[\(index)] \(daemon.name)"
            guard let command = daemon.command.first else { return "\(label): no command" }
            let path: String
            switch ExecutableSearch.find(command) {
            case .success(let found): path = found
            case .failure(let error):
                stop()
                return "\(label): \(error)"
            }
            let process: ChildProcess
            do {
                process = try ChildProcess.spawn(SpawnRequest(path: path, arguments: daemon.command, standardInput: .null,
                                                              standardOutput: .null, standardError: .pipe))
            } catch {
                stop()
                return "\(label): \(error)"
            }
            let tail = StderrTail(process.standardError)
            running.append(Running(daemon: daemon, process: process, stderr: tail))
            if let problem = waitUntilReady(daemon, process: process, stderr: tail) {
                stop()
                return "\(label) \(problem)"
            }
        }
        return nil
    }

    private func waitUntilReady(_ daemon: Daemon, process: ChildProcess, stderr: StderrTail) -> String? {
        let deadline = MonotonicInstant.now().adding(milliseconds: daemon.readyTimeoutMs)
        while true {
            if Self.isReady(daemon.ready) { return nil }
            if let status = process.reapIfExited() {
                stderr.finish()
                return "ended (\(status)) before it was ready\(stderr.text.map { "; it wrote: \($0)" } ?? "")"
            }
            if MonotonicInstant.now() >= deadline {
                return "was not ready after \(daemon.readyTimeoutMs) ms (waiting until \(daemon.ready))"
            }
            usleep(useconds_t(Self.pollMilliseconds * 1000))
        }
    }

    /// Stops the daemons, last started first: SIGTERM to each one's process group, SIGKILL after a
    /// second. Returns why the first that was no longer running had ended: a daemon that dies during
    /// the lookups leaves them talking to nothing, which must not pass for the resolver's behaviour.
    @discardableResult
    func stop() -> String? {
        var problem: String?
        for (index, entry) in running.enumerated().reversed() {
            if let status = entry.process.status ?? entry.process.reapIfExited() {
                entry.stderr.finish()
                problem = "daemons[\(index)] \(entry.daemon.name) ended (\(status)) while the lookups ran"
                    + (entry.stderr.text.map { "; it wrote: \($0)" } ?? "")
                continue
            }
            entry.process.signalGroup(SIGTERM)
            if !entry.process.waitForExit(until: MonotonicInstant.now().adding(milliseconds: 1000)) {
                entry.process.signalGroup(SIGKILL)
            }
            _ = entry.process.reap()
            entry.stderr.finish()
        }
        running.removeAll()
        return problem
    }

    static func isReady(_ readiness: Daemon.Readiness) -> Bool {
        switch readiness {
        case .path(let path): Self.pathIsReady(path)
        case .udp(let endpoint): SocketTable.hasSocket(at: endpoint, tcp: false)
        case .tcp(let endpoint): SocketTable.hasSocket(at: endpoint, tcp: true)
        }
    }
}

extension RunningDaemons {
    /// The path exists; when it is a UNIX socket, one that accepts a connection (nscd creates its
    /// socket a moment before it listens, and a client that finds it not listening asks DNS itself).
    static func pathIsReady(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        guard info.st_mode & S_IFMT == S_IFSOCK else { return true }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { Glibc.close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in bytes.enumerated() { buffer[index] = byte }
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        return connected == 0
    }
}

/// The bound sockets of this network namespace, from /proc/net/{udp,udp6,tcp,tcp6}.
enum SocketTable {
    /// A UDP socket bound to `endpoint` (or to the wildcard address on its port), or a TCP socket
    /// listening there.
    static func hasSocket(at endpoint: SocketAddress, tcp: Bool) -> Bool {
        let file = "/proc/net/\(tcp ? "tcp" : "udp")\(endpoint.address.bytes.count == 16 ? "6" : "")"
        guard let fd = try? FileDescriptor.open(file, .readOnly, options: .closeOnExec),
              let bytes = try? fd.readToEnd(limit: 1 << 22) else { return false }
        try? fd.close()
        return entries(String(decoding: bytes, as: UTF8.self), tcp: tcp).contains { local in
            local.port == endpoint.port && (local.address == endpoint.address || local.address.bytes.allSatisfy { $0 == 0 })
        }
    }

    /// The local addresses of the sockets listed in `table` that are bound (UDP) or listening (TCP).
    static func entries(_ table: String, tcp: Bool) -> [SocketAddress] {
        let wanted = tcp ? "0A" : "07"   // TCP_LISTEN; TCP_CLOSE is a bound UDP socket
        return table.split(separator: "\n").dropFirst().compactMap { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count > 3, fields[3] == wanted else { return nil }
            let parts = fields[1].split(separator: ":")
            guard parts.count == 2, let port = UInt16(parts[1], radix: 16) else { return nil }
            var bytes: [UInt8] = []
            var hex = parts[0][...]
            while hex.count >= 2, let byte = UInt8(hex.prefix(2), radix: 16) {
                bytes.append(byte)
                hex = hex.dropFirst(2)
            }
            // Each 32-bit word is printed in the machine's byte order.
            var ordered: [UInt8] = []
            for start in stride(from: 0, to: bytes.count, by: 4) {
                let word = Array(bytes[start..<min(start + 4, bytes.count)])
                ordered += UInt32(1).littleEndian == 1 ? word.reversed() : word
            }
            guard let address = IPAddress(bytes: ordered) else { return nil }
            return SocketAddress(address: address, port: port)
        }
    }
}

/// The last few KiB a daemon writes to standard error, read on a thread of its own so the daemon
/// never blocks on a full pipe.
final class StderrTail: @unchecked Sendable {
    static let keep = 2048
    private let kept = Mutex<[UInt8]>([])
    private var thread: JoinableThread?

    init(_ descriptor: FileDescriptor?) {
        guard let descriptor else { return }
        thread = try? JoinableThread { [self] in
            while let chunk = try? descriptor.readSome(), !chunk.isEmpty {
                self.kept.withLock { kept in
                    kept += chunk
                    if kept.count > Self.keep { kept.removeFirst(kept.count - Self.keep) }
                }
            }
            descriptor.closeIgnoringErrors()
        }
        if thread == nil { descriptor.closeIgnoringErrors() }
    }

    /// Waits for the end of the stream (the daemon and what it started have exited).
    func finish() {
        thread?.join()
        thread = nil
    }

    /// What was kept, on one line; nil when nothing was written.
    var text: String? {
        let bytes = kept.withLock { $0 }
        let text = String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline).joined(separator: " | ")
        return text.isEmpty ? nil : text
    }
}
