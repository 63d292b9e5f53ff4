import DNSWire
import PropertyBased
import Testing

/// Randomised checks: the decoder is total, and valid values survive encode/decode and text round trips.
@Suite("Properties")
struct PropertyTests {
    static let randomBytes = Gen<UInt8>.uint8().array(of: 0...600)

    /// Random bytes behind a plausible header (small counts), so the generator reaches names and RDATA.
    static let plausibleMessages = Generator(run: { rng in
        header(id: .random(in: 0...0xFFFF, using: &rng), flags: .random(in: 0...0xFFFF, using: &rng),
               qd: .random(in: 0...2, using: &rng), an: .random(in: 0...4, using: &rng),
               ns: .random(in: 0...2, using: &rng), ar: .random(in: 0...2, using: &rng))
            + RandomMessages.bytes(0...300, using: &rng)
    })

    static let mutatedFixtures = Generator(run: { rng in
        let fixture = PacketFixture.all.randomElement(using: &rng)?.bytes ?? []
        return RandomMessages.mutate(fixture, using: &rng)
    })

    static let validMessages = Generator(run: { rng in RandomMessages.message(using: &rng) })

    static let randomNames = Generator(run: { rng in RandomMessages.name(using: &rng) })

    /// Decodes, and when that works checks the result re-encodes to something that decodes the same.
    static func decodeNeverTraps(_ bytes: [UInt8]) {
        _ = try? DNSMessage.decodeQuestion(bytes)
        _ = try? DNSMessage.decode(bytes, allowTrailingBytes: false)
        _ = TCPFraming.split(bytes)
        guard let message = try? DNSMessage.decode(bytes) else { return }
        // A second OPT in additionals would be promoted to `edns` on re-decode; nothing else may change.
        guard !message.additionals.contains(where: { $0.type == .OPT }) else { return }
        do {
            let again = try DNSMessage.decode(message.encode())
            #expect(again == message, "bytes: \(bytes)")
        } catch .messageTooLong {
            // Pointers into non-name data can expand past 64 KiB when written out; that is a legal refusal.
        } catch {
            Issue.record("re-encoding a decoded message failed: \(error); bytes: \(bytes)")
        }
    }

    @Test func randomBytesNeverTrap() async {
        await propertyCheck(count: 2000, input: Self.randomBytes) { bytes in
            Self.decodeNeverTraps(bytes)
        }
    }

    @Test func plausibleHeadersWithRandomBodiesNeverTrap() async {
        await propertyCheck(count: 2000, input: Self.plausibleMessages) { bytes in
            Self.decodeNeverTraps(bytes)
        }
    }

    @Test func mutatedFixturesNeverTrap() async {
        await propertyCheck(count: 3000, input: Self.mutatedFixtures) { bytes in
            Self.decodeNeverTraps(bytes)
        }
    }

    @Test func validMessagesRoundTrip() async {
        await propertyCheck(count: 500, input: Self.validMessages) { message in
            for compress in [true, false] {
                let decoded = try DNSMessage.decode(message.encode(compress: compress), allowTrailingBytes: false)
                #expect(decoded == message)
                // Equality ignores case; the exact octets of every name must survive too.
                #expect(String(describing: decoded) == String(describing: message))
            }
        }
    }

    @Test func namesRoundTripThroughText() async {
        await propertyCheck(count: 1000, input: Self.randomNames) { name in
            let parsed = try DNSName(name.description)
            #expect(parsed.labels == name.labels)
        }
    }

    @Test func ipv6TextRoundTrips() async {
        await propertyCheck(count: 2000, input: Gen<UInt8>.uint8().array(of: 16)) { bytes in
            let address = try #require(IPv6Address(bytes: bytes))
            let text = address.description
            #expect(IPv6Address(text)?.bytes == bytes)
            #expect(text == text.lowercased())
            #expect(text.split(separator: "::", omittingEmptySubsequences: false).count <= 2)
            if !address.isV4Mapped {
                // RFC 5952 §4.1: no leading zeros; §4.2.2: "::" never stands for a single group.
                let groups = text.split(separator: ":", omittingEmptySubsequences: true)
                #expect(groups.allSatisfy { $0.count == 1 || $0.first != "0" })
                #expect(groups.allSatisfy { $0.count <= 4 })
                if text.contains("::") { #expect(groups.count <= 6) }
            }
        }
    }

    @Test func ipv4TextRoundTrips() async {
        await propertyCheck(count: 1000, input: Gen<UInt32>.uint32()) { value in
            let address = IPv4Address(value: value)
            #expect(IPv4Address(address.description) == address)
        }
    }
}
