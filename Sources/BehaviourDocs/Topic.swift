import ScenarioFormat

/// A section of the generated pages: behaviours that share a subject, found by the scenarios' tags.
public struct Topic: Sendable, Hashable {
    /// Stable and URL-safe: the section's anchor.
    public var key: String
    public var title: String
    /// One sentence under the section's heading.
    public var summary: String
    /// A behaviour belongs to the first topic, in `all`'s order, one of whose tags a scenario of it carries.
    public var tags: [String]

    /// In page order, which is also the order of precedence: a scenario tagged both `conntrack` and
    /// `timeout` is about the conntrack race. Kubernetes pods and daemons come first because what
    /// sets them apart (the kubelet's file, a program in front of the servers) is in every query.
    public static let all: [Topic] = [
        kubernetes,
        daemons,
        Topic(key: "search", title: "Search list and ndots",
              summary: "Which names a lookup tries, in which order, and when it stops.",
              tags: ["search", "ndots", "hostname"]),
        Topic(key: "conntrack", title: "The conntrack race",
              summary: "The second query of a UDP socket is lost, as Linux connection tracking loses it when A and AAAA leave together.",
              tags: ["conntrack"]),
        Topic(key: "faults", title: "Servers that misbehave",
              summary: "Replies with a wrong ID, port, question, owner, size or header, and what the resolver makes of them.",
              tags: ["faults", "malformed"]),
        Topic(key: "truncation", title: "Truncation, large answers and TCP",
              summary: "Answers that do not fit a datagram, and queries over TCP.",
              tags: ["truncation", "tcp", "transport", "size"]),
        Topic(key: "timeout", title: "Timeouts, retries and failover",
              summary: "Silent, closed and failing nameservers: how long the resolver waits, what it asks again, and where.",
              tags: ["timeout", "failover", "retry", "servfail", "attempts", "icmp"]),
        Topic(key: "edns", title: "EDNS",
              summary: "OPT records, the AD bit, and servers that do not speak EDNS.",
              tags: ["edns", "edns0", "dnssec"]),
        Topic(key: "hosts", title: "/etc/hosts",
              summary: "Names answered from the hosts file, before or instead of DNS.",
              tags: ["hosts", "nsswitch"]),
        Topic(key: "change", title: "Changes during a run",
              summary: "Files rewritten between lookups and variables in a command's environment.",
              tags: ["change", "reload", "environment"]),
        Topic(key: "families", title: "A and AAAA",
              summary: "When AAAA is asked, and how the two queries of a lookup are sent.",
              tags: ["addrconfig", "ipv6", "timing", "sequence", "order"]),
        Topic(key: "cache", title: "Caching",
              summary: "What is asked again, and what is not.",
              tags: ["cache", "ttl"]),
        Topic(key: "concurrency", title: "Concurrent lookups",
              summary: "Lookups from several threads at once.",
              tags: ["threads", "concurrency"]),
        Topic(key: "cname", title: "CNAME chains",
              summary: "Aliases, canonical names and chains that end nowhere.",
              tags: ["cname"]),
        Topic(key: "options", title: "Other resolv.conf options",
              summary: "Options and lines of resolv.conf not covered above.",
              tags: ["options", "rotate", "resolv.conf"]),
    ]

    /// Scenarios with a `kubernetes` key.
    public static let kubernetes = Topic(
        key: "kubernetes", title: "Kubernetes pods",
        summary: "The resolv.conf is the one the kubelet writes for the pod (the scenario's kubernetes key), and glibc resolves with it.",
        tags: [])

    /// Scenarios with `daemons`.
    public static let daemons = Topic(
        key: "daemons", title: "Caching daemons in front of the servers",
        summary: "A real dnsmasq, unbound or nscd runs between the client and the scripted servers; the queries show what it adds and what it hides.",
        tags: ["daemons"])

    /// Where a behaviour goes when none of its tags names a topic.
    public static let other = Topic(key: "other", title: "Other behaviour",
                                    summary: "Behaviours whose tags name none of the topics above.", tags: [])

    /// The topic of a behaviour made of these scenarios: `kubernetes` when one has a kubernetes key,
    /// `daemons` when one runs daemons, else the first topic one of their tags names.
    public static func of(_ scenarios: [Scenario]) -> Topic {
        if scenarios.contains(where: { $0.kubernetes != nil }) { return kubernetes }
        if scenarios.contains(where: { !$0.daemons.isEmpty }) { return daemons }
        let tags = Set(scenarios.flatMap(\.tags))
        return all.first { topic in topic.tags.contains(where: tags.contains) } ?? other
    }

    /// Every topic in page order, `other` last.
    public static var ordered: [Topic] { all + [other] }
}
