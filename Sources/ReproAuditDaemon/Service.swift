/// A long-running service in the style of swift-service-lifecycle: `run()` returns when the service
/// has stopped; a graceful shutdown (finish cleanly: flush, write the last line) is asked for
/// separately from cancellation (abandon work in flight), which the service does as part of stopping.
public protocol Service: AnyObject {
    /// Runs until a graceful shutdown completes; returns the process exit status.
    func run() -> Int32
    /// Asks the service to stop: in-flight work is abandoned, buffers flushed, then `run()` returns.
    func triggerGracefulShutdown()
}
