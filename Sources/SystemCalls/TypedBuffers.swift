import SystemPackage

/// `withUnsafeBytes` is `rethrows`, which erases typed throws; these keep `Errno` typed.
public extension Array where Element == UInt8 {
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws(Errno) -> R) throws(Errno) -> R {
        let result: Result<R, Errno> = withUnsafeBytes { raw in Result { () throws(Errno) -> R in try body(raw) } }
        return try result.get()
    }

    mutating func withMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws(Errno) -> R) throws(Errno) -> R {
        let result: Result<R, Errno> = withUnsafeMutableBytes { raw in Result { () throws(Errno) -> R in try body(raw) } }
        return try result.get()
    }
}

public extension String {
    /// Text from a C buffer that holds a NUL-terminated string (error buffers).
    init(nulTerminated buffer: [CChar]) {
        self = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
