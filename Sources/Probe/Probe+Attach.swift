import CResolvLab
import Capture
import DNSWire
import Glibc
import Lookups
import Observation
import Sandbox
import SystemCalls
import SystemPackage

/// The sandbox child attached to a running process (`resolvlab trace --target`): it joins the
/// target's namespaces and builds nothing there (no address, mount, hostname, file or server),
/// captures on every interface of its network namespace, and runs the traced command there or
/// captures passively until its time is up or it is asked to stop.
enum AttachSession {
    /// The namespace files of `target`, in the form `Namespaces.join` takes.
    /// Without root, a process in a user namespace of one's own (a rootless container) is reached
    /// through that namespace first, as `nsenter -U` does: its other namespaces belong to it. Root
    /// joins them directly and keeps its own user namespace.
    static func files(_ target: AttachTarget) -> [(namespace: Namespace, path: String)] {
        var files: [(namespace: Namespace, path: String)] = []
        if geteuid() != 0, let pid = target.pid, Namespaces.differsFromOwn("/proc/\(pid)/ns/user", own: "/proc/self/ns/user") {
            files.append((.user, "/proc/\(pid)/ns/user"))
        }
        return files + [(.net, target.networkNamespace)] + (target.utsNamespace.map { [(.uts, $0)] } ?? [])
            + (target.mountNamespace.map { [(.mount, $0)] } ?? [])
    }

    /// `Probe.run` for an attach request, still single-threaded (the mount namespace can only be
    /// joined so). A passive capture takes SIGINT and SIGTERM as the end of the capture, not of
    /// the process, so they are read from a signalfd.
    static func run(_ request: ProbeRequest, _ attach: AttachRequest, output: FileDescriptor,
                    timestamps: FileDescriptor?) -> Never {
        var signals: SignalWatch?
        if request.lookups.isEmpty {
            SignalMask.block([SIGINT, SIGTERM])
            signals = try? SignalWatch([SIGINT, SIGTERM])
        }
        do {
            try Namespaces.join(files(attach.target), owner: attach.target.owner)
        } catch {
            DirectEventWriter.write(.setupFailed(Probe.failure(error, namespaces: [])), to: output)
            _exit(0)
        }
        FreshThread.continueOnNewThread {
            let sink: PipeEventWriter
            do {
                sink = try PipeEventWriter(descriptor: output)
            } catch {
                DirectEventWriter.write(.setupFailed(SetupFailure(kind: .sandbox, message: "cannot start the event writer: \(error)")),
                                        to: output)
                _exit(0)
            }
            let capture = session(request, attach, sink: sink, signals: signals)
            PIDNamespace.endOtherProcesses()
            sink.close()
            if let null = try? FileDescriptor.open("/dev/null", flags: O_WRONLY) {
                _ = dup2(null.rawValue, STDOUT_FILENO)
                _ = dup2(null.rawValue, STDERR_FILENO)
                null.closeIgnoringErrors()
            }
            capture?.close()
            timestamps?.closeIgnoringErrors()
            _exit(0)
        }
    }

