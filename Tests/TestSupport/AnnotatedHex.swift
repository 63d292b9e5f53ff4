import Testing

/// Parses annotated hex: whitespace is ignored and `;` starts a comment that runs to the end of the line.
///
/// Bad characters or an odd digit count are recorded as test issues at the caller's location.
public func hex(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [UInt8] {
    var bytes: [UInt8] = []
    var highNibble: UInt8?
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        for character in line.prefix(while: { $0 != ";" }) where !character.isWhitespace {
            guard let value = character.hexDigitValue.flatMap(UInt8.init(exactly:)) else {
                Issue.record("not a hex digit: \(character)", sourceLocation: sourceLocation)
                return []
            }
            if let high = highNibble {
                bytes.append(high << 4 | value)
                highNibble = nil
            } else {
                highNibble = value
            }
        }
    }
    if highNibble != nil {
        Issue.record("odd number of hex digits", sourceLocation: sourceLocation)
    }
    return bytes
}
