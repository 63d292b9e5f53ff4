/// The JSON Schema (draft 2020-12) of scenario format v1, for editors: `resolvlab schema` prints it.
///
/// Generated from `FormatDescription`, so it lists exactly the keys the decoder accepts. The copy in
/// schema/scenario.schema.json is a golden file (SchemaTests fails when it differs): regenerate it with
/// `swift run resolvlab schema > schema/scenario.schema.json`. `resolvlab check` stays the authority; the
/// schema never rejects a file the decoder accepts, and leaves to the decoder what a schema cannot express.
public enum ScenarioSchema {
    /// The schema, ending in a newline.
    public static let text: String = SchemaGenerator.text(SchemaGenerator.schema())
}
