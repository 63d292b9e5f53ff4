import CResolvLab
import DNSWire
import Glibc
import ScenarioFormat
import SystemCalls
import SystemPackage

/// The scripted DNS servers of a scenario, on UDP and TCP, run by one poll(2) loop on its own
/// thread while the lookups block the main thread. Every socket is non-blocking and every
/// connection has its own output queue, so one client that pipelines queries and never reads its
/// answers cannot stall the others.
public final class Responder: @unchecked Sendable {
    private let servers: [Server]
    private let endpoints: [Endpoint]
    private let wake: WakeSignal
    private let received: @Sendable (ReceivedMessage) -> Void
    private var thread: JoinableThread?

    /// One bound socket (UDP, or a TCP listener) of one server.
    struct Endpoint {
        var fd: FileDescriptor
        var serverIndex: Int
        var transport: Transport
        var address: SocketAddress
        /// A UDP socket replies are sent from (`faults.sourcePort`, `sourceAddress`), never read.
        var sendOnly = false
    }

    /// Binds every `serve` and `silent` server's sockets (`closed` ones get none); the addresses must
    /// already exist on an interface. `received` is called on the responder's thread for every
    /// message a server receives, before it is answered.
    public init(servers: [Server], received: @escaping @Sendable (ReceivedMessage) -> Void = { _ in }) throws(ResponderError) {
        var endpoints: [Endpoint] = []
        do {
            for (index, server) in servers.enumerated() where server.mode != .closed {
                let address = SocketAddress(address: server.address, port: server.port)
                for transport in Transport.allCases where server.transports.contains(transport) {
                    endpoints.append(Endpoint(fd: try Self.bind(address, transport: transport), serverIndex: index,
                                              transport: transport, address: address))
                }
            }
            // Replies from elsewhere go out of a socket of their own, unless a server's UDP socket is there.
            for (index, server) in servers.enumerated() where server.mode == .serve {
                for rule in server.rules {
                    guard let source = Self.replySource(rule.shaping, of: server) else { continue }
                    if endpoints.contains(where: { $0.transport == .udp && $0.address == source }) { continue }
                    endpoints.append(Endpoint(fd: try Self.bind(source, transport: .udp), serverIndex: index, transport: .udp,
                                              address: source, sendOnly: true))
                }
            }
            wake = try Self.wakeSignal()
        } catch {
            for endpoint in endpoints { endpoint.fd.closeIgnoringErrors() }
            throw error
        }
        self.endpoints = endpoints
        self.servers = servers
        self.received = received
    }

    /// Where a rule's UDP replies come from when it is not the server's own socket.
    static func replySource(_ shaping: ReplyShaping, of server: Server) -> SocketAddress? {
        guard shaping.sourceAddress != nil || shaping.sourcePort != nil else { return nil }
        return SocketAddress(address: shaping.sourceAddress ?? server.address, port: shaping.sourcePort ?? server.port)
    }

    private static func wakeSignal() throws(ResponderError) -> WakeSignal {
        do {
            return try WakeSignal()
        } catch {
            throw .thread("\(error)")
        }
    }

    deinit {
        for endpoint in endpoints { endpoint.fd.closeIgnoringErrors() }
    }

