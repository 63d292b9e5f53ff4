import DNSWire

/// The schema's regular expressions, each written once and composed: they mirror the decoder's parsers
/// (SchemaTests checks them against those parsers with random near-misses).
extension FormatDescription {
    enum Regex {
        // MARK: Addresses

        static let octet = #"(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"#
        /// A dotted quad without leading zeros, unanchored.
        static let ipv4Body = #"(\#(octet)\.){3}\#(octet)"#
        static let hextet = "[0-9A-Fa-f]{1,4}"
        /// RFC 4291 text forms, optionally ending in a dotted quad; one alternative per place `::` may stand.
        static let ipv6Body = [
            "(\(hextet):){7}\(hextet)",
            "(\(hextet):){6}\(ipv4Body)",
            "::((\(hextet):){0,6}\(hextet)|(\(hextet):){0,5}\(ipv4Body))?",
            "\(hextet)::((\(hextet):){0,5}\(hextet)|(\(hextet):){0,4}\(ipv4Body))?",
            "(\(hextet):){1}\(hextet)::((\(hextet):){0,4}\(hextet)|(\(hextet):){0,3}\(ipv4Body))?",
            "(\(hextet):){2}\(hextet)::((\(hextet):){0,3}\(hextet)|(\(hextet):){0,2}\(ipv4Body))?",
            "(\(hextet):){3}\(hextet)::((\(hextet):){0,2}\(hextet)|(\(hextet):){0,1}\(ipv4Body))?",
            "(\(hextet):){4}\(hextet)::((\(hextet):){0,1}\(hextet)|\(ipv4Body))?",
            "(\(hextet):){5}\(hextet)::(\(hextet))?",
            "(\(hextet):){6}\(hextet)::",
        ].joined(separator: "|")

        static let ipv4 = "^\(ipv4Body)$"
        static let ipv6 = "^(\(ipv6Body))$"
        static let ipv4Prefix = "^\(ipv4Body)(/0{0,2}([0-9]|[12][0-9]|3[0-2]))?$"
        static let ipv6Prefix = "^(\(ipv6Body))(/0{0,2}([0-9]|[1-9][0-9]|1[01][0-9]|12[0-8]))?$"
        /// `::ffff:a.b.c.d` or `::ffff:x:y`: the IPv4 endpoint in disguise.
        static let ipv4Mapped = "^::[Ff]{4}:(\(ipv4Body)|\(hextet):\(hextet))$"
        /// 224.0.0.0/4 and 255.255.255.255.
        static let ipv4MulticastOrBroadcast = #"^(22[4-9]|23[0-9])\.|^255\.255\.255\.255$"#
        /// ff00::/8: a first group of four digits starting with ff (`ff::1` is 00ff::1, unicast).
        static let ipv6Multicast = "^[Ff]{2}[0-9A-Fa-f]{2}:"

        // MARK: Servers in queries

        static let port = #":\+?[0-9]+"#
        static let bracketedV6 = #"\[[0-9A-Fa-f:.]+\]"#
        static let ipv4WithPort = "^\(ipv4Body)\(port)$"
        static let bracketedV6WithPort = "^\(bracketedV6)(\(port))?$"

        // MARK: Names, types and words

        static let blank = #"[ \t]"#
        static let word = #"[^ \t]+"#
        static let number = "[+-]?[0-9]+"
        static let mnemonic = "[A-Za-z][A-Za-z0-9]*"
        static let recordType = "^\(mnemonic)$"
        static let queryType = #"^(\*|\#(mnemonic))$"#
        /// A domain name or `*.suffix.`; the decoder checks the name itself.
        static let owner = #"^(\*\.)?[^*]+$"#
        static let ruleName = #"^(\*|(\*\.)?[^*]+)$"#
        static let oneWord = "^\(blank)*\(word)\(blank)*$"
        /// `holdUntil`: "TYPE NAME", either `*`.
        static let queryMatch = #"^[ \t]*(\*|\#(mnemonic))[ \t]+[^ \t]+[ \t]*$"#
        /// An rcode name: a mnemonic or RCODEnnn (the decoder knows which names exist).
        static let rcode = "^\(mnemonic)$"
        /// Hexadecimal bytes, blanks or colons between them allowed.
        static let hexBytes = #"^[ \t:]*([0-9A-Fa-f][ \t:]*[0-9A-Fa-f][ \t:]*)+$"#
        static let mx = "^\(blank)*\(number)\(blank)+\(word)\(blank)*$"
        static let srv = "^\(blank)*(\(number)\(blank)+){3}\(word)\(blank)*$"
        static let soa = "^\(blank)*\(word)\(blank)+\(word)(\(blank)+\(number)){5}\(blank)*$"

        /// `TYPE NAME [@SERVER] [udp|tcp]`, the extras in either order.
        static let query: String = {
            let server = "@(\(bracketedV6)|[0-9A-Fa-f:.]+)(\(port))?"
            let transport = "([Uu][Dd][Pp]|[Tt][Cc][Pp])"
            // The name: *, *.suffix. or a name without *; the decoder checks the name itself.
            let name = #"(\*|(\*\.)?[^ \t*]+)"#
            return #"^\#(blank)*(\*|\#(mnemonic))\#(blank)+\#(name)"#
                + "(\(blank)+\(server)(\(blank)+\(transport))?|\(blank)+\(transport)(\(blank)+\(server))?)?\(blank)*$"
        }()

        /// A scenario's record-type key in any letter case, or as `TYPEnnn` with up to five digits.
        static func recordTypeKey(_ type: DNSType) -> String {
            let letters = type.description.map { character -> String in
                character.isLetter ? "[\(character.uppercased())\(character.lowercased())]" : String(character)
            }.joined()
            let code = String(type.rawValue)
            return "^(\(letters)|[Tt][Yy][Pp][Ee]0{0,\(5 - code.count)}\(code))$"
        }

        // MARK: Text and paths

        /// Non-empty, without any character Unicode calls whitespace.
        static let tag = #"^[^\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$"#
        static let hostname = #"^[A-Za-z0-9_-]{1,63}(\.[A-Za-z0-9_-]{1,63})*$"#
        static let line = "^[^\n]*$"
        static let noNUL = #"^[^\u0000]*$"#
        static let environmentName = #"^[^=\u0000]+$"#
        /// A daemon's `ready`: the decoder checks the address part.
        static let readiness = #"^ *(udp|tcp) +[^ ]+ *$|^ *path +/[^ \u0000]* *$"#
        static let nonEmptyNoNUL = #"^[^\u0000]+$"#
        static let absolutePath = #"^(/[^/\u0000]+)+$"#
        /// A `.` or `..` component anywhere.
        static let dotComponent = #"/\.\.?(/|(?![\s\S]))"#
    }
}
