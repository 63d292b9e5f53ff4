import DNSWire

extension DNSType {
    /// A record type as scenario files write it: a mnemonic or `TYPEnnn`, in ASCII letters of either case.
    init?(scenarioText text: String) {
        // DNSWire upper-cases with Unicode rules, which would read "ſrv" (long s) as SRV.
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        self.init(mnemonic: text)
    }
}
