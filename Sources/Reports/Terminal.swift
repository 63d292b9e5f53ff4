import Glibc

/// ANSI colour for terminal output: only on a terminal, never with `NO_COLOR` (no-color.org) or
/// `TERM=dumb`.
public struct TerminalColour: Sendable {
    public var enabled: Bool

    public init(enabled: Bool) { self.enabled = enabled }

    /// Colour for a stream: decided from whether it is a terminal and from the environment.
    public static func detect(fileDescriptor: Int32) -> TerminalColour {
        let noColour = getenv("NO_COLOR").map { $0.pointee != 0 } ?? false
        let dumb = getenv("TERM").map { String(cString: $0) == "dumb" } ?? false
        return TerminalColour(enabled: isatty(fileDescriptor) == 1 && !noColour && !dumb)
    }

    public enum Colour: String, Sendable {
        case red = "31", green = "32", yellow = "33", magenta = "35", dim = "2", bold = "1"
    }

    public func paint(_ text: String, _ colour: Colour) -> String {
        enabled ? "\u{1B}[\(colour.rawValue)m\(text)\u{1B}[0m" : text
    }
}

/// A one-line progress display on a terminal (`[37/100] 2 running`), rewritten in place and
/// erased before other output. Silent when the stream is not a terminal.
public final class ProgressLine {
    private let fileDescriptor: Int32
    public let enabled: Bool
    private var shown = false

    public init(fileDescriptor: Int32 = STDERR_FILENO) {
        self.fileDescriptor = fileDescriptor
        let dumb = getenv("TERM").map { String(cString: $0) == "dumb" } ?? false
        enabled = isatty(fileDescriptor) == 1 && !dumb
    }

    public func show(_ text: String) {
        guard enabled else { return }
        write("\r\u{1B}[K" + text)
        shown = true
    }

    /// Erases the line so ordinary output starts at column 0.
    public func clear() {
        guard enabled, shown else { return }
        write("\r\u{1B}[K")
        shown = false
    }

    private func write(_ text: String) {
        var bytes = Array(text.utf8)
        _ = Glibc.write(fileDescriptor, &bytes, bytes.count)
    }
}
