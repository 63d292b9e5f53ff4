/// Renders `FormatDescription` as a JSON Schema (draft 2020-12): deterministic, keys in the description's
/// order, so the output can be compared byte for byte with schema/scenario.schema.json.
enum SchemaGenerator {
    static let draft = "https://json-schema.org/draft/2020-12/schema"
    static let id = "https://resolvlab.dev/schema/scenario-v1.json"
    static let title = "ResolvLab scenario (format v1)"

    static func schema() -> JSONValue {
        var members: [(String, JSONValue)] = [("$schema", .string(draft)), ("$id", .string(id)), ("title", .string(title))]
        members += object(FormatDescription.scenario)
        members.append(("$defs", .object(FormatDescription.definitions.map { ($0.name, definition($0)) })))
        return .object(members)
    }

    static func definition(_ definition: FormatDescription.Definition) -> JSONValue {
        switch definition {
        case .object(let object): .object(self.object(object))
        case .value(let value): .object(described(shape(value.shape), value.doc))
        }
    }

    static func object(_ object: FormatDescription.Object) -> [(String, JSONValue)] {
        var members: [(String, JSONValue)] = [("type", .string("object")), ("description", .string(object.doc))]
        let required = object.keys.filter(\.isRequired).map(\.name)
        if !required.isEmpty { members.append(("required", .strings(required))) }
        members.append(("additionalProperties", .bool(false)))
        if object.nonEmpty { members.append(("minProperties", JSONValue(1))) }
        members.append(("properties", .object(object.keys.map { ($0.name, .object(property($0))) })))
        if !object.keyPatterns.isEmpty {
            members.append(("patternProperties", .object(object.keyPatterns.map { ($0.regex, .object(shape($0.shape))) })))
        }
        if !object.constraints.isEmpty { members.append(("allOf", .array(object.constraints.map(constraint)))) }
        return members
    }

    static func property(_ key: FormatDescription.Key) -> [(String, JSONValue)] {
        var members = described(shape(key.shape), (key.isRequired ? "Required. " : "") + key.doc)
        if let value = key.defaultValue { members.append(("default", value)) }
        return members
    }

    /// `members` with a description after the keyword that says what the value is, so it reads first.
    static func described(_ members: [(String, JSONValue)], _ doc: String) -> [(String, JSONValue)] {
        var members = members
        let position = members.first.map { ["$ref", "type", "enum"].contains($0.0) ? 1 : 0 } ?? 0
        members.insert(("description", .string(doc)), at: position)
        return members
    }

    static func shape(_ shape: FormatDescription.Shape) -> [(String, JSONValue)] {
        switch shape {
        case .string(let minLength, let maxLength, let pattern):
            var members: [(String, JSONValue)] = [("type", .string("string"))]
            if let minLength { members.append(("minLength", JSONValue(minLength))) }
            if let maxLength { members.append(("maxLength", JSONValue(maxLength))) }
            if let pattern {
                members.append(("pattern", .string(pattern.regex)))
                if let message = pattern.message { members.append(("patternErrorMessage", .string(message))) }
            }
            return members
        case .integer(let range):
            return [("type", .string("integer")), ("minimum", JSONValue(range.lowerBound)), ("maximum", JSONValue(range.upperBound))]
        case .boolean:
            return [("type", .string("boolean"))]
        case .choice(let values):
            return [("enum", .strings(values))]
        case .array(let items, let minItems, let unique):
            var members: [(String, JSONValue)] = [("type", .string("array"))]
            if minItems > 0 { members.append(("minItems", JSONValue(minItems))) }
            if unique { members.append(("uniqueItems", .bool(true))) }
            members.append(("items", .object(self.shape(items))))
            return members
        case .oneOrMore(let item):
            return [("anyOf", .array([.object(self.shape(item)), .object(self.shape(.array(item, minItems: 1)))]))]
        case .map(let keys, let values):
            return [("type", .string("object")), ("propertyNames", .object(self.shape(keys))),
                    ("additionalProperties", .object(self.shape(values)))]
        case .reference(let name):
            return [("$ref", .string("#/$defs/\(name)"))]
        case .anyOf(let shapes):
            return [("anyOf", .array(shapes.map { .object(self.shape($0)) }))]
        case .oneOf(let shapes):
            return [("oneOf", .array(shapes.map { .object(self.shape($0)) }))]
        case .documented(let doc, let inner):
            return described(self.shape(inner), doc)
        case .refined(let inner, let keywords):
            return self.shape(inner) + keywords
        case .anyObject:
            return [("type", .string("object"))]
        }
    }

    static func constraint(_ constraint: FormatDescription.Constraint) -> JSONValue {
        var members: [(String, JSONValue)] = [("description", .string(constraint.doc))]
        switch constraint.rule {
        case .exclusive(let first, let second):
            members.append(("not", .members(["required": .strings([first, second])])))
        case .needs(let key, let other):
            members.append(("dependentRequired", .object([(key, .strings([other]))])))
        case .absent(let absent, let key, let values):
            members.append(("if", .members(["required": .strings([key]),
                                            "properties": .object([(key, .members(["enum": .strings(values)]))])])))
            members.append(("then", .members(["properties": .object(absent.map { ($0, .bool(false)) })])))
        case .notBoth(let first, let second):
            members.append(("not", .members([
                "required": .strings([first.key, second.key]),
                "properties": .object([(first.key, .members(["const": .string(first.value)])),
                                       (second.key, .members(["const": .string(second.value)]))]),
            ])))
        case .contains(let key, let value, let object, let member):
            members.append(("if", .members(["required": .strings([object]),
                                            "properties": .object([(object, .members(["required": .strings([member])]))])])))
            members.append(("then", .members(["required": .strings([key]),
                                              "properties": .object([(key, .members(["contains": .members(["const": .string(value)])]))])])))
        case .schema(let keywords, _):
            members += keywords
        }
        return .object(members)
    }
}
