/// How far an audit run is, readable from another thread while it runs: models done of all, bytes
/// hashed of all. The auditor counts; a progress line (or the daemon's status) reads `snapshot`.
public final class AuditProgress: Sendable {
    /// The counts at one moment.
    public struct Snapshot: Sendable, Equatable {
        /// False until discovery and planning are done and the totals are known.
        public var started = false
        public var modelsDone = 0
        public var modelsTotal = 0
        public var bytesHashed: Int64 = 0
        public var bytesTotal: Int64 = 0
        /// `MonotonicClock` nanoseconds when hashing started.
        public var startedAt: Int64 = 0

        public init() {}
    }

    private let state = Locked(Snapshot())

    public init() {}

    public var snapshot: Snapshot { state.current }

    /// Hashing starts: `models` to audit, `bytes` to read (each distinct file once).
    func begin(models: Int, bytes: Int64) {
        state.withLock {
            $0.started = true
            $0.modelsTotal = models
            $0.bytesTotal = bytes
            $0.startedAt = MonotonicClock.now()
        }
    }

    /// `count` more bytes were read and hashed.
    func add(bytes count: Int) {
        state.withLock { $0.bytesHashed += Int64(count) }
    }

    /// `count` more models have every file read.
    func add(modelsDone count: Int) {
        state.withLock { $0.modelsDone += count }
    }
}
