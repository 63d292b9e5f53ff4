import CResolvLab
import Glibc
import SystemCalls
import SystemPackage

/// Joining the namespaces of a running process instead of creating new ones (`resolvlab trace
/// --target`): what `nsenter -t PID -n -m -u` does. Joining changes only the joining process; the
/// target's addresses, mounts and hostname are left exactly as they are.
extension Namespaces {
    /// Moves this process into the namespaces whose files `files` names (`/proc/PID/ns/net`,
    /// `/run/netns/NAME`, ...). Every file is opened before any is joined: once the mount
    /// namespace is joined, `/proc` may be another PID namespace's, where the target's pid means
    /// nothing. The mount namespace is joined last, and only while the process is single-threaded
    /// (the kernel refuses it to a process whose threads share its filesystem information); it
    /// also makes that namespace's root this process's root and working directory.
    ///
    /// `owner` names whose namespaces they are, for messages ("process 4242"). The corresponding
    /// C function is `setns`.
    public static func join(_ files: [(namespace: Namespace, path: String)], owner: String) throws(SandboxError) {
        var opened: [(namespace: Namespace, path: String, descriptor: FileDescriptor)] = []
        defer { for entry in opened { entry.descriptor.closeIgnoringErrors() } }
        for (namespace, path) in files {
            do {
                opened.append((namespace, path, try FileDescriptor.open(path, flags: O_RDONLY | O_CLOEXEC)))
            } catch {
                if error == .permissionDenied || error == .notPermitted {
                    throw .joinRefused(step: "opening \(path)", errno: error, owner: owner)
                }
                throw .system(step: "opening \(path), the \(namespace.rawValue) namespace of \(owner)", errno: error)
            }
        }
        // A user namespace first (the others are joined with the privileges it gives), the mount
        // namespace last.
        func rank(_ namespace: Namespace) -> Int { namespace == .user ? 0 : namespace == .mount ? 2 : 1 }
        for entry in opened.sorted(by: { rank($0.namespace) < rank($1.namespace) }) {
            do {
                _ = try Syscall.retrying { resolvlab_setns(entry.descriptor.rawValue, entry.namespace.cloneFlag) }
            } catch {
                let step = "setns(\(entry.path))"
                if error == .notPermitted || error == .permissionDenied { throw .joinRefused(step: step, errno: error, owner: owner) }
                if error == .invalidArgument {
                    throw .system(step: "\(step): \(entry.path) is not a \(entry.namespace.rawValue) namespace, "
                                  + "or this process has several threads", errno: error)
                }
                throw .system(step: step, errno: error)
            }
        }
    }

    /// Whether the namespace file `path` names another namespace than `own` (joining one's own user
    /// namespace is refused by the kernel). The C function is `stat`.
    public static func differsFromOwn(_ path: String, own: String) -> Bool {
        var theirs = stat()
        var ours = stat()
        guard stat(path, &theirs) == 0, stat(own, &ours) == 0 else { return false }
        return theirs.st_ino != ours.st_ino || theirs.st_dev != ours.st_dev
    }

    /// This process's hostname (its UTS namespace's). The corresponding C function is `gethostname`.
    public static func hostname() -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
