/// A JSON encoder and decoder for the requests that cross the pipe between the parent and the
/// sandbox child (the events' lines are written by hand in the same JSON: EventLineCoding.swift). Foundation's JSONEncoder/JSONDecoder work, but their first use of each
/// type casts it to several protocols, and each such cast scans every protocol conformance in the
/// binary (about 4,500 here): decoding the first request took 2 ms, the second 0.25 ms. These two
/// cast to no protocol, so the first message costs what every later one does. They handle what the
/// protocol uses: keyed and unkeyed containers, strings, booleans, integers, doubles, optionals.
public enum WireJSON {
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = ValueEncoder(output: JSONOutput())
        try value.encode(to: encoder)
        encoder.finish()
        return encoder.output.bytes
    }

    public static func decode<T: Decodable>(_ type: T.Type, from bytes: some Collection<UInt8>) throws -> T {
        var parser = Parser(bytes: Array(bytes))
        let value = try parser.parseDocument()
        return try T(from: ValueDecoder(value: value, codingPath: []))
    }
}

/// A parsed JSON value.
indirect enum WireValue {
    case null
    case bool(Bool)
    /// The number's text, as written: integers stay exact.
    case number(String)
    case string(String)
    case array([WireValue])
    case object([(String, WireValue)])

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

/// The bytes being written, shared by every encoder of one document.
final class JSONOutput {
    var bytes: [UInt8] = []
    init() { bytes.reserveCapacity(512) }

    @inline(__always) func append(_ byte: UInt8) { bytes.append(byte) }
    func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }
}

/// Writes JSON as the value encodes itself, with no tree in between: a container's opening
/// bracket goes out when it is asked for and the closing one when the value's `encode(to:)`
/// returns. Containers must be used in order (finish one nested value before starting the next),
/// as synthesized and hand-written conformances do; `nestedContainer` and `superEncoder` are
/// supported by writing their content at the right place afterwards.
final class ValueEncoder: Encoder {
    let output: JSONOutput
    private let parent: ValueEncoder?
    private let key: (any CodingKey)?
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    enum Shape { case none, object, array, single }
    fileprivate(set) var shape = Shape.none
    /// Members or elements written so far, for the separating commas.
    fileprivate var count = 0
    /// Content of nested containers and super encoders, spliced in at `finish`.
    fileprivate var deferred: [(position: Int, encoder: ValueEncoder)] = []

    init(output: JSONOutput, parent: ValueEncoder? = nil, key: (any CodingKey)? = nil) {
        self.output = output
        self.parent = parent
        self.key = key
    }

