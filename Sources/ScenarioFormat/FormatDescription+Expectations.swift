/// The scenario's `expect`: the queries that must appear on the wire.
extension FormatDescription {
    public static let expect = Object(
        "expect",
        "The queries that must appear on the wire, and how they are compared.",
        nonEmpty: true,
        constraints: [
            Constraint("order has no effect without queries or alternatives.", .schema(keywords([
                "dependentSchemas": .members(["order": .members(["anyOf": .array([
                    .members(["required": .strings(["queries"])]), .members(["required": .strings(["alternatives"])]),
                ])])]),
            ]), keys: ["order", "queries", "alternatives"])),
            Constraint("queries and alternatives exclude each other.", .exclusive("queries", "alternatives")),
            Constraint("A group has no effect under order unordered.", .schema(keywords([
                "if": .members(["required": .strings(["order"]),
                                "properties": .members(["order": .members(["const": .string(Expectation.Order.unordered.rawValue)])])]),
                "then": .members(["properties": .members([
                    "queries": .members(["items": .members(["not": .members(["type": .string("array")])])]),
                    "alternatives": .members(["items": .members(["items": .members(["not": .members(["type": .string("array")])])])]),
                ])]),
            ]), keys: ["order", "queries", "alternatives"])),
        ],
        keys: [
            Key("queries", .reference("queryList"),
                "Each \"TYPE NAME\", optionally followed by @SERVER (@10.96.0.10, @10.96.0.10:5353, @fd00::1, "
                    + "@[fd00::1]:5353) and/or udp/tcp, or an object { \"type\", \"name\", \"server\", \"transport\", "
                    + "\"flags\", \"afterMs\" }. Omitted parts match anything; * stands for any type or name, *.suffix. for any name "
                    + "below suffix. An array of queries is a group: its queries in any order among themselves, the group "
                    + "in its place. [] asserts that no query was sent at all."),
            Key("alternatives", .array(.reference("queryList"), minItems: 2),
                "At least two query lists, each written like queries: the observed sequence must match one of them "
                    + "under order (for a resolver that picks its servers at random). Instead of queries."),
            Key("order", .choice(of: Expectation.Order.self), default: .string(Expectation.Order.exact.rawValue),
                "exact (default: the observed sequence is exactly this one), subsequence (these, in this order, with "
                    + "anything in between) or unordered (the same queries in any order, nothing more; no groups). "
                    + "Needs queries or alternatives."),
            Key("forbid", .array(.reference("query")),
                "Queries that must not appear at all, written like those in queries: each observed query that matches "
                    + "one fails the scenario, whatever queries and order say. \"* *.cluster.local.\": nothing below "
                    + "cluster.local; \"AAAA *\": no AAAA query."),
            Key("counts", .array(.reference("queryCount")),
                "How many queries may match a pattern: { \"query\": \"A x.\", \"min\": 2, \"max\": 2 } (a retry sent "
                    + "exactly once more), { \"query\": \"AAAA *\", \"max\": 4 }. Counted over every query on the wire."),
            Key("clients", .reference("clientOverrides"),
                "Where a client sends other queries: { \"musl\": { \"queries\": [...] } }. Its keys replace these for "
                    + "that client (null drops one); the other clients are judged by the keys above."),
        ])

    public static let queryCount = Object(
        "queryCount",
        "How many queries on the wire may match a pattern; min, max or both.",
        constraints: [Constraint("A count needs min, max or both.", .schema(keywords(["anyOf": .array([
            .members(["required": .strings(["min"])]), .members(["required": .strings(["max"])]),
        ])]), keys: ["min", "max"]))],
        keys: [
            Key("query", .reference("query"), required: "the pattern whose matches are counted",
                "The queries to count, written like those in queries."),
            Key("min", .integer(QueryCount.range), "At least this many match."),
            Key("max", .integer(QueryCount.range), "At most this many match (0: none may)."),
        ])

