import DNSWire
import ScenarioFormat
import SystemCalls

// The events' lines, written and read by hand rather than through Codable: every event of every
// scenario is encoded in the sandbox and decoded in the parent, and the generic Codable path (a
// container box and witness tables per type, metadata built at first use) was 14% of a seed run's
// CPU on a machine whose two cores the sandbox already keeps busy. The JSON is the one the types'
// Codable conformances read and write (tests hold the two together), so the stream stays ordinary
// JSON: keys in declaration order, an absent optional left out, an enum as its raw value.

// MARK: - Writing

/// One line of JSON being written: members and elements get their commas from a stack of counts.
struct LineWriter {
    var bytes: [UInt8] = []
    private var counts: [Int] = []

    init() { bytes.reserveCapacity(256) }

    mutating func object(_ body: (inout LineWriter) -> Void) {
        bytes.append(UInt8(ascii: "{"))
        counts.append(0)
        body(&self)
        counts.removeLast()
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func array<Element>(_ elements: [Element], _ write: (inout LineWriter, Element) -> Void) {
        bytes.append(UInt8(ascii: "["))
        counts.append(0)
        for element in elements {
            separate()
            write(&self, element)
        }
        counts.removeLast()
        bytes.append(UInt8(ascii: "]"))
    }

    /// Writes the key of the next member; its value follows.
    mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    private mutating func separate() {
        guard !counts.isEmpty else { return }
        if counts[counts.count - 1] > 0 { bytes.append(UInt8(ascii: ",")) }
        counts[counts.count - 1] += 1
    }

    mutating func string(_ value: String) { WireValue.writeString(value, into: &bytes) }
    mutating func bool(_ value: Bool) { bytes.append(contentsOf: (value ? "true" : "false").utf8) }
    mutating func integer(_ value: Int64) { bytes.append(contentsOf: String(value).utf8) }
    mutating func unsigned(_ value: UInt64) { bytes.append(contentsOf: String(value).utf8) }

    /// A number as WireJSON writes it. JSON has no NaN or infinity: those are written as 0.
    mutating func double(_ value: Double) {
        bytes.append(contentsOf: (WireValue.numberText(value) ?? "0").utf8)
    }

    // Members: `key`, then the value; optional ones are left out when nil.
    mutating func member(_ name: StaticString, _ value: String) { key(name); string(value) }
    mutating func member(_ name: StaticString, _ value: Bool) { key(name); bool(value) }
    mutating func member(_ name: StaticString, _ value: Int) { key(name); integer(Int64(value)) }
    mutating func member(_ name: StaticString, _ value: Int64) { key(name); integer(value) }
    mutating func member(_ name: StaticString, _ value: Double) { key(name); double(value) }
    mutating func member(_ name: StaticString, unsigned value: UInt64) { key(name); unsigned(value) }
    mutating func member(_ name: StaticString, _ value: String?) { if let value { member(name, value) } }
    mutating func member(_ name: StaticString, _ value: Int?) { if let value { member(name, value) } }
    mutating func member(_ name: StaticString, _ value: SocketAddress) {
        key(name)
        object { $0.member("address", value.address.description); $0.member("port", Int(value.port)) }
    }
}

extension ProbeEvent {
    /// The event as one line of JSON, `{"KIND":{...}}`, without the newline.
    func writeLine() -> [UInt8] {
        var writer = LineWriter()
        writer.object { writer in
            switch self {
            case .started(let value):
                writer.key("started")
                writer.object { writer in
                    writer.member("at", value.at)
                    writer.key("namespaces")
                    writer.array(value.namespaces) { $0.string($1.rawValue) }
                    writer.member("interface", value.interface)
                    writer.member("linkType", Int(value.linkType))
                    writer.member("filter", value.filter)
                    writer.member("receiveBufferBytes", value.receiveBufferBytes)
                    writer.member("timestampsAtArrival", value.timestampsAtArrival)
                }
            case .lookupStarted(let value):
                writer.key("lookupStarted")
                writer.object { $0.member("index", value.index); $0.member("at", value.at) }
            case .lookupEnded(let value):
                writer.key("lookupEnded")
                writer.object { writer in
                    writer.member("index", value.index)
                    writer.member("at", value.at)
                    writer.key("outcome")
                    value.outcome.write(to: &writer)
                }
            case .query(let value):
                writer.key("query")
                writer.object { writer in
                    writer.member("sequence", value.sequence)
                    Self.writeDatagram(at: value.at, client: value.client, server: value.server, transport: value.transport,
                                       size: value.size, message: value.message, to: &writer)
                }
            case .reply(let value):
                writer.key("reply")
                writer.object { writer in
                    writer.member("query", value.query)
                    Self.writeDatagram(at: value.at, client: value.client, server: value.server, transport: value.transport,
                                       size: value.size, message: value.message, to: &writer)
                    if let answers = value.answers {
                        writer.key("answers")
                        writer.array(answers) { writer, record in
                            writer.object { writer in
                                writer.member("name", record.name.description)
                                writer.member("type", Int(record.type.rawValue))
                                writer.member("data", record.data)
                            }
                        }
                    }
                }
            case .unreachable(let value):
                writer.key("unreachable")
                writer.object { writer in
                    writer.member("at", value.at)
                    writer.member("server", value.server)
                    writer.member("clientPort", Int(value.clientPort))
                    writer.member("query", value.query)
                }
            case .statistics(let value):
                writer.key("statistics")
                writer.object { writer in
                    writer.member("frames", value.frames)
                    writer.member("kernelPackets", unsigned: value.kernelPackets)
                    writer.member("kernelDrops", unsigned: value.kernelDrops)
                    writer.member("truncatedFrames", value.truncatedFrames)
                }
            case .lost(let value):
                writer.key("lost")
                writer.object { writer in
                    writer.member("server", value.server)
                    writer.member("client", value.client)
                    writer.member("transport", value.transport.rawValue)
                    writer.member("size", value.size)
                    writer.key("message")
                    value.message.write(to: &writer)
                }
            case .incompleteStream(let value):
                writer.key("incompleteStream")
                writer.object { $0.member("from", value.from); $0.member("to", value.to) }
            case .activity(let value):
                writer.key("activity")
                writer.object { $0.member("at", value.at); $0.member("idle", value.idle) }
            case .setupFailed(let value):
                writer.key("setupFailed")
                writer.object { $0.member("kind", value.kind.rawValue); $0.member("message", value.message) }
            case .finished(let value):
                writer.key("finished")
                writer.object { writer in
                    writer.member("at", value.at)
                    writer.member("drainMs", value.drainMs)
                    writer.member("sentinelsSent", value.sentinelsSent)
                    writer.member("peakMemoryBytes", value.peakMemoryBytes)
                }
            }
        }
        return writer.bytes
    }

