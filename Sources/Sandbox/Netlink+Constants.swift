/// Kernel constants for rtnetlink, under their C names (linux/netlink.h, linux/rtnetlink.h,
/// linux/if_addr.h). Kept in Swift so the message builder is pure and testable.
public enum NetlinkType {
    public static let NLMSG_ERROR: UInt16 = 2
    public static let NLMSG_DONE: UInt16 = 3
    public static let RTM_NEWLINK: UInt16 = 16
    public static let RTM_NEWADDR: UInt16 = 20
}

public enum NetlinkFlags {
    public static let NLM_F_REQUEST: UInt16 = 0x01
    public static let NLM_F_ACK: UInt16 = 0x04
    public static let NLM_F_EXCL: UInt16 = 0x200
    public static let NLM_F_CREATE: UInt16 = 0x400
}

public enum AddressAttribute {
    public static let IFA_ADDRESS: UInt16 = 1
    public static let IFA_LOCAL: UInt16 = 2
    public static let IFA_FLAGS: UInt16 = 8
    /// No duplicate address detection: the address is usable at once instead of "tentative".
    public static let IFA_F_NODAD: UInt32 = 0x02
}

public enum InterfaceFlags {
    public static let IFF_UP: UInt32 = 0x1
}

public enum KernelAddressFamily {
    public static let AF_INET: UInt8 = 2
    public static let AF_INET6: UInt8 = 10
    public static let AF_NETLINK: UInt16 = 16
    public static let NETLINK_ROUTE: Int32 = 0
}
