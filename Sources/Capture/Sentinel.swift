import CResolvLab
import DNSWire
import Glibc
import SystemCalls
import SystemPackage

/// The drain sentinel's path: a UDP socket bound at the sentinel endpoint receives (and ignores)
/// the sentinel datagrams, so they cause no ICMP, and a second socket sends them.
final class SentinelChannel: @unchecked Sendable {
    let endpoint: SocketAddress
    private let receiver: FileDescriptor
    private let sender: FileDescriptor

    init(endpoint: SocketAddress) throws(CaptureError) {
        self.endpoint = endpoint
        var opened: [FileDescriptor] = []
        do {
            let receiver = try Sockets.open(family: endpoint.family, type: Int32(SOCK_DGRAM.rawValue))
            opened.append(receiver)
            try Sockets.bind(receiver, to: endpoint)
            let sender = try Sockets.open(family: endpoint.family, type: Int32(SOCK_DGRAM.rawValue))
            opened.append(sender)
            self.receiver = receiver
            self.sender = sender
        } catch {
            for fd in opened { fd.closeIgnoringErrors() }
            throw .sentinel(message: "cannot listen on \(endpoint): \(error)")
        }
    }

    deinit {
        receiver.closeIgnoringErrors()
        sender.closeIgnoringErrors()
    }

    /// Sends one sentinel datagram carrying `token`; a full socket buffer just means one fewer.
    func send(_ token: [UInt8]) {
        _ = try? Sockets.send(sender, token, to: endpoint)
        // Keep the receiver's queue from filling: its datagrams are never read otherwise.
        var scratch = [UInt8](repeating: 0, count: 64)
        while (try? Sockets.receive(receiver, into: &scratch)) != nil {}
    }
}
