#if canImport(Glibc)
import Glibc
#endif
import ReproAudit

/// sd_notify without libsystemd: state lines sent as datagrams to `$NOTIFY_SOCKET`, and the watchdog
/// interval from `$WATCHDOG_USEC` (when `$WATCHDOG_PID` is unset or names this process).
public struct SystemdNotifier: Sendable {
    /// The socket, or nil when not started by systemd (every call is then a no-op).
    public let socket: RawPath?
    /// Half the watchdog timeout, in nanoseconds, or nil when there is no watchdog.
    public let watchdogInterval: Int64?

    public init(environment: [String: String]) {
        if let path = environment["NOTIFY_SOCKET"], !path.isEmpty, path.hasPrefix("/") || path.hasPrefix("@") {
            socket = RawPath(path)
        } else {
            socket = nil
        }
        let pidMatches = environment["WATCHDOG_PID"].map { Int32($0) == getpid() } ?? true
        if pidMatches, let text = environment["WATCHDOG_USEC"], let usec = Int64(text), usec > 0 {
            watchdogInterval = usec * 1000 / 2
        } else {
            watchdogInterval = nil
        }
    }

    /// Sends `lines` as one datagram (`READY=1\nSTATUS=…`). Failures are ignored: systemd may be gone.
    public func notify(_ lines: String...) {
        guard let socket else { return }
        try? UnixSocket.sendDatagram(Array(lines.joined(separator: "\n").utf8), to: socket)
    }

    public func ready(status: String) { notify("READY=1", "STATUS=" + status) }
    public func status(_ text: String) { notify("STATUS=" + text) }
    public func watchdog() { notify("WATCHDOG=1") }
    public func stopping() { notify("STOPPING=1", "STATUS=stopping") }

    /// `RELOADING=1` with `MONOTONIC_USEC` (CLOCK_MONOTONIC), as systemd 253's notify-reload wants.
    public func reloading() {
        notify("RELOADING=1", "MONOTONIC_USEC=\(MonotonicClock.now() / 1000)", "STATUS=reloading configuration")
    }
}
