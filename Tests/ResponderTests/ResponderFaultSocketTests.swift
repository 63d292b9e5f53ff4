import DNSWire
import Glibc
import Responder
import ScenarioFormat
import SystemCalls
import SystemPackage
import Testing

/// Misbehaviour on real loopback sockets: what a client receives, and from where, when a rule sends
/// copies, holds a reply, closes a connection, or answers from another port; servers on one transport.
@Suite struct ResponderFaultSocketTests {
    func endpoint(_ port: UInt16) -> SocketAddress { SocketAddress(address: Loopback.v4, port: port) }

    @Test("a UDP-only server resets TCP connections; a TCP-only one answers nothing over UDP")
    func oneTransport() throws {
        let running = try RunningResponder { port in
            var udpOnly = try serve(port: port)
            udpOnly.transports = [.udp]
            var tcpOnly = try serve(port: port + 1)
            tcpOnly.transports = [.tcp]
            return [udpOnly, tcpOnly]
        }
        #expect(try ClientSocket(.udp, to: endpoint(running.port)).exchange(try query("www.example.", .A)) != nil)
        #expect(throws: Errno.connectionRefused) { _ = try ClientSocket(.tcp, to: endpoint(running.port)) }
        #expect(try ClientSocket(.tcp, to: endpoint(running.port + 1)).exchange(try query("www.example.", .A)) != nil)
        let udp = try ClientSocket(.udp, to: endpoint(running.port + 1))
        try udp.send(try query("www.example.", .A).encode())
        #expect(throws: Errno.connectionRefused, "ICMP port unreachable comes back") { _ = try udp.receive(timeoutMs: 500) }
    }

    @Test("copies: the same reply arrives that many times", arguments: Transport.allCases)
    func copies(transport: Transport) throws {
        var rule = Rule()
        rule.shaping.copies = 3
        let running = try RunningResponder { port in [try serve(port: port, rules: [rule])] }
        let client = try ClientSocket(transport, to: endpoint(running.port))
        try client.send(try query("www.example.", .A, id: 77).encode())
        let replies = (0..<4).compactMap { _ in try? client.receive(timeoutMs: 300) }
        #expect(replies.count == 3)
        #expect(Set(replies).count == 1)
    }

    @Test("holdUntil: the A reply waits for the AAAA query, and arrives after the AAAA reply")
    func heldUntilLaterQuery() throws {
        var rule = Rule(type: .A)
        rule.holdUntil = QueryMatch(type: .AAAA)
        let running = try RunningResponder { port in [try serve(port: port, rules: [rule])] }
        let client = try ClientSocket(.udp, to: endpoint(running.port))
        try client.send(try query("www.example.", .A, id: 1).encode())
        #expect(try client.receive(timeoutMs: 300) == nil, "held")
        try client.send(try query("www.example.", .AAAA, id: 2).encode())
        let first = try #require(try client.receive()).prefix(2)
        let second = try #require(try client.receive()).prefix(2)
        #expect([Array(first), Array(second)] == [[0, 2], [0, 1]])
    }

    @Test("tcpClose: the client reads what the rule lets through, then the end of the stream",
          arguments: [(ReplyShaping.TCPClose.beforeReply, 0), (.afterLength, 2), (.midMessage, 2 + 45 / 2)])
    func tcpClose(close: ReplyShaping.TCPClose, bytes: Int) throws {
        var rule = Rule(transport: .tcp)
        rule.shaping.tcpClose = close
        let running = try RunningResponder { port in [try serve(port: port, rules: [rule])] }
        let client = try ClientSocket(.tcp, to: endpoint(running.port))
        try client.send(try query("www.example.", .A).encode())
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            var fds = [pollfd(fd: client.fd, events: Int16(POLLIN), revents: 0)]
            guard try Syscall.retrying({ poll(&fds, 1, 3000) }) > 0 else {
                Issue.record("the connection was not closed")
                break
            }
            let got = recv(client.fd, &buffer, buffer.count, 0)
            if got <= 0 { break }
            received += buffer[0..<got]
        }
        #expect(received.count == bytes)
        if bytes >= 2 { #expect(Array(received.prefix(2)) == [0, 45], "the prefix promises the whole message") }
    }

    @Test("sourcePort: the UDP reply comes from another port of the server's address")
    func sourcePort() throws {
        let running = try RunningResponder { port in
            var rule = Rule()
            rule.shaping.sourcePort = port + 1
            return [try serve(port: port, rules: [rule])]
        }
        let fd = try Syscall.retrying { socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
        defer { close(fd) }
        let bytes = try query("www.example.", .A, id: 9).encode()
        let sent = try endpoint(running.port).withSockaddr { address, length in
            bytes.withUnsafeBytes { sendto(fd, $0.baseAddress, $0.count, 0, address, length) }
        }
        #expect(sent == bytes.count)
        var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0)]
        #expect(try Syscall.retrying { poll(&fds, 1, 3000) } == 1)
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        var buffer = [UInt8](repeating: 0, count: 512)
        let got = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(fd, &buffer, buffer.count, 0, $0, &length) }
        }
        #expect(got > 12)
        #expect(SocketAddress(storage: storage)?.port == running.port + 1)
        #expect(Array(buffer.prefix(2)) == [0, 9])
    }
}
