import Testing
import DNSWire
@_exported import TestSupport

/// Builds a 12-octet header with the given id, flags and section counts.
func header(id: UInt16 = 0x1234, flags: UInt16 = 0, qd: UInt16 = 0, an: UInt16 = 0, ns: UInt16 = 0, ar: UInt16 = 0)
    -> [UInt8]
{
    [id, flags, qd, an, ns, ar].flatMap(bigEndian)
}

func bigEndian(_ value: UInt16) -> [UInt8] {
    [UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)]
}

/// Shorthand for names known to be valid in test code; records an issue instead of trapping.
func name(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> DNSName {
    do {
        return try DNSName(text)
    } catch {
        Issue.record("invalid test name \(text): \(error)", sourceLocation: sourceLocation)
        return .root
    }
}

/// An IPv4 address from text known to be valid in test code.
func v4(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> IPv4Address {
    guard let address = IPv4Address(text) else {
        Issue.record("invalid test IPv4 address \(text)", sourceLocation: sourceLocation)
        return IPv4Address(value: 0)
    }
    return address
}

/// An IPv6 address from text known to be valid in test code.
func v6(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> IPv6Address {
    guard let address = IPv6Address(text) else {
        Issue.record("invalid test IPv6 address \(text)", sourceLocation: sourceLocation)
        return .unspecified
    }
    return address
}

