import CResolvLab
import Capture
import DNSWire
import Foundation
import Glibc
import Responder
import Sandbox
import ScenarioFormat
import SystemCalls

/// The sandbox side of a run: the hidden subcommand's work, in this order (design.md, "Process
/// model"): namespaces first while single-threaded, then lo and addresses, files, hostname,
/// responder, capture, the lookups, the drain, the cross-check.
public enum SandboxChild {
    /// Enters the namespaces. Call before anything can have started a thread.
    public static func enterNamespaces(_ namespaces: Set<Namespace>) -> Observation.SetupFailure? {
        // If the parent dies, so does the sandbox: nothing outlives the run.
        _ = resolvlab_set_parent_death_signal(SIGKILL)
        do {
            try Namespaces.unshare(namespaces)
            return nil
        } catch let error {
            if case .namespacesUnavailable = error {
                return .init(kind: .namespaces, message: error.description)
            }
            return .init(kind: .sandbox, message: error.description)
        }
    }

    /// Builds the rest of the sandbox, runs the scenario and hands the observation to `deliver`
    /// before tearing anything down: closing a packet socket waits out an RCU grace period (tens
    /// of milliseconds), which the parent need not wait for. `namespaces` have already been entered.
    public static func run(_ scenario: Scenario, namespaces: Set<Namespace>, deliver: (Observation) -> Void) {
        var held = HeldResources()
        let observation = observe(scenario, namespaces: namespaces, holding: &held)
        deliver(observation)
        withExtendedLifetime(held) {}
    }

    /// What must stay open until the observation is delivered.
    struct HeldResources {
        var responder: Responder?
        var capture: CaptureSession?
    }

    static func observe(_ scenario: Scenario, namespaces: Set<Namespace>, holding held: inout HeldResources) -> Observation {
        var observation = Observation()
        do {
            try SandboxSetup.configure(SandboxConfiguration(
                namespaces: namespaces, hostname: scenario.hostname, addresses: addresses(for: scenario),
                files: HermeticFiles.placements(for: scenario)))
        } catch {
            let unprivileged = namespaces.contains(.user) && getuid() != 0
            if case .system(_, let errno) = error, unprivileged, errno == .notPermitted || errno == .permissionDenied {
                // AppArmor's userns restriction shows up here, after unshare itself succeeded.
                observation.setupFailure = .init(kind: .namespaces, message: SandboxError.namespacesUnavailable(
                    step: error.description, errno: errno, unprivileged: true).description)
            } else {
                observation.setupFailure = .init(kind: .sandbox, message: error.description)
            }
            return observation
        }

        let responder: Responder
        do {
            responder = try Responder(servers: scenario.servers)
            held.responder = responder
            try responder.start()
        } catch {
            observation.setupFailure = .init(kind: .responder, message: error.description)
            return observation
        }
        let ports = Set(scenario.servers.map(\.port)).union([53])
        let capture: CaptureSession
        do {
            capture = try CaptureSession(interface: "lo", dnsPorts: ports)
            held.capture = capture
        } catch {
            _ = responder.stop()
            observation.setupFailure = .init(kind: .capture, message: error.description)
            return observation
        }

        let deadline = MonotonicInstant.now().adding(milliseconds: scenario.timeoutMs)
        observation.startedAtMicroseconds = WallClock.microseconds()
        let started = MonotonicInstant.now()
        for lookup in scenario.lookups {
            observation.lookups.append(perform(lookup, started: started, deadline: deadline))
        }

        let drained: CaptureSession.Drained
        do {
            drained = try capture.drain()
        } catch {
            _ = responder.stop()
            observation.setupFailure = .init(kind: .drain, message: error.description)
            return observation
        }
        observation.received = responder.stop()
        let transcript = WireTranscript.extract(frames: drained.frames, linkType: capture.linkType, dnsPorts: ports)
        observation.queries = TranscriptAnalysis.observedQueries(transcript, startedAtMicroseconds: observation.startedAtMicroseconds)
        observation.lost = TranscriptAnalysis.lostQueries(received: observation.received, observed: observation.queries)
        observation.incompleteStreams = transcript.incompleteStreams
        observation.capture = Observation.CaptureSummary(
            interface: "lo", linkType: capture.linkType.rawValue, filter: capture.filter,
            statistics: capture.statistics(), drainMilliseconds: drained.milliseconds,
            sentinelsSent: drained.sentinelsSent, warnings: capture.warnings,
            frames: drained.frames.map {
                Observation.Frame(timestampMicroseconds: $0.timestampMicroseconds, originalLength: $0.originalLength,
                                  data: Data($0.bytes).base64EncodedString())
            })
        return observation
    }

    /// Every server address and every scenario address, each once.
    static func addresses(for scenario: Scenario) -> [InterfaceAddress] {
        var result: [InterfaceAddress] = []
        for server in scenario.servers {
            let address = InterfaceAddress(host: server.address)
            if !result.contains(where: { $0.address == address.address }) { result.append(address) }
        }
        for prefix in scenario.addresses where !result.contains(where: { $0.address == prefix.address }) {
            result.append(InterfaceAddress(address: prefix.address, prefixLength: UInt8(prefix.prefixLength)))
        }
        return result
    }

    static func perform(_ lookup: Lookup, started: MonotonicInstant, deadline: MonotonicInstant) -> LookupResult {
        let begin = MonotonicInstant.now()
        var result = LookupResult(label: lookup.label, startOffsetMs: started.milliseconds(to: begin), durationMs: 0)
        switch lookup.kind {
        case let .getaddrinfo(host, family, flags, service):
            let outcome = GetaddrinfoCall.perform(host: host, family: family, flags: flags, service: service)
            result.durationMs = begin.milliseconds(to: .now())
            result.addresses = outcome.error == nil ? outcome.addresses : nil
            result.error = outcome.error
            result.canonname = outcome.canonname
        case .exec(let arguments):
            let process = ChildProcess(executable: arguments[0], arguments: Array(arguments.dropFirst()))
            do {
                let output = try process.run(deadline: deadline)
                result.durationMs = output.durationMilliseconds
                switch output.status {
                case .exited(let code): result.exitCode = Int(code)
                case .signaled(let signal): result.signal = Int(signal)
                }
                result.standardOutput = String(decoding: output.standardOutput, as: UTF8.self)
                result.standardError = String(decoding: output.standardError, as: UTF8.self)
                result.timedOut = output.timedOut
            } catch {
                result.durationMs = begin.milliseconds(to: .now())
                result.failure = error.description
            }
        }
        return result
    }
}
