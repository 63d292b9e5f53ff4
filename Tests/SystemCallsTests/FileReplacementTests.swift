import Glibc
import SystemCalls
import SystemPackage
import Testing

/// A private directory under /tmp, removed with everything in it.
final class ScratchDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/resolvlab-test-XXXXXX".utf8CString)
        path = try #require(template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) }.map { String(cString: $0) }
        })
    }

    deinit {
        for name in entries() { unlink("\(path)/\(name)") }
        rmdir(path)
    }

    func write(_ name: String, _ text: String, mode: mode_t = 0o644) -> String {
        let file = "\(path)/\(name)"
        let fd = open(file, O_CREAT | O_WRONLY | O_TRUNC, mode)
        var bytes = Array(text.utf8)
        _ = Glibc.write(fd, &bytes, bytes.count)
        close(fd)
        chmod(file, mode)
        return file
    }

    func read(_ file: String) -> String? {
        let fd = open(file, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let got = Glibc.read(fd, &buffer, buffer.count)
        return got < 0 ? nil : String(decoding: buffer[0..<got], as: UTF8.self)
    }

    func entries() -> [String] {
        guard let stream = opendir(path) else { return [] }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}

@Suite("Writing files")
struct FileReplacementTests {
    @Test("replacing a file keeps its mode, owner and group, and leaves no other file behind")
    func keepsModeAndOwner() throws {
        let scratch = try ScratchDirectory()
        let file = scratch.write("scenario.json", "old\n", mode: 0o640)
        if geteuid() == 0 { chown(file, 65534, 65534) }
        var before = stat()
        stat(file, &before)
        try FileReplacement.replaceContents(of: file, with: Array("new\n".utf8))
        var after = stat()
        stat(file, &after)
        #expect(scratch.read(file) == "new\n")
        #expect(after.st_mode & 0o7777 == 0o640)
        #expect(after.st_uid == before.st_uid && after.st_gid == before.st_gid)
        #expect(after.st_ino != before.st_ino, "replaced by rename, not rewritten in place")
        #expect(scratch.entries() == ["scenario.json"])
    }

    @Test("a symlink is followed: the target is replaced and the link stays a link")
    func followsSymlink() throws {
        let scratch = try ScratchDirectory()
        let target = scratch.write("real.json", "old\n")
        let link = "\(scratch.path)/link.json"
        symlink("real.json", link)
        try FileReplacement.replaceContents(of: link, with: Array("new\n".utf8))
        var info = stat()
        lstat(link, &info)
        #expect(info.st_mode & S_IFMT == S_IFLNK)
        #expect(scratch.read(target) == "new\n")
    }

    @Test("until it is linked, the replacement has no name: a process killed while writing leaves nothing")
    func unnamedUntilLinked() throws {
        let scratch = try ScratchDirectory()
        let fd = try UnnamedFile.create(in: scratch.path)
        try fd.writeAll(Array("partial".utf8))
        #expect(scratch.entries().isEmpty)
        fd.closeIgnoringErrors()
        #expect(scratch.entries().isEmpty)
    }

    @Test("linking an unnamed file never replaces an existing one")
    func linkNeverOverwrites() throws {
        let scratch = try ScratchDirectory()
        _ = scratch.write("capture.pcap", "someone else's")
        let fd = try UnnamedFile.create(in: scratch.path)
        try fd.writeAll(Array("mine".utf8))
        let path = try UnnamedFile.link(fd, in: scratch.path, name: "capture.pcap")
        fd.closeIgnoringErrors()
        #expect(path == "\(scratch.path)/capture-2.pcap")
        #expect(scratch.read("\(scratch.path)/capture.pcap") == "someone else's")
        #expect(scratch.read(path) == "mine")
    }

    @Test("a new file is written whole, with the usual mode")
    func newFile() throws {
        let scratch = try ScratchDirectory()
        let file = "\(scratch.path)/report.xml"
        try FileReplacement.write(Array("<x/>".utf8), to: file)
        var info = stat()
        stat(file, &info)
        let mask = umask(0o022)
        umask(mask)
        #expect(info.st_mode & 0o777 == 0o666 & ~mask)
        #expect(scratch.read(file) == "<x/>")
    }

    @Test("paths that cannot be written are found before any work is done")
    func checkWritable() throws {
        let scratch = try ScratchDirectory()
        #expect(throws: Never.self) { try FileReplacement.checkWritable("\(scratch.path)/new.json") }
        #expect(throws: FileWriteError.self) { try FileReplacement.checkWritable("\(scratch.path)/missing/new.json") }
        #expect(throws: FileWriteError.self) { try FileReplacement.checkWritable(scratch.path) }
        do {
            try FileReplacement.checkWritable(scratch.path)
        } catch {
            #expect(error.description.contains("it is a directory"), "\(error)")
        }
        _ = scratch.write("plain", "x")
        #expect(throws: FileWriteError.self) { try FileReplacement.checkWritable("\(scratch.path)/plain/report.json") }
    }

    @Test("creating a directory for captures makes its parents and checks it is writable")
    func prepareDirectory() throws {
        let scratch = try ScratchDirectory()
        let nested = "\(scratch.path)/a/b"
        try Directories.prepare(nested)
        var info = stat()
        #expect(stat(nested, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR)
        rmdir(nested)
        rmdir("\(scratch.path)/a")
        _ = scratch.write("file", "x")
        #expect(throws: FileWriteError.self) { try Directories.prepare("\(scratch.path)/file") }
    }
}
