/// Two-way table between numeric codes and their IANA mnemonics, with the RFC 3597 `PREFIXnnn` fallback.
struct Mnemonics: Sendable {
    private let names: [UInt16: String]
    private let codes: [String: UInt16]
    /// Generic prefix for codes without a mnemonic, e.g. `TYPE` in `TYPE65`.
    let genericPrefix: String

    init(genericPrefix: String, _ table: KeyValuePairs<String, UInt16>) {
        var names: [UInt16: String] = [:]
        var codes: [String: UInt16] = [:]
        for (name, code) in table {
            if names[code] == nil { names[code] = name }
            codes[name] = code
        }
        self.names = names
        self.codes = codes
        self.genericPrefix = genericPrefix
    }

    func name(for code: UInt16) -> String {
        names[code] ?? genericPrefix + String(code)
    }

    /// Case-insensitive lookup that also accepts `PREFIX` followed by 1-5 decimal digits (RFC 3597 §5).
    func code(for text: String) -> UInt16? {
        let upper = text.uppercased()
        if let code = codes[upper] { return code }
        guard upper.hasPrefix(genericPrefix) else { return nil }
        let digits = upper.utf8.dropFirst(genericPrefix.utf8.count)
        guard (1...5).contains(digits.count), digits.allSatisfy(ASCII.isDigit) else { return nil }
        var value = 0
        for digit in digits {
            value = value * 10 + Int(digit - ASCII.zero)
        }
        return UInt16(exactly: value)
    }
}
