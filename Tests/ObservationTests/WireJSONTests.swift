import Foundation
import Observation
import Testing

/// The streaming encoder writes JSON as values encode themselves: containers used in any order the
/// Encoder protocol allows (nested containers, super encoders, values that encode nothing, single
/// values wrapping containers) must still come out as the JSON Foundation writes.
@Suite("WireJSON")
struct WireJSONTests {
    struct Plain: Codable, Equatable {
        var name: String
        var count: Int
        var ratio: Double
        var flags: [Bool]
        var missing: String?
        var nested: [String: [Int]]
    }

    /// Uses the container API out of the usual order: a nested keyed and unkeyed container are
    /// filled after later members were written, and a super encoder after them.
    struct Awkward: Encodable {
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: WireKeyForTest.self)
            var inner = container.nestedContainer(keyedBy: WireKeyForTest.self, forKey: .init("inner"))
            var list = container.nestedUnkeyedContainer(forKey: .init("list"))
            try container.encode("after", forKey: .init("plain"))
            try inner.encode(1, forKey: .init("a"))
            try list.encode("x")
            var deeper = list.nestedContainer(keyedBy: WireKeyForTest.self)
            try list.encode("y")
            try deeper.encode(true, forKey: .init("deep"))
            try inner.encode([2, 3], forKey: .init("b"))
            try Wrapper(value: Plain(name: "s", count: 1, ratio: 0.5, flags: [], missing: nil, nested: [:]))
                .encode(to: container.superEncoder())
            try Nothing().encode(to: container.superEncoder(forKey: .init("nothing")))
        }
    }

    /// Encodes nothing at all: an empty object, as Foundation writes it.
    struct Nothing: Encodable {
        func encode(to encoder: any Encoder) throws {}
    }

    /// A single value that is itself a keyed value.
    struct Wrapper<T: Encodable>: Encodable {
        var value: T
        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(value)
        }
    }

    struct WireKeyForTest: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.init(stringValue) }
        init?(intValue: Int) { nil }
    }

    static func object(_ bytes: [UInt8]) throws -> NSObject {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) as? NSObject)
    }

    @Test("plain values: the same JSON as Foundation, and back")
    func plain() throws {
        let value = Plain(name: "a \"quoted\"\n\u{1} name", count: -3, ratio: 2.5, flags: [true, false], missing: nil,
                          nested: ["x": [1, 2], "y": []])
        let ours = try WireJSON.encode(value)
        #expect(try Self.object(ours) == Self.object(Array(try JSONEncoder().encode(value))))
        #expect(try WireJSON.decode(Plain.self, from: ours) == value)
        #expect(try JSONDecoder().decode(Plain.self, from: Data(ours)) == value)
    }

    @Test("nested containers and super encoders filled late land where they belong")
    func awkwardOrder() throws {
        let ours = try WireJSON.encode(Awkward())
        let foundation = try JSONEncoder().encode(Awkward())
        #expect(try Self.object(ours) == Self.object(Array(foundation)), "\(String(decoding: ours, as: UTF8.self))")
    }

    @Test("a value that encodes nothing is an empty object; a single value may wrap a container")
    func emptyAndWrapped() throws {
        #expect(try WireJSON.encode(Nothing()) == Array("{}".utf8))
        #expect(try WireJSON.encode(Wrapper(value: Wrapper(value: [1, 2]))) == Array("[1,2]".utf8))
        #expect(try WireJSON.encode(Wrapper(value: "text")) == Array("\"text\"".utf8))
        #expect(try WireJSON.encode([Nothing(), Nothing()]) == Array("[{},{}]".utf8))
    }

    @Test("a number JSON cannot hold is an error that names where it was")
    func nonFinite() {
        struct Holder: Encodable { var values: [Double] }
        let error = #expect(throws: WireJSONError.self) { try WireJSON.encode(Holder(values: [1, .infinity])) }
        #expect(error?.description == "inf at values.1 cannot be written as JSON")
    }
}
