import DNSWire
import Glibc
import SystemCalls
import SystemPackage

/// The transport a netlink session talks through; tests substitute a fake.
public protocol NetlinkSocket {
    func send(_ message: [UInt8]) throws(Errno)
    func receive() throws(Errno) -> [UInt8]
}

/// A `NETLINK_ROUTE` socket in the current network namespace.
public final class RouteNetlinkSocket: NetlinkSocket {
    private let descriptor: FileDescriptor
    private var fd: CInt { descriptor.rawValue }

    public init() throws(Errno) {
        descriptor = FileDescriptor(rawValue: try Syscall.retrying {
            socket(AF_NETLINK, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), KernelAddressFamily.NETLINK_ROUTE)
        })
        let fd = descriptor.rawValue
        // struct sockaddr_nl { sa_family_t nl_family; u16 nl_pad; u32 nl_pid; u32 nl_groups; }: pid 0 lets the kernel pick.
        var address: [UInt8] = []
        address.appendNative(KernelAddressFamily.AF_NETLINK)
        address += [UInt8](repeating: 0, count: 10)
        do {
            try Syscall.retrying {
                address.withUnsafeBytes { raw in bind(fd, raw.baseAddress?.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count)) }
            }
        } catch {
            descriptor.closeIgnoringErrors()
            throw error
        }
    }

    deinit { descriptor.closeIgnoringErrors() }

    public func send(_ message: [UInt8]) throws(Errno) {
        _ = try message.withBytes { raw throws(Errno) in
            try Syscall.retrying { Glibc.send(fd, raw.baseAddress, raw.count, 0) }
        }
    }

    public func receive() throws(Errno) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 8192)
        let got = try buffer.withMutableBytes { raw throws(Errno) in
            try Syscall.retrying { recv(fd, raw.baseAddress, raw.count, 0) }
        }
        return Array(buffer[0..<got])
    }
}

/// Configures interfaces the way `ip link set lo up` and `ip addr add` would, without shelling out.
public struct NetlinkSession<Socket: NetlinkSocket> {
    private let socket: Socket
    private var sequence: UInt32 = 1

    public init(socket: Socket) { self.socket = socket }

    /// Brings interface `index` up.
    public mutating func linkSetUp(index: Int32) throws(SandboxError) {
        try request(NetlinkMessage.linkUp(index: index, sequence: nextSequence()), describedAs: "link \(index) up",
                    tolerating: [])
    }

    /// Adds `address` to interface `index`; an address that is already there is not an error.
    public mutating func addressAdd(index: Int32, address: AddressPrefix) throws(SandboxError) {
        try request(NetlinkMessage.addressAdd(index: index, address: address, sequence: nextSequence()),
                    describedAs: "add address \(address)", tolerating: [EEXIST])
    }

    private mutating func nextSequence() -> UInt32 {
        defer { sequence &+= 1 }
        return sequence
    }

    private func request(_ message: [UInt8], describedAs description: String, tolerating: Set<Int32>) throws(SandboxError) {
        let expected = message.readNative(UInt32.self, at: 8) ?? 0
        do {
            try socket.send(message)
            while true {
                let reply = try socket.receive()
                guard let acknowledgements = NetlinkMessage.parseAcknowledgements(reply) else {
                    throw SandboxError.netlink(request: description, errno: .badMessage)
                }
                guard let ack = acknowledgements.first(where: { $0.sequence == expected }) else { continue }
                if let code = ack.errno, !tolerating.contains(code) {
                    throw SandboxError.netlink(request: description, errno: Errno(rawValue: code))
                }
                return
            }
        } catch let error as SandboxError {
            throw error
        } catch let error as Errno {
            throw SandboxError.netlink(request: description, errno: error)
        } catch {
            throw SandboxError.netlink(request: description, errno: .ioError)
        }
    }
}
