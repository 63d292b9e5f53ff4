import DNSWire
import Glibc
import SystemPackage

/// The first `limit` bytes a stream carried, and how many it carried in all.
public struct CapturedOutput: Hashable, Sendable {
    public var bytes: [UInt8]
    public var totalBytes: Int

    public init(bytes: [UInt8] = [], totalBytes: Int? = nil) {
        self.bytes = bytes
        self.totalBytes = totalBytes ?? bytes.count
    }

    /// True when the process wrote more than was kept.
    public var isTruncated: Bool { totalBytes > bytes.count }
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    mutating func append(_ chunk: some Collection<UInt8>, limit: Int) {
        totalBytes += chunk.count
        let room = max(0, limit - bytes.count)
        if room > 0 { bytes.append(contentsOf: chunk.prefix(room)) }
    }
}

extension CapturedOutput: Codable {
    // Valid UTF-8 travels as text; anything else as hex, so no byte is lost either way.
    enum CodingKeys: String, CodingKey { case text, hex, totalBytes }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let text = try container.decodeIfPresent(String.self, forKey: .text) {
            bytes = Array(text.utf8)
        } else {
            let hex = try container.decode(String.self, forKey: .hex)
            guard let decoded = Hex.decode(hex) else {
                throw DecodingError.dataCorruptedError(forKey: .hex, in: container, debugDescription: "not hex")
            }
            bytes = decoded
        }
        totalBytes = try container.decodeIfPresent(Int.self, forKey: .totalBytes) ?? bytes.count
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if let text = String(validating: bytes, as: UTF8.self) {
            try container.encode(text, forKey: .text)
        } else {
            try container.encode(Hex.encode(bytes), forKey: .hex)
        }
        if totalBytes != bytes.count { try container.encode(totalBytes, forKey: .totalBytes) }
    }
}

/// What a process run produced.
public struct ProcessOutput: Sendable {
    public var status: TerminationStatus
    public var standardOutput: CapturedOutput
    public var standardError: CapturedOutput
    /// True when the deadline passed and the process group was killed.
    public var timedOut: Bool
    public var durationMilliseconds: Double
}

/// Runs a program to its end: feeds its standard input, keeps the first `outputLimit` bytes of each
/// output (reading and counting the rest, so a chatty program can neither block nor exhaust
/// memory), kills its process group at the deadline, and reaps it.
public enum ProcessRunner {
    public static func run(_ request: SpawnRequest, input: [UInt8] = [], outputLimit: Int,
                           deadline: MonotonicInstant) throws(SpawnError) -> ProcessOutput {
        let started = MonotonicInstant.now()
        let process = try ChildProcess.spawn(request)
        var collector = OutputCollector(input: input, process: process, limit: outputLimit)
        var timedOut = !collector.run(until: deadline)
        collector.closeAll()
        // End of output is not the end of the process (coreutils close stdout before exiting):
        // wait for the exit itself before killing anything.
        if !timedOut, !process.waitForExit(until: deadline) { timedOut = true }
        // Whatever the process left running in its group goes with it; killed before the leader
        // is reaped, so the group id cannot have been reused.
        process.signalGroup(SIGKILL)
        let status = process.reap()
        return ProcessOutput(status: status, standardOutput: collector.output, standardError: collector.errors,
                             timedOut: timedOut, durationMilliseconds: started.milliseconds(to: .now()))
    }
}

/// Feeds stdin and collects stdout/stderr with poll(2), so neither side can block the other.
public struct OutputCollector {
    private var input: [UInt8]
    private var inputOffset = 0
    private var stdin: FileDescriptor?
    private var stdout: FileDescriptor?
    private var stderr: FileDescriptor?
    private let exitWatch: FileDescriptor?
    private let limit: Int
    public private(set) var output = CapturedOutput()
    public private(set) var errors = CapturedOutput()

    /// Takes ownership of the process's pipe ends.
    public init(input: [UInt8], process: ChildProcess, limit: Int) {
        self.input = input
        stdin = process.standardInput
        stdout = process.standardOutput
        stderr = process.standardError
        exitWatch = process.exitDescriptor
        self.limit = limit
        try? stdin?.setNonBlocking()
        if input.isEmpty { closeInput() }
    }

    /// Returns false if the deadline passed first. Ends when both outputs reach end of file, or
    /// shortly after the process exits even if a descendant still holds the pipes open.
    public mutating func run(until deadline: MonotonicInstant) -> Bool {
        var deadline = deadline
        var exited = false
        while stdout != nil || stderr != nil {
            var entries: [PollEntry] = []
            if let exitWatch, !exited { entries.append(PollEntry(exitWatch)) }
            if let stdin { entries.append(PollEntry(stdin, events: PollEntry.writable)) }
            if let stdout { entries.append(PollEntry(stdout)) }
            if let stderr { entries.append(PollEntry(stderr)) }
            if deadline.remainingMilliseconds() == 0 { return exited }
            guard let ready = try? Poll.wait(&entries, until: deadline) else { return false }
            if ready == 0 { return exited }
            for entry in entries where entry.isReady {
                if entry.descriptor == exitWatch {
                    // Give the pipes a moment to deliver what the process wrote, not a descendant's lifetime.
                    exited = true
                    deadline = min(deadline, MonotonicInstant.now().adding(milliseconds: 50))
                } else if entry.descriptor == stdin {
                    feedInput()
                } else {
                    read(entry.descriptor)
                }
            }
        }
        return true
    }

    private mutating func feedInput() {
        guard let stdin else { return }
        do {
            let written = try input.withBytes { raw throws(Errno) in
                try Syscall.retrying { Glibc.write(stdin.rawValue, raw.baseAddress.map { $0 + inputOffset }, raw.count - inputOffset) }
            }
            inputOffset += written
            if inputOffset >= input.count { closeInput() }
        } catch {
            if error != .wouldBlock { closeInput() }
        }
    }

    private mutating func read(_ descriptor: FileDescriptor) {
        let isOutput = descriptor == stdout
        do {
            let chunk = try descriptor.readSome()
            if chunk.isEmpty {
                close(isOutput: isOutput)
            } else if isOutput {
                output.append(chunk, limit: limit)
            } else {
                errors.append(chunk, limit: limit)
            }
        } catch {
            if error != .wouldBlock { close(isOutput: isOutput) }
        }
    }

    private mutating func close(isOutput: Bool) {
        if isOutput {
            stdout?.closeIgnoringErrors()
            stdout = nil
        } else {
            stderr?.closeIgnoringErrors()
            stderr = nil
        }
    }

    mutating func closeInput() {
        stdin?.closeIgnoringErrors()
        stdin = nil
    }

    /// Closes every pipe end still open.
    public mutating func closeAll() {
        closeInput()
        close(isOutput: true)
        close(isOutput: false)
    }
}
