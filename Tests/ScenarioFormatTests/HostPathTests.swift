import Foundation
import Testing
import ScenarioFormat

/// Paths into the host's filesystem: `writable` (existing absolute paths lookups may write) and `files`,
/// both refused where they lead, through symlinks too, into /proc, /sys, /dev, or onto the files that
/// have their own keys.
@Suite struct HostPathTests {
    typealias Case = ScenarioErrorCase

    /// A fresh directory for symlinks; removed by the caller.
    static func temporaryDirectory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("resolvlab-hostpath-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        // The directory as the kernel resolves it, so messages that name resolved paths are predictable.
        return url.resolvingSymlinksInPath().path
    }

    static func link(_ path: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
    }

    static func isSymlink(_ path: String) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeSymbolicLink
    }

    static func writable(_ marked: String) -> String { doc(top: #""writable": \#(marked)"#) }

    // MARK: - writable

    @Test func existingPathsAreKeptAsWritten() throws {
        let scenario = try ScenarioFixture.decode(Self.writable(#"["/tmp", "/etc/hosts", "/var"]"#))
        #expect(scenario.writable == ["/tmp", "/etc/hosts", "/var"])
        #expect(try ScenarioFixture.decode(doc()).writable == [])
    }

    @Test(arguments: [
        ("tmp", "expected an absolute path like /var/lib/example"),
        ("/", "expected an absolute path like /var/lib/example"),
        ("/tmp/", "expected an absolute path like /var/lib/example"),
        ("", "expected an absolute path like /var/lib/example"),
        ("/tmp/../etc", "a path must not contain . or .. components"),
        ("/tmp/./x", "a path must not contain . or .. components"),
        ("/..", "a path must not contain . or .. components"),
        ("/tmp//x", "a path must not contain empty components (//)"),
        (#"/tmp/a\u0000b"#, "a path must not contain NUL"),
        ("/proc", "files under /proc cannot be made writable"),
        ("/proc/sys/net", "files under /proc cannot be made writable"),
        ("/sys/kernel", "files under /sys cannot be made writable"),
        ("/dev/shm", "files under /dev cannot be made writable"),
        ("/nonexistent-resolvlab/x", #""/nonexistent-resolvlab/x" does not exist on this machine; only existing paths can be made writable"#),
    ])
    func badWritablePath(json: String, message: String) {
        ScenarioFixture.expectError(Self.writable(#"["/tmp", ‸"\#(json)"]"#), path: "writable[1]", message)
    }

    @Test(arguments: [
        Case("not an array", writable(#"‸"/tmp""#), path: "writable", #"expected an array, found a string "/tmp""#),
        Case("element not a string", writable(#"[‸5]"#), path: "writable[0]", "expected a string, found a number 5"),
    ])
    func writableShapeErrors(_ c: Case) {
        ScenarioFixture.expectError(c.marked, path: c.path, c.message)
    }

    @Test func writableThroughSymlinksIsRefusedWhereItLeads() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.link("\(directory)/proc-sys", to: "/proc/sys")
        try Self.link("\(directory)/null", to: "/dev/null")
        try Self.link("\(directory)/sys", to: "/sys")
        // A relative target, climbing out of the directory.
        let climb = String(repeating: "../", count: directory.split(separator: "/").count)
        try Self.link("\(directory)/relative", to: climb + "proc/sys")
        try FileManager.default.createDirectory(atPath: "\(directory)/real", withIntermediateDirectories: false)
        try Self.link("\(directory)/fine", to: "\(directory)/real")

        ScenarioFixture.expectErrors(Self.writable(#"""
            [‸"\#(directory)/proc-sys", ‸"\#(directory)/null", ‸"\#(directory)/sys/kernel", ‸"\#(directory)/relative", "\#(directory)/fine"]
            """#), [
                ("writable[0]", "files under /proc cannot be made writable (it leads to /proc/sys)"),
                ("writable[1]", "files under /dev cannot be made writable (it leads to /dev/null)"),
                ("writable[2]", "files under /sys cannot be made writable (it leads to /sys/kernel)"),
                ("writable[3]", "files under /proc cannot be made writable (it leads to /proc/sys)"),
            ])
        let scenario = try ScenarioFixture.decode(Self.writable(#"["\#(directory)/fine", "\#(directory)/real"]"#))
        #expect(scenario.writable == ["\(directory)/fine", "\(directory)/real"])
    }

    // MARK: - files through symlinks

    static func files(_ path: String) -> String { doc(top: #""files": { "/etc/gai.conf": "", ‸"\#(path)": "x" }"#) }
    static func filesPath(_ path: String) -> String { JSONPath([.key("files"), .key(path)]).description }

    @Test func filesLeadingIntoKernelTreesAreRefused() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.link("\(directory)/proc", to: "/proc")
        try Self.link("\(directory)/null", to: "/dev/null")
        try Self.link("\(directory)/sys", to: "/sys")
        for (path, message) in [
            ("\(directory)/proc/sys/kernel/hostname",
             "files under /proc cannot be replaced (\(directory)/proc/sys/kernel/hostname leads to /proc/sys/kernel/hostname)"),
            ("\(directory)/null", "files under /dev cannot be replaced (\(directory)/null leads to /dev/null)"),
            // Components past the last existing one are taken as written.
            ("\(directory)/sys/no-such-file", "files under /sys cannot be replaced (\(directory)/sys/no-such-file leads to /sys/no-such-file)"),
        ] {
            ScenarioFixture.expectError(Self.files(path), path: Self.filesPath(path), message)
        }
    }

    /// Only meaningful where /etc/resolv.conf and /etc/hosts are files; where they are symlinks themselves
    /// the decoder sees where they lead instead.
    @Test(.enabled(if: !isSymlink("/etc/resolv.conf") && !isSymlink("/etc/hosts") && !isSymlink("/etc")))
    func filesLeadingToResolvConfOrHostsAreRefused() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.link("\(directory)/resolv", to: "/etc/resolv.conf")
        try Self.link("\(directory)/hosts", to: "/etc/hosts")
        try Self.link("\(directory)/etc", to: "/etc")
        for (path, message) in [
            ("\(directory)/resolv", "\(directory)/resolv leads to /etc/resolv.conf; set it with the \"resolvConf\" key"),
            ("\(directory)/hosts", "\(directory)/hosts leads to /etc/hosts; set it with the \"hosts\" key"),
            ("\(directory)/etc/resolv.conf", "\(directory)/etc/resolv.conf leads to /etc/resolv.conf; set it with the \"resolvConf\" key"),
            ("\(directory)/etc/hosts", "\(directory)/etc/hosts leads to /etc/hosts; set it with the \"hosts\" key"),
        ] {
            ScenarioFixture.expectError(Self.files(path), path: Self.filesPath(path), message)
        }
        // A symlink elsewhere is fine, and the path is kept as written.
        let scenario = try ScenarioFixture.decode(doc(top: #""files": { "\#(directory)/etc/gai.conf": "x" }"#))
        #expect(scenario.files.map(\.path) == ["\(directory)/etc/gai.conf"])
    }
}
