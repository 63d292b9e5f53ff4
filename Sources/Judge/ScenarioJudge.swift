import Observation
import ScenarioFormat

/// Decides pass, fail or error from what a sandbox reported: pure, no I/O, no prose.
public enum ScenarioJudge {
    /// The judgement and, when queries were compared, the comparison line by line.
    public struct Judgement: Sendable {
        public var verdict: Verdict
        public var queryDiff: [QueryDiffLine]?
        /// Under `expect.alternatives`: the one `queryDiff` compares with (the one that matched, or the closest).
        public var queryAlternative: AlternativeChoice?

        public init(verdict: Verdict, queryDiff: [QueryDiffLine]? = nil, queryAlternative: AlternativeChoice? = nil) {
            self.verdict = verdict
            self.queryDiff = queryDiff
            self.queryAlternative = queryAlternative
        }
    }

    public static func judge(_ scenario: Scenario, observation: ScenarioObservation) -> Judgement {
        if let error = problem(scenario, observation) { return Judgement(verdict: .error(error)) }
        var mismatches: [Mismatch] = []
        var diff: [QueryDiffLine]?
        var chosen: AlternativeChoice?
        let order = scenario.expect?.order ?? .exact
        if let expected = scenario.expect?.queries {
            let comparison = QueryMatcher.match(expected, order: order, observed: observation.queriesInWireOrder)
            diff = comparison.lines
            if let mismatch = comparison.mismatch { mismatches.append(.queries(mismatch)) }
            mismatches += comparison.timing.map(Mismatch.timing)
        } else if let alternatives = scenario.expect?.alternatives,
                  let (index, comparison) = QueryMatcher.closest(alternatives, order: order, observed: observation.queriesInWireOrder) {
            let choice = AlternativeChoice(index: index, count: alternatives.count)
            diff = comparison.lines
            chosen = choice
            if var mismatch = comparison.mismatch {
                mismatch.alternative = choice
                mismatches.append(.queries(mismatch))
            }
            for var timing in comparison.timing {
                timing.alternative = choice
                mismatches.append(.timing(timing))
            }
        }
        if let forbidden = scenario.expect?.forbid, !forbidden.isEmpty {
            for query in observation.queriesInWireOrder {
                if let pattern = forbidden.first(where: { $0.matches(query) }) { mismatches.append(.forbidden(pattern, query)) }
            }
        }
        for count in scenario.expect?.counts ?? [] {
            let matching = observation.queriesInWireOrder.count(where: count.pattern.matches)
            if !count.allows(matching) { mismatches.append(.count(count, observed: matching)) }
        }
        for (index, lookup) in scenario.lookups.enumerated() {
            guard let outcome = observation.outcome(ofLookup: index) else { continue }
            mismatches += LookupChecker.check(lookup, outcome, index: index)
        }
        return Judgement(verdict: mismatches.isEmpty ? .pass : .fail(mismatches), queryDiff: diff, queryAlternative: chosen)
    }

    /// Why the observation cannot be judged, if it cannot: a capture that may have lost packets, a
    /// lookup that did not run, a sandbox that never finished.
    static func problem(_ scenario: Scenario, _ observation: ScenarioObservation) -> ErrorReason? {
        if let failure = observation.setupFailure {
            return failure.kind == .namespaces ? .namespaces(failure.message) : .setup(failure.kind, failure.message)
        }
        if !observation.undecodable.isEmpty { return .protocolError(observation.undecodable) }
        if !observation.lost.isEmpty { return .captureLoss(observation.lost) }
        if let statistics = observation.statistics {
            if statistics.kernelDrops > 0 {
                return .kernelDrops(count: statistics.kernelDrops, receiveBufferBytes: observation.started?.receiveBufferBytes)
            }
            if statistics.truncatedFrames > 0 { return .truncatedFrames(statistics.truncatedFrames) }
        }
        if !observation.incompleteStreams.isEmpty { return .incompleteStreams(observation.incompleteStreams) }
        for (index, lookup) in scenario.lookups.enumerated() {
            guard let outcome = observation.outcome(ofLookup: index) else {
                // A lookup without a result has unchecked expectations: that is no pass.
                return .noResult(index: index, label: lookup.label)
            }
            if let failure = outcome.failure { return .lookupFailed(index: index, label: lookup.label, message: failure) }
        }
        if observation.finished == nil { return .noResult(index: scenario.lookups.count, label: "the capture drain") }
        return nil
    }
}
