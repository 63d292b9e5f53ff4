// Codable forms of the wire types, for the typed event stream between processes: addresses and
// names travel as their text (which round-trips losslessly: names escape every special octet),
// codes as numbers, RDATA as its uncompressed wire bytes in hex.

extension IPAddress: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let address = IPAddress(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an IP address: \(text)")
        }
        self = address
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension DNSName: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try DNSName(text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a domain name: \(text)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension DNSType: Codable {
    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(UInt16.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

extension DNSRcode: Codable {
    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(UInt16.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

extension DNSClass: Codable {
    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(UInt16.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

extension RData {
    /// The RDATA alone, names uncompressed: what `init(type:wireBytes:)` reads back.
    public func wireBytes() throws(DNSWireError) -> [UInt8] {
        var writer = WireWriter(compress: false)
        try encode(into: &writer)
        return writer.bytes
    }

    /// Decodes `bytes` as the whole RDATA of a record of `type`.
    public init(type: DNSType, wireBytes bytes: [UInt8]) throws(DNSWireError) {
        var reader = WireReader(bytes)
        self = try RData.decode(type: type, rclass: .IN, length: bytes.count, from: &reader)
    }
}

/// RDATA with the type it is read as: what a server's record table holds.
public struct TypedRData: Hashable, Sendable, Codable {
    public var type: DNSType
    public var data: RData

    public init(type: DNSType, data: RData) {
        self.type = type
        self.data = data
    }

    enum CodingKeys: String, CodingKey { case type, rdata }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decode(DNSType.self, forKey: .type)
        let hex = try container.decode(String.self, forKey: .rdata)
        guard let bytes = Hex.decode(hex), let data = try? RData(type: type, wireBytes: bytes) else {
            throw DecodingError.dataCorruptedError(forKey: .rdata, in: container, debugDescription: "bad RDATA for \(type)")
        }
        self.data = data
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(Hex.encode(try data.wireBytes()), forKey: .rdata)
    }
}

/// Lower-case hex, for bytes inside text formats.
public enum Hex {
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var output: [UInt8] = []
        for byte in bytes {
            output.append(digits[Int(byte >> 4)])
            output.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    public static func decode(_ text: String) -> [UInt8]? {
        let characters = Array(text.utf8)
        guard characters.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(characters.count / 2)
        var index = 0
        while index < characters.count {
            guard let high = value(characters[index]), let low = value(characters[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func value(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension DNSQuestion: Codable {
    enum CodingKeys: String, CodingKey { case name, type, qclass = "class" }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try container.decode(DNSName.self, forKey: .name), type: try container.decode(DNSType.self, forKey: .type),
                  qclass: try container.decodeIfPresent(DNSClass.self, forKey: .qclass) ?? .IN)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(type, forKey: .type)
        if qclass != .IN { try container.encode(qclass, forKey: .qclass) }
    }
}
