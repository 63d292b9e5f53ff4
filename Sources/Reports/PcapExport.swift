import Capture
import Foundation
import Runner

/// One classic pcap file per scenario that needs one, for Wireshark and `tcpdump -r`.
public enum PcapExport {
    public enum Error: Swift.Error, CustomStringConvertible, Equatable {
        case cannotCreateDirectory(path: String, reason: String)
        case cannotWrite(path: String, reason: String)
        /// A frame in the observation is not valid base64: the observation itself is corrupt.
        case invalidFrame(scenario: String, index: Int)

        public var description: String {
            switch self {
            case .cannotCreateDirectory(let path, let reason): "cannot create pcap directory \(path): \(reason)"
            case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
            case .invalidFrame(let scenario, let index): "\(scenario): captured frame \(index) is not valid base64"
            }
        }
    }

    /// Writes one .pcap per failed or errored result with a capture (every result with a capture when
    /// `all`), creating `directory` if needed; returns the paths written, in result order.
    /// Results without a capture (invalid file, skip, timeout) produce no file.
    public static func write(_ suite: SuiteReport, to directory: String, all: Bool) throws -> [String] {
        let selected = suite.results.filter { result in
            result.observation?.capture != nil && (all || result.outcome == .fail || result.outcome == .error)
        }
        guard !selected.isEmpty else { return [] }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw Error.cannotCreateDirectory(path: directory, reason: reason(error))
        }
        var written: [String] = []
        var used = Set<String>()
        for result in selected {
            guard let capture = result.observation?.capture else { continue }
            var name = fileName(forScenarioPath: result.path, iteration: result.iteration, repeated: suite.isRepeated)
            // Two results with the same path and iteration (the same file listed twice) must not overwrite each other.
            var copy = 2
            while used.contains(name) {
                name = fileName(forScenarioPath: result.path, iteration: result.iteration, repeated: suite.isRepeated,
                                copy: copy)
                copy += 1
            }
            used.insert(name)
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            let bytes = try encode(capture, scenario: result.path)
            do {
                try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw Error.cannotWrite(path: path, reason: reason(error))
            }
            written.append(path)
        }
        return written
    }

    /// The capture as a pcap file: its frames, decoded from base64, under its link type.
    public static func encode(_ capture: Observation.CaptureSummary, scenario: String) throws -> [UInt8] {
        var frames: [CapturedFrame] = []
        frames.reserveCapacity(capture.frames.count)
        for (index, frame) in capture.frames.enumerated() {
            guard let data = Data(base64Encoded: frame.data) else { throw Error.invalidFrame(scenario: scenario, index: index) }
            frames.append(CapturedFrame(timestampMicroseconds: frame.timestampMicroseconds,
                                        originalLength: frame.originalLength, bytes: Array(data)))
        }
        return PcapFile.encode(frames: frames, linkType: LinkType(rawValue: capture.linkType))
    }

    private static func reason(_ error: any Swift.Error) -> String {
        (error as NSError).localizedDescription
    }
}
