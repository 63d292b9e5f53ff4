import DNSWire
import Glibc
import Responder
import ScenarioFormat
import SystemCalls
import SystemPackage
import Testing

/// The responder on real loopback sockets: UDP and TCP servers, the query log, modes, delays, shutdown.
@Suite struct ResponderSocketTests {
    func endpoint(_ port: UInt16, _ address: IPAddress = Loopback.v4) -> SocketAddress {
        SocketAddress(address: address, port: port)
    }

    func answersQueries(on address: IPAddress, over transport: Transport) throws {
        let running = try RunningResponder { port in [try serve(address, port: port)] }
        let client = try ClientSocket(transport, to: endpoint(running.port, address))
        let reply = try #require(try client.exchange(try query("www.example.", .A, id: 0x1001)), "no reply")
        #expect(reply.id == 0x1001)
        #expect(reply.isResponse)
        #expect(reply.rcode == .NOERROR)
        #expect(reply.answers.map(\.data) == [.a(IPv4Address(192, 0, 2, 1))])
    }

    @Test("a server on 127.0.0.1 answers a query", arguments: Transport.allCases)
    func answersOverIPv4(transport: Transport) throws {
        try answersQueries(on: Loopback.v4, over: transport)
    }

    @Test("a server on ::1 answers a query", .enabled(if: Loopback.hasIPv6), arguments: Transport.allCases)
    func answersOverIPv6(transport: Transport) throws {
        try answersQueries(on: Loopback.v6, over: transport)
    }

    @Test("a big answer is truncated over UDP and sent whole over TCP")
    func bigAnswer() throws {
        let running = try RunningResponder { port in [try serve(port: port)] }
        let udp = try #require(try ClientSocket(.udp, to: endpoint(running.port)).exchange(try query("big.example.", .A)))
        #expect(udp.truncated)
        #expect(udp.answers.isEmpty)
        let tcp = try #require(try ClientSocket(.tcp, to: endpoint(running.port)).exchange(try query("big.example.", .A)))
        #expect(!tcp.truncated)
        #expect(tcp.answers.count == 40)
    }

