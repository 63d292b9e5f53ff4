import DNSWire
import CResolvLab
import Glibc
import ScenarioFormat
import Synchronization
import SystemCalls
import SystemPackage

/// The scripted DNS servers of a scenario, on UDP and TCP, run by one poll(2) loop on its own
/// thread while the lookups block the main thread.
public final class Responder: @unchecked Sendable {
    private let endpoints: [Endpoint]
    private let wakeRead: CInt
    private let wakeWrite: CInt
    private let log = Mutex<[ReceivedQuery]>([])
    private var thread: JoinableThread?

    /// One bound socket (UDP, or a TCP listener) of one server.
    private struct Endpoint {
        var fd: CInt
        var serverIndex: Int
        var transport: Transport
    }

    /// Binds every `serve` and `silent` server's sockets (`closed` ones get none). The addresses
    /// must already exist on an interface.
    public init(servers: [Server]) throws(ResponderError) {
        var endpoints: [Endpoint] = []
        do {
            for (index, server) in servers.enumerated() where server.mode != .closed {
                let address = SocketAddress(address: server.address, port: server.port)
                endpoints.append(Endpoint(fd: try Self.bind(address, transport: .udp), serverIndex: index, transport: .udp))
                endpoints.append(Endpoint(fd: try Self.bind(address, transport: .tcp), serverIndex: index, transport: .tcp))
            }
            let wake = try FileDescriptor.closeOnExecPipe()
            wakeRead = wake.readEnd.rawValue
            wakeWrite = wake.writeEnd.rawValue
        } catch {
            for endpoint in endpoints { close(endpoint.fd) }
            throw error as? ResponderError ?? .thread("\(error)")
        }
        self.endpoints = endpoints
        self.servers = servers
    }

    private let servers: [Server]

    deinit {
        for endpoint in endpoints { close(endpoint.fd) }
        close(wakeRead)
        close(wakeWrite)
    }

    private static func bind(_ address: SocketAddress, transport: Transport) throws(ResponderError) -> CInt {
        let kind = transport == .udp ? SOCK_DGRAM : SOCK_STREAM
        do {
            let fd = try Syscall.retrying {
                socket(address.family, Int32(kind.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
            }
            var on: CInt = 1
            // TCP only: on UDP, Linux lets a second SO_REUSEADDR socket share the port without an error.
            if transport == .tcp { setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<CInt>.size)) }
            if address.family == AF_INET6 {
                setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &on, socklen_t(MemoryLayout<CInt>.size))
            }
            do {
                try address.withSockaddr { raw, length throws(Errno) in
                    _ = try Syscall.retrying { Glibc.bind(fd, raw, length) }
                }
                if transport == .tcp { try Syscall.retrying { listen(fd, 64) } }
            } catch {
                close(fd)
                throw error
            }
            return fd
        } catch {
            throw .bind(endpoint: address.description, transport: transport, message: "\(error)")
        }
    }

    /// Starts answering on a background thread.
    public func start() throws(ResponderError) {
        let servers = self.servers
        let endpoints = self.endpoints
        let wake = wakeRead
        do {
            thread = try JoinableThread { [self] in
                var loop = EventLoop(servers: servers, endpoints: endpoints.map { ($0.fd, $0.serverIndex, $0.transport) },
                                     wake: wake) { entry in
                    self.log.withLock { $0.append(entry) }
                }
                loop.run()
            }
        } catch {
            throw .thread("\(error)")
        }
    }

    /// Stops the loop, waits for it, and returns every query received, in arrival order.
    public func stop() -> [ReceivedQuery] {
        var byte: UInt8 = 1
        _ = Glibc.write(wakeWrite, &byte, 1)
        thread?.join()
        thread = nil
        return log.withLock { $0 }
    }
}

/// The responder's poll loop: reads queries, asks each server's script, sends (possibly delayed) replies.
private struct EventLoop {
    struct Connection {
        var fd: CInt
        var serverIndex: Int
        var peer: SocketAddress
        var buffer: [UInt8] = []
    }

    struct PendingSend {
        var due: MonotonicInstant
        var fd: CInt
        var bytes: [UInt8]
        /// UDP destination; nil for a TCP connection.
        var peer: SocketAddress?
        /// TCP connections stay open until the reply is sent, even if the client half-closes.
        var connectionID: Int?
    }

    var servers: [Server]
    var scripts: [ServerScript]
    var endpoints: [(fd: CInt, serverIndex: Int, transport: Transport)]
    var wake: CInt
    var record: (ReceivedQuery) -> Void
    var connections: [Int: Connection] = [:]
    var nextConnectionID = 0
    var pending: [PendingSend] = []

    init(servers: [Server], endpoints: [(CInt, Int, Transport)], wake: CInt, record: @escaping (ReceivedQuery) -> Void) {
        self.servers = servers
        scripts = servers.map { ServerScript(server: $0) }
        self.endpoints = endpoints.map { (fd: $0.0, serverIndex: $0.1, transport: $0.2) }
        self.wake = wake
        self.record = record
    }

