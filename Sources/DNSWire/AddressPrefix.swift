/// `10.244.154.23/32`: an address and its prefix length.
public struct AddressPrefix: Hashable, Sendable, Codable, CustomStringConvertible {
    public var address: IPAddress
    public var prefixLength: Int

    public init(address: IPAddress, prefixLength: Int) {
        self.address = address
        self.prefixLength = prefixLength
    }

    /// Parses `ADDRESS/LENGTH`; a bare address means a host address (/32 or /128).
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(String(parts[0])) else { return nil }
        let maximum = address.bytes.count * 8
        if parts.count == 1 {
            self.init(address: address, prefixLength: maximum)
            return
        }
        let lengthText = parts[1]
        guard !lengthText.isEmpty, lengthText.allSatisfy(\.isASCII), lengthText.allSatisfy(\.isNumber),
              lengthText.count <= 3, let length = Int(lengthText), length <= maximum else { return nil }
        self.init(address: address, prefixLength: length)
    }

    public var description: String { "\(address)/\(prefixLength)" }
}
