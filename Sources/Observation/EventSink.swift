/// Where the sandbox child's components send their events (the pipe to the parent, or a test's list).
public protocol EventSink: Sendable {
    func emit(_ event: ProbeEvent)
}
