/// Random edits to valid fixtures for "never traps" property tests.
public enum ByteMutation {
    /// One to six random inserts, deletes, truncations, bit flips and replacements; replacements
    /// draw from `interesting` (bytes that steer the parser under test) as well as from any byte.
    public static func mutate(_ original: [UInt8], interesting: [UInt8] = [],
                              using rng: inout some RandomNumberGenerator) -> [UInt8] {
        var bytes = original
        for _ in 0..<Int.random(in: 1...6, using: &rng) {
            let action = Int.random(in: 0...5, using: &rng)
            if bytes.isEmpty || action == 0 {
                bytes.insert(.random(in: 0...255, using: &rng), at: Int.random(in: 0...bytes.count, using: &rng))
            } else if action == 1 {
                bytes.remove(at: Int.random(in: 0..<bytes.count, using: &rng))
            } else if action == 2 {
                bytes.removeLast(Int.random(in: 0...bytes.count, using: &rng))
            } else if action == 3 {
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] ^= UInt8(1) << UInt8.random(in: 0...7, using: &rng)
            } else if action == 4, let byte = interesting.randomElement(using: &rng) {
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] = byte
            } else {
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] = .random(in: 0...255, using: &rng)
            }
        }
        return bytes
    }
}
