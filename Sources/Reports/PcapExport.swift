import Runner
import SystemCalls

/// Captures as pcap files, for Wireshark and `tcpdump -r`: each sandbox writes its frames to an
/// unnamed file in the `--pcap-dir` directory as it captures, and the run gives the file a name
/// only when the scenario needs one (it failed or erred, or `--pcap-all`). Names never replace an
/// existing file, so two runs sharing a directory cannot overwrite each other's captures.
public enum PcapExport {
    /// The run's policy for `--pcap-dir DIR [--pcap-all]`.
    public static func policy(directory: String, all: Bool, repeated: Bool) -> CaptureFilePolicy {
        CaptureFilePolicy(directory: directory,
                          keep: { all || $0.outcome == .fail || $0.outcome == .error },
                          name: { fileName(forScenarioPath: $0.path, iteration: $0.iteration, repeated: repeated, client: $0.client) })
    }

    /// Creates the directory if needed and checks that capture files can be made there: a run
    /// must not find out at the end that it cannot keep what it captured.
    public static func prepare(directory: String) throws(FileWriteError) {
        try Directories.prepare(directory)
        try UnnamedFile.create(in: directory).closeIgnoringErrors()
    }
}
