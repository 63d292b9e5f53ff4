/// Hex spelling shared by error messages (`U+000A`) and string escapes (`\u001F`).
extension UInt32 {
    /// Uppercase hex padded to at least four digits.
    var jsonHex4: String {
        let digits = String(self, radix: 16, uppercase: true)
        return String(repeating: "0", count: Swift.max(0, 4 - digits.count)) + digits
    }
}
