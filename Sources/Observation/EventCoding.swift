
/// Newline-delimited JSON: one event per line, `{"KIND": {...}}`. `EventLines` writes and reads
/// this form by hand (EventLineCoding.swift); this conformance is the same form for any decoder
/// (tests hold the two together).
extension ProbeEvent: Codable {
    private enum Kind: String, CodingKey {
        case started, lookupStarted, lookupEnded, query, reply, unreachable, statistics, lost, incompleteStream,
             activity, setupFailed, finished
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Kind.self)
        guard container.allKeys.count == 1, let kind = container.allKeys.first else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "an event has exactly one kind"))
        }
        switch kind {
        case .started: self = .started(try container.decode(SandboxStarted.self, forKey: kind))
        case .lookupStarted: self = .lookupStarted(try container.decode(LookupStarted.self, forKey: kind))
        case .lookupEnded: self = .lookupEnded(try container.decode(LookupEnded.self, forKey: kind))
        case .query: self = .query(try container.decode(WireQuery.self, forKey: kind))
        case .reply: self = .reply(try container.decode(WireReply.self, forKey: kind))
        case .unreachable: self = .unreachable(try container.decode(PortUnreachable.self, forKey: kind))
        case .statistics: self = .statistics(try container.decode(CaptureStatistics.self, forKey: kind))
        case .lost: self = .lost(try container.decode(LostQuery.self, forKey: kind))
        case .incompleteStream: self = .incompleteStream(try container.decode(IncompleteStream.self, forKey: kind))
        case .activity: self = .activity(try container.decode(Activity.self, forKey: kind))
        case .setupFailed: self = .setupFailed(try container.decode(SetupFailure.self, forKey: kind))
        case .finished: self = .finished(try container.decode(Finished.self, forKey: kind))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Kind.self)
        switch self {
        case .started(let value): try container.encode(value, forKey: .started)
        case .lookupStarted(let value): try container.encode(value, forKey: .lookupStarted)
        case .lookupEnded(let value): try container.encode(value, forKey: .lookupEnded)
        case .query(let value): try container.encode(value, forKey: .query)
        case .reply(let value): try container.encode(value, forKey: .reply)
        case .unreachable(let value): try container.encode(value, forKey: .unreachable)
        case .statistics(let value): try container.encode(value, forKey: .statistics)
        case .lost(let value): try container.encode(value, forKey: .lost)
        case .incompleteStream(let value): try container.encode(value, forKey: .incompleteStream)
        case .activity(let value): try container.encode(value, forKey: .activity)
        case .setupFailed(let value): try container.encode(value, forKey: .setupFailed)
        case .finished(let value): try container.encode(value, forKey: .finished)
        }
    }
}

/// Encodes events as lines and splits a byte stream back into events.
public enum EventLines {
    /// One line, newline included.
    public static func encode(_ event: ProbeEvent) -> [UInt8] {
        var bytes = event.writeLine()
        bytes.append(0x0A)
        return bytes
    }

    /// Splits `buffer` at newlines: the complete lines are removed from it and decoded; a line that
    /// is not an event becomes `.failure` with the line, so a corrupt stream is reported, not hidden.
    public static func take(from buffer: inout [UInt8]) -> [Result<ProbeEvent, UndecodableLine>] {
        guard let lastNewline = buffer.lastIndex(of: 0x0A) else { return [] }
        var results: [Result<ProbeEvent, UndecodableLine>] = []
        for line in buffer[...lastNewline].split(separator: 0x0A, omittingEmptySubsequences: true) {
            do {
                results.append(.success(try ProbeEvent(line: line)))
            } catch {
                results.append(.failure(UndecodableLine(text: String(decoding: line.prefix(300), as: UTF8.self),
                                                        reason: "\(error)")))
            }
        }
        buffer.removeSubrange(...lastNewline)
        return results
    }
}

/// A line on the event pipe that is not an event.
public struct UndecodableLine: Error, Sendable, Hashable {
    public var text: String
    public var reason: String

    public init(text: String, reason: String) {
        self.text = text
        self.reason = reason
    }
}
