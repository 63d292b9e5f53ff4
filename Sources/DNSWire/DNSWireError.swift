/// Every way decoding or encoding can fail; the codec throws one of these instead of trapping.
public enum DNSWireError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A read needed bytes beyond the end of the message (or of the enclosing length-delimited field).
    case truncated(offset: Int)
    /// A compression pointer that does not point strictly before itself (RFC 1035 §4.1.4 "prior occurrence").
    case pointerNotBackwards(offset: Int)
    /// A name followed more compression pointers than `WireReader.maxPointerHops`.
    case tooManyPointers(offset: Int)
    /// A name longer than 255 octets in wire form (RFC 1035 §2.3.4).
    case nameTooLong
    /// A label longer than 63 octets (RFC 1035 §2.3.4).
    case labelTooLong
    /// A zero-length label anywhere but at the root, e.g. `a..b`.
    case emptyLabel
    /// Label type bits 01 or 10 (RFC 6891 §5 deprecated extended labels; 10 is unassigned).
    case reservedLabelType(offset: Int)
    /// RDATA whose content disagrees with its declared RDLENGTH or its type's format.
    case badRData(type: DNSType, offset: Int)
    /// Presentation-format text that cannot be parsed; the payload says why.
    case badText(String)
    /// An encoded message (or one RDATA) would exceed 65535 octets, or a section count 65535 records.
    case messageTooLong
    /// Bytes remain after the last record; only thrown when the caller asks for strict decoding.
    case trailingBytes(offset: Int)
    /// A TXT character-string longer than 255 octets (RFC 1035 §3.3).
    case characterStringTooLong
    /// A record whose `data` case cannot be sent under its `type` (use `.unknown` to send arbitrary bytes).
    case rdataTypeMismatch(type: DNSType)
    /// A header value that does not fit its wire field (opcode > 15, rcode > 4095, extended rcode without EDNS).
    case fieldOutOfRange(String)

    public var description: String {
        switch self {
        case .truncated(let offset): "message truncated at offset \(offset)"
        case .pointerNotBackwards(let offset): "compression pointer at offset \(offset) does not point backwards"
        case .tooManyPointers(let offset): "too many compression pointers (at offset \(offset))"
        case .nameTooLong: "domain name longer than 255 octets"
        case .labelTooLong: "label longer than 63 octets"
        case .emptyLabel: "empty label"
        case .reservedLabelType(let offset): "reserved label type at offset \(offset)"
        case .badRData(let type, let offset): "malformed \(type) RDATA at offset \(offset)"
        case .badText(let reason): "bad text: \(reason)"
        case .messageTooLong: "message longer than 65535 octets"
        case .trailingBytes(let offset): "trailing bytes after the last record at offset \(offset)"
        case .characterStringTooLong: "character-string longer than 255 octets"
        case .rdataTypeMismatch(let type): "RDATA does not match record type \(type)"
        case .fieldOutOfRange(let field): "value out of range: \(field)"
        }
    }
}
