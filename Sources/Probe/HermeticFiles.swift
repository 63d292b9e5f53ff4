import Observation
import Sandbox
import ScenarioFormat

/// The files every sandbox gets so results do not depend on the host (design.md, "A hermetic
/// sandbox"): host NSS plugins (mdns, systemd-resolved, myhostname) and local address-sorting
/// policy cannot change what a scenario observes. A scenario's `files` override these.
public enum HermeticFiles {
    public static let nsswitch = """
        passwd: files
        group: files
        shadow: files
        hosts: files dns
        networks: files
        protocols: files
        services: files

        """
    public static let hostConf = "multi on\n"

    /// The placements for `scenario`, later entries overriding earlier ones at the same path.
    public static func placements(for scenario: ProbeRequest) -> [FilePlacement] {
        var byPath: [(String, FilePlacement)] = [
            ("/etc/nsswitch.conf", FilePlacement(path: "/etc/nsswitch.conf", contents: Array(nsswitch.utf8))),
            ("/etc/host.conf", FilePlacement(path: "/etc/host.conf", contents: Array(hostConf.utf8))),
            // Absent and empty mean the same to glibc; mirroring /etc just to create it would be wasted work.
            ("/etc/gai.conf", FilePlacement(path: "/etc/gai.conf", contents: [], skipIfMissing: true)),
            ("/etc/hosts", FilePlacement(path: "/etc/hosts", contents: Array(scenario.hosts.utf8))),
            ("/etc/resolv.conf", FilePlacement(path: "/etc/resolv.conf", contents: Array(scenario.resolvConf.utf8))),
        ]
        for (path, contents) in scenario.files.map({ ($0.path, $0.contents) }) {
            let placement = FilePlacement(path: path, contents: Array(contents.utf8))
            if let index = byPath.firstIndex(where: { $0.0 == path }) {
                byPath[index].1 = placement
            } else {
                byPath.append((path, placement))
            }
        }
        return byPath.map(\.1)
    }

    /// Environment variables glibc's resolver reads (resolv.conf(5)): inherited from the user's
    /// shell they would change results, so the sandbox removes them before any lookup.
    public static let scrubbedEnvironment = ["LOCALDOMAIN", "RES_OPTIONS", "HOSTALIASES"]
}
