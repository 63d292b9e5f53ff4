import Testing
import DNSWire
import ScenarioFormat

/// `addresses` entries: an address with an optional prefix length.
@Suite struct AddressPrefixTests {
    @Test(arguments: [
        ("10.244.154.23/32", "10.244.154.23", 32),
        ("10.0.0.0/8", "10.0.0.0", 8),
        ("0.0.0.0/0", "0.0.0.0", 0),
        ("fd00::17/128", "fd00::17", 128),
        ("fd00::/64", "fd00::", 64),
        ("::/0", "::", 0),
        ("10.0.0.5", "10.0.0.5", 32),
        ("fd00::5", "fd00::5", 128),
        ("::ffff:10.0.0.1", "::ffff:10.0.0.1", 128),
    ])
    func parses(text: String, address: String, length: Int) throws {
        let prefix = try #require(AddressPrefix(text))
        #expect(prefix.address == (try #require(IPAddress(address))))
        #expect(prefix.prefixLength == length)
        #expect(prefix.description == "\(address)/\(length)")
    }

    @Test(arguments: ["10.0.0.1/33", "fd00::1/129", "/", "", "10.0.0.1/", "/24", "10.0.0.1/x", "10.0.0.1/-1", "10.0.0.1/+8",
                      "10.0.0.1/8/8", "10.0.0.1/ 8", "10.0.0.1 /8", "10.0.0.256/8", "010.0.0.1", "fd00::1::2/64",
                      "10.0.0.1/1000", "10.0.0.1/0x8", "10.0.0.1/\u{0668}", "10.0.0.1/²", "10.0.0.1/99999999999999999999"])
    func rejected(text: String) {
        #expect(AddressPrefix(text) == nil)
    }
}
