import CResolvLab
import Glibc
import SystemPackage

/// A file without a name (`O_TMPFILE`) in a directory: it takes no name until `link` gives it
/// one, and vanishes with its descriptor otherwise, so a killed run leaves nothing behind.
public enum UnnamedFile {
    /// A new unnamed, writable file in `directory`.
    public static func create(in directory: String) throws(FileWriteError) -> FileDescriptor {
        do {
            return try FileDescriptor.open(directory, flags: resolvlab_O_TMPFILE | O_RDWR, mode: 0o644 & ~currentUmask())
        } catch {
            throw FileWriteError(path: directory, step: "create a file in", errno: error)
        }
    }

    /// Gives `descriptor`'s file a name in `directory`, never replacing a file: when `name` is
    /// taken, `-2`, `-3`, ... go before its extension. Returns the path it got.
    public static func link(_ descriptor: FileDescriptor, in directory: String, name: String) throws(FileWriteError) -> String {
        let dot = name.lastIndex(of: ".") ?? name.endIndex
        let stem = name[..<dot]
        let suffix = name[dot...]
        for copy in 1...1000 {
            let candidate = directory + (directory.hasSuffix("/") ? "" : "/") + (copy == 1 ? name : "\(stem)-\(copy)\(suffix)")
            do throws(Errno) {
                try Syscall.retrying {
                    linkat(AT_FDCWD, "/proc/self/fd/\(descriptor.rawValue)", AT_FDCWD, candidate, AT_SYMLINK_FOLLOW)
                }
                return candidate
            } catch .fileExists {
                continue
            } catch {
                throw FileWriteError(path: candidate, step: "write", errno: error)
            }
        }
        throw FileWriteError(path: directory + "/" + name, step: "write", errno: .fileExists)
    }

    static func currentUmask() -> mode_t {
        let mask = umask(0o022)
        umask(mask)
        return mask
    }
}

/// Directories.
public enum Directories {
    /// Creates `path` and its missing parents (like `mkdir -p`), then checks it can be written.
    public static func prepare(_ path: String) throws(FileWriteError) {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/" + component
            do throws(Errno) {
                try Syscall.retrying { mkdir(current, 0o777) }
            } catch .fileExists {
                continue
            } catch {
                throw FileWriteError(path: current, step: "create the directory", errno: error)
            }
        }
        var info = stat()
        if let error = Syscall.ignoringFailure({ stat(path, &info) }) {
            throw FileWriteError(path: path, step: "create the directory", errno: error)
        }
        if info.st_mode & S_IFMT != S_IFDIR { throw FileWriteError(path: path, step: "write into", errno: .notDirectory) }
        if let error = Syscall.ignoringFailure({ faccessat(AT_FDCWD, path, W_OK | X_OK, AT_EACCESS) }) {
            throw FileWriteError(path: path, step: "write into", errno: error)
        }
    }
}
