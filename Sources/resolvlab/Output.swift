import Glibc

/// Writes a line to standard error.
func printError(_ text: String) {
    var bytes = Array((text + "\n").utf8)
    _ = write(STDERR_FILENO, &bytes, bytes.count)
}
