import DNSWire
import Glibc
@testable import Probe
import SystemCalls
import Testing

/// A daemon is ready when its socket is bound: read from the kernel's socket tables.
@Suite struct DaemonReadinessTests {
    static let udp = """
          sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
         8742: 0100007F:8474 0100007F:9571 01 00000000:00000000 00:00000000 00000000     0        0 34427544 2 000000003fa24a6b 0
          101: 0A00600A:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 34427545 2 0000000000000000 0
          102: 00000000:14E9 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 34427546 2 0000000000000000 0
        """
    static let tcp6 = """
          sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
           0: 000080FD000000000000000053000000:0035 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1
           1: 000080FD000000000000000054000000:0035 00000000000000000000000000000000:0000 01 00000000:00000000 00:00000000 00000000     0        0 2 1
        """

    @Test("bound UDP sockets (state 07) with their address and port; connected ones are left out")
    func udpTable() throws {
        let entries = SocketTable.entries(Self.udp, tcp: false)
        #expect(entries == [SocketAddress(address: try #require(IPAddress("10.96.0.10")), port: 53),
                            SocketAddress(address: try #require(IPAddress("0.0.0.0")), port: 5353)])
    }

    @Test("listening TCP sockets (state 0A) over IPv6, each 32-bit word in the machine's byte order")
    func tcp6Table() throws {
        #expect(SocketTable.entries(Self.tcp6, tcp: true) == [SocketAddress(address: try #require(IPAddress("fd80::53")), port: 53)])
    }

    @Test("a socket this process binds is seen; a port nobody holds is not")
    func liveTable() throws {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        try #require(fd >= 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        let port = UInt16(bigEndian: address.sin_port)
        let loopback = try #require(IPAddress("127.0.0.1"))
        #expect(SocketTable.hasSocket(at: SocketAddress(address: loopback, port: port), tcp: false))
        #expect(!SocketTable.hasSocket(at: SocketAddress(address: loopback, port: port), tcp: true))
        let closed = Glibc.close(fd)
        try #require(closed == 0)
        #expect(!SocketTable.hasSocket(at: SocketAddress(address: loopback, port: port), tcp: false))
    }
}