    /// A single RRset that large is refused when a scenario is read; a CNAME chain into a big one
    /// can still add up past 65,535 bytes. Then SERVFAIL, not silence (which reads as a dead server).
    @Test("an answer too large for any DNS message is SERVFAIL over TCP, not silence")
    func answerTooLargeForAnyMessage() throws {
        var table = RecordTable()
        let label = String(repeating: "x", count: 60)
        for index in 0..<40 {
            table.add(owner: try DNSName("\(label).\(index).example."), isWildcard: false, type: .CNAME,
                      data: [.cname(try DNSName("\(label).\(index + 1).example."))])
        }
        let addresses = (0..<4000).map { RData.a(IPv4Address(10, UInt8($0 >> 16), UInt8(($0 >> 8) & 255), UInt8($0 & 255))) }
        table.add(owner: try DNSName("\(label).40.example."), isWildcard: false, type: .A, data: addresses)
        let running = try RunningResponder { port in
            [Server(address: Loopback.v4, port: port, mode: .serve, records: table, rules: [], otherwise: .nxdomain)]
        }
        let reply = try #require(try ClientSocket(.tcp, to: endpoint(running.port)).exchange(try query("\(label).0.example.", .A)),
                                 "a reply, not silence")
        #expect(reply.rcode == .SERVFAIL)
        #expect(reply.answers.isEmpty)
        // The same chain into a small RRset is answered whole.
        let small = try #require(try ClientSocket(.tcp, to: endpoint(running.port)).exchange(try query("\(label).39.example.", .CNAME)))
        #expect(small.rcode == .NOERROR)
    }

    @Test("every message is reported with server, port, transport, client, id, name and type, in order")
    func logContents() throws {
        let running = try RunningResponder { port in [try serve(port: port)] }
        let udp = try ClientSocket(.udp, to: endpoint(running.port))
        let tcp = try ClientSocket(.tcp, to: endpoint(running.port))
        #expect(try udp.exchange(try query("www.example.", .A, id: 0x2001)) != nil)
        #expect(try tcp.exchange(try query("Nope.Example.", .AAAA, id: 0x2002)) != nil)
        let log = running.stop()
        try #require(log.count == 2)
        #expect(log[0].server == "127.0.0.1")
        #expect(log[0].serverPort == running.port)
        #expect(log[0].transport == .udp)
        #expect(log[0].client == "127.0.0.1")
        #expect(log[0].clientPort == udp.localPort)
        #expect(log[0].id == 0x2001)
        #expect(log[0].name == "www.example.")
        #expect(log[0].type == "A")
        #expect(log[1].transport == .tcp)
        #expect(log[1].serverPort == running.port)
        #expect(log[1].clientPort == tcp.localPort)
        #expect(log[1].id == 0x2002)
        #expect(log[1].name?.lowercased() == "nope.example.")
        #expect(log[1].type == "AAAA")
        #expect(log[0].timestampMicroseconds <= log[1].timestampMicroseconds)
    }

    @Test("a truncated and a dropped query are reported like any other, before they are answered or not")
    func logRulesAndOutcomes() throws {
        let running = try RunningResponder { port in
            [try serve(port: port, rules: [Rule(type: .AAAA, reply: .truncate), Rule(type: .TXT, reply: .drop)])]
        }
        let client = try ClientSocket(.udp, to: endpoint(running.port))
        #expect(try client.exchange(try query("www.example.", .AAAA, id: 1))?.truncated == true)
        #expect(try client.exchange(try query("www.example.", .TXT, id: 2), timeoutMs: 200) == nil)
        #expect(try client.exchange(try query("www.example.", .A, id: 3)) != nil)
        let log = running.stop()
        #expect(log.map(\.id) == [1, 2, 3])
    }

    @Test("a silent server reads and logs queries but never answers", arguments: Transport.allCases)
    func silent(transport: Transport) throws {
        let running = try RunningResponder { port in [try serve(port: port, mode: .silent)] }
        let client = try ClientSocket(transport, to: endpoint(running.port))
        #expect(try client.exchange(try query("www.example.", .A, id: 0x3001), timeoutMs: 300) == nil)
        #expect(try client.exchange(try query("www.example.", .A, id: 0x3002), timeoutMs: 300) == nil)
        let log = running.stop()
        #expect(log.map(\.id) == [0x3001, 0x3002])
        #expect(log.allSatisfy { $0.transport == transport && $0.name == "www.example." })
    }

    @Test("a closed server binds nothing; the other servers still answer")
    func closed() throws {
        let running = try RunningResponder { port in
            [try serve(port: port, mode: .closed), try serve(port: port + 1)]
        }
        // The closed server's port is free for anyone, UDP and TCP.
        for transport in Transport.allCases {
            let kind = transport == .udp ? SOCK_DGRAM : SOCK_STREAM
            let fd = try Syscall.retrying { socket(AF_INET, Int32(kind.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
            defer { close(fd) }
            do {
                try endpoint(running.port).withSockaddr { address, length throws(Errno) in
                    _ = try Syscall.retrying { bind(fd, address, length) }
                }
            } catch {
                Issue.record("\(transport) port \(running.port) is taken: \(error)")
            }
        }
        #expect(throws: Errno.connectionRefused) { _ = try ClientSocket(.tcp, to: endpoint(running.port)) }
        let other = try ClientSocket(.udp, to: endpoint(running.port + 1))
        #expect(try other.exchange(try query("www.example.", .A)) != nil)
        #expect(running.stop().map(\.serverPort) == [running.port + 1])
    }

    @Test("delayMs holds the reply back at least that long; the query is reported when it arrives", arguments: Transport.allCases)
    func delay(transport: Transport) throws {
        let running = try RunningResponder { port in [try serve(port: port, rules: [Rule(type: .A, delayMs: 300)])] }
        let client = try ClientSocket(transport, to: endpoint(running.port))
        let start = MonotonicInstant.now()
        let reply = try #require(try client.exchange(try query("www.example.", .A)))
        let elapsed = start.milliseconds(to: .now())
        #expect(elapsed >= 300)
        #expect(reply.answers.count == 1)
        #expect(running.stop().map(\.id).count == 1)
    }

    @Test("a delayed reply does not hold up answers to other queries")
    func delayDoesNotBlock() throws {
        let running = try RunningResponder { port in [try serve(port: port, rules: [Rule(type: .A, delayMs: 2000)])] }
        let slow = try ClientSocket(.udp, to: endpoint(running.port))
        try slow.send(try query("www.example.", .A, id: 1).encode())
        let fast = try ClientSocket(.udp, to: endpoint(running.port))
        #expect(try fast.exchange(try query("www.example.", .AAAA, id: 2))?.id == 2)
        #expect(try slow.receive(timeoutMs: 0) == nil, "the delayed reply came first")
        #expect(try slow.receive().map { try DNSMessage.decode($0).id } == 1)
    }

    @Test("two queries pipelined on one TCP connection both get answers")
    func pipelined() throws {
        let running = try RunningResponder { port in [try serve(port: port)] }
        let client = try ClientSocket(.tcp, to: endpoint(running.port))
        let first = try TCPFraming.frame(try query("www.example.", .A, id: 0x4001).encode())
        let second = try TCPFraming.frame(try query("www.example.", .AAAA, id: 0x4002).encode())
        try client.sendRaw(first + second)
        let replies = try [client.receive(), client.receive()].map { try DNSMessage.decode(try #require($0)) }
        #expect(Set(replies.map(\.id)) == [0x4001, 0x4002])
        #expect(replies.allSatisfy { $0.answers.count == 1 })
        #expect(running.stop().map(\.id).sorted() == [0x4001, 0x4002])
    }

    @Test("a query split across TCP segments is reassembled")
    func splitAcrossSegments() throws {
        let running = try RunningResponder { port in [try serve(port: port)] }
        let client = try ClientSocket(.tcp, to: endpoint(running.port))
        let frame = try TCPFraming.frame(try query("www.example.", .A, id: 0x4101).encode())
        try client.sendRaw(Array(frame.prefix(1)))
        usleep(50_000)
        try client.sendRaw(Array(frame.dropFirst(1).prefix(10)))
        usleep(50_000)
        try client.sendRaw(Array(frame.dropFirst(11)))
        let reply = try DNSMessage.decode(try #require(try client.receive()))
        #expect(reply.id == 0x4101)
    }

    @Test("a TCP client that closes right after sending is still logged, and the responder keeps serving")
    func tcpClientClosesEarly() throws {
        let running = try RunningResponder { port in [try serve(port: port)] }
        let hasty = try ClientSocket(.tcp, to: endpoint(running.port))
        try hasty.send(try query("www.example.", .A, id: 0x5001).encode())
        hasty.close()
        // Accepted after the hasty connection, so its query is read no later than this one's.
        let next = try ClientSocket(.tcp, to: endpoint(running.port))
        #expect(try next.exchange(try query("www.example.", .A, id: 0x5002))?.id == 0x5002)
        let log = running.stop()
        #expect(log.contains { $0.id == 0x5001 && $0.transport == .tcp && $0.name == "www.example." })
    }

    @Test("a TCP client that resets right after sending does not stop the responder")
    func tcpClientResets() throws {
        let running = try RunningResponder { port in [try serve(port: port, rules: [Rule(type: .AAAA, delayMs: 100)])] }
        for type in [DNSType.A, .AAAA] {
            let rude = try ClientSocket(.tcp, to: endpoint(running.port))
            try rude.send(try query("big.example.", type).encode())
            rude.resetOnClose()
            rude.close()
        }
        usleep(200_000)
        for transport in Transport.allCases {
            let client = try ClientSocket(transport, to: endpoint(running.port))
            #expect(try client.exchange(try query("www.example.", .A, id: 0x5101))?.id == 0x5101)
        }
    }

    @Test("a delayed TCP reply still reaches a client that half-closed its side")
    func halfClosedGetsDelayedReply() throws {
        let running = try RunningResponder { port in [try serve(port: port, rules: [Rule(type: .A, delayMs: 200)])] }
        let client = try ClientSocket(.tcp, to: endpoint(running.port))
        try client.send(try query("www.example.", .A, id: 0x5201).encode())
        shutdown(client.fd, Int32(SHUT_WR))
        let reply = try DNSMessage.decode(try #require(try client.receive()))
        #expect(reply.id == 0x5201)
    }

    @Test("undecodable datagrams are logged with their ID and answered FORMERR; the responder keeps serving")
    func garbage() throws {
        let running = try RunningResponder { port in [try serve(port: port)] }
        let client = try ClientSocket(.udp, to: endpoint(running.port))
        try client.sendRaw([0xAB, 0xCD, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0xC0, 0x0C])
        let formerr = try DNSMessage.decode(try #require(try client.receive()))
        #expect(formerr.id == 0xABCD)
        #expect(formerr.rcode == .FORMERR)
        try client.sendRaw([])
        try client.sendRaw([0x01])
        #expect(try client.exchange(try query("www.example.", .A, id: 0x6001))?.id == 0x6001)
        let log = running.stop()
        #expect(log.count == 4)
        #expect(log.first?.id == 0xABCD)
        #expect(log.first?.name == nil)
        #expect(log.last?.id == 0x6001)
    }

    @Test("a zero-length TCP frame does not stop the connection from being served")
    func emptyTCPFrame() throws {
        let running = try RunningResponder { port in [try serve(port: port)] }
        let client = try ClientSocket(.tcp, to: endpoint(running.port))
        try client.sendRaw([0, 0])
        #expect(try client.exchange(try query("www.example.", .A, id: 0x6101))?.id == 0x6101)
    }

    @Test("a response sent to the server is not answered")
    func responseNotAnswered() throws {
        let running = try RunningResponder { port in [try serve(port: port)] }
        let client = try ClientSocket(.udp, to: endpoint(running.port))
        var response = try query("www.example.", .A, id: 0x6201).makeResponse()
        response.recursionAvailable = true
        try client.send(try response.encode())
        #expect(try client.receive(timeoutMs: 300) == nil)
    }

    @Test("one server's rule counters are shared by its UDP and TCP listeners")
    func countersSharedAcrossTransports() throws {
        let running = try RunningResponder { port in [try serve(port: port, rules: [Rule(reply: .servfail, times: 1)])] }
        let udp = try ClientSocket(.udp, to: endpoint(running.port))
        let tcp = try ClientSocket(.tcp, to: endpoint(running.port))
        #expect(try udp.exchange(try query("www.example.", .A))?.rcode == .SERVFAIL)
        #expect(try tcp.exchange(try query("www.example.", .A))?.rcode == .NOERROR)
    }

    @Test("each server answers from its own script")
    func serversKeptApart() throws {
        let running = try RunningResponder { port in
            [try serve(port: port, rules: [Rule(reply: .refused)]), try serve(port: port + 1)]
        }
        let first = try ClientSocket(.udp, to: endpoint(running.port))
        let second = try ClientSocket(.udp, to: endpoint(running.port + 1))
        #expect(try first.exchange(try query("www.example.", .A))?.rcode == .REFUSED)
        #expect(try second.exchange(try query("www.example.", .A))?.rcode == .NOERROR)
        #expect(running.stop().map(\.serverPort) == [running.port, running.port + 1])
    }

    @Test("a port already in use is reported as a bind error naming the endpoint")
    func portInUse() throws {
        let running = try RunningResponder { port in [try serve(port: port)] }
        #expect {
            _ = try Responder(servers: [try serve(port: running.port)])
        } throws: { error in
            guard case ResponderError.bind(let endpoint, _, _) = error else { return false }
            return endpoint.contains("127.0.0.1") && endpoint.contains(String(running.port))
        }
    }

    @Test("a UDP port held by another socket is a bind error, even when that socket allows address reuse")
    func udpPortInUse() throws {
        let fd = try Syscall.retrying { socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
        defer { close(fd) }
        var on: CInt = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<CInt>.size))
        try endpoint(0).withSockaddr { address, length throws(Errno) in _ = try Syscall.retrying { bind(fd, address, length) } }
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        let port = try #require(SocketAddress(storage: storage)?.port)
        #expect {
            _ = try Responder(servers: [try serve(port: port)])
        } throws: { error in
            guard case ResponderError.bind(_, let transport, _) = error else { return false }
            return transport == .udp
        }
    }

    @Test("stop() returns promptly with a reply still delayed and an idle connection open, and logs the delayed query")
    func stopIsPrompt() throws {
        let running = try RunningResponder { port in [try serve(port: port, rules: [Rule(type: .A, delayMs: 60_000)])] }
        let delayed = try ClientSocket(.udp, to: endpoint(running.port))
        try delayed.send(try query("www.example.", .A, id: 0x7001).encode())
        // An answered query proves the delayed one, sent earlier on the same socket path, was read.
        #expect(try delayed.exchange(try query("www.example.", .AAAA, id: 0x7002))?.id == 0x7002)
        let idle = try ClientSocket(.tcp, to: endpoint(running.port))
        let start = MonotonicInstant.now()
        let log = running.stop()
        #expect(start.milliseconds(to: .now()) < 5000)
        #expect(log.map(\.id) == [0x7001, 0x7002])
        idle.close()
    }

    @Test("stop() on a responder that never started returns at once")
    func stopWithoutStart() throws {
        var port: UInt16 = 0
        var responder: Responder?
        for _ in 0..<40 where responder == nil {
            port = UInt16.random(in: 20000...31000)
            responder = try? Responder(servers: [try serve(port: port)])
        }
        let start = MonotonicInstant.now()
        try #require(responder).stop()
        #expect(start.milliseconds(to: .now()) < 1000)
    }

    @Test("a TCP client that pipelines queries and never reads its answers does not stall the other clients")
    func pipeliningClientDoesNotBlock() throws {
        let running = try RunningResponder { port in [try serve(port: port)] }
        // Thousands of queries for a 40-record answer, answers never read: the replies fill the
        // socket buffers; the server must go on serving everyone else.
        let hog = try ClientSocket(.tcp, to: endpoint(running.port))
        let framed = try TCPFraming.frame(try query("big.example.", .A, id: 0x7101).encode())
        let burst = Array(repeating: framed, count: 4000).flatMap { $0 }
        var flags = fcntl(hog.fd, F_GETFL)
        flags |= O_NONBLOCK
        _ = fcntl(hog.fd, F_SETFL, flags)
        var offset = 0
        let sendDeadline = MonotonicInstant.now().adding(milliseconds: 2000)
        while offset < burst.count, MonotonicInstant.now() < sendDeadline {
            let sent = burst[offset...].withUnsafeBytes { Glibc.send(hog.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent > 0 { offset += sent } else { usleep(1000) }
        }
        for transport in Transport.allCases {
            let other = try ClientSocket(transport, to: endpoint(running.port))
            let start = MonotonicInstant.now()
            #expect(try other.exchange(try query("www.example.", .A, id: 0x7102), timeoutMs: 2000)?.id == 0x7102,
                    "\(transport) client not served while another connection is backed up")
            #expect(start.milliseconds(to: .now()) < 1000)
        }
        hog.close()
    }
}
