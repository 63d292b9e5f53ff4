@testable import Judge
import PropertyBased
import ObservationTestSupport
import Testing

@Suite("SequenceAlignment")
struct SequenceAlignmentTests {
    /// The length of a longest common subsequence, by the textbook table: the reference.
    static func lcs(_ a: [Int], _ b: [Int]) -> Int {
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        return table[0][0]
    }

    /// Every element of both sequences appears once, in order, and matched pairs really match.
    static func isValid(_ steps: [SequenceAlignment.Step], _ a: [Int], _ b: [Int]) -> Bool {
        var i = 0, j = 0
        for step in steps {
            switch step {
            case let .both(x, y):
                guard x == i, y == j, a[x] == b[y] else { return false }
                i += 1
                j += 1
            case .onlyFirst(let x):
                guard x == i else { return false }
                i += 1
            case .onlySecond(let y):
                guard y == j else { return false }
                j += 1
            }
        }
        return i == a.count && j == b.count
    }

    @Test("random small sequences: a valid alignment with as many common elements as the longest common subsequence")
    func agreesWithTheTextbookTable() async {
        await propertyCheck(count: 400, input: Gen.int(in: 0...3).array(of: 0...14), Gen.int(in: 0...3).array(of: 0...14)) { a, b in
            let (steps, common) = SequenceAlignment.align(a.count, b.count) { a[$0] == b[$1] }
            #expect(Self.isValid(steps, a, b))
            #expect(common == Self.lcs(a, b))
        }
    }

    @Test("on a tie an element of the first sequence comes first, as in a unified diff")
    func deletionsFirst() {
        let a = [1, 2], b = [2, 1]
        let (steps, _) = SequenceAlignment.align(a.count, b.count) { a[$0] == b[$1] }
        #expect(steps == [.onlyFirst(0), .both(1, 0), .onlySecond(1)])
    }

    @Test("two 10,000-element sequences that differ in a few places align at once")
    func largeSequences() {
        let a = Array(0..<10_000)
        var b = a
        b.remove(at: 5_000)
        b.insert(-1, at: 7_000)
        let started = ContinuousClock.now
        let (steps, common) = SequenceAlignment.align(a.count, b.count) { a[$0] == b[$1] }
        #expect(common == 9_999)
        #expect(Self.isValid(steps, a, b))
        #expect(ContinuousClock.now - started < .seconds(2), "the alignment is not O(N·M)")
    }

    @Test("beyond the difference limit, elements are paired by position: still valid, and bounded")
    func tooManyDifferences() {
        let a = Array(0..<6_000)
        let b = Array((0..<6_000).map { -$0 - 1 })
        let (steps, common) = SequenceAlignment.align(a.count, b.count) { a[$0] == b[$1] }
        #expect(common == 0)
        #expect(Self.isValid(steps, a, b))
        #expect(steps.count == 12_000)
    }
}
