import CResolvLab
import Glibc
import SystemCalls
import SystemPackage

/// A file the sandbox shows at `path` in place of the host's.
public struct FilePlacement: Hashable, Sendable {
    public var path: String
    public var contents: [UInt8]
    /// For defaults whose absence means the same as their contents (an empty `/etc/gai.conf`):
    /// when nothing exists at `path`, leave it absent rather than build a directory mirror.
    public var skipIfMissing: Bool

    public init(path: String, contents: [UInt8], skipIfMissing: Bool = false) {
        self.path = path
        self.contents = contents
        self.skipIfMissing = skipIfMissing
    }
}

/// Shows files in the sandbox's private mount namespace without writing a byte to the host.
///
/// Three shapes of target are handled (design.md, "A hermetic sandbox"):
/// - an existing file (also through symlinks): a file staged on a temporary tmpfs is bind-mounted
///   over it, then the tmpfs is detached — the bind keeps its file alive;
/// - a missing file or a dangling symlink's target: the deepest existing directory on the way is
///   covered by a tmpfs that mirrors its entries (bind mounts of the originals), and the missing
///   directories and the file are created in that tmpfs;
/// - a directory: refused.
public struct FileOverlay {
    public var placements: [FilePlacement]
    /// Directories that are already the sandbox's own (fresh tmpfs): files are created in them directly.
    public var ownedDirectories: Set<String>

    public init(placements: [FilePlacement], ownedDirectories: Set<String> = []) {
        self.placements = placements
        self.ownedDirectories = ownedDirectories
    }

    /// Where no file may be placed, whatever path leads there.
    static let forbiddenRoots = ["/proc", "/sys", "/dev"]

    /// Candidates for the short-lived staging tmpfs, in order of preference.
    static let stagingCandidates = ["/tmp", "/var/tmp", "/mnt", "/media", "/srv", "/opt", "/root", "/home"]

    /// Places every file. Must run inside a private mount namespace.
    public func apply() throws(SandboxError) {
        var resolved: [(FilePlacement, PathResolution)] = []
        for placement in placements {
            do {
                let resolution = try PathResolution.resolve(placement.path)
                if let root = Self.forbiddenRoots.first(where: { resolution.path.isWithin($0) }) {
                    throw SandboxError.filePlacement(path: placement.path, reason: "it leads to \(resolution.path), under \(root)")
                }
                if resolution.exists, isDirectory(resolution.path) {
                    throw SandboxError.filePlacement(path: placement.path, reason: "it is a directory")
                }
                if !resolution.exists && placement.skipIfMissing { continue }
                resolved.append((placement, resolution))
            } catch let failure as PathResolution.Failure {
                throw .filePlacement(path: placement.path, reason: "\(failure)")
            } catch let error as SandboxError {
                throw error
            } catch {
                throw .filePlacement(path: placement.path, reason: "\(error)")
            }
        }
        guard !resolved.isEmpty else { return }

        let staging = try chooseStaging(for: resolved.map(\.1))
        try Mounts.tmpfs(at: staging, mode: 0o700)
        var state = MirrorState(ownedDirectories: ownedDirectories)
        do {
            for (index, (placement, resolution)) in resolved.enumerated() {
                if resolution.exists && !state.createdFiles.contains(resolution.path) {
                    let staged = "\(staging)/\(index)"
                    try writeNewFile(staged, placement.contents)
                    try Mounts.bind(staged, onto: resolution.path, recursive: false)
                } else {
                    try create(resolution, contents: placement.contents, state: &state)
                }
            }
        } catch {
            try? Mounts.detach(staging)
            throw error
        }
        try Mounts.detach(staging)
    }

    /// Directories and files that live on our own tmpfs mounts: the only places we ever write.
    struct MirrorState {
        var ownedDirectories: Set<String> = []
        var createdFiles: Set<String> = []
    }

