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

    /// In page order, which is also the order of precedence for tags: a scenario tagged both `conntrack`
    /// and `timeout` is about failures. The bundled catalogue keeps each topic in a directory of its key
    /// (`scenarios/search-and-ndots/`), which decides before any tag. Kubernetes pods and daemons come
    /// first because what sets them apart (the kubelet's file, a program in front of the servers) is in
    /// every query; real-world problems next, each beside its fix.
    public static let all: [Topic] = [
        kubernetes,
        daemons,
        Topic(key: "bugs", title: "Real-world problems and their fixes",
              summary: "A problem seen in production, reproduced, with the fix beside it: the same situation, changed in one place.",
              tags: ["bug"]),
        Topic(key: "search-and-ndots", title: "Search list and ndots",
              summary: "Which names a lookup tries, in which order, and when it stops.",
              tags: ["search", "ndots", "hostname"]),
        Topic(key: "hosts-and-nsswitch", title: "/etc/hosts and nsswitch.conf",
              summary: "Names answered from the hosts file, before or instead of DNS, and the order nsswitch.conf sets.",
              tags: ["hosts", "nsswitch"]),
        Topic(key: "failures-and-retries", title: "Failures, timeouts and retries",
              summary: "Silent, closed, failing and misbehaving nameservers: how long the resolver waits, what it asks again, where, "
                + "and what it makes of a broken reply.",
              tags: ["conntrack", "timeout", "failover", "retry", "servfail", "attempts", "icmp", "faults", "malformed", "rcode"]),
        Topic(key: "transport", title: "Truncation, large answers and TCP",
              summary: "Answers that do not fit a datagram, and queries over TCP.",
              tags: ["truncation", "tcp", "transport", "size", "udp"]),
        Topic(key: "options", title: "resolv.conf options",
              summary: "What the options line changes: A and AAAA, EDNS and the AD bit, rotation, the number of nameservers.",
              tags: ["options", "rotate", "resolv.conf", "addrconfig", "ipv6", "timing", "edns", "edns0", "dnssec"]),
        Topic(key: "lookup-calls", title: "The lookup calls",
              summary: "gethostbyname, gethostbyaddr, getnameinfo and the res_* calls: what each asks and how each fails.",
              tags: ["gethostbyname", "gethostbyaddr", "getnameinfo", "res_query", "ptr"]),
        Topic(key: "answers", title: "Answers: CNAMEs, order and caching",
              summary: "What the resolver makes of an answer: aliases, the order of addresses, and what is asked again.",
              tags: ["cname", "ttl", "cache", "order", "sequence"]),
        Topic(key: "changes-and-concurrency", title: "Changes during a run, concurrent lookups",
              summary: "Files rewritten between lookups, variables in a command's environment, and lookups from several threads.",
              tags: ["change", "reload", "environment", "threads", "concurrency"]),
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

    /// The topic of a behaviour made of these scenarios: the topic whose key names a directory on the
    /// first one's path (`scenarios/transport/glibc/x.json`); else `kubernetes` when one has a kubernetes
    /// key, `daemons` when one runs daemons, else the first topic one of their tags names.
    public static func of(_ documented: [DocumentedScenario]) -> Topic {
        if let path = documented.first?.path {
            let directories = DocPath.components(path).dropLast()
            if let topic = all.first(where: { directories.contains($0.key) }) { return topic }
        }
        return of(documented.map(\.scenario))
    }

    /// The topic by the scenarios' contents and tags alone.
    public static func of(_ scenarios: [Scenario]) -> Topic {
        if scenarios.contains(where: { $0.kubernetes != nil }) { return kubernetes }
        if scenarios.contains(where: { !$0.daemons.isEmpty }) { return daemons }
        let tags = Set(scenarios.flatMap(\.tags))
        return all.first { topic in topic.tags.contains(where: tags.contains) } ?? other
    }

    /// Every topic in page order, `other` last.
    public static var ordered: [Topic] { all + [other] }
}
