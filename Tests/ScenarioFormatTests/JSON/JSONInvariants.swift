import Testing
import ScenarioFormat

/// The properties every parse result must have, whatever the input.
enum JSONInvariants {
    /// Parses `bytes` and checks positions against the oracle, that each node's slice re-parses to the
    /// same value, and that rendering round-trips; on failure checks the error points inside the input.
    static func check(_ bytes: [UInt8]) {
        let root: JSONNode
        do {
            root = try JSONParser.parse(bytes)
        } catch {
            let offset = error.location.offset
            #expect(offset >= 0 && offset <= bytes.count, "\(error) in \(bytes)")
            let oracle = JSONTestSupport.lineAndColumn(of: offset, in: bytes)
            #expect(error.location.line == oracle.line && error.location.column == oracle.column, "\(error) in \(bytes)")
            #expect(!error.message.isEmpty)
            return
        }
        for range in JSONTestSupport.allRanges(root) {
            #expect(range.start.offset <= range.end.offset && range.end.offset <= bytes.count)
            for location in [range.start, range.end] {
                let oracle = JSONTestSupport.lineAndColumn(of: location.offset, in: bytes)
                #expect(location.line == oracle.line && location.column == oracle.column, "\(location) in \(bytes)")
            }
        }
        for node in JSONTestSupport.allNodes(root) {
            let slice = Array(bytes[node.range.offsets])
            #expect((try? JSONParser.parse(slice))?.value.isStructurallyEqual(to: node.value) == true, "\(slice)")
        }
        let rendered = JSONRenderer().render(root.value)
        #expect((try? JSONParser.parse(rendered))?.value.isStructurallyEqual(to: root.value) == true, "\(rendered)")
    }
}
