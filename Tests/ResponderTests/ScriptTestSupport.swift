import DNSWire
import Responder
import ScenarioFormat
import Testing

/// A server's `records`, written the way a scenario file writes them: owner → type → values, in order.
func zone(_ owners: KeyValuePairs<String, KeyValuePairs<String, [String]>>,
          sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> RecordTable {
    var table = RecordTable()
    for (owner, types) in owners {
        let isWildcard = owner.hasPrefix("*.")
        let name = try DNSName(isWildcard ? String(owner.dropFirst(2)) : owner)
        for (mnemonic, values) in types {
            let type = try #require(DNSType(mnemonic: mnemonic), sourceLocation: sourceLocation)
            let data = try values.map { text in
                try #require(RecordText.parse(text, type: type), "\(mnemonic) \(text)", sourceLocation: sourceLocation)
            }
            table.add(owner: name, isWildcard: isWildcard, type: type, data: data)
        }
    }
    return table
}

func name(_ text: String) throws -> DNSName { try DNSName(text) }

/// A stub-resolver query (RD set) for `name`/`type`.
func query(_ text: String, _ type: DNSType, id: UInt16 = 0x5A17, edns: EDNS? = nil) throws -> DNSMessage {
    DNSMessage.query(id: id, name: try name(text), type: type, edns: edns)
}

/// The record a server is expected to put in an answer: class IN and the script's TTL.
func record(_ owner: String, _ data: RData) throws -> ResourceRecord {
    let type = try #require(data.impliedType)
    return ResourceRecord(name: try name(owner), type: type, rclass: DNSClass.IN.rawValue, ttl: ServerScript.ttl, data: data)
}

/// A `ServerScript` driven the way the responder drives it: bytes in, plan out; replies go through the wire codec.
struct ScriptedServer {
    var script: ServerScript

    init(records: RecordTable = RecordTable(), rules: [Rule] = [], otherwise: Server.Fallback = .nxdomain) {
        let server = Server(address: .v4(IPv4Address(192, 0, 2, 53)), records: records, rules: rules, otherwise: otherwise)
        script = ServerScript(server: server)
    }

    /// The plan for raw bytes, exactly as received.
    mutating func plan(for bytes: [UInt8], over transport: Transport = .udp) -> ResponsePlan {
        script.respond(to: bytes, transport: transport)
    }

    mutating func plan(for message: DNSMessage, over transport: Transport = .udp) throws -> ResponsePlan {
        plan(for: try message.encode(), over: transport)
    }

    /// The reply as a client would decode it off the wire; nil when the server drops the query.
    mutating func reply(to message: DNSMessage, over transport: Transport = .udp) throws -> DNSMessage? {
        try Self.wire(plan(for: message, over: transport))
    }

    /// The reply to `name`/`type`, which must not be dropped.
    mutating func ask(_ text: String, _ type: DNSType, over transport: Transport = .udp, edns: EDNS? = nil,
                      sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> DNSMessage {
        let reply = try reply(to: try query(text, type, edns: edns), over: transport)
        return try #require(reply, "the server dropped \(type) \(text)", sourceLocation: sourceLocation)
    }

    /// Encodes a planned reply and decodes it again, so tests see what goes on the wire.
    static func wire(_ plan: ResponsePlan) throws -> DNSMessage? {
        guard case .reply(let message) = plan.action else { return nil }
        return try DNSMessage.decode(try message.encode())
    }
}

/// Deterministic pseudo-random numbers (SplitMix64), so a failing fuzz case can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
