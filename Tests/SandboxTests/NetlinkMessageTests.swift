import DNSWire
import SystemPackage
import Testing
@_exported import TestSupport
@testable import Sandbox

/// Netlink requests compared byte for byte with annotated goldens (rtnetlink(7); x86-64 is little-endian).
@Suite("Netlink messages")
struct NetlinkMessageTests {
    @Test("RTM_NEWLINK brings interface 1 up and touches no other flag")
    func linkUp() {
        let golden = hex("""
            20 00 00 00   ; nlmsg_len 32
            10 00         ; nlmsg_type RTM_NEWLINK (16)
            05 00         ; nlmsg_flags NLM_F_REQUEST | NLM_F_ACK
            07 00 00 00   ; nlmsg_seq 7
            00 00 00 00   ; nlmsg_pid 0 (kernel assigns)
            00 00         ; ifi_family AF_UNSPEC, padding
            00 00         ; ifi_type
            01 00 00 00   ; ifi_index 1
            01 00 00 00   ; ifi_flags IFF_UP
            01 00 00 00   ; ifi_change IFF_UP only
            """)
        #expect(NetlinkMessage.linkUp(index: 1, sequence: 7) == golden)
    }

    @Test("RTM_NEWADDR adds 10.96.0.10/32 with IFA_LOCAL, IFA_ADDRESS and IFA_F_NODAD")
    func addIPv4() throws {
        let address = AddressPrefix(address: try #require(IPAddress("10.96.0.10")), prefixLength: 32)
        let golden = hex("""
            30 00 00 00   ; nlmsg_len 48: header 16, ifaddrmsg 8, three 8-byte attributes
            14 00         ; RTM_NEWADDR (20)
            05 06         ; NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL | NLM_F_CREATE
            02 00 00 00   ; seq 2
            00 00 00 00   ; pid
            02 20 02 00   ; ifa_family AF_INET, prefixlen 32, ifa_flags NODAD, scope universe
            01 00 00 00   ; ifa_index 1
            08 00 02 00  0a 60 00 0a   ; IFA_LOCAL 10.96.0.10
            08 00 01 00  0a 60 00 0a   ; IFA_ADDRESS 10.96.0.10
            08 00 08 00  02 00 00 00   ; IFA_FLAGS IFA_F_NODAD
            """)
        #expect(NetlinkMessage.addressAdd(index: 1, address: address, sequence: 2) == golden)
    }

    @Test("RTM_NEWADDR for fd00::17/128 carries the 16-byte address")
    func addIPv6() throws {
        let address = try #require(AddressPrefix("fd00::17"))
        #expect(address.prefixLength == 128)
        let message = NetlinkMessage.addressAdd(index: 1, address: address, sequence: 3)
        #expect(message.count == 16 + 8 + 20 + 20 + 8)
        #expect(message[16] == 10, "AF_INET6")
        #expect(message[17] == 128)
        #expect(Array(message[28..<44]) == hex("fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 17"))
    }

    @Test("acknowledgements: success, an errno, and malformed input")
    func acknowledgements() {
        // NLMSG_ERROR with error 0 for seq 2, then NLMSG_ERROR with -EEXIST (-17) for seq 3.
        let datagram = hex("""
            24 00 00 00  02 00  00 00  02 00 00 00  00 00 00 00   00 00 00 00   00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
            24 00 00 00  02 00  00 00  03 00 00 00  00 00 00 00   ef ff ff ff   00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
            """)
        let acks = NetlinkMessage.parseAcknowledgements(datagram)
        #expect(acks == [.init(sequence: 2, errno: nil), .init(sequence: 3, errno: 17)])
        #expect(NetlinkMessage.parseAcknowledgements(hex("ff 00 00 00 02 00 00 00 02 00 00 00 00 00 00 00")) == nil,
                "a length beyond the datagram")
        #expect(NetlinkMessage.parseAcknowledgements(hex("08 00 00 00 02 00 00 00 02 00 00 00 00 00 00 00")) == nil,
                "a length below the header size")
        #expect(NetlinkMessage.parseAcknowledgements([]) == [])
    }

    @Test("a session sends requests, matches acknowledgements by sequence and tolerates EEXIST only for addresses")
    func sessionAgainstFakeSocket() throws {
        let socket = FakeNetlinkSocket()
        var session = NetlinkSession(socket: socket)
        socket.replies = [ack(sequence: 1, errno: 0)]
        try session.linkSetUp(index: 1)
        #expect(socket.sent.count == 1)

        socket.replies = [ack(sequence: 2, errno: -17)]   // EEXIST: the address is already there
        try session.addressAdd(index: 1, address: try #require(AddressPrefix("127.0.0.1")))

        socket.replies = [ack(sequence: 99, errno: -1), ack(sequence: 3, errno: -1)]   // EPERM for ours
        #expect(throws: SandboxError.self) {
            try session.addressAdd(index: 1, address: try #require(AddressPrefix("10.0.0.1")))
        }
    }

    private func ack(sequence: UInt32, errno: Int32) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.appendNative(UInt32(36))
        bytes.appendNative(NetlinkType.NLMSG_ERROR)
        bytes.appendNative(UInt16(0))
        bytes.appendNative(sequence)
        bytes.appendNative(UInt32(0))
        bytes.appendNative(errno)
        bytes += [UInt8](repeating: 0, count: 16)
        return bytes
    }
}

final class FakeNetlinkSocket: NetlinkSocket {
    var sent: [[UInt8]] = []
    var replies: [[UInt8]] = []

    func send(_ message: [UInt8]) throws(Errno) { sent.append(message) }

    func receive() throws(Errno) -> [UInt8] {
        guard !replies.isEmpty else { throw .resourceTemporarilyUnavailable }
        return replies.removeFirst()
    }
}
