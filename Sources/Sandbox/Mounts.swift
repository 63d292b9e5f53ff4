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

    /// Makes the mount at `path` and every mount below it read-only: `mount_setattr` (Linux 5.12),
    /// or on older kernels a read-only bind remount of each mount (`remountEachReadOnly`).
    static func makeReadOnly(_ path: String) throws(SandboxError) {
        if !useLegacyRemount {
            do {
                return try call("making \(path) read-only") { resolvlab_mount_setattr(path, 1, resolvlab_MOUNT_ATTR_RDONLY, 0) }
            } catch .system(_, let errno) where errno == .noFunction {
                // Before Linux 5.12.
            }
        }
        try remountEachReadOnly(under: path)
    }

    /// Makes `path` (and what is mounted below it) writable again inside a read-only tree: it is
    /// bound onto itself so only it changes, not the mount it lives on. (Before Linux 5.12 only
    /// `path`'s own mount becomes writable, not mounts below it.)
    static func makeWritable(_ path: String) throws(SandboxError) {
        try bind(path, onto: path, recursive: true)
        if !useLegacyRemount {
            do {
                return try call("making \(path) writable") { resolvlab_mount_setattr(path, 1, 0, resolvlab_MOUNT_ATTR_RDONLY) }
            } catch .system(_, let errno) where errno == .noFunction {
            }
        }
        guard let mount = MountTable.current().last(where: { $0.mountPoint == path }) else {
            throw .filePlacement(path: path, reason: "its bind mount is missing from /proc/self/mountinfo")
        }
        try call("making \(path) writable") { Glibc.mount(nil, path, nil, mount.lockedFlags | UInt(MS_REMOUNT | MS_BIND), nil) }
    }

    /// Set (to anything) to take the pre-5.12 path on any kernel, so tests can cover it.
    static let useLegacyRemount = getenv("RESOLVLAB_LEGACY_REMOUNT") != nil

    /// Remounts every mount at or below `path` read-only (a bind remount), keeping the flags a user namespace may not change (nosuid, nodev, noexec, atime). A mount
    /// under /proc, /sys or /dev that refuses is left as it is: what lookups could write there
    /// is the kernel's, not a host file.
    static func remountEachReadOnly(under path: String) throws(SandboxError) {
        for mount in MountTable.current() where mount.mountPoint.isWithin(path) {
            let flags = mount.lockedFlags | UInt(MS_REMOUNT | MS_BIND | MS_RDONLY)
            do {
                try call("making \(mount.mountPoint) read-only") { Glibc.mount(nil, mount.mountPoint, nil, flags, nil) }
            } catch {
                if ["/proc", "/sys", "/dev"].contains(where: { mount.mountPoint.isWithin($0) }) { continue }
                throw error
            }
        }
    }

    private static func call(_ step: String, _ body: () -> CInt) throws(SandboxError) {
        do {
            try Syscall.retrying(body)
        } catch {
            throw .system(step: step, errno: error)
        }
    }
}

/// The mounts this process sees, from `/proc/self/mountinfo`.
struct MountTable {
    struct Mount: Equatable {
        var mountPoint: String
        var options: [String]

        /// The per-mount flags a remount must repeat (in a user namespace they are locked).
        var lockedFlags: UInt {
            var flags: UInt = 0
            for (option, flag) in [("nosuid", MS_NOSUID), ("nodev", MS_NODEV), ("noexec", MS_NOEXEC),
                                   ("noatime", MS_NOATIME), ("nodiratime", MS_NODIRATIME), ("relatime", MS_RELATIME)]
                where options.contains(option) {
                flags |= UInt(flag)
            }
            return flags
        }
    }

    static func current() -> [Mount] {
        guard let fd = try? FileDescriptor.open("/proc/self/mountinfo", flags: O_RDONLY),
              let bytes = try? fd.readToEnd(limit: 16 << 20) else { return [] }
        fd.closeIgnoringErrors()
        return parse(String(decoding: bytes, as: UTF8.self))
    }

    /// `36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw,errors=continue`:
    /// the fifth field is the mount point (octal escapes for space, tab, newline, backslash), the
    /// sixth the per-mount options.
    static func parse(_ text: String) -> [Mount] {
        text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count >= 6 else { return nil }
            return Mount(mountPoint: unescape(fields[4]), options: fields[5].split(separator: ",").map(String.init))
        }
    }

    static func unescape(_ field: Substring) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(field.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "\\"), utf8.count >= 3,
               let value = UInt8(String(decoding: utf8.prefix(3), as: UTF8.self), radix: 8) {
                bytes.append(value)
                utf8 = utf8.dropFirst(3)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
