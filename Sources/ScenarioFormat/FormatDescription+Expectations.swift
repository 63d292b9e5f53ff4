/// The scenario's `expect`: the queries that must appear on the wire.
extension FormatDescription {
    public static let expect = Object(
        "expect",
        "The queries that must appear on the wire, and how they are compared.",
        nonEmpty: true,
        constraints: [Constraint("order has no effect without queries.", .needs("order", "queries"))],
        keys: [
            Key("queries", .array(.reference("query")),
                "Each \"TYPE NAME\", optionally followed by @SERVER (@10.96.0.10, @10.96.0.10:5353, @fd00::1, "
                    + "@[fd00::1]:5353) and/or udp/tcp, or an object { \"type\", \"name\", \"server\", \"transport\", "
                    + "\"flags\" }. Omitted parts match anything; * stands for any type or name, *.suffix. for any name "
                    + "below suffix. [] asserts that no query was sent at all."),
            Key("order", .choice(of: Expectation.Order.self), default: .string(Expectation.Order.exact.rawValue),
                "exact (default: the observed sequence is exactly this one), subsequence (these, in this order, with "
                    + "anything in between) or unordered (the same queries in any order, nothing more). Needs queries."),
            Key("forbid", .array(.reference("query")),
                "Queries that must not appear at all, written like those in queries: each observed query that matches "
                    + "one fails the scenario, whatever queries and order say. \"* *.cluster.local.\": nothing below "
                    + "cluster.local; \"AAAA *\": no AAAA query."),
            Key("counts", .array(.reference("queryCount")),
                "How many queries may match a pattern: { \"query\": \"A x.\", \"min\": 2, \"max\": 2 } (a retry sent "
                    + "exactly once more), { \"query\": \"AAAA *\", \"max\": 4 }. Counted over every query on the wire."),
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

    public static let queryObject = Object(
        "queryObject",
        "An expected query; omitted parts match anything.",
        keys: [
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
        ])

    static var expectationDefinitions: [Definition] {
        [.object(expect),
         .value(Value("query",
                      "An expected query: a string \"TYPE NAME [@SERVER] [udp|tcp]\" or an object { \"type\", \"name\", "
                        + "\"server\", \"transport\", \"flags\" }.",
                      .anyOf([
                          .documented("\"TYPE NAME [@SERVER] [udp|tcp]\", like \"A example.com.\" or \"A big.example. @10.96.0.10 tcp\".",
                                      .string(pattern: Pattern(Regex.query,
                                                               "Expected \"TYPE NAME [@SERVER] [udp|tcp]\", like \"A example.com.\" "
                                                                + "or \"AAAA example.com. @10.96.0.10 tcp\"."))),
                          .reference("queryObject"),
                      ]))),
         .object(queryObject),
         .object(queryCount)]
    }
}
