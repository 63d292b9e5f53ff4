import CResolvLab
import Glibc
import SystemCalls
import SystemPackage

/// mount(2) and friends, with errors that say which step failed.
enum Mounts {
    /// Stops mount events from propagating back to the host's mount namespace.
    static func makeAllPrivate() throws(SandboxError) {
        try call("making / private") { mount(nil, "/", nil, UInt(MS_REC | MS_PRIVATE), nil) }
    }

    static func tmpfs(at path: String, mode: mode_t = 0o755, size: String = "16m") throws(SandboxError) {
        let options = "mode=\(String(mode, radix: 8)),size=\(size)"
        try call("mounting tmpfs on \(path)") {
            mount("resolvlab", path, "tmpfs", UInt(MS_NOSUID | MS_NODEV), options)
        }
    }

    /// Binds `source` onto `target`; directories recursively, which user namespaces require
    /// when the source holds mounts of its own.
    static func bind(_ source: String, onto target: String, recursive: Bool) throws(SandboxError) {
        let flags = UInt(MS_BIND) | (recursive ? UInt(MS_REC) : 0)
        try call("binding \(source) onto \(target)") { mount(source, target, nil, flags, nil) }
    }

    /// Creates the directory `path` and any missing parents (mode 0755), for a bind mount to land on.
    static func createMountPoint(_ path: String) throws(SandboxError) {
        var prefix = ""
        for component in path.split(separator: "/") {
            prefix += "/" + component
            var info = stat()
            if lstat(prefix, &info) == 0 { continue }
            try call("creating \(prefix)") { mkdir(prefix, 0o755) }
        }
    }

    static func detach(_ path: String) throws(SandboxError) {
        try call("detaching \(path)") { umount2(path, Int32(MNT_DETACH)) }
    }

    /// Makes the mount at `path` and every mount below it read-only (`mount_setattr`, Linux 5.12).
    static func makeReadOnly(_ path: String) throws(SandboxError) {
        try call("making \(path) read-only") { resolvlab_mount_setattr(path, 1, resolvlab_MOUNT_ATTR_RDONLY, 0) }
    }

    /// Makes `path` (and what is mounted below it) writable again inside a read-only tree: it is
    /// bound onto itself so only it changes, not the mount it lives on.
    static func makeWritable(_ path: String) throws(SandboxError) {
        try bind(path, onto: path, recursive: true)
        try call("making \(path) writable") { resolvlab_mount_setattr(path, 1, 0, resolvlab_MOUNT_ATTR_RDONLY) }
    }

    private static func call(_ step: String, _ body: () -> CInt) throws(SandboxError) {
        do {
            try Syscall.retrying(body)
        } catch {
            throw .system(step: step, errno: error)
        }
    }
}