    /// Capture, lookups or a passive wait, drain, figures; returns the capture to be closed.
    static func session(_ request: ProbeRequest, _ attach: AttachRequest, sink: PipeEventWriter,
                        signals: SignalWatch?) -> CaptureSession? {
        let stamping = KernelTimestamps.waitUntilStamping(on: .v4(IPv4Address(127, 0, 0, 1)))
        let capture: CaptureSession
        do {
            capture = try CaptureSession(request: request.capture, interface: .index(0), sink: sink)
            try capture.start()
        } catch {
            sink.emit(.setupFailed(SetupFailure(kind: .capture, message: "\(error) (in the network namespace of "
                                                + "\(attach.target.owner); the drain needs its lo up)")))
            return nil
        }
        let names = InterfaceAddresses.read().map(\.name)
        let started = WallClock.microseconds()
        sink.emit(.started(SandboxStarted(at: started, namespaces: request.namespaces,
                                          interface: "any (\(names.joined(separator: ", ")))",
                                          linkType: capture.linkType.rawValue, filter: capture.filter.expression,
                                          receiveBufferBytes: capture.receiveBufferBytes, timestampsAtArrival: stamping)))
        if request.lookups.isEmpty {
            let deadline = attach.durationMs.map { MonotonicInstant.now().adding(milliseconds: $0) }
            while deadline.map({ MonotonicInstant.now() < $0 }) ?? true {
                if let signals {
                    if (try? Poll.readable(signals.descriptor, until: deadline)) == true, signals.next() != nil { break }
                } else if let deadline {
                    usleep(UInt32(min(100_000, max(1000, Int(MonotonicInstant.now().milliseconds(to: deadline) * 1000)))))
                }
            }
        } else {
            let context = LookupContext(deadline: MonotonicInstant.now().adding(milliseconds: request.timeoutMs),
                                        outputLimit: request.outputLimit,
                                        commandStreams: request.passesCommandStreams
                                            ? ProbeRequest.passedStreamDescriptors.map(FileDescriptor.init(rawValue:)) : nil)
            // The trace's one command: no files to rewrite and nothing to start with it.
            for (index, step) in request.lookups.enumerated() {
                Session.perform(step, index: index, context: context, sink: sink)
            }
        }
        let drained: CaptureSession.Drained
        do {
            drained = try capture.drain()
        } catch {
            _ = capture.finish()
            sink.emit(.setupFailed(SetupFailure(kind: .drain, message: error.description)))
            return capture
        }
        sink.emit(.statistics(capture.finish()))
        if let failure = capture.pcapFailure {
            sink.emit(.setupFailed(SetupFailure(kind: .capture, message: "cannot write the capture file: \(failure)")))
        }
        sink.emit(.finished(Finished(at: WallClock.microseconds(), drainMs: drained.milliseconds,
                                     sentinelsSent: drained.sentinelsSent, peakMemoryBytes: 0)))
        return capture
    }
}

/// Reads a running process's resolver files, hostname and addresses from inside its namespaces:
/// the child `resolvlab snapshot` (and `trace --target`) starts, which prints the snapshot as
/// WireJSON on its standard output.
public enum TargetReader {
    /// The `__snapshot` command: the target arrives as WireJSON on standard input. Call first thing
    /// in `main`, before anything can start a thread (the mount namespace is joined single-threaded).
    public static func main() -> Never {
        do {
            let bytes = try FileDescriptor.standardInput.readToEnd()
            run(try WireJSON.decode(AttachTarget.self, from: bytes))
        } catch {
            fail("cannot read the request: \(error)", status: 1)
        }
    }

    /// Exit status of a reader that may not join the target: the tool's "namespaces unavailable".
    public static let refusedStatus: Int32 = 3

    /// Joins `target`, prints what it sees, and ends the process: 0 with the snapshot on standard
    /// output, else `refusedStatus` or 1 with the reason on standard error.
    public static func run(_ target: AttachTarget) -> Never {
        do {
            try Namespaces.join(AttachSession.files(target), owner: target.owner)
        } catch {
            if case .joinRefused = error { fail(error.description, status: refusedStatus) }
            fail(error.description, status: 1)
        }
        let snapshot = read(readsFiles: target.mountNamespace != nil, readsHostname: target.utsNamespace != nil)
        guard let bytes = try? WireJSON.encode(snapshot) else { fail("cannot encode the snapshot", status: 1) }
        _ = try? FileDescriptor.standardOutput.writeAll(bytes)
        _exit(0)
    }

    /// What this process sees now.
    static func read(readsFiles: Bool, readsHostname: Bool) -> TargetSnapshot {
        func text(_ path: String) -> String? {
            guard let fd = try? FileDescriptor.open(path, flags: O_RDONLY | O_CLOEXEC) else { return nil }
            defer { fd.closeIgnoringErrors() }
            guard let bytes = try? fd.readToEnd(limit: 1 << 20) else { return nil }
            return String(validating: bytes, as: UTF8.self)
        }
        let interfaces = InterfaceAddresses.read().map { TargetSnapshot.Interface(name: $0.name, addresses: $0.addresses) }
        guard readsFiles else {
            return TargetSnapshot(hostname: readsHostname ? Namespaces.hostname() : nil, interfaces: interfaces)
        }
        return TargetSnapshot(hostname: readsHostname ? Namespaces.hostname() : nil, resolvConf: text("/etc/resolv.conf"),
                              hosts: text("/etc/hosts"), nsswitchConf: text("/etc/nsswitch.conf"), gaiConf: text("/etc/gai.conf"),
                              interfaces: interfaces)
    }

    private static func fail(_ message: String, status: Int32) -> Never {
        _ = try? FileDescriptor.standardError.writeAll(Array((message + "\n").utf8))
        _exit(status)
    }
}
