/// A JSON encoder and decoder for the events and requests that cross the pipe between the parent
/// and the sandbox child. Foundation's JSONEncoder/JSONDecoder work, but their first use of each
/// type casts it to several protocols, and each such cast scans every protocol conformance in the
/// binary (about 4,500 here): decoding the first request took 2 ms, the second 0.25 ms. These two
/// cast to no protocol, so the first message costs what every later one does. They handle what the
/// protocol uses: keyed and unkeyed containers, strings, booleans, integers, doubles, optionals.
public enum WireJSON {
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = ValueEncoder()
        try value.encode(to: encoder)
        var output: [UInt8] = []
        output.reserveCapacity(256)
        encoder.root.write(into: &output)
        return output
    }

    public static func decode<T: Decodable>(_ type: T.Type, from bytes: some Collection<UInt8>) throws -> T {
        var parser = Parser(bytes: Array(bytes))
        let value = try parser.parseDocument()
        return try T(from: ValueDecoder(value: value, codingPath: []))
    }
}

/// A parsed or built JSON value.
indirect enum WireValue {
    case null
    case bool(Bool)
    /// The number's text, as written: integers stay exact.
    case number(String)
    case string(String)
    case array([WireValue])
    case object([(String, WireValue)])

    func write(into output: inout [UInt8]) {
        switch self {
        case .null: output += Array("null".utf8)
        case .bool(let value): output += Array((value ? "true" : "false").utf8)
        case .number(let text): output += Array(text.utf8)
        case .string(let text): Self.writeString(text, into: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                element.write(into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                Self.writeString(member.0, into: &output)
                output.append(UInt8(ascii: ":"))
                member.1.write(into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    static func writeString(_ text: String, into output: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): output += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: output += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x00..<0x20, 0x7F:
                output += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}

public struct WireJSONError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}

// MARK: - Encoding

final class ValueEncoder: Encoder {
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    /// Containers write into these boxes; `root` reads them back when asked.
    fileprivate var box = Box(.null)
    var root: WireValue { box.resolved }

    init(codingPath: [any CodingKey] = []) { self.codingPath = codingPath }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = box.kind {} else { box = Box(.object([])) }
        return KeyedEncodingContainer(KeyedEncoder<Key>(box: box, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = box.kind {} else { box = Box(.array([])) }
        return UnkeyedEncoder(box: box, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleEncoder(encoder: self, codingPath: codingPath)
    }
}

/// A value under construction: objects and arrays hold boxes so nested containers can fill them later.
/// Members and elements live in stored arrays, not in an enum payload, so appending is amortised
/// O(1) (a payload is copied out and back on every change) and keys are found through an index.
fileprivate final class Box {
    enum Kind {
        case leaf(WireValue)
        case object
        case array
    }
    var kind: Kind
    private var members: [(String, Box)] = []
    private var memberIndex: [String: Int] = [:]
    private(set) var elements: [Box] = []

    init(_ value: WireValue) {
        switch value {
        case .object: kind = .object
        case .array: kind = .array
        default: kind = .leaf(value)
        }
    }

    var resolved: WireValue {
        switch kind {
        case .leaf(let value): value
        case .object: .object(members.map { ($0.0, $0.1.resolved) })
        case .array: .array(elements.map(\.resolved))
        }
    }

    func set(_ key: String, _ box: Box) {
        guard case .object = kind else { return }
        if let index = memberIndex[key] {
            members[index].1 = box
        } else {
            memberIndex[key] = members.count
            members.append((key, box))
        }
    }

    func append(_ box: Box) {
        guard case .array = kind else { return }
        elements.append(box)
    }
}

fileprivate func encodeNested<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws -> Box {
    let encoder = ValueEncoder(codingPath: codingPath)
    try value.encode(to: encoder)
    return encoder.box
}

fileprivate func number<T: BinaryInteger>(_ value: T) -> Box { Box(.number(String(value))) }

fileprivate func number(_ value: Double) throws -> Box {
    guard value.isFinite else { throw WireJSONError("\(value) cannot be written as JSON") }
    return Box(.number(value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"))
}

fileprivate struct KeyedEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: Box
    var codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { box.set(key.stringValue, Box(.null)) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { box.set(key.stringValue, Box(.bool(value))) }
    mutating func encode(_ value: String, forKey key: Key) throws { box.set(key.stringValue, Box(.string(value))) }
    mutating func encode(_ value: Double, forKey key: Key) throws { box.set(key.stringValue, try number(value)) }
    mutating func encode(_ value: Float, forKey key: Key) throws { box.set(key.stringValue, try number(Double(value))) }
    mutating func encode(_ value: Int, forKey key: Key) throws { box.set(key.stringValue, number(value)) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { box.set(key.stringValue, number(value)) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { box.set(key.stringValue, number(value)) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { box.set(key.stringValue, number(value)) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { box.set(key.stringValue, number(value)) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { box.set(key.stringValue, number(value)) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { box.set(key.stringValue, number(value)) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { box.set(key.stringValue, number(value)) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { box.set(key.stringValue, number(value)) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { box.set(key.stringValue, number(value)) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        box.set(key.stringValue, try encodeNested(value, codingPath: codingPath + [key]))
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = Box(.object([]))
        box.set(key.stringValue, nested)
        return KeyedEncodingContainer(KeyedEncoder<NestedKey>(box: nested, codingPath: codingPath + [key]))
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = Box(.array([]))
        box.set(key.stringValue, nested)
        return UnkeyedEncoder(box: nested, codingPath: codingPath + [key])
    }
    mutating func superEncoder() -> any Encoder { ValueEncoder(codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { ValueEncoder(codingPath: codingPath + [key]) }
}

fileprivate struct UnkeyedEncoder: UnkeyedEncodingContainer {
    let box: Box
    var codingPath: [any CodingKey]
    var count: Int {
        box.elements.count
    }

    mutating func encodeNil() throws { box.append(Box(.null)) }
    mutating func encode(_ value: Bool) throws { box.append(Box(.bool(value))) }
    mutating func encode(_ value: String) throws { box.append(Box(.string(value))) }
    mutating func encode(_ value: Double) throws { box.append(try number(value)) }
    mutating func encode(_ value: Float) throws { box.append(try number(Double(value))) }
    mutating func encode(_ value: Int) throws { box.append(number(value)) }
    mutating func encode(_ value: Int8) throws { box.append(number(value)) }
    mutating func encode(_ value: Int16) throws { box.append(number(value)) }
    mutating func encode(_ value: Int32) throws { box.append(number(value)) }
    mutating func encode(_ value: Int64) throws { box.append(number(value)) }
    mutating func encode(_ value: UInt) throws { box.append(number(value)) }
    mutating func encode(_ value: UInt8) throws { box.append(number(value)) }
    mutating func encode(_ value: UInt16) throws { box.append(number(value)) }
    mutating func encode(_ value: UInt32) throws { box.append(number(value)) }
    mutating func encode(_ value: UInt64) throws { box.append(number(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws { box.append(try encodeNested(value, codingPath: codingPath)) }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = Box(.object([]))
        box.append(nested)
        return KeyedEncodingContainer(KeyedEncoder<NestedKey>(box: nested, codingPath: codingPath))
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = Box(.array([]))
        box.append(nested)
        return UnkeyedEncoder(box: nested, codingPath: codingPath)
    }
    mutating func superEncoder() -> any Encoder { ValueEncoder(codingPath: codingPath) }
}

fileprivate struct SingleEncoder: SingleValueEncodingContainer {
    let encoder: ValueEncoder
    var codingPath: [any CodingKey]

    mutating func encodeNil() throws { encoder.box = Box(.null) }
    mutating func encode(_ value: Bool) throws { encoder.box = Box(.bool(value)) }
    mutating func encode(_ value: String) throws { encoder.box = Box(.string(value)) }
    mutating func encode(_ value: Double) throws { encoder.box = try number(value) }
    mutating func encode(_ value: Float) throws { encoder.box = try number(Double(value)) }
    mutating func encode(_ value: Int) throws { encoder.box = number(value) }
    mutating func encode(_ value: Int8) throws { encoder.box = number(value) }
    mutating func encode(_ value: Int16) throws { encoder.box = number(value) }
    mutating func encode(_ value: Int32) throws { encoder.box = number(value) }
    mutating func encode(_ value: Int64) throws { encoder.box = number(value) }
    mutating func encode(_ value: UInt) throws { encoder.box = number(value) }
    mutating func encode(_ value: UInt8) throws { encoder.box = number(value) }
    mutating func encode(_ value: UInt16) throws { encoder.box = number(value) }
    mutating func encode(_ value: UInt32) throws { encoder.box = number(value) }
    mutating func encode(_ value: UInt64) throws { encoder.box = number(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { encoder.box = try encodeNested(value, codingPath: codingPath) }
}

// MARK: - Decoding

struct ValueDecoder: Decoder {
    let value: WireValue
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else { throw mismatch("an object") }
        var table: [String: WireValue] = [:]
        for (key, member) in members { table[key] = member }
        return KeyedDecodingContainer(KeyedDecoder<Key>(members: table, order: members.map(\.0), codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else { throw mismatch("an array") }
        return UnkeyedDecoder(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleDecoder(value: value, codingPath: codingPath)
    }

    func mismatch(_ expected: String) -> WireJSONError {
        WireJSONError("expected \(expected) at \(codingPath.map(\.stringValue).joined(separator: "."))")
    }
}

fileprivate func scalar<T>(_ value: WireValue, _ codingPath: [any CodingKey], _ read: (WireValue) -> T?) throws -> T {
    guard let result = read(value) else {
        throw WireJSONError("expected \(T.self) at \(codingPath.map(\.stringValue).joined(separator: "."))")
    }
    return result
}

fileprivate func integer<T: FixedWidthInteger>(_ value: WireValue) -> T? {
    guard case .number(let text) = value else { return nil }
    return T(text)
}

fileprivate func double(_ value: WireValue) -> Double? {
    guard case .number(let text) = value else { return nil }
    return Double(text)
}

fileprivate func string(_ value: WireValue) -> String? {
    if case .string(let text) = value { text } else { nil }
}

fileprivate func bool(_ value: WireValue) -> Bool? {
    if case .bool(let flag) = value { flag } else { nil }
}

fileprivate struct KeyedDecoder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [String: WireValue]
    let order: [String]
    var codingPath: [any CodingKey]
    var allKeys: [Key] { order.compactMap(Key.init(stringValue:)) }

    func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

    func member(_ key: Key) throws -> WireValue {
        guard let value = members[key.stringValue] else {
            throw WireJSONError("missing \(key.stringValue) at \(codingPath.map(\.stringValue).joined(separator: "."))")
        }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        if case .null = members[key.stringValue] ?? .null { true } else { false }
    }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try scalar(member(key), codingPath + [key], bool) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try scalar(member(key), codingPath + [key], string) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try scalar(member(key), codingPath + [key], double) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try decode(Double.self, forKey: key)) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try scalar(member(key), codingPath + [key], integer) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try scalar(member(key), codingPath + [key], integer) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try scalar(member(key), codingPath + [key], integer) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try scalar(member(key), codingPath + [key], integer) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try scalar(member(key), codingPath + [key], integer) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try scalar(member(key), codingPath + [key], integer) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try scalar(member(key), codingPath + [key], integer) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try scalar(member(key), codingPath + [key], integer) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try scalar(member(key), codingPath + [key], integer) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try scalar(member(key), codingPath + [key], integer) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try T(from: ValueDecoder(value: member(key), codingPath: codingPath + [key]))
    }
    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try ValueDecoder(value: member(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try ValueDecoder(value: member(key), codingPath: codingPath + [key]).unkeyedContainer()
    }
    func superDecoder() throws -> any Decoder { ValueDecoder(value: .object(order.compactMap { k in members[k].map { (k, $0) } }), codingPath: codingPath) }
    func superDecoder(forKey key: Key) throws -> any Decoder { ValueDecoder(value: try member(key), codingPath: codingPath + [key]) }
}

fileprivate struct UnkeyedDecoder: UnkeyedDecodingContainer {
    let elements: [WireValue]
    var codingPath: [any CodingKey]
    var currentIndex = 0
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    init(elements: [WireValue], codingPath: [any CodingKey]) {
        self.elements = elements
        self.codingPath = codingPath
    }

    mutating func next() throws -> WireValue {
        guard !isAtEnd else { throw WireJSONError("array too short at \(codingPath.map(\.stringValue).joined(separator: "."))") }
        defer { currentIndex += 1 }
        return elements[currentIndex]
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, case .null = elements[currentIndex] else { return false }
        currentIndex += 1
        return true
    }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try scalar(next(), codingPath, bool) }
    mutating func decode(_ type: String.Type) throws -> String { try scalar(next(), codingPath, string) }
    mutating func decode(_ type: Double.Type) throws -> Double { try scalar(next(), codingPath, double) }
    mutating func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }
    mutating func decode(_ type: Int.Type) throws -> Int { try scalar(next(), codingPath, integer) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try scalar(next(), codingPath, integer) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try scalar(next(), codingPath, integer) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try scalar(next(), codingPath, integer) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try scalar(next(), codingPath, integer) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try scalar(next(), codingPath, integer) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try scalar(next(), codingPath, integer) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try scalar(next(), codingPath, integer) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try scalar(next(), codingPath, integer) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try scalar(next(), codingPath, integer) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try T(from: ValueDecoder(value: next(), codingPath: codingPath))
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try ValueDecoder(value: next(), codingPath: codingPath).container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try ValueDecoder(value: next(), codingPath: codingPath).unkeyedContainer()
    }
    mutating func superDecoder() throws -> any Decoder { ValueDecoder(value: try next(), codingPath: codingPath) }
}

fileprivate struct SingleDecoder: SingleValueDecodingContainer {
    let value: WireValue
    var codingPath: [any CodingKey]

    func decodeNil() -> Bool { if case .null = value { true } else { false } }
    func decode(_ type: Bool.Type) throws -> Bool { try scalar(value, codingPath, bool) }
    func decode(_ type: String.Type) throws -> String { try scalar(value, codingPath, string) }
    func decode(_ type: Double.Type) throws -> Double { try scalar(value, codingPath, double) }
    func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }
    func decode(_ type: Int.Type) throws -> Int { try scalar(value, codingPath, integer) }
    func decode(_ type: Int8.Type) throws -> Int8 { try scalar(value, codingPath, integer) }
    func decode(_ type: Int16.Type) throws -> Int16 { try scalar(value, codingPath, integer) }
    func decode(_ type: Int32.Type) throws -> Int32 { try scalar(value, codingPath, integer) }
    func decode(_ type: Int64.Type) throws -> Int64 { try scalar(value, codingPath, integer) }
    func decode(_ type: UInt.Type) throws -> UInt { try scalar(value, codingPath, integer) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try scalar(value, codingPath, integer) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try scalar(value, codingPath, integer) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try scalar(value, codingPath, integer) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try scalar(value, codingPath, integer) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: ValueDecoder(value: value, codingPath: codingPath)) }
}

// MARK: - Parsing

/// A strict, non-recursive-in-depth-limited JSON parser for the pipe's own messages.
struct Parser {
    let bytes: [UInt8]
    var index = 0
    var depth = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func parseDocument() throws -> WireValue {
        let value = try parseValue()
        skipBlanks()
        guard index == bytes.count else { throw WireJSONError("trailing bytes at \(index)") }
        return value
    }

    mutating func skipBlanks() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    mutating func parseValue() throws -> WireValue {
        skipBlanks()
        guard index < bytes.count else { throw WireJSONError("unexpected end") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        default: return try parseNumber()
        }
    }

    mutating func expect(_ word: String) throws {
        let literal = Array(word.utf8)
        guard index + literal.count <= bytes.count, Array(bytes[index..<(index + literal.count)]) == literal else {
            throw WireJSONError("expected \(word) at \(index)")
        }
        index += literal.count
    }

    mutating func parseObject() throws -> WireValue {
        depth += 1
        defer { depth -= 1 }
        guard depth < 200 else { throw WireJSONError("nested too deeply") }
        index += 1
        var members: [(String, WireValue)] = []
        skipBlanks()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
        while true {
            skipBlanks()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw WireJSONError("expected a key at \(index)") }
            let key = try parseString()
            skipBlanks()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw WireJSONError("expected : at \(index)") }
            index += 1
            members.append((key, try parseValue()))
            skipBlanks()
            guard index < bytes.count else { throw WireJSONError("unexpected end in an object") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
            throw WireJSONError("expected , or } at \(index)")
        }
    }

    mutating func parseArray() throws -> WireValue {
        depth += 1
        defer { depth -= 1 }
        guard depth < 200 else { throw WireJSONError("nested too deeply") }
        index += 1
        var elements: [WireValue] = []
        skipBlanks()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(elements) }
        while true {
            elements.append(try parseValue())
            skipBlanks()
            guard index < bytes.count else { throw WireJSONError("unexpected end in an array") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(elements) }
            throw WireJSONError("expected , or ] at \(index)")
        }
    }

    mutating func parseNumber() throws -> WireValue {
        let start = index
        while index < bytes.count, "+-0123456789.eE".utf8.contains(bytes[index]) { index += 1 }
        guard index > start else { throw WireJSONError("unexpected byte \(bytes[start]) at \(start)") }
        return .number(String(decoding: bytes[start..<index], as: UTF8.self))
    }

    mutating func parseString() throws -> String {
        index += 1
        var output: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: output, as: UTF8.self) else { throw WireJSONError("invalid UTF-8 in a string") }
                return text
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { throw WireJSONError("unexpected end in a string") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "n"): output.append(0x0A)
                case UInt8(ascii: "t"): output.append(0x09)
                case UInt8(ascii: "r"): output.append(0x0D)
                case UInt8(ascii: "b"): output.append(0x08)
                case UInt8(ascii: "f"): output.append(0x0C)
                case UInt8(ascii: "u"):
                    guard index + 4 <= bytes.count, let code = UInt32(String(decoding: bytes[index..<(index + 4)], as: UTF8.self), radix: 16) else {
                        throw WireJSONError("bad \\u escape at \(index)")
                    }
                    index += 4
                    var scalarValue = code
                    if (0xD800..<0xDC00).contains(code), index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"),
                       bytes[index + 1] == UInt8(ascii: "u"),
                       let low = UInt32(String(decoding: bytes[(index + 2)..<(index + 6)], as: UTF8.self), radix: 16),
                       (0xDC00..<0xE000).contains(low) {
                        scalarValue = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        index += 6
                    }
                    output += Array(String(Unicode.Scalar(scalarValue) ?? "\u{FFFD}").utf8)
                default: output.append(escape)
                }
            default:
                output.append(byte)
            }
        }
        throw WireJSONError("unterminated string")
    }
}