    private func create(_ resolution: PathResolution, contents: [UInt8], state: inout MirrorState) throws(SandboxError) {
        if state.createdFiles.contains(resolution.path) {
            try writeFile(resolution.path, contents, replacing: true)
            return
        }
        var directory = resolution.deepestExisting
        if !state.ownedDirectories.contains(where: { directory.isWithin($0) }) {
            try mirror(directory)
            state.ownedDirectories.insert(directory)
        }
        for name in resolution.missing.dropLast() {
            directory = directory == "/" ? "/" + name : directory + "/" + name
            do {
                try Syscall.retrying { mkdir(directory, 0o755) }
            } catch where error != .fileExists {
                throw .system(step: "mkdir \(directory)", errno: error)
            } catch {}
            state.ownedDirectories.insert(directory)
        }
        try writeNewFile(resolution.path, contents)
        state.createdFiles.insert(resolution.path)
    }

    /// Covers `directory` with a tmpfs that shows the same entries, so new ones can be added
    /// in the sandbox only. The originals stay reachable through an `O_PATH` descriptor taken
    /// before the tmpfs hides them.
    private func mirror(_ directory: String) throws(SandboxError) {
        guard directory != "/" else {
            throw .filePlacement(path: directory, reason: "the root directory cannot be mirrored")
        }
        let original: FileDescriptor
        var info = stat()
        do {
            original = try FileDescriptor.open(directory, flags: resolvlab_O_PATH | O_DIRECTORY)
            try Syscall.retrying { fstat(original.rawValue, &info) }
        } catch {
            throw .system(step: "open \(directory)", errno: error)
        }
        defer { original.closeIgnoringErrors() }
        try Mounts.tmpfs(at: directory, mode: info.st_mode & 0o7777)

        let originalPath = "/proc/self/fd/\(original.rawValue)"
        guard let stream = opendir(originalPath) else {
            throw .system(step: "listing \(directory)", errno: Errno(rawValue: errno))
        }
        defer { closedir(stream) }
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let source = "\(originalPath)/\(name)"
            let target = "\(directory)/\(name)"
            var entryInfo = stat()
            guard Syscall.ignoringFailure({ lstat(source, &entryInfo) }) == nil else { continue }
            do {
                switch entryInfo.st_mode & S_IFMT {
                case S_IFLNK:
                    try Syscall.retrying { symlink(PathResolution.readLink(source), target) }
                case S_IFDIR:
                    try Syscall.retrying { mkdir(target, entryInfo.st_mode & 0o7777) }
                    try Mounts.bind(source, onto: target, recursive: true)
                default:
                    try FileDescriptor.open(target, flags: O_CREAT | O_WRONLY, mode: 0o600).closeIgnoringErrors()
                    try Mounts.bind(source, onto: target, recursive: false)
                }
            } catch let error as SandboxError {
                throw error
            } catch let error as Errno {
                throw .system(step: "mirroring \(target)", errno: error)
            } catch {
                throw .system(step: "mirroring \(target)", errno: .ioError)
            }
        }
    }

    /// The staging tmpfs must not be on the way to any target, nor inside a directory we mirror.
    private func chooseStaging(for resolutions: [PathResolution]) throws(SandboxError) -> String {
        for candidate in Self.stagingCandidates where isDirectory(candidate) {
            guard let real = try? PathResolution.resolve(candidate), real.exists else { continue }
            let clashes = resolutions.contains { resolution in
                resolution.path.isWithin(real.path) || real.path.isWithin(resolution.path)
                    || (!resolution.exists && real.path.isWithin(resolution.deepestExisting))
            }
            if !clashes { return real.path }
        }
        throw .filePlacement(path: resolutions.first?.path ?? "?",
                             reason: "no directory to stage files in (tried \(Self.stagingCandidates.joined(separator: ", ")))")
    }

    private func isDirectory(_ path: String) -> Bool {
        SandboxSetup.isDirectory(path)
    }

    private func writeNewFile(_ path: String, _ contents: [UInt8]) throws(SandboxError) {
        try writeFile(path, contents, replacing: false)
    }

    private func writeFile(_ path: String, _ contents: [UInt8], replacing: Bool) throws(SandboxError) {
        let flags = O_WRONLY | O_CREAT | O_NOFOLLOW | (replacing ? O_TRUNC : O_EXCL)
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(path, flags: flags, mode: 0o644)
        } catch {
            throw .system(step: "creating \(path)", errno: error)
        }
        defer { fd.closeIgnoringErrors() }
        do {
            try fd.writeAll(contents)
        } catch {
            throw .system(step: "writing \(path)", errno: error)
        }
    }
}
