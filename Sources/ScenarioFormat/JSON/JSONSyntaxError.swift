/// Why and where a document is not valid, printed as `line:column: message` after the file name.
public struct JSONSyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    /// The offending character (or the opening quote / comment start for unterminated ones).
    public var location: SourceLocation

    public init(message: String, location: SourceLocation) {
        self.message = message
        self.location = location
    }

    public var description: String { "\(location): \(message)" }
}