    private static func bind(_ address: SocketAddress, transport: Transport) throws(ResponderError) -> FileDescriptor {
        do {
            let fd = try Sockets.open(family: address.family, type: Int32((transport == .udp ? SOCK_DGRAM : SOCK_STREAM).rawValue))
            do {
                // TCP only: on UDP, Linux lets a second SO_REUSEADDR socket share the port without an error.
                if transport == .tcp { try Sockets.setOption(fd, level: SOL_SOCKET, name: SO_REUSEADDR, value: 1) }
                if address.family == AF_INET6 { try Sockets.setOption(fd, level: Int32(IPPROTO_IPV6), name: IPV6_V6ONLY, value: 1) }
                try Sockets.bind(fd, to: address)
                if transport == .tcp { try Syscall.retrying { listen(fd.rawValue, 256) } }
            } catch {
                fd.closeIgnoringErrors()
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
        let wake = self.wake
        let received = self.received
        do {
            thread = try JoinableThread {
                var loop = ServingLoop(servers: servers, endpoints: endpoints, wake: wake, received: received)
                loop.run()
            }
        } catch {
            throw .thread("\(error)")
        }
    }

    /// Stops the loop and waits for it; replies still held back by `delayMs` are not sent.
    public func stop() {
        wake.signal()
        thread?.join()
        thread = nil
    }
}

/// The responder's poll loop: reads queries, asks each server's script, queues (possibly delayed) replies.
private struct ServingLoop {
    struct Connection {
        var fd: FileDescriptor
        var serverIndex: Int
        var peer: SocketAddress
        var local: SocketAddress
        var input: [UInt8] = []
        var output: [UInt8] = []
        /// The client closed its side: close ours once everything owed to it is sent.
        var clientDone = false
        /// A rule's `tcpClose`: close once what is queued is sent, reading nothing more.
        var closing = false
    }

    /// A reply held back until a query like `until` reaches its server (`holdUntil`).
    struct Held {
        var serverIndex: Int
        var until: QueryMatch
        var bytes: [UInt8]
        var target: Delayed.Target
    }

    struct Delayed {
        var due: MonotonicInstant
        var bytes: [UInt8]
        enum Target { case datagram(endpoint: Int, peer: SocketAddress), connection(Int) }
        var target: Target
    }

    /// A client that owes us this much unread output is not read from until it catches up.
    static let outputLimit = 1 << 20

    let servers: [Server]
    var scripts: [ServerScript]
    let endpoints: [Responder.Endpoint]
    let wake: WakeSignal
    let received: @Sendable (ReceivedMessage) -> Void
    var connections: [Int: Connection] = [:]
    var nextConnectionID = 0
    var delayed: [Delayed] = []
    var held: [Held] = []
    /// Datagrams the socket buffer had no room for, per endpoint, sent when it drains.
    var datagramBacklog: [Int: [(SocketAddress, [UInt8])]] = [:]
    var buffer = [UInt8](repeating: 0, count: 65536)

    init(servers: [Server], endpoints: [Responder.Endpoint], wake: WakeSignal, received: @escaping @Sendable (ReceivedMessage) -> Void) {
        self.servers = servers
        scripts = servers.map { ServerScript(server: $0) }
        self.endpoints = endpoints
        self.wake = wake
        self.received = received
    }

    mutating func run() {
        while true {
            var entries = [PollEntry(wake.readable)]
            for (index, endpoint) in endpoints.enumerated() {
                var events = endpoint.sendOnly ? 0 : PollEntry.readable
                if !(datagramBacklog[index]?.isEmpty ?? true) { events |= PollEntry.writable }
                entries.append(PollEntry(endpoint.fd, events: events))
            }
            let ids = Array(connections.keys)
            for id in ids {
                guard let connection = connections[id] else { continue }
                var events: Int16 = 0
                if connection.output.count < Self.outputLimit && !connection.clientDone && !connection.closing {
                    events |= PollEntry.readable
                }
                if !connection.output.isEmpty { events |= PollEntry.writable }
                entries.append(PollEntry(connection.fd, events: events))
            }
            let due = delayed.map(\.due).min()
            guard (try? Poll.wait(&entries, until: due)) != nil else { break }
            if entries[0].isReady { break }
            for (index, endpoint) in endpoints.enumerated() where entries[1 + index].isReady {
                if entries[1 + index].returned & PollEntry.writable != 0 { flushDatagrams(index) }
                guard entries[1 + index].returned & PollEntry.readable != 0 else { continue }
                if endpoint.transport == .udp { receiveDatagrams(index) } else { accept(index) }
            }
            for (offset, id) in ids.enumerated() {
                let entry = entries[1 + endpoints.count + offset]
                guard entry.isReady else { continue }
                if entry.returned & PollEntry.writable != 0 || entry.returned & Int16(POLLERR | POLLHUP) != 0 { flush(id) }
                if entry.returned & (PollEntry.readable | Int16(POLLHUP | POLLERR)) != 0 { read(id) }
            }
            sendDue()
        }
        for connection in connections.values { connection.fd.closeIgnoringErrors() }
    }

    mutating func receiveDatagrams(_ index: Int) {
        let endpoint = endpoints[index]
        while let (length, peer) = (try? Sockets.receive(endpoint.fd, into: &buffer)) ?? nil {
            handle(Array(buffer[0..<length]), serverIndex: endpoint.serverIndex, transport: .udp, local: endpoint.address,
                   peer: peer, reply: .datagram(endpoint: index, peer: peer))
        }
    }

    mutating func accept(_ index: Int) {
        let endpoint = endpoints[index]
        while let (fd, peer) = (try? Sockets.accept(endpoint.fd)) ?? nil {
            connections[nextConnectionID] = Connection(fd: fd, serverIndex: endpoint.serverIndex, peer: peer, local: endpoint.address)
            nextConnectionID += 1
        }
    }

    mutating func read(_ id: Int) {
        guard var connection = connections[id] else { return }
        let chunk: [UInt8]?
        do {
            chunk = try Sockets.receive(connection.fd)
        } catch {
            chunk = []   // reset: the client is gone
        }
        guard let chunk else { return }
        if chunk.isEmpty {
            connection.clientDone = true
            connections[id] = connection
            closeIfDone(id)
            return
        }
        connection.input += chunk
        let split = TCPFraming.split(connection.input)
        connection.input.removeFirst(split.consumed)
        connections[id] = connection
        for message in split.messages {
            handle(message, serverIndex: connection.serverIndex, transport: .tcp, local: connection.local, peer: connection.peer,
                   reply: .connection(id))
        }
    }

    mutating func handle(_ bytes: [UInt8], serverIndex: Int, transport: Transport, local: SocketAddress, peer: SocketAddress,
                         reply target: Delayed.Target) {
        received(ReceivedMessage(at: WallClock.microseconds(), server: local, client: peer, transport: transport, bytes: bytes))
        // A server never answers a response; a silent server answers nothing.
        if bytes.count >= 3, bytes[2] & 0x80 != 0 { return }
        guard servers[serverIndex].mode == .serve else { return }
        let plan = scripts[serverIndex].respond(to: bytes, transport: transport, client: peer)
        // Replies held for a query like this one go after this one's own reply.
        let released = plan.question.map { question in
            held.indices.filter { held[$0].serverIndex == serverIndex && held[$0].until.matches(question) }
        } ?? []
        defer {
            let replies = released.map { held[$0] }
            for index in released.reversed() { held.remove(at: index) }
            for reply in replies {
                send(reply.bytes, to: reply.target)
                if case .connection(let id) = reply.target { closeIfDone(id) }
            }
        }
        guard case .reply(let message) = plan.action else { return }
        // An answer too large for any message (a long CNAME chain into a big RRset; a single RRset
        // that large is refused when the scenario is read) gets SERVFAIL, as a real server's would,
        // rather than no reply at all, which would read as a silent server.
        guard let encoded = (try? message.encode()) ?? (try? Self.serverFailure(for: message).encode()) else { return }
        let wire = ReplyBytes.apply(plan.shaping, to: encoded, id: message.id)
        var target = target
        if case .datagram(_, let peer) = target, let source = Responder.replySource(plan.shaping, of: servers[serverIndex]),
           let endpoint = endpoints.firstIndex(where: { $0.transport == .udp && $0.address == source }) {
            target = .datagram(endpoint: endpoint, peer: peer)
        }
        let payload: [UInt8]
        if transport == .tcp {
            guard let framed = ReplyBytes.tcpPayload(wire, close: plan.shaping.tcpClose) else { return }
            payload = framed
        } else {
            payload = wire
        }
        let copies = Array(repeating: payload, count: plan.shaping.copies).flatMap { $0 }
        // TCP copies are one stream; UDP copies are datagrams of their own.
        let units = transport == .tcp ? [copies] : Array(repeating: payload, count: plan.shaping.copies)
        if plan.shaping.tcpClose != nil, case .connection(let id) = target { connections[id]?.closing = true }
        for unit in units {
            if let until = plan.holdUntil {
                held.append(Held(serverIndex: serverIndex, until: until, bytes: unit, target: target))
            } else if plan.delayMs > 0 {
                delayed.append(Delayed(due: MonotonicInstant.now().adding(milliseconds: plan.delayMs), bytes: unit, target: target))
            } else {
                send(unit, to: target)
            }
        }
        if case .connection(let id) = target { closeIfDone(id) }
    }

    static func serverFailure(for message: DNSMessage) -> DNSMessage {
        var failure = message
        failure.rcode = .SERVFAIL
        failure.authoritativeAnswer = false
        failure.answers = []
        failure.authorities = []
        failure.additionals = []
        return failure
    }

    mutating func send(_ bytes: [UInt8], to target: Delayed.Target) {
        switch target {
        case .datagram(let index, let peer):
            if !(datagramBacklog[index]?.isEmpty ?? true) {
                datagramBacklog[index, default: []].append((peer, bytes))
                return
            }
            do {
                try Sockets.send(endpoints[index].fd, bytes, to: peer)
            } catch .wouldBlock {
                datagramBacklog[index, default: []].append((peer, bytes))
            } catch {
                // The client's port is gone (ICMP came back to an earlier datagram): nothing to do.
            }
        case .connection(let id):
            guard connections[id] != nil else { return }
            connections[id]?.output += bytes
            flush(id)
        }
    }

    mutating func flushDatagrams(_ index: Int) {
        guard var backlog = datagramBacklog[index] else { return }
        while let (peer, bytes) = backlog.first {
            do {
                try Sockets.send(endpoints[index].fd, bytes, to: peer)
            } catch .wouldBlock {
                break
            } catch {}
            backlog.removeFirst()
        }
        datagramBacklog[index] = backlog
    }

    mutating func flush(_ id: Int) {
        guard var connection = connections[id] else { return }
        while !connection.output.isEmpty {
            do {
                let sent = try Sockets.send(connection.fd, connection.output[...])
                connection.output.removeFirst(sent)
            } catch .wouldBlock {
                break
            } catch {
                // Reset by the client: what it did not read is lost, as with a real server.
                connection.output.removeAll()
                connection.clientDone = true
            }
        }
        connections[id] = connection
        closeIfDone(id)
    }

    /// Closes a connection the client has finished with (or a rule closes), once no reply is owed
    /// or held back for it.
    mutating func closeIfDone(_ id: Int) {
        guard let connection = connections[id], connection.clientDone || connection.closing, connection.output.isEmpty else { return }
        let waiting = delayed.contains { if case .connection(id) = $0.target { true } else { false } }
            || held.contains { if case .connection(id) = $0.target { true } else { false } }
        guard !waiting else { return }
        connection.fd.closeIgnoringErrors()
        connections[id] = nil
    }

    mutating func sendDue() {
        let now = MonotonicInstant.now()
        let ready = delayed.filter { $0.due <= now }
        guard !ready.isEmpty else { return }
        delayed.removeAll { $0.due <= now }
        for item in ready {
            send(item.bytes, to: item.target)
            if case .connection(let id) = item.target { closeIfDone(id) }
        }
    }
}