    /// What a query and a reply share, after their first member.
    private static func writeDatagram(at: Microseconds, client: SocketAddress, server: SocketAddress, transport: Transport,
                                      size: Int, message: MessageSummary, to writer: inout LineWriter) {
        writer.member("at", at)
        writer.member("client", client)
        writer.member("server", server)
        writer.member("transport", transport.rawValue)
        writer.member("size", size)
        writer.key("message")
        message.write(to: &writer)
    }
}

extension MessageSummary {
    func write(to writer: inout LineWriter) {
        writer.object { writer in
            writer.member("id", id.map(Int.init))
            writer.member("opcode", opcode.map(Int.init))
            writer.key("flags")
            writer.array(flags) { $0.string($1.rawValue) }
            writer.member("rcode", rcode.map { Int($0.rawValue) })
            if let question {
                writer.key("question")
                writer.object { writer in
                    writer.member("name", question.name.description)
                    writer.member("type", Int(question.type.rawValue))
                    if question.qclass != .IN { writer.member("class", Int(question.qclass.rawValue)) }
                }
            }
            writer.member("questionCount", questionCount)
            writer.member("answerCount", answerCount)
            writer.member("authorityCount", authorityCount)
            writer.member("additionalCount", additionalCount)
            if let edns {
                writer.key("edns")
                writer.object { writer in
                    writer.member("payloadSize", Int(edns.payloadSize))
                    writer.member("version", Int(edns.version))
                    writer.member("dnssecOK", edns.dnssecOK)
                    writer.key("optionCodes")
                    writer.array(edns.optionCodes) { $0.integer(Int64($1)) }
                }
            }
            writer.member("malformed", malformed)
        }
    }
}

extension LookupOutcome {
    func write(to writer: inout LineWriter) {
        writer.object { writer in
            writer.member("durationMs", durationMs)
            if let addresses {
                writer.key("addresses")
                writer.array(addresses) { $0.string($1.description) }
            }
            if let error {
                writer.key("error")
                writer.object { writer in
                    writer.member("name", error.name)
                    writer.member("code", Int(error.code))
                    writer.member("detail", error.detail)
                }
            }
            writer.member("canonname", canonname)
            writer.member("rcode", rcode)
            if let answerCount { writer.member("answerCount", answerCount) }
            if let authenticData { writer.member("authenticData", authenticData) }
            if let names {
                writer.key("names")
                writer.array(names) { $0.string($1) }
            }
            if let exit {
                // Codable's form of an enum with an unlabelled associated value.
                writer.key("exit")
                writer.object { writer in
                    switch exit {
                    case .exited(let code): writer.key("exited"); writer.object { $0.member("_0", Int(code)) }
                    case .signaled(let signal): writer.key("signaled"); writer.object { $0.member("_0", Int(signal)) }
                    }
                }
            }
            writer.member("timedOut", timedOut)
            Self.write(standardOutput, as: "standardOutput", to: &writer)
            Self.write(standardError, as: "standardError", to: &writer)
            writer.member("failure", failure)
        }
    }

