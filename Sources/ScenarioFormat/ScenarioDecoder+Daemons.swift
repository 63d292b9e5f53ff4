import DNSWire

extension ScenarioDecoder {
    static func decodeDaemons(_ node: JSONNode, _ path: JSONPath, servers: [Server], context: DecodingContext) -> [Daemon] {
        guard let elements = context.array(node, path) else { return [] }
        var daemons: [Daemon] = []
        for (index, element) in elements.enumerated() {
            let daemonPath = path.appending(index)
            guard let daemon = decodeDaemon(element, daemonPath, servers: servers, context: context) else { continue }
            if let first = daemons.firstIndex(where: { $0.name == daemon.name }) {
                context.fail("daemons[\(first)] is already named \(daemon.name.quotedForMessage); give each its own name",
                             at: element["name"] ?? element, path: daemonPath.appending("name"))
            }
            daemons.append(daemon)
        }
        return daemons
    }

    static func decodeDaemon(_ node: JSONNode, _ path: JSONPath, servers: [Server], context: DecodingContext) -> Daemon? {
        guard let object = context.object(node, path, as: FormatDescription.daemon) else { return nil }
        var name: String?
        var command: [String]?
        var address: IPAddress?
        var ready: Daemon.Readiness?
        var timeout = Daemon.defaultReadyTimeoutMs
        if let (node, path) = object.require("name") {
            name = context.string(node, path, nonEmpty: true)
            if let text = name, text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                context.fail("a name must not contain control characters", at: node, path: path)
                name = nil
            }
        }
        if let (node, path) = object.require("exec") {
            command = context.strings(node, path, allowSingle: false)
            if let argv = command, argv.first?.isEmpty ?? true {
                context.fail("expected the command and its arguments, like [\"dnsmasq\", \"--keep-in-foreground\", ...]",
                             at: node, path: path)
                command = nil
            }
            for (index, argument) in (command ?? []).enumerated() where argument.utf8.contains(0) {
                context.fail("an argument must not contain a NUL character (\\u0000): the program would see it cut short",
                             at: node.elements?[index] ?? node, path: path.appending(index))
                command = nil
            }
        }
        if let (node, path) = object["address"], let text = context.string(node, path) {
            if let parsed = IPAddress(text), !parsed.bytes.allSatisfy({ $0 == 0 }), !parsed.isMulticastOrBroadcast {
                address = parsed
                if let index = servers.firstIndex(where: { $0.address == parsed && $0.mode != .closed && $0.port == 53 }) {
                    context.fail("servers[\(index)] already listens on \(parsed) port 53; give the daemon an address of its own",
                                 at: node, path: path)
                }
            } else {
                context.fail("expected a unicast IPv4 or IPv6 address, found \(text.quotedForMessage)", at: node, path: path)
            }
        }
        if let (node, path) = object["ready"] {
            ready = decodeReadiness(node, path, context: context)
        } else if let address {
            ready = .udp(SocketAddress(address: address, port: 53))
        } else if object.has("exec"), !object.has("address") {
            context.fail("a daemon without an address needs \"ready\" (\"udp ADDRESS:PORT\", \"tcp ADDRESS:PORT\" or "
                         + "\"path /PATH\") to say when it is ready", at: node, path: path)
        }
        if let (node, path) = object["readyTimeoutMs"] {
            timeout = context.integer(node, path, in: Daemon.readyTimeoutRange) ?? timeout
        }
        guard let name, let command, let ready else { return nil }
        return Daemon(name: name, command: command, address: address, ready: ready, readyTimeoutMs: timeout)
    }

    /// `ready`: "udp ADDRESS[:PORT]", "tcp ADDRESS[:PORT]" (port 53 when omitted) or "path /ABSOLUTE/PATH".
    static func decodeReadiness(_ node: JSONNode, _ path: JSONPath, context: DecodingContext) -> Daemon.Readiness? {
        guard let text = context.string(node, path) else { return nil }
        let expected = "expected \"udp ADDRESS[:PORT]\", \"tcp ADDRESS[:PORT]\" or \"path /ABSOLUTE/PATH\", found \(text.quotedForMessage)"
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard words.count == 2 else {
            context.fail(expected, at: node, path: path)
            return nil
        }
        switch words[0] {
        case "udp", "tcp":
            guard let (address, port) = QueryPattern.parseServer(words[1]) else {
                context.fail(expected, at: node, path: path)
                return nil
            }
            let endpoint = SocketAddress(address: address, port: port ?? 53)
            return words[0] == "udp" ? .udp(endpoint) : .tcp(endpoint)
        case "path":
            guard words[1].hasPrefix("/"), !words[1].utf8.contains(0) else {
                context.fail(expected, at: node, path: path)
                return nil
            }
            return .path(words[1])
        default:
            context.fail(expected, at: node, path: path)
            return nil
        }
    }
}
