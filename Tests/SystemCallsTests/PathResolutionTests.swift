import Foundation
import Testing
@testable import SystemCalls

/// Symlink resolution that keeps going past a missing target (dangling symlinks).
@Suite("Path resolution")
struct PathResolutionTests {
    let root: String

    init() throws {
        root = "/tmp/resolvlab-paths-\(UUID().uuidString)"
        let manager = FileManager.default
        try manager.createDirectory(atPath: "\(root)/etc", withIntermediateDirectories: true)
        try manager.createDirectory(atPath: "\(root)/run/systemd", withIntermediateDirectories: true)
        try "x".write(toFile: "\(root)/etc/real.conf", atomically: false, encoding: .utf8)
        try manager.createSymbolicLink(atPath: "\(root)/etc/relative.conf", withDestinationPath: "real.conf")
        try manager.createSymbolicLink(atPath: "\(root)/etc/absolute.conf", withDestinationPath: "\(root)/etc/real.conf")
        try manager.createSymbolicLink(atPath: "\(root)/etc/dangling.conf",
                                       withDestinationPath: "../run/systemd/resolve/stub-resolv.conf")
        try manager.createSymbolicLink(atPath: "\(root)/etc/loop-a", withDestinationPath: "loop-b")
        try manager.createSymbolicLink(atPath: "\(root)/etc/loop-b", withDestinationPath: "loop-a")
        try manager.createSymbolicLink(atPath: "\(root)/linked-etc", withDestinationPath: "etc")
    }

    @Test("an existing regular file resolves to itself")
    func regularFile() throws {
        let resolution = try PathResolution.resolve("\(root)/etc/real.conf")
        #expect(resolution == PathResolution(path: "\(root)/etc/real.conf", deepestExisting: "\(root)/etc", missing: []))
    }

    @Test("relative and absolute symlinks, and symlinked directories, resolve to the target", arguments: [
        "etc/relative.conf", "etc/absolute.conf", "linked-etc/relative.conf", "etc/./real.conf", "etc/../etc/real.conf",
    ])
    func symlinks(path: String) throws {
        #expect(try PathResolution.resolve("\(root)/\(path)").path == "\(root)/etc/real.conf")
    }

    @Test("a dangling symlink resolves to its missing target and names what is missing")
    func dangling() throws {
        let resolution = try PathResolution.resolve("\(root)/etc/dangling.conf")
        #expect(resolution.path == "\(root)/run/systemd/resolve/stub-resolv.conf")
        #expect(resolution.deepestExisting == "\(root)/run/systemd")
        #expect(resolution.missing == ["resolve", "stub-resolv.conf"])
        #expect(!resolution.exists)
    }

    @Test("a missing file in an existing directory")
    func missingFile() throws {
        let resolution = try PathResolution.resolve("\(root)/etc/gai.conf")
        #expect(resolution.deepestExisting == "\(root)/etc")
        #expect(resolution.missing == ["gai.conf"])
    }

    @Test("a symlink loop and a file used as a directory are errors, not hangs")
    func failures() {
        #expect(throws: PathResolution.Failure.tooManySymlinks) { try PathResolution.resolve("\(root)/etc/loop-a") }
        #expect(throws: PathResolution.Failure.notADirectory("\(root)/etc/real.conf")) {
            try PathResolution.resolve("\(root)/etc/real.conf/x")
        }
        #expect(throws: PathResolution.Failure.notAbsolute) { try PathResolution.resolve("etc/hosts") }
    }

    @Test("isWithin compares whole components")
    func within() {
        #expect("/etc/x".isWithin("/etc"))
        #expect("/etc".isWithin("/etc"))
        #expect(!"/etcx".isWithin("/etc"))
        #expect("/anything".isWithin("/"))
    }
}