    /// Valid UTF-8 as text, anything else as hex (CapturedOutput's Codable form).
    private static func write(_ output: CapturedOutput?, as name: StaticString, to writer: inout LineWriter) {
        guard let output else { return }
        writer.key(name)
        writer.object { writer in
            if let text = String(validating: output.bytes, as: UTF8.self) {
                writer.member("text", text)
            } else {
                writer.member("hex", Hex.encode(output.bytes))
            }
            if output.totalBytes != output.bytes.count { writer.member("totalBytes", output.totalBytes) }
        }
    }
}

// MARK: - Reading

/// The members of a JSON object, read by key (the last of equal keys wins, as in WireJSON).
struct Members {
    let members: [(String, WireValue)]
    let path: String

    init(_ value: WireValue, path: String) throws(WireJSONError) {
        guard case .object(let members) = value else { throw WireJSONError("\(path) is not an object") }
        self.members = members
        self.path = path
    }

    func value(_ key: String) -> WireValue? {
        guard let value = members.last(where: { $0.0 == key })?.1 else { return nil }
        if case .null = value { return nil }
        return value
    }

    func required(_ key: String) throws(WireJSONError) -> WireValue {
        guard let value = value(key) else { throw WireJSONError("missing \(path).\(key)") }
        return value
    }

    func object(_ key: String) throws(WireJSONError) -> Members { try Members(try required(key), path: "\(path).\(key)") }
    func optionalObject(_ key: String) throws(WireJSONError) -> Members? {
        try value(key).map { value throws(WireJSONError) in try Members(value, path: "\(path).\(key)") }
    }

    func string(_ key: String) throws(WireJSONError) -> String {
        guard let text = WireValue.string(try required(key)) else { throw WireJSONError("\(path).\(key) is not a string") }
        return text
    }
    func optionalString(_ key: String) throws(WireJSONError) -> String? { value(key) == nil ? nil : try string(key) }

    func bool(_ key: String) throws(WireJSONError) -> Bool {
        guard let flag = WireValue.bool(try required(key)) else { throw WireJSONError("\(path).\(key) is not a boolean") }
        return flag
    }

    func integer<T: FixedWidthInteger>(_ key: String, as type: T.Type = T.self) throws(WireJSONError) -> T {
        guard let number: T = WireValue.integer(try required(key)) else {
            throw WireJSONError("\(path).\(key) is not a whole number that fits")
        }
        return number
    }
    func optionalInteger<T: FixedWidthInteger>(_ key: String, as type: T.Type = T.self) throws(WireJSONError) -> T? {
        value(key) == nil ? nil : try integer(key, as: type)
    }

    func double(_ key: String) throws(WireJSONError) -> Double {
        guard let number = WireValue.double(try required(key)) else { throw WireJSONError("\(path).\(key) is not a number") }
        return number
    }

    func array(_ key: String) throws(WireJSONError) -> [WireValue] {
        guard case .array(let elements) = try required(key) else { throw WireJSONError("\(path).\(key) is not an array") }
        return elements
    }

    func strings(_ key: String) throws(WireJSONError) -> [String] {
        try array(key).map { element throws(WireJSONError) in
            guard let text = WireValue.string(element) else { throw WireJSONError("\(path).\(key) holds a non-string") }
            return text
        }
    }

