#if canImport(Glibc)
import Glibc
#endif

/// Caps how fast hashing reads, shared by every hashing thread of one audit.
///
/// The daemon's periodic re-verification reads every byte of every model; on a host whose training
/// jobs read the same disks it must not run as one burst (`reverify_rate_mb_s`). A token bucket on the
/// monotonic clock: each read is charged after it happened and the reader sleeps until the budget has
/// caught up, with at most 50 ms of unused budget saved (the gaps between files), none at the start.
public final class ReadRateLimiter: Sendable {
    /// The cap, in bytes per second.
    public let bytesPerSecond: Double
    /// Monotonic nanoseconds at which the bytes charged so far are paid for.
    private let paidUntil = Locked<Int64>(MonotonicClock.now())
    static let burstNanoseconds: Int64 = 50_000_000

    public init(bytesPerSecond: Double) {
        precondition(bytesPerSecond > 0)
        self.bytesPerSecond = bytesPerSecond
    }

    /// Charges `count` bytes just read and sleeps until they are within the rate. Sleeps in slices
    /// of at most 100 ms, returning early once `isCancelled` says so.
    public func charge(_ count: Int, isCancelled: @Sendable () -> Bool = { false }) {
        guard count > 0 else { return }
        let cost = Int64(Double(count) / bytesPerSecond * 1e9)
        let due = paidUntil.withLock { paid -> Int64 in
            paid = max(paid, MonotonicClock.now() - Self.burstNanoseconds) + cost
            return paid
        }
        while !isCancelled() {
            let wait = due - MonotonicClock.now()
            if wait <= 0 { return }
            var request = timespec(tv_sec: 0, tv_nsec: Int(min(wait, 100_000_000)))
            _ = nanosleep(&request, nil)
        }
    }
}
