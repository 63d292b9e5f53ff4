import DNSWire
import Testing

@Suite("IP addresses")
struct IPAddressTests {
    @Test(arguments: ["0.0.0.0", "192.0.2.1", "255.255.255.255", "10.0.0.10"])
    func ipv4Accepts(_ text: String) {
        #expect(IPv4Address(text)?.description == text)
    }

    @Test(arguments: ["1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4 ", "", "a.b.c.d", " 1.2.3.4", "1..3.4",
                      "1.2.3.", "+1.2.3.4", "1.2.3.0x4", "1234.1.1.1", "1.2.3.4/24"])
    func ipv4Rejects(_ text: String) {
        #expect(IPv4Address(text) == nil)
    }

    @Test func ipv4Bytes() {
        let address = IPv4Address(192, 0, 2, 1)
        #expect(address.bytes == [192, 0, 2, 1])
        #expect(IPv4Address(bytes: [192, 0, 2, 1]) == address)
        #expect(IPv4Address(bytes: [192, 0, 2]) == nil)
        #expect(IPv4Address("127.0.0.53")?.isLoopback == true)
        #expect(IPv4Address("169.254.1.1")?.isLinkLocal == true)
    }

    @Test(arguments: [
        ("2001:db8::1", "2001:db8::1"),
        ("::", "::"),
        ("::1", "::1"),
        ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
        ("fe80::", "fe80::"),
        ("::ffff:192.0.2.1", "::ffff:192.0.2.1"),
        ("2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
        ("2001:0:0:1:0:0:0:1", "2001:0:0:1::1"),
        ("0:0:0:0:0:0:0:0", "::"),
        ("1:0:0:0:0:0:0:0", "1::"),
        ("0:0:0:0:0:0:0:1", "::1"),
        ("::ffff:c000:0201", "::ffff:192.0.2.1"),
        ("::192.0.2.1", "::c000:201"),
        ("64:ff9b::192.0.2.1", "64:ff9b::c000:201"),
        ("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"),
        ("::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8"),
        ("1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"),
    ])
    func ipv6CanonicalText(_ input: String, _ canonical: String) {
        #expect(IPv6Address(input)?.description == canonical)
    }

    @Test(arguments: [":::", "1::2::3", "12345::", "fe80::1%lo", "1:2:3:4:5:6:7:8:9", "", ":", "1:2:3:4:5:6:7",
                      ":1::", "1::2:", "1:2:3:4:5:6:7:8::", "::1.2.3", "1.2.3.4", "::1.2.3.4:5", "1.2.3.4::",
                      "g::1", " ::1", "::ffff:01.2.3.4", "1::2:3:4:5:6:7:8", "[::1]"])
    func ipv6Rejects(_ text: String) {
        #expect(IPv6Address(text) == nil)
    }

    @Test func ipv6Predicates() {
        #expect(v6("::1").isLoopback)
        #expect(!v6("::2").isLoopback)
        #expect(v6("fe80::1").isLinkLocal)
        #expect(v6("febf::1").isLinkLocal)
        #expect(!v6("fec0::1").isLinkLocal)
        #expect(v6("::ffff:10.0.0.1").isV4Mapped)
        #expect(v6("::ffff:10.0.0.1").v4Mapped == v4("10.0.0.1"))
        #expect(!v6("::10.0.0.1").isV4Mapped)
        #expect(IPv6Address(v4Mapped: v4("192.0.2.1")) == v6("::ffff:192.0.2.1"))
    }

    @Test func ipv6Bytes() {
        let address = v6("2001:db8::1")
        #expect(address.bytes == [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
        #expect(IPv6Address(bytes: address.bytes) == address)
        #expect(IPv6Address(bytes: [UInt8](repeating: 0, count: 15)) == nil)
        #expect(address.groups == [0x2001, 0xdb8, 0, 0, 0, 0, 0, 1])
    }

    @Test func eitherFamily() {
        #expect(IPAddress("192.0.2.1") == .v4(v4("192.0.2.1")))
        #expect(IPAddress("::1") == .v6(.loopback))
        #expect(IPAddress("localhost") == nil)
        #expect(IPAddress("::ffff:1.2.3.4")?.description == "::ffff:1.2.3.4")
        #expect(IPAddress(bytes: [1, 2, 3, 4])?.description == "1.2.3.4")
        #expect(IPAddress(bytes: [1, 2, 3]) == nil)
    }
}