    /// Built only when asked for (errors): keeping it up to date would cost an array per value.
    var codingPath: [any CodingKey] {
        var path: [any CodingKey] = []
        var current: ValueEncoder? = self
        while let encoder = current {
            if let key = encoder.key { path.append(key) }
            current = encoder.parent
        }
        return path.reversed()
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if shape == .none { shape = .object; output.append(UInt8(ascii: "{")) }
        return KeyedEncodingContainer(KeyedEncoder<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if shape == .none { shape = .array; output.append(UInt8(ascii: "[")) }
        return UnkeyedEncoder(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        if shape == .none { shape = .single }
        return SingleEncoder(encoder: self)
    }

    /// Closes what this value opened; a value that wrote nothing is an empty object.
    func finish() {
        switch shape {
        case .object: output.append(UInt8(ascii: "}"))
        case .array: output.append(UInt8(ascii: "]"))
        case .single: break
        case .none: output.append("{}")
        }
        // Later positions first, so earlier ones stay valid.
        for (position, encoder) in deferred.reversed() {
            encoder.finish()
            output.bytes.insert(contentsOf: encoder.output.bytes, at: position)
        }
        deferred = []
    }

    /// Writes the comma before a member or element after the first.
    fileprivate func separate() {
        if count > 0 { output.append(UInt8(ascii: ",")) }
        count += 1
    }

    fileprivate func writeKey(_ key: some CodingKey) {
        separate()
        WireValue.writeString(key.stringValue, into: &output.bytes)
        output.append(UInt8(ascii: ":"))
    }

    /// Encodes `value` in place, as a member or element of this encoder's container.
    fileprivate func encodeNested<T: Encodable>(_ value: T, key: (any CodingKey)?) throws {
        let nested = ValueEncoder(output: output, parent: self, key: key)
        try value.encode(to: nested)
        nested.finish()
    }

    /// An encoder whose content is written later at the current position (nested containers).
    fileprivate func deferredEncoder(key: (any CodingKey)?) -> ValueEncoder {
        let encoder = ValueEncoder(output: JSONOutput(), parent: self, key: key)
        deferred.append((output.bytes.count, encoder))
        return encoder
    }

    fileprivate func writeNumber<T: BinaryInteger>(_ value: T) {
        output.bytes.append(contentsOf: String(value).utf8)
    }

    fileprivate func writeNumber(_ value: Double) throws {
        guard let text = WireValue.numberText(value) else {
            throw WireJSONError("\(value) at \(codingPath.map(\.stringValue).joined(separator: ".")) cannot be written as JSON")
        }
        output.bytes.append(contentsOf: text.utf8)
    }

    fileprivate func writeBool(_ value: Bool) { output.append(value ? "true" : "false") }
    fileprivate func writeNull() { output.append("null") }
    fileprivate func writeString(_ value: String) { WireValue.writeString(value, into: &output.bytes) }
}

fileprivate struct KeyedEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: ValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil(forKey key: Key) throws { encoder.writeKey(key); encoder.writeNull() }
    mutating func encode(_ value: Bool, forKey key: Key) throws { encoder.writeKey(key); encoder.writeBool(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { encoder.writeKey(key); encoder.writeString(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { encoder.writeKey(key); try encoder.writeNumber(value) }
    mutating func encode(_ value: Float, forKey key: Key) throws { encoder.writeKey(key); try encoder.writeNumber(Double(value)) }
    mutating func encode(_ value: Int, forKey key: Key) throws { encoder.writeKey(key); encoder.writeNumber(value) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { encoder.writeKey(key); encoder.writeNumber(value) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { encoder.writeKey(key); encoder.writeNumber(value) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { encoder.writeKey(key); encoder.writeNumber(value) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { encoder.writeKey(key); encoder.writeNumber(value) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { encoder.writeKey(key); encoder.writeNumber(value) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { encoder.writeKey(key); encoder.writeNumber(value) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { encoder.writeKey(key); encoder.writeNumber(value) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { encoder.writeKey(key); encoder.writeNumber(value) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { encoder.writeKey(key); encoder.writeNumber(value) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        encoder.writeKey(key)
        try encoder.encodeNested(value, key: key)
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        encoder.writeKey(key)
        return encoder.deferredEncoder(key: key).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        encoder.writeKey(key)
        return encoder.deferredEncoder(key: key).unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder {
        encoder.writeKey(WireKey("super"))
        return encoder.deferredEncoder(key: WireKey("super"))
    }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        encoder.writeKey(key)
        return encoder.deferredEncoder(key: key)
    }
}

fileprivate struct UnkeyedEncoder: UnkeyedEncodingContainer {
    let encoder: ValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int { encoder.count }

    mutating func encodeNil() throws { encoder.separate(); encoder.writeNull() }
    mutating func encode(_ value: Bool) throws { encoder.separate(); encoder.writeBool(value) }
    mutating func encode(_ value: String) throws { encoder.separate(); encoder.writeString(value) }
    mutating func encode(_ value: Double) throws { encoder.separate(); try encoder.writeNumber(value) }
    mutating func encode(_ value: Float) throws { encoder.separate(); try encoder.writeNumber(Double(value)) }
    mutating func encode(_ value: Int) throws { encoder.separate(); encoder.writeNumber(value) }
    mutating func encode(_ value: Int8) throws { encoder.separate(); encoder.writeNumber(value) }
    mutating func encode(_ value: Int16) throws { encoder.separate(); encoder.writeNumber(value) }
    mutating func encode(_ value: Int32) throws { encoder.separate(); encoder.writeNumber(value) }
    mutating func encode(_ value: Int64) throws { encoder.separate(); encoder.writeNumber(value) }
    mutating func encode(_ value: UInt) throws { encoder.separate(); encoder.writeNumber(value) }
    mutating func encode(_ value: UInt8) throws { encoder.separate(); encoder.writeNumber(value) }
    mutating func encode(_ value: UInt16) throws { encoder.separate(); encoder.writeNumber(value) }
    mutating func encode(_ value: UInt32) throws { encoder.separate(); encoder.writeNumber(value) }
    mutating func encode(_ value: UInt64) throws { encoder.separate(); encoder.writeNumber(value) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        encoder.separate()
        try encoder.encodeNested(value, key: WireKey(encoder.count - 1))
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        encoder.separate()
        return encoder.deferredEncoder(key: WireKey(encoder.count - 1)).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        encoder.separate()
        return encoder.deferredEncoder(key: WireKey(encoder.count - 1)).unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder {
        encoder.separate()
        return encoder.deferredEncoder(key: WireKey(encoder.count - 1))
    }
}

fileprivate struct SingleEncoder: SingleValueEncodingContainer {
    let encoder: ValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { encoder.writeNull() }
    mutating func encode(_ value: Bool) throws { encoder.writeBool(value) }
    mutating func encode(_ value: String) throws { encoder.writeString(value) }
    mutating func encode(_ value: Double) throws { try encoder.writeNumber(value) }
    mutating func encode(_ value: Float) throws { try encoder.writeNumber(Double(value)) }
    mutating func encode(_ value: Int) throws { encoder.writeNumber(value) }
    mutating func encode(_ value: Int8) throws { encoder.writeNumber(value) }
    mutating func encode(_ value: Int16) throws { encoder.writeNumber(value) }
    mutating func encode(_ value: Int32) throws { encoder.writeNumber(value) }
    mutating func encode(_ value: Int64) throws { encoder.writeNumber(value) }
    mutating func encode(_ value: UInt) throws { encoder.writeNumber(value) }
    mutating func encode(_ value: UInt8) throws { encoder.writeNumber(value) }
    mutating func encode(_ value: UInt16) throws { encoder.writeNumber(value) }
    mutating func encode(_ value: UInt32) throws { encoder.writeNumber(value) }
    mutating func encode(_ value: UInt64) throws { encoder.writeNumber(value) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        // The value takes this encoder's place: whatever container it opens is this one's.
        encoder.shape = .none
        try value.encode(to: encoder)
    }
}

/// A key for positions and `super`.
struct WireKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(_ string: String) { stringValue = string; intValue = nil }
    init(_ index: Int) { stringValue = String(index); intValue = index }
    init?(stringValue: String) { self.init(stringValue) }
    init?(intValue: Int) { self.init(intValue) }
}

// MARK: - Decoding

struct ValueDecoder: Decoder {
    let value: WireValue
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else { throw mismatch("an object") }
        return KeyedDecodingContainer(KeyedDecoder<Key>(members: members, codingPath: codingPath))
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

/// The path is built only for the error: building it for every value was an array per field.
fileprivate func scalar<T>(_ value: WireValue, _ codingPath: @autoclosure () -> [any CodingKey], _ read: (WireValue) -> T?)
    throws -> T {
    guard let result = read(value) else {
        throw WireJSONError("expected \(T.self) at \(codingPath().map(\.stringValue).joined(separator: "."))")
    }
    return result
}

/// A value as each scalar it can be read as, nil when it is not one: what the Codable decoder
/// here and the events' hand-written reader (EventLineCoding.swift) both read with.
extension WireValue {
    static func integer<T: FixedWidthInteger>(_ value: WireValue) -> T? {
        guard case .number(let text) = value else { return nil }
        return T(text)
    }

    static func double(_ value: WireValue) -> Double? {
        guard case .number(let text) = value else { return nil }
        return Double(text)
    }

    static func string(_ value: WireValue) -> String? {
        if case .string(let text) = value { text } else { nil }
    }

    static func bool(_ value: WireValue) -> Bool? {
        if case .bool(let flag) = value { flag } else { nil }
    }

    /// A finite number as JSON writes it: integral values without a fraction; nil for NaN and
    /// the infinities, which JSON cannot carry.
    static func numberText(_ value: Double) -> String? {
        guard value.isFinite else { return nil }
        return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }
}

fileprivate struct KeyedDecoder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [(String, WireValue)]
    /// For large objects (record tables): a member's index by key. Small ones, the events' usual
    /// handful of keys, are searched in order, which is cheaper than hashing every key.
    let index: [String: Int]?
    var codingPath: [any CodingKey]
    var allKeys: [Key] { members.compactMap { Key(stringValue: $0.0) } }

    init(members: [(String, WireValue)], codingPath: [any CodingKey]) {
        self.members = members
        self.codingPath = codingPath
        if members.count > 16 {
            var index: [String: Int] = [:]
            for (position, member) in members.enumerated() { index[member.0] = position }   // the last one wins
            self.index = index
        } else {
            index = nil
        }
    }

    func lookup(_ key: Key) -> WireValue? {
        let name = key.stringValue
        if let index { return index[name].map { members[$0].1 } }
        return members.last { $0.0 == name }?.1
    }

    func contains(_ key: Key) -> Bool { lookup(key) != nil }

    func member(_ key: Key) throws -> WireValue {
        guard let value = lookup(key) else {
            throw WireJSONError("missing \(key.stringValue) at \(codingPath.map(\.stringValue).joined(separator: "."))")
        }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        if case .null = lookup(key) ?? .null { true } else { false }
    }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try scalar(member(key), codingPath + [key], WireValue.bool) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try scalar(member(key), codingPath + [key], WireValue.string) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try scalar(member(key), codingPath + [key], WireValue.double) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try decode(Double.self, forKey: key)) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try scalar(member(key), codingPath + [key], WireValue.integer) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try scalar(member(key), codingPath + [key], WireValue.integer) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try scalar(member(key), codingPath + [key], WireValue.integer) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try scalar(member(key), codingPath + [key], WireValue.integer) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try scalar(member(key), codingPath + [key], WireValue.integer) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try scalar(member(key), codingPath + [key], WireValue.integer) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try scalar(member(key), codingPath + [key], WireValue.integer) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try scalar(member(key), codingPath + [key], WireValue.integer) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try scalar(member(key), codingPath + [key], WireValue.integer) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try scalar(member(key), codingPath + [key], WireValue.integer) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try T(from: ValueDecoder(value: member(key), codingPath: codingPath + [key]))
    }
    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try ValueDecoder(value: member(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try ValueDecoder(value: member(key), codingPath: codingPath + [key]).unkeyedContainer()
    }
    func superDecoder() throws -> any Decoder { ValueDecoder(value: .object(members), codingPath: codingPath) }
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
    mutating func decode(_ type: Bool.Type) throws -> Bool { try scalar(next(), codingPath, WireValue.bool) }
    mutating func decode(_ type: String.Type) throws -> String { try scalar(next(), codingPath, WireValue.string) }
    mutating func decode(_ type: Double.Type) throws -> Double { try scalar(next(), codingPath, WireValue.double) }
    mutating func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }
    mutating func decode(_ type: Int.Type) throws -> Int { try scalar(next(), codingPath, WireValue.integer) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try scalar(next(), codingPath, WireValue.integer) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try scalar(next(), codingPath, WireValue.integer) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try scalar(next(), codingPath, WireValue.integer) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try scalar(next(), codingPath, WireValue.integer) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try scalar(next(), codingPath, WireValue.integer) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try scalar(next(), codingPath, WireValue.integer) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try scalar(next(), codingPath, WireValue.integer) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try scalar(next(), codingPath, WireValue.integer) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try scalar(next(), codingPath, WireValue.integer) }
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
    func decode(_ type: Bool.Type) throws -> Bool { try scalar(value, codingPath, WireValue.bool) }
    func decode(_ type: String.Type) throws -> String { try scalar(value, codingPath, WireValue.string) }
    func decode(_ type: Double.Type) throws -> Double { try scalar(value, codingPath, WireValue.double) }
    func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }
    func decode(_ type: Int.Type) throws -> Int { try scalar(value, codingPath, WireValue.integer) }
    func decode(_ type: Int8.Type) throws -> Int8 { try scalar(value, codingPath, WireValue.integer) }
    func decode(_ type: Int16.Type) throws -> Int16 { try scalar(value, codingPath, WireValue.integer) }
    func decode(_ type: Int32.Type) throws -> Int32 { try scalar(value, codingPath, WireValue.integer) }
    func decode(_ type: Int64.Type) throws -> Int64 { try scalar(value, codingPath, WireValue.integer) }
    func decode(_ type: UInt.Type) throws -> UInt { try scalar(value, codingPath, WireValue.integer) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try scalar(value, codingPath, WireValue.integer) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try scalar(value, codingPath, WireValue.integer) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try scalar(value, codingPath, WireValue.integer) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try scalar(value, codingPath, WireValue.integer) }
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
