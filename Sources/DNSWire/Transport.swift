/// UDP or TCP: how a DNS message travelled.
public enum Transport: String, CaseIterable, Sendable, Hashable, Codable {
    case udp, tcp
}
