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

    public init(placements: [FilePlacement]) { self.placements = placements }

    /// Candidates for the short-lived staging tmpfs, in order of preference.
    static let stagingCandidates = ["/tmp", "/var/tmp", "/mnt", "/media", "/srv", "/opt", "/root", "/home"]

    /// Places every file. Must run inside a private mount namespace.
    public func apply() throws(SandboxError) {
        var resolved: [(FilePlacement, PathResolution)] = []
        for placement in placements {
            do {
                let resolution = try PathResolution.resolve(placement.path)
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
        var state = MirrorState()
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
        if !state.ownedDirectories.contains(directory) {
            try mirror(directory)
            state.ownedDirectories.insert(directory)
        }
        for name in resolution.missing.dropLast() {
            directory = directory == "/" ? "/" + name : directory + "/" + name
            if mkdir(directory, 0o755) != 0 && errno != EEXIST {
                throw .system(step: "mkdir \(directory)", errno: Errno(rawValue: errno))
            }
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
        let original = open(directory, resolvlab_O_PATH | O_DIRECTORY | O_CLOEXEC)
        guard original >= 0 else { throw .system(step: "open \(directory)", errno: Errno(rawValue: errno)) }
        defer { close(original) }
        var info = stat()
        fstat(original, &info)
        try Mounts.tmpfs(at: directory, mode: info.st_mode & 0o7777)

        let originalPath = "/proc/self/fd/\(original)"
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
            guard lstat(source, &entryInfo) == 0 else { continue }
            switch entryInfo.st_mode & S_IFMT {
            case S_IFLNK:
                symlink(PathResolution.readLink(source), target)
            case S_IFDIR:
                mkdir(target, entryInfo.st_mode & 0o7777)
                try Mounts.bind(source, onto: target, recursive: true)
            default:
                let placeholder = open(target, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
                if placeholder >= 0 { close(placeholder) }
                try Mounts.bind(source, onto: target, recursive: false)
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
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    private func writeNewFile(_ path: String, _ contents: [UInt8]) throws(SandboxError) {
        try writeFile(path, contents, replacing: false)
    }

    private func writeFile(_ path: String, _ contents: [UInt8], replacing: Bool) throws(SandboxError) {
        let flags = O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | (replacing ? O_TRUNC : O_EXCL)
        let fd = open(path, flags, 0o644)
        guard fd >= 0 else { throw .system(step: "creating \(path)", errno: Errno(rawValue: errno)) }
        defer { close(fd) }
        do {
            try FileDescriptor(rawValue: fd).writeAll(contents)
        } catch {
            throw .system(step: "writing \(path)", errno: error)
        }
    }
}
