/// Per-user token buckets for control requests: at most `rate` requests a second per peer uid, with
/// bursts up to `burst`, so one socket user cannot flood the log or the audit queue.
public struct RequestRateLimiter: Sendable {
    public var rate: Double
    public var burst: Double
    private var buckets: [UInt32: (tokens: Double, at: Int64)] = [:]

    public init(rate: Double = 10, burst: Double = 50) {
        self.rate = rate
        self.burst = burst
    }

    /// Takes one token for `uid` at `now` (monotonic ns); false when its bucket is empty.
    public mutating func allow(uid: UInt32, now: Int64) -> Bool {
        var bucket = buckets[uid] ?? (burst, now)
        bucket.tokens = min(burst, bucket.tokens + Double(now - bucket.at) / 1e9 * rate)
        bucket.at = now
        guard bucket.tokens >= 1 else {
            buckets[uid] = bucket
            return false
        }
        bucket.tokens -= 1
        buckets[uid] = bucket
        if buckets.count > 4096 { buckets = buckets.filter { $0.value.tokens < burst } }
        return true
    }
}
