/// The shortest edit script between two sequences given which pairs match (Myers, "An O(ND)
/// difference algorithm", 1986): the fewest lines a diff can show as only in one of them. Time and
/// memory grow with the number of differences, not with the product of the lengths, so two
/// 10,000-query sequences that differ in a few places align at once.
public enum SequenceAlignment {
    public enum Step: Equatable, Sendable {
        case both(Int, Int)
        case onlyFirst(Int)
        case onlySecond(Int)
    }

    /// Beyond this many differences the alignment gives up on minimality and pairs elements by
    /// position: the first difference is still right, and the cost stays bounded.
    public static let differenceLimit = 2000

    /// Aligns `firstCount` and `secondCount` elements; on a tie an element of the first sequence
    /// comes before one of the second, as in a unified diff. `common` is the number of matched pairs.
    public static func align(_ firstCount: Int, _ secondCount: Int,
                             matches: (Int, Int) -> Bool) -> (steps: [Step], common: Int) {
        let n = firstCount, m = secondCount
        // Common prefix and suffix first: the usual case is "equal", or equal but for a few lines.
        var prefix = 0
        while prefix < n, prefix < m, matches(prefix, prefix) { prefix += 1 }
        var suffix = 0
        while suffix < n - prefix, suffix < m - prefix, matches(n - 1 - suffix, m - 1 - suffix) { suffix += 1 }
        let middle = myers(n - prefix - suffix, m - prefix - suffix) { matches($0 + prefix, $1 + prefix) }
            ?? positional(n - prefix - suffix, m - prefix - suffix) { matches($0 + prefix, $1 + prefix) }
        var steps: [Step] = (0..<prefix).map { .both($0, $0) }
        for step in middle {
            switch step {
            case let .both(i, j): steps.append(.both(i + prefix, j + prefix))
            case .onlyFirst(let i): steps.append(.onlyFirst(i + prefix))
            case .onlySecond(let j): steps.append(.onlySecond(j + prefix))
            }
        }
        steps += (0..<suffix).map { .both(n - suffix + $0, m - suffix + $0) }
        let common = steps.reduce(0) { if case .both = $1 { $0 + 1 } else { $0 } }
        return (steps, common)
    }

    /// nil when the sequences differ in more than `differenceLimit` places.
    static func myers(_ n: Int, _ m: Int, matches: (Int, Int) -> Bool) -> [Step]? {
        if n == 0 { return (0..<m).map { .onlySecond($0) } }
        if m == 0 { return (0..<n).map { .onlyFirst($0) } }
        let limit = min(n + m, differenceLimit)
        let offset = limit + 1
        var v = [Int](repeating: 0, count: 2 * limit + 3)
        var trace: [[Int]] = []
        for d in 0...limit {
            trace.append(Array(v[(offset - d)...(offset + d)]))
            for k in stride(from: -d, through: d, by: 2) {
                // Prefer a step along the first sequence (a deletion) on a tie, so "-" lines come first.
                var x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1
                var y = x - k
                while x < n, y < m, matches(x, y) {
                    x += 1
                    y += 1
                }
                v[offset + k] = x
                if x >= n, y >= m { return backtrack(trace: trace, n: n, m: m, d: d) }
            }
        }
        return nil
    }

    private static func backtrack(trace: [[Int]], n: Int, m: Int, d finalD: Int) -> [Step] {
        var steps: [Step] = []
        var x = n, y = m
        for d in stride(from: finalD, through: 1, by: -1) {
            let v = trace[d]   // the state before round d, indexed by k + d
            let k = x - y
            func at(_ k: Int) -> Int { v[k + d] }   // valid for -d < k < d: v holds k in -d...d from round d-1
            let down = k == -d || (k != d && at(k - 1) < at(k + 1))
            let previousK = down ? k + 1 : k - 1
            let previousX = at(previousK)
            let previousY = previousX - previousK
            while x > previousX + (down ? 0 : 1), y > previousY + (down ? 1 : 0) {
                steps.append(.both(x - 1, y - 1))
                x -= 1
                y -= 1
            }
            if down {
                steps.append(.onlySecond(y - 1))
            } else {
                steps.append(.onlyFirst(x - 1))
            }
            x = previousX
            y = previousY
        }
        while x > 0, y > 0 {
            steps.append(.both(x - 1, y - 1))
            x -= 1
            y -= 1
        }
        return steps.reversed()
    }

    /// Pairs by position: a matching pair is common, a differing one shows both sides.
    static func positional(_ n: Int, _ m: Int, matches: (Int, Int) -> Bool) -> [Step] {
        var steps: [Step] = []
        for index in 0..<max(n, m) {
            if index < n, index < m, matches(index, index) {
                steps.append(.both(index, index))
            } else {
                if index < n { steps.append(.onlyFirst(index)) }
                if index < m { steps.append(.onlySecond(index)) }
            }
        }
        return steps
    }
}
