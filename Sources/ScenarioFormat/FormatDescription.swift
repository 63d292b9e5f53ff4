/// Format v1 described once: the object kinds, their keys, what each key holds and means. The decoder
/// takes its key lists from here, and `SchemaGenerator` renders the JSON Schema from it, so neither can
/// drift from the other. Enumerations come from the model's `CaseIterable` enums, never copied.
///
/// The description says *what* is accepted; the decoder says *how* it is read and what a mistake is
/// called. To add a key: add it to its object here, read it in the decoder, regenerate the schema
/// (`swift run resolvlab schema > schema/scenario.schema.json`).
public enum FormatDescription {}

extension FormatDescription {
    /// One kind of JSON object in a scenario, named as in the schema's `$defs`.
    public struct Object: Sendable {
        public var name: String
        public var doc: String
        /// In the order messages and the schema list them.
        public var keys: [Key]
        /// An empty object is refused: it would check or change nothing.
        public var nonEmpty: Bool
        public var constraints: [Constraint]
        /// Other spellings of the keys, by regular expression (record types in any letter case or as `TYPEnnn`).
        public var keyPatterns: [(regex: String, shape: Shape)]

        public init(_ name: String, _ doc: String, nonEmpty: Bool = false, constraints: [Constraint] = [],
                    keyPatterns: [(regex: String, shape: Shape)] = [], keys: [Key]) {
            self.name = name
            self.doc = doc
            self.keys = keys
            self.nonEmpty = nonEmpty
            self.constraints = constraints
            self.keyPatterns = keyPatterns
        }

        public var keyNames: [String] { keys.map(\.name) }

        public subscript(name: String) -> Key? { keys.first { $0.name == name } }
    }

    /// One key of an object.
    public struct Key: Sendable {
        public var name: String
        /// One line for editors' hover text.
        public var doc: String
        public var shape: Shape
        /// What the key holds, for "missing required key" messages; nil when the key is optional.
        public var required: String?
        public var defaultValue: JSONValue?

        public init(_ name: String, _ shape: Shape, required: String? = nil, default defaultValue: JSONValue? = nil,
                    _ doc: String) {
            self.name = name
            self.doc = doc
            self.shape = shape
            self.required = required
            self.defaultValue = defaultValue
        }

        public var isRequired: Bool { required != nil }
    }

    /// A regular expression (ECMA-262, as editors run it) and what to tell a user it does not match.
    public struct Pattern: Sendable {
        public var regex: String
        public var message: String?

        public init(_ regex: String, _ message: String?) {
            self.regex = regex
            self.message = message
        }
    }

    /// What a value looks like.
    public indirect enum Shape: Sendable {
        case string(minLength: Int? = nil, maxLength: Int? = nil, pattern: Pattern? = nil)
        case integer(ClosedRange<Int>)
        case boolean
        /// One of these strings; built from a model enum with `choice(of:)`.
        case choice([String])
        case array(Shape, minItems: Int = 0, unique: Bool = false)
        /// A single value, or a non-empty array of them.
        case oneOrMore(Shape)
        /// An object whose keys are data (paths, names), not format keys.
        case map(keys: Shape, values: Shape)
        /// An object kind or a named value, by its `$defs` name.
        case reference(String)
        case anyOf([Shape])
        case oneOf([Shape])
        /// A shape with its own one-line doc (an array's items, a map's values).
        case documented(String, Shape)
        /// A shape with schema keywords the cases above cannot say (`not`, `examples`, `prefixItems`).
        case refined(Shape, [(String, JSONValue)])
        /// Any object: one whose keys the decoder checks against another kind (a client's overrides).
        case anyObject

        /// The raw values of a model enum, in declaration order.
        public static func choice<E: CaseIterable & RawRepresentable>(of type: E.Type) -> Shape where E.RawValue == String {
            .choice(type.allCases.map(\.rawValue))
        }
    }

    /// A named value that several keys share (an address, a query), rendered under `$defs`.
    public struct Value: Sendable {
        public var name: String
        public var doc: String
        public var shape: Shape

        public init(_ name: String, _ doc: String, _ shape: Shape) {
            self.name = name
            self.doc = doc
            self.shape = shape
        }
    }

    /// An entry of the schema's `$defs`, in the order they are written.
    public enum Definition: Sendable {
        case object(Object)
        case value(Value)

        public var name: String {
            switch self {
            case .object(let object): object.name
            case .value(let value): value.name
            }
        }
    }

    /// A rule between keys of one object; the decoder checks it with its own message.
    public struct Constraint: Sendable {
        public var doc: String
        public var rule: Rule

        public init(_ doc: String, _ rule: Rule) {
            self.doc = doc
            self.rule = rule
        }

        public enum Rule: Sendable {
            /// Not both keys.
            case exclusive(String, String)
            /// The first key only together with the second.
            case needs(String, String)
            /// While `key` holds one of `values`, none of `absent` may be present.
            case absent([String], whileKey: String, isOneOf: [String])
            /// Not both `key == value` pairs at once.
            case notBoth((key: String, value: String), (key: String, value: String))
            /// While the object at `object` has `member`, the array at `key` must contain `value`.
            case contains(key: String, value: String, whileObject: String, has: String)
            /// Anything else, as schema keywords, with the keys it names.
            case schema([(String, JSONValue)], keys: [String])
        }

        /// The object's keys the rule names (a test checks each exists).
        public var keys: [String] {
            switch rule {
            case .exclusive(let a, let b), .needs(let a, let b): [a, b]
            case .absent(let absent, let key, _): absent + [key]
            case .notBoth(let a, let b): [a.key, b.key]
            case .contains(let key, _, let object, _): [key, object]
            case .schema(_, let keys): keys
            }
        }
    }
}

extension FormatDescription {
    /// `a, b or c`: enumerations in prose, built from the same lists the schema uses.
    static func prose(_ values: [String], or conjunction: String = "or") -> String {
        guard let last = values.last else { return "" }
        return values.count == 1 ? last : values.dropLast().joined(separator: ", ") + " \(conjunction) " + last
    }
}

extension FormatDescription {
    /// Schema keywords in order, for what the shapes cannot say.
    static func keywords(_ pairs: KeyValuePairs<String, JSONValue>) -> [(String, JSONValue)] {
        pairs.map { ($0.key, $0.value) }
    }
}

extension JSONValue {
    /// An array of strings.
    static func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }

    /// An object with members in the order written.
    static func members(_ pairs: KeyValuePairs<String, JSONValue>) -> JSONValue { .object(pairs.map { ($0.key, $0.value) }) }
}
