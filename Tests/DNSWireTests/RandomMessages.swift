import DNSWire

/// Builders of random but valid values for the round-trip property; kept small so failures stay readable.
enum RandomMessages {
    /// Labels drawn partly from a shared pool (so suffixes repeat and compression kicks in) and partly at random.
    static let labelPool: [[UInt8]] = ["www", "example", "com", "Example", "net", "a", "_tcp", "xn--bcher-kva"].map {
        Array($0.utf8)
    }

    static func label(using rng: inout some RandomNumberGenerator) -> [UInt8] {
        if Bool.random(using: &rng) {
            return labelPool.randomElement(using: &rng) ?? [0x61]
        }
        let count = Int.random(in: 1...12, using: &rng)
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }

    static func name(using rng: inout some RandomNumberGenerator) -> DNSName {
        let count = Int.random(in: 0...5, using: &rng)
        let labels = (0..<count).map { _ in label(using: &rng) }
        return (try? DNSName(labels: labels)) ?? .root
    }

    static func bytes(_ range: ClosedRange<Int>, using rng: inout some RandomNumberGenerator) -> [UInt8] {
        (0..<Int.random(in: range, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }

    static func options(using rng: inout some RandomNumberGenerator) -> [EDNSOption] {
        (0..<Int.random(in: 0...3, using: &rng)).map { _ in
            EDNSOption(code: UInt16.random(in: 0...0xFFFF, using: &rng), data: bytes(0...20, using: &rng))
        }
    }

    /// Types decoded as `.unknown`, so raw data round-trips under them.
    static let opaqueTypes: [DNSType] = [.NULL, .HINFO, .NAPTR, .DS, .RRSIG, .DNSKEY, .HTTPS, .SVCB, .CAA, DNSType(rawValue: 0xFF00)]

    static func rdata(allowOPT: Bool, using rng: inout some RandomNumberGenerator) -> (DNSType, RData) {
        switch Int.random(in: 0...(allowOPT ? 10 : 9), using: &rng) {
        case 0: return (.A, .a(IPv4Address(value: .random(in: 0...UInt32.max, using: &rng))))
        case 1: return (.AAAA, .aaaa(IPv6Address(bytes: bytes(16...16, using: &rng)) ?? .loopback))
        case 2: return (.CNAME, .cname(name(using: &rng)))
        case 3: return (.NS, .ns(name(using: &rng)))
        case 4: return (.PTR, .ptr(name(using: &rng)))
        case 5: return (.MX, .mx(preference: .random(in: 0...0xFFFF, using: &rng), exchange: name(using: &rng)))
        case 6: return (.TXT, .txt((0..<Int.random(in: 0...3, using: &rng)).map { _ in bytes(0...40, using: &rng) }))
        case 7:
            return (.SRV, .srv(priority: .random(in: 0...0xFFFF, using: &rng), weight: .random(in: 0...0xFFFF, using: &rng),
                               port: .random(in: 0...0xFFFF, using: &rng), target: name(using: &rng)))
        case 8:
            return (.SOA, .soa(mname: name(using: &rng), rname: name(using: &rng), serial: .random(in: 0...UInt32.max, using: &rng),
                               refresh: .random(in: 0...UInt32.max, using: &rng), retry: .random(in: 0...UInt32.max, using: &rng),
                               expire: .random(in: 0...UInt32.max, using: &rng), minimum: .random(in: 0...UInt32.max, using: &rng)))
        case 9: return (opaqueTypes.randomElement(using: &rng) ?? .NULL, .unknown(bytes(0...30, using: &rng)))
        default: return (.OPT, .opt(options(using: &rng)))
        }
    }

    /// Classes 254/255 are avoided: with empty RDATA they deliberately decode as `.unknown([])` (RFC 2136).
    static func record(allowOPT: Bool, using rng: inout some RandomNumberGenerator) -> ResourceRecord {
        let (type, data) = rdata(allowOPT: allowOPT, using: &rng)
        return ResourceRecord(
            name: name(using: &rng), type: type, rclass: .random(in: 0...253, using: &rng),
            ttl: .random(in: 0...UInt32.max, using: &rng), data: data)
    }

    static func records(_ range: ClosedRange<Int>, allowOPT: Bool, using rng: inout some RandomNumberGenerator) -> [ResourceRecord] {
        (0..<Int.random(in: range, using: &rng)).map { _ in record(allowOPT: allowOPT, using: &rng) }
    }

    /// A message `encode` accepts and `decode` must reproduce exactly.
    static func message(using rng: inout some RandomNumberGenerator) -> DNSMessage {
        let hasEDNS = Bool.random(using: &rng)
        let rcode = DNSRcode(rawValue: .random(in: 0...(hasEDNS ? DNSRcode.maxExtended : 15), using: &rng))
        let edns = hasEDNS
            ? EDNS(
                udpPayloadSize: .random(in: 0...0xFFFF, using: &rng),
                extendedRcodeHigh: UInt8(truncatingIfNeeded: rcode.rawValue >> 4),
                version: .random(in: 0...255, using: &rng), dnssecOK: .random(using: &rng),
                options: options(using: &rng), zFlags: .random(in: 0...0x7FFF, using: &rng))
            : nil
        return DNSMessage(
            id: .random(in: 0...0xFFFF, using: &rng), isResponse: .random(using: &rng),
            opcode: DNSOpcode(rawValue: .random(in: 0...15, using: &rng)),
            authoritativeAnswer: .random(using: &rng), truncated: .random(using: &rng),
            recursionDesired: .random(using: &rng), recursionAvailable: .random(using: &rng),
            authenticData: .random(using: &rng), checkingDisabled: .random(using: &rng), zBit: .random(using: &rng),
            rcode: rcode,
            questions: (0..<Int.random(in: 0...2, using: &rng)).map { _ in
                DNSQuestion(name: name(using: &rng), type: DNSType(rawValue: .random(in: 0...0xFFFF, using: &rng)),
                            qclass: DNSClass(rawValue: .random(in: 0...0xFFFF, using: &rng)))
            },
            answers: records(0...4, allowOPT: true, using: &rng),
            authorities: records(0...2, allowOPT: true, using: &rng),
            additionals: records(0...2, allowOPT: false, using: &rng),
            edns: edns)
    }

    /// Random edits biased towards the octets that steer a DNS decoder: label lengths at the
    /// limits, compression pointers and reserved label types, zero and all-ones counts.
    static func mutate(_ original: [UInt8], using rng: inout some RandomNumberGenerator) -> [UInt8] {
        ByteMutation.mutate(original, interesting: [0x00, 0x01, 0x3f, 0x40, 0x80, 0xc0, 0xc1, 0xff], using: &rng)
    }
}
