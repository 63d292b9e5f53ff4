/// Zone-file style text of RDATA for logs and test failure messages (RFC 3597 `\#` form for unknown data).
extension RData: CustomStringConvertible {
    public var description: String {
        switch self {
        case .a(let address): address.description
        case .aaaa(let address): address.description
        case .cname(let name), .ns(let name), .ptr(let name): name.description
        case .mx(let preference, let exchange): "\(preference) \(exchange)"
        case .txt(let strings): strings.map(Self.quoted).joined(separator: " ")
        case .srv(let priority, let weight, let port, let target): "\(priority) \(weight) \(port) \(target)"
        case .soa(let mname, let rname, let serial, let refresh, let retry, let expire, let minimum):
            "\(mname) \(rname) \(serial) \(refresh) \(retry) \(expire) \(minimum)"
        case .opt(let options):
            options.map { "\($0.code):\(Self.hex($0.data))" }.joined(separator: " ")
        case .unknown(let bytes): bytes.isEmpty ? "\\# 0" : "\\# \(bytes.count) \(Self.hex(bytes))"
        }
    }

    /// A character-string in double quotes, escaping `"` and `\` and non-printables as `\DDD`.
    private static func quoted(_ string: [UInt8]) -> String {
        var text = "\""
        for byte in string {
            switch byte {
            case 0x22, 0x5C:
                text.append("\\")
                text.unicodeScalars.append(Unicode.Scalar(byte))
            case 0x20...0x7E:
                text.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let digits = String(byte)
                text.append("\\" + String(repeating: "0", count: 3 - digits.count) + digits)
            }
        }
        return text + "\""
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }
}
