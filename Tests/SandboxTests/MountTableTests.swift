import Glibc
import Testing
@testable import Sandbox

/// The pre-5.12 read-only remount reads the mount table: mount points with escapes, and the
/// flags a user namespace locks, which every remount must repeat.
@Suite("MountTable")
struct MountTableTests {
    static let sample = """
        22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
        23 22 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw
        40 22 0:35 / /mnt/with\\040space\\011tab ro,noatime - tmpfs none rw
        41 22 0:36 / /back\\134slash rw,nodiratime - tmpfs none rw
        short line
        """

    @Test("mount points are unescaped and options split")
    func parse() {
        let mounts = MountTable.parse(Self.sample)
        #expect(mounts.map(\.mountPoint) == ["/", "/proc", "/mnt/with space\ttab", "/back\\slash"])
        #expect(mounts[1].options == ["rw", "nosuid", "nodev", "noexec", "relatime"])
    }

    @Test("locked flags: nosuid, nodev, noexec and the atime ones, nothing else")
    func lockedFlags() {
        let mounts = MountTable.parse(Self.sample)
        #expect(mounts[0].lockedFlags == UInt(MS_RELATIME))
        #expect(mounts[1].lockedFlags == UInt(MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RELATIME))
        #expect(mounts[2].lockedFlags == UInt(MS_NOATIME), "ro is what the remount sets, not a locked flag")
        #expect(mounts[3].lockedFlags == UInt(MS_NODIRATIME))
    }

    @Test("this process's own table has a root mount")
    func current() {
        #expect(MountTable.current().contains { $0.mountPoint == "/" })
    }
}