    mutating func run() {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            var fds = [pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
            for endpoint in endpoints { fds.append(pollfd(fd: endpoint.fd, events: Int16(POLLIN), revents: 0)) }
            let connectionIDs = Array(connections.keys)
            for id in connectionIDs { fds.append(pollfd(fd: connections[id]?.fd ?? -1, events: Int16(POLLIN), revents: 0)) }
            let now = MonotonicInstant.now()
            let timeout = pending.map { $0.due.remainingMilliseconds(from: now) }.min() ?? -1
            let ready = poll(&fds, nfds_t(fds.count), timeout)
            if ready < 0 && errno != EINTR { break }
            if fds[0].revents != 0 { break }
            for (offset, endpoint) in endpoints.enumerated() where fds[1 + offset].revents != 0 {
                if endpoint.transport == .udp {
                    receiveDatagrams(endpoint.fd, serverIndex: endpoint.serverIndex, buffer: &buffer)
                } else {
                    accept(endpoint.fd, serverIndex: endpoint.serverIndex)
                }
            }
            for (offset, id) in connectionIDs.enumerated() where fds[1 + endpoints.count + offset].revents != 0 {
                readConnection(id, buffer: &buffer)
            }
            sendDue()
        }
        for connection in connections.values { close(connection.fd) }
        for fd in closing { close(fd) }
    }

    mutating func receiveDatagrams(_ fd: CInt, serverIndex: Int, buffer: inout [UInt8]) {
        while true {
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let got = buffer.withUnsafeMutableBytes { raw in
                withUnsafeMutablePointer(to: &storage) { pointer in
                    pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        recvfrom(fd, raw.baseAddress, raw.count, Int32(MSG_DONTWAIT), $0, &length)
                    }
                }
            }
            guard got >= 0, let peer = SocketAddress(storage: storage) else { return }
            handle(Array(buffer[0..<got]), serverIndex: serverIndex, transport: .udp, fd: fd, peer: peer, connectionID: nil)
        }
    }

    mutating func accept(_ listener: CInt, serverIndex: Int) {
        while true {
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let fd = withUnsafeMutablePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    // Blocking sends (replies are written whole); reads use MSG_DONTWAIT.
                    resolvlab_accept4(listener, $0, &length, Int32(SOCK_CLOEXEC.rawValue))
                }
            }
            guard fd >= 0 else { return }
            guard let peer = SocketAddress(storage: storage) else { close(fd); continue }
            connections[nextConnectionID] = Connection(fd: fd, serverIndex: serverIndex, peer: peer)
            nextConnectionID += 1
        }
    }

    mutating func readConnection(_ id: Int, buffer: inout [UInt8]) {
        guard var connection = connections[id] else { return }
        let got = buffer.withUnsafeMutableBytes { Glibc.recv(connection.fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
        if got < 0 && (errno == EAGAIN || errno == EINTR) { return }
        if got <= 0 {
            // The client is done; a reply still queued for it is sent before the socket closes (in sendDue).
            connections[id] = nil
            if pending.contains(where: { $0.connectionID == id }) {
                closing.insert(connection.fd)
            } else {
                close(connection.fd)
            }
            return
        }
        connection.buffer.append(contentsOf: buffer[0..<got])
        let split = TCPFraming.split(connection.buffer)
        connection.buffer.removeFirst(split.consumed)
        connections[id] = connection
        for message in split.messages {
            handle(message, serverIndex: connection.serverIndex, transport: .tcp, fd: connection.fd,
                   peer: connection.peer, connectionID: id)
        }
    }

    /// Sockets of connections the client closed while a reply was still queued.
    var closing: Set<CInt> = []

    mutating func handle(_ bytes: [UInt8], serverIndex: Int, transport: Transport, fd: CInt, peer: SocketAddress, connectionID: Int?) {
        let server = servers[serverIndex]
        let header = try? DNSMessage.decodeQuestion(bytes)
        var entry = ReceivedQuery(
            timestampMicroseconds: WallClock.microseconds(), server: server.address.description, serverPort: server.port,
            transport: transport, client: peer.address.description, clientPort: peer.port,
            id: header?.id ?? (bytes.count >= 2 ? UInt16(bytes[0]) << 8 | UInt16(bytes[1]) : 0),   // the ID survives a damaged question
            name: header?.question?.name.description, type: header?.question?.type.description,
            outcome: "silent", ruleIndex: nil, delayMs: 0)
        if header?.isResponse == true { return }
        defer { record(entry) }
        guard server.mode == .serve else { return }
        let plan = scripts[serverIndex].respond(to: bytes, transport: transport)
        entry.outcome = plan.summary
        entry.ruleIndex = plan.ruleIndex
        entry.delayMs = plan.delayMs
        guard case .reply(let message) = plan.action, let encoded = try? message.encode() else { return }
        guard let payload = transport == .tcp ? try? TCPFraming.frame(encoded) : encoded else { return }
        pending.append(PendingSend(due: MonotonicInstant.now().adding(milliseconds: plan.delayMs), fd: fd,
                                   bytes: payload, peer: transport == .udp ? peer : nil, connectionID: connectionID))
        if plan.delayMs == 0 { sendDue() }
    }

    mutating func sendDue() {
        let now = MonotonicInstant.now()
        var later: [PendingSend] = []
        for send in pending {
            guard send.due <= now else { later.append(send); continue }
            if let peer = send.peer {
                _ = try? peer.withSockaddr { address, length throws(Errno) in
                    send.bytes.withUnsafeBytes { raw in
                        sendto(send.fd, raw.baseAddress, raw.count, Int32(MSG_DONTWAIT), address, length)
                    }
                }
            } else {
                _ = send.bytes.withUnsafeBytes { raw in Glibc.send(send.fd, raw.baseAddress, raw.count, Int32(MSG_NOSIGNAL)) }
            }
        }
        pending = later
        for fd in closing where !pending.contains(where: { $0.fd == fd }) {
            close(fd)
            closing.remove(fd)
        }
    }
}
