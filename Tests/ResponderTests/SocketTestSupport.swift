import DNSWire
import Glibc
import Responder
import ScenarioFormat
import SystemCalls
import Synchronization
import SystemPackage
import Testing

/// What a responder's servers received, from its thread.
final class MessageLog: Sendable {
    let messages = Mutex<[ReceivedMessage]>([])
}

/// A received message with what tests look at, read from its bytes.
struct LoggedQuery {
    var message: ReceivedMessage
    var server: String { message.server.address.description }
    var serverPort: UInt16 { message.server.port }
    var client: String { message.client.address.description }
    var clientPort: UInt16 { message.client.port }
    var transport: Transport { message.transport }
    var timestampMicroseconds: Int64 { message.at }
    var header: (id: UInt16, isResponse: Bool, question: DNSQuestion?)? { try? DNSMessage.decodeQuestion(message.bytes) }
    var id: UInt16 { header?.id ?? (message.bytes.count >= 2 ? UInt16(message.bytes[0]) << 8 | UInt16(message.bytes[1]) : 0) }
    var name: String? { header?.question?.name.description }
    var type: String? { header?.question?.type.description }

    init(_ message: ReceivedMessage) { self.message = message }
}

/// A client socket of the test, UDP or TCP, connected to one server; closed when released.
final class ClientSocket {
    let fd: CInt
    let transport: Transport
    /// Bytes read from a TCP stream that do not yet make a whole message.
    private var stream: [UInt8] = []

    init(_ transport: Transport, to server: SocketAddress) throws(Errno) {
        self.transport = transport
        let kind = transport == .udp ? SOCK_DGRAM : SOCK_STREAM
        fd = try Syscall.retrying { socket(server.family, Int32(kind.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
        do {
            try server.withSockaddr { address, length throws(Errno) in
                _ = try Syscall.retrying { connect(fd, address, length) }
            }
        } catch {
            Glibc.close(fd)
            throw error
        }
    }

    deinit { close() }

    private var closed = false

    func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(fd)
    }

    /// Makes `close` send a reset instead of a FIN.
    func resetOnClose() {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
    }

    /// The port the kernel picked for this socket: what the responder logs as the client port.
    var localPort: UInt16 {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return SocketAddress(storage: storage)?.port ?? 0
    }

    /// Sends one DNS message: a datagram, or a length-prefixed frame on TCP.
    func send(_ message: [UInt8]) throws {
        try sendRaw(transport == .tcp ? TCPFraming.frame(message) : message)
    }

    func sendRaw(_ bytes: [UInt8]) throws(Errno) {
        var offset = 0
        repeat {   // once even for no bytes: an empty datagram is still a datagram
            let sent = try bytes.withBytes { raw throws(Errno) in
                try Syscall.retrying { Glibc.send(fd, raw.baseAddress.map { $0 + offset }, raw.count - offset, Int32(MSG_NOSIGNAL)) }
            }
            offset += sent
        } while offset < bytes.count
    }

    /// The next DNS message from the server, or nil when none arrives within `timeoutMs` or the stream ends.
    func receive(timeoutMs: Int = 5000) throws(Errno) -> [UInt8]? {
        let deadline = MonotonicInstant.now().adding(milliseconds: timeoutMs)
        while true {
            if transport == .tcp {
                let split = TCPFraming.split(stream)
                if let first = split.messages.first {
                    stream.removeFirst(2 + first.count)
                    return first
                }
            }
            var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0)]
            let ready = try Syscall.retrying { poll(&fds, 1, deadline.remainingMilliseconds()) }
            if ready == 0 { return nil }
            var buffer = [UInt8](repeating: 0, count: 65536)
            let got = try buffer.withMutableBytes { raw throws(Errno) in
                try Syscall.retrying { recv(fd, raw.baseAddress, raw.count, 0) }
            }
            if transport == .udp { return Array(buffer[0..<got]) }
            if got == 0 { return nil }
            stream.append(contentsOf: buffer[0..<got])
        }
    }

    /// Sends `query` and decodes the reply; nil when none arrives in time.
    func exchange(_ query: DNSMessage, timeoutMs: Int = 5000) throws -> DNSMessage? {
        try send(query.encode())
        return try receive(timeoutMs: timeoutMs).map { try DNSMessage.decode($0) }
    }
}

enum Loopback {
    static let v4 = IPAddress.v4(IPv4Address(127, 0, 0, 1))
    static let v6 = IPAddress.v6(.loopback)

    /// Whether ::1 exists here (containers sometimes run without IPv6).
    static let hasIPv6: Bool = {
        guard let fd = try? Syscall.retrying({ socket(AF_INET6, Int32(SOCK_DGRAM.rawValue), 0) }) else { return false }
        defer { close(fd) }
        let bound = try? SocketAddress(address: v6, port: 0).withSockaddr { address, length throws(Errno) in
            try Syscall.retrying { bind(fd, address, length) }
        }
        return bound != nil
    }()
}

/// A started responder on a free port, stopped on `stop()` or when released.
final class RunningResponder {
    let responder: Responder
    /// The port of the first server; further servers of the test use the ports after it.
    let port: UInt16
    private var log: [LoggedQuery]?
    private let received = MessageLog()

    /// Builds the servers for a base port chosen at random above 20000, retrying while a port is taken.
    init(_ servers: (UInt16) throws -> [Server]) throws {
        var attempts = 0
        let received = self.received
        while true {
            let port = UInt16.random(in: 20000...31000)
            do {
                let responder = try Responder(servers: try servers(port), received: { message in
                    received.messages.withLock { $0.append(message) }
                })
                try responder.start()
                self.responder = responder
                self.port = port
                return
            } catch ResponderError.bind(let endpoint, let transport, let message) {
                attempts += 1
                if attempts >= 40 { throw ResponderError.bind(endpoint: endpoint, transport: transport, message: message) }
            }
        }
    }

    deinit { _ = stop() }

    /// Stops the responder once and returns every message its servers received, in order.
    func stop() -> [LoggedQuery] {
        if let log { return log }
        responder.stop()
        let logged = received.messages.withLock { $0 }.map(LoggedQuery.init)
        log = logged
        return logged
    }
}

func serve(_ address: IPAddress = Loopback.v4, port: UInt16, mode: Server.Mode = .serve, rules: [Rule] = [],
           otherwise: Server.Fallback = .nxdomain) throws -> Server {
    Server(address: address, port: port, mode: mode, records: try zone([
        "www.example.": ["A": ["192.0.2.1"], "AAAA": ["2001:db8::1"]],
        "big.example.": ["A": (1...40).map { "192.0.2.\($0)" }],
    ]), rules: rules, otherwise: otherwise)
}
