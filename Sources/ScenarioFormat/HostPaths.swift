import Glibc
import SystemCalls

/// Where paths in a scenario lead on this machine: the sandbox shows the host's filesystem, so a
/// `files` path that reaches `/proc` or `/etc/resolv.conf` through a symlink is caught here, with
/// its position in the file, rather than inside the sandbox.
enum HostPaths {
    /// Kernel filesystems a scenario may neither replace nor make writable.
    static let kernelTrees = ["/proc", "/sys", "/dev"]

    /// `path` with every symlink followed, as far as the path exists; components below the first
    /// missing one are appended as written. A path that cannot be resolved (a symlink loop, a file
    /// used as a directory) is returned as written: nothing real is behind it to protect.
    static func resolve(_ path: String) -> String {
        (try? PathResolution.resolve(path))?.path ?? path
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }
}