    public static let gapBounds = Object(
        "gapBounds",
        "How long after the previous query on the wire (whichever it was) the matching query was sent, in "
            + "milliseconds; min, max or both, each inclusive.",
        constraints: [Constraint("afterMs needs min, max or both.", .schema(keywords(["anyOf": .array([
            .members(["required": .strings(["min"])]), .members(["required": .strings(["max"])]),
        ])]), keys: ["min", "max"]))],
        keys: [
            Key("min", .integer(GapBounds.range), "Sent at least this many milliseconds after the previous query."),
            Key("max", .integer(GapBounds.range), "Sent at most this many milliseconds after the previous query."),
        ])

    public static let queryObject = Object(
        "queryObject",
        "An expected query; omitted parts match anything.",
        keys: queryKeys)

    public static let timedQueryObject = Object(
        "timedQueryObject",
        "An expected query in queries or alternatives; omitted parts match anything, and afterMs bounds when it was sent.",
        keys: queryKeys + [
            Key("afterMs", .reference("gapBounds"),
                "{ \"min\": N, \"max\": M }: the matching query was sent at least N and at most M milliseconds after the "
                    + "previous query on the wire, whichever that was. Resolvers truncate their timeouts to milliseconds: "
                    + "write a 5 s timeout as min 4950."),
        ])

    static let queryKeys: [Key] = {
        [
            Key("type", .refined(.string(pattern: Pattern(Regex.queryType, "Expected a record type like A, AAAA or TYPE65, or *.")),
                                 keywords(["examples": .strings(typeExamples + ["*"])])),
                "A record type mnemonic (A, AAAA, ...) or TYPEnnn, or * for any."),
            Key("name", .string(pattern: Pattern(Regex.ruleName, "Expected a domain name, *.suffix. or *.")),
                "A domain name, *.suffix. for any name below suffix, or * for any."),
            Key("server", .anyOf([.reference("ipAddress"), .string(pattern: Pattern(Regex.ipv4WithPort, nil)),
                                  .string(pattern: Pattern(Regex.bracketedV6WithPort, nil))]),
                "ADDRESS or ADDRESS:PORT ([v6]:PORT), like 10.96.0.10, 10.96.0.10:5353, fd00::1 or [fd00::1]:5353."),
            Key("transport", .reference("transport"), "The transport the query used; either when omitted."),
            Key("flags", .array(.choice(of: QueryFlag.self)),
                "The exact set of header/EDNS flags the query carried (edns0: an OPT record is present); any flags when omitted."),
            Key("ednsPayloadSize", .integer(0...65535),
                "The UDP payload size the query's OPT record advertised (a query without one does not match)."),
            Key("ednsVersion", .integer(0...255), "The EDNS version of the query's OPT record (a query without one does not match)."),
        ]
    }()

    static let queryString = Shape.documented(
        "\"TYPE NAME [@SERVER] [udp|tcp]\", like \"A example.com.\" or \"A big.example. @10.96.0.10 tcp\".",
        .string(pattern: Pattern(Regex.query, "Expected \"TYPE NAME [@SERVER] [udp|tcp]\", like \"A example.com.\" "
                                    + "or \"AAAA example.com. @10.96.0.10 tcp\".")))

    static var expectationDefinitions: [Definition] {
        [.object(expect),
         .value(Value("queryList",
                      "Queries in the order expected: each a query or a group, an array of queries that may appear in any "
                        + "order among themselves while the group keeps its place.",
                      .array(.anyOf([.reference("timedQuery"), .reference("queryGroup")])))),
         .value(Value("queryGroup",
                      "Queries that may appear in any order among themselves, at the group's place in the list; not empty, "
                        + "not nested.",
                      .array(.reference("timedQuery"), minItems: 1))),
         .value(Value("timedQuery",
                      "An expected query in queries or alternatives: a string \"TYPE NAME [@SERVER] [udp|tcp]\" or an object "
                        + "{ \"type\", \"name\", \"server\", \"transport\", \"flags\", \"afterMs\" }.",
                      .anyOf([queryString, .reference("timedQueryObject")]))),
         .value(Value("query",
                      "A query pattern: a string \"TYPE NAME [@SERVER] [udp|tcp]\" or an object { \"type\", \"name\", "
                        + "\"server\", \"transport\", \"flags\" }.",
                      .anyOf([queryString, .reference("queryObject")]))),
         .object(timedQueryObject),
         .object(gapBounds),
         .object(queryObject),
         .object(queryCount)]
    }
}
