/// Longest-common-subsequence alignment of two sequences: the fewest lines a diff can show as
/// only in one of them. Shared by the query matcher and `record`'s change lists.
enum SequenceAlignment {
    enum Step: Equatable {
        case both(Int, Int)
        case onlyFirst(Int)
        case onlySecond(Int)
    }

    /// Aligns `first.count`/`second.count` elements given which pairs match; on a tie the first
    /// sequence's element comes first, as in a unified diff. `common` is the number of matched pairs.
    static func align(_ firstCount: Int, _ secondCount: Int,
                      matches: (Int, Int) -> Bool) -> (steps: [Step], common: Int) {
        let n = firstCount, m = secondCount
        var table = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                table[i][j] = matches(i, j) ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var steps: [Step] = []
        var i = 0, j = 0
        while i < n || j < m {
            if i < n, j < m, matches(i, j), table[i][j] == table[i + 1][j + 1] + 1 {
                steps.append(.both(i, j)); i += 1; j += 1
            } else if i < n, j == m || table[i + 1][j] >= table[i][j + 1] {
                steps.append(.onlyFirst(i)); i += 1
            } else {
                steps.append(.onlySecond(j)); j += 1
            }
        }
        return (steps, table[0][0])
    }
}