    func raw<T: RawRepresentable>(_ key: String, as type: T.Type) throws(WireJSONError) -> T where T.RawValue == String {
        let text = try string(key)
        guard let value = T(rawValue: text) else { throw WireJSONError("\(path).\(key): unknown value \(text)") }
        return value
    }

    func address(_ key: String) throws(WireJSONError) -> SocketAddress {
        let members = try object(key)
        let text = try members.string("address")
        guard let address = IPAddress(text) else { throw WireJSONError("\(path).\(key).address: not an IP address: \(text)") }
        return SocketAddress(address: address, port: try members.integer("port"))
    }
}

extension ProbeEvent {
    /// Reads one line written by `writeLine` (or by the types' Codable conformances).
    init(line: some Collection<UInt8>) throws(WireJSONError) {
        var parser = Parser(bytes: Array(line))
        let root: WireValue
        do {
            root = try parser.parseDocument()
        } catch let error as WireJSONError {
            throw error
        } catch {
            throw WireJSONError("\(error)")
        }
        let envelope = try Members(root, path: "event")
        guard envelope.members.count == 1, let (kind, _) = envelope.members.first else {
            throw WireJSONError("an event has exactly one kind")
        }
        let body = try envelope.object(kind)
        switch kind {
        case "started":
            self = .started(SandboxStarted(
                at: try body.integer("at"), namespaces: try body.strings("namespaces").map { text throws(WireJSONError) in
                    guard let namespace = ScenarioNamespace(rawValue: text) else { throw WireJSONError("unknown namespace \(text)") }
                    return namespace
                },
                interface: try body.string("interface"), linkType: try body.integer("linkType"), filter: try body.string("filter"),
                receiveBufferBytes: try body.integer("receiveBufferBytes"), timestampsAtArrival: try body.bool("timestampsAtArrival")))
        case "lookupStarted":
            self = .lookupStarted(LookupStarted(index: try body.integer("index"), at: try body.integer("at")))
        case "lookupEnded":
            self = .lookupEnded(LookupEnded(index: try body.integer("index"), at: try body.integer("at"),
                                            outcome: try LookupOutcome(try body.object("outcome"))))
        case "query":
            self = .query(WireQuery(sequence: try body.integer("sequence"), at: try body.integer("at"),
                                    client: try body.address("client"), server: try body.address("server"),
                                    transport: try body.raw("transport", as: Transport.self), size: try body.integer("size"),
                                    message: try MessageSummary(try body.object("message"))))
        case "reply":
            self = .reply(WireReply(query: try body.optionalInteger("query"), at: try body.integer("at"),
                                    client: try body.address("client"), server: try body.address("server"),
                                    transport: try body.raw("transport", as: Transport.self), size: try body.integer("size"),
                                    message: try MessageSummary(try body.object("message")),
                                    answers: try body.value("answers") == nil ? nil : body.array("answers").map { element throws(WireJSONError) in
                                        let record = try Members(element, path: "\(body.path).answers")
                                        let text = try record.string("name")
                                        guard let name = try? DNSName(text) else {
                                            throw WireJSONError("\(record.path).name: not a domain name: \(text)")
                                        }
                                        return AnswerRecord(name: name, type: DNSType(rawValue: try record.integer("type")),
                                                            data: try record.string("data"))
                                    }))
        case "unreachable":
            self = .unreachable(PortUnreachable(at: try body.integer("at"), server: try body.address("server"),
                                                clientPort: try body.integer("clientPort"), query: try body.optionalInteger("query")))
        case "statistics":
            self = .statistics(CaptureStatistics(frames: try body.integer("frames"), kernelPackets: try body.integer("kernelPackets"),
                                                 kernelDrops: try body.integer("kernelDrops"),
                                                 truncatedFrames: try body.integer("truncatedFrames")))
        case "lost":
            self = .lost(LostQuery(server: try body.address("server"), client: try body.address("client"),
                                   transport: try body.raw("transport", as: Transport.self), size: try body.integer("size"),
                                   message: try MessageSummary(try body.object("message"))))
        case "incompleteStream":
            self = .incompleteStream(IncompleteStream(from: try body.address("from"), to: try body.address("to")))
        case "activity":
            self = .activity(Activity(at: try body.integer("at"), idle: try body.bool("idle")))
        case "setupFailed":
            self = .setupFailed(SetupFailure(kind: try body.raw("kind", as: SetupFailure.Kind.self), message: try body.string("message")))
        case "finished":
            self = .finished(Finished(at: try body.integer("at"), drainMs: try body.double("drainMs"),
                                      sentinelsSent: try body.integer("sentinelsSent"),
                                      peakMemoryBytes: try body.integer("peakMemoryBytes")))
        default:
            throw WireJSONError("unknown event kind \(kind)")
        }
    }
}

extension MessageSummary {
    init(_ body: Members) throws(WireJSONError) {
        let flags = try body.strings("flags").map { text throws(WireJSONError) in
            guard let flag = HeaderFlag(rawValue: text) else { throw WireJSONError("\(body.path).flags: unknown flag \(text)") }
            return flag
        }
        var question: DNSQuestion?
        if let members = try body.optionalObject("question") {
            let text = try members.string("name")
            guard let name = try? DNSName(text) else { throw WireJSONError("\(members.path).name: not a domain name: \(text)") }
            question = DNSQuestion(name: name, type: DNSType(rawValue: try members.integer("type")),
                                   qclass: DNSClass(rawValue: try members.optionalInteger("class") ?? DNSClass.IN.rawValue))
        }
        var edns: EDNSInfo?
        if let members = try body.optionalObject("edns") {
            edns = EDNSInfo(payloadSize: try members.integer("payloadSize"), version: try members.integer("version"),
                            dnssecOK: try members.bool("dnssecOK"),
                            optionCodes: try members.array("optionCodes").map { element throws(WireJSONError) in
                                guard let code: UInt16 = WireValue.integer(element) else {
                                    throw WireJSONError("\(members.path).optionCodes holds a non-code")
                                }
                                return code
                            })
        }
        self.init(id: try body.optionalInteger("id"), opcode: try body.optionalInteger("opcode"), flags: flags,
                  rcode: try body.optionalInteger("rcode", as: UInt16.self).map(DNSRcode.init(rawValue:)), question: question,
                  questionCount: try body.optionalInteger("questionCount"), answerCount: try body.optionalInteger("answerCount"),
                  authorityCount: try body.optionalInteger("authorityCount"),
                  additionalCount: try body.optionalInteger("additionalCount"), edns: edns,
                  malformed: try body.optionalString("malformed"))
    }
}

extension LookupOutcome {
    init(_ body: Members) throws(WireJSONError) {
        var addresses: [IPAddress]?
        if body.value("addresses") != nil {
            addresses = try body.strings("addresses").map { text throws(WireJSONError) in
                guard let address = IPAddress(text) else { throw WireJSONError("\(body.path).addresses: not an IP address: \(text)") }
                return address
            }
        }
        var error: LookupError?
        if let members = try body.optionalObject("error") {
            error = LookupError(name: try members.string("name"), code: try members.integer("code"),
                                detail: try members.optionalString("detail"))
        }
        var exit: TerminationStatus?
        if let members = try body.optionalObject("exit") {
            if let exited = try members.optionalObject("exited") {
                exit = .exited(try exited.integer("_0"))
            } else if let signaled = try members.optionalObject("signaled") {
                exit = .signaled(try signaled.integer("_0"))
            } else {
                throw WireJSONError("\(members.path): neither exited nor signaled")
            }
        }
        func output(_ key: String) throws(WireJSONError) -> CapturedOutput? {
            guard let members = try body.optionalObject(key) else { return nil }
            let bytes: [UInt8]
            if let text = try members.optionalString("text") {
                bytes = Array(text.utf8)
            } else {
                guard let decoded = Hex.decode(try members.string("hex")) else { throw WireJSONError("\(members.path).hex is not hex") }
                bytes = decoded
            }
            return CapturedOutput(bytes: bytes, totalBytes: try members.optionalInteger("totalBytes") ?? bytes.count)
        }
        self.init(durationMs: try body.double("durationMs"), addresses: addresses, error: error,
                  canonname: try body.optionalString("canonname"), exit: exit, timedOut: try body.bool("timedOut"),
                  standardOutput: try output("standardOutput"), standardError: try output("standardError"),
                  failure: try body.optionalString("failure"))
        rcode = try body.optionalString("rcode")
        answerCount = try body.optionalInteger("answerCount")
        if body.value("authenticData") != nil { authenticData = try body.bool("authenticData") }
        if body.value("names") != nil { names = try body.strings("names") }
    }
}
