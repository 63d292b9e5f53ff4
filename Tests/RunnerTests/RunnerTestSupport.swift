import DNSWire
@testable import Responder
@testable import Runner
import ScenarioFormat
import Testing

/// A query pattern in the scenario's string form (`"AAAA a.example. @10.96.0.10 tcp"`); a bad one is a test issue.
func pattern(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> QueryPattern {
    switch QueryPattern.parse(text) {
    case .success(let pattern):
        return pattern
    case .failure(let error):
        Issue.record("bad test pattern \"\(text)\": \(error.message)", sourceLocation: sourceLocation)
        return QueryPattern()
    }
}

func patterns(_ texts: String..., sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [QueryPattern] {
    texts.map { pattern($0, sourceLocation: sourceLocation) }
}

/// A query as the capture saw it: `TYPE NAME` sent to 10.96.0.10:53 over UDP unless told otherwise.
func observed(_ type: String, _ name: String, server: String = "10.96.0.10", port: UInt16 = 53,
              transport: Transport = .udp, clientPort: UInt16 = 40000, id: UInt16 = 1, flags: [String] = ["rd"],
              offsetMs: Double = 0) -> ObservedQuery {
    ObservedQuery(offsetMs: offsetMs, type: type, name: name, server: server, serverPort: port, transport: transport,
                  clientPort: clientPort, id: id, flags: flags, rcode: nil, truncated: false, answerCount: nil,
                  responseOffsetMs: nil, unreachable: false)
}

/// A query as the responder logged it.
func received(_ type: String?, _ name: String?, server: String = "10.96.0.10", port: UInt16 = 53,
              transport: Transport = .udp, clientPort: UInt16 = 40000, id: UInt16 = 1) -> ReceivedQuery {
    ReceivedQuery(timestampMicroseconds: 0, server: server, serverPort: port, transport: transport, client: "10.0.0.2",
                  clientPort: clientPort, id: id, name: name, type: type, outcome: "NOERROR", ruleIndex: nil, delayMs: 0)
}

/// A diff as a reader sees it: `  ` matched, `- ` expected but missing, `+ ` observed but unexpected.
func render(_ lines: [QueryDiffLine]) -> [String] {
    lines.map { line in
        switch line {
        case .match(_, let query): "  \(query.type) \(query.name)"
        case .missing(let pattern): "- \(pattern)"
        case .unexpected(let query): "+ \(query.type) \(query.name)"
        }
    }
}

/// The (pattern, observed query) pairs a diff matched.
func pairs(_ lines: [QueryDiffLine]) -> [String] {
    lines.compactMap { line in
        guard case .match(let pattern, let query) = line else { return nil }
        return "\(pattern) ← \(query.type) \(query.name)"
    }
}
