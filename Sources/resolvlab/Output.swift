import Glibc
import Reports

/// Writes a line to standard error, control characters escaped (newlines kept): the paths and
/// messages in it come from the user and must not drive the terminal.
func printError(_ text: String) {
    var bytes = Array((TextEscaping.lines(text).joined(separator: "\n") + "\n").utf8)
    _ = write(STDERR_FILENO, &bytes, bytes.count)
}
