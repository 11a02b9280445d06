import ReproAudit

/// One audit run of some units on a thread of its own: discovery, skipping models whose files did
/// not change (for change-triggered audits), hashing, records. The run loop starts at most one batch
/// at a time, so no model is ever audited twice at once; cancelling abandons in-flight hashes.
public final class AuditBatch: @unchecked Sendable {
    /// What a finished batch produced.
    public struct Result: Sendable {
        /// The models audited and their records, in the same order.
        public var audited: [(model: DiscoveredModel, record: AuditRecord)]
        /// Every model path discovery found under the units (audited or skipped as unchanged).
        public var found: Set<RawPath>
        public var problems: [Finding]
        public var summary: Auditor.Summary
        public var cancelled: Bool
    }

    public let units: [RawPath]
    public let trigger: AuditTrigger
    public let forced: Bool
    public let waiters: [Int]
    /// Control requests waiting for each unit.
    public var unitWaiters: [RawPath: [Int]] = [:]
    /// Judges pickled imports (`pickle_allow` added); set before `start`.
    public var picklePolicy: PickleImportPolicy = .standard
    public let startedAt = MonotonicClock.now()
    private let cancelledFlag = Locked(false)
    private let outcome = Locked<Result?>(nil)

    public init(units: [RawPath], trigger: AuditTrigger, forced: Bool, waiters: [Int]) {
        self.units = units
        self.trigger = trigger
        self.forced = forced
        self.waiters = waiters
    }

    /// Abandons the batch: hashing stops at the next read, no records are produced.
    public func cancel() { cancelledFlag.withLock { $0 = true } }

    /// The result, once the thread has finished.
    public var result: Result? { outcome.current }

    /// Starts the thread; `done` is called on it when the result is ready.
    /// `rateLimiter` caps the hashing read rate (periodic re-verification).
    public func start(state: DaemonState, host: String, jobs: Int, signatures: TrustPolicy? = nil, rateLimiter: ReadRateLimiter? = nil,
                      done: @escaping @Sendable () -> Void) {
        SystemThread.detach(stackSize: 4 << 20) { [self] in
            let result = run(state: state, host: host, jobs: jobs, signatures: signatures, rateLimiter: rateLimiter)
            outcome.withLock { $0 = result }
            done()
        }
    }

    private func run(state: DaemonState, host: String, jobs: Int, signatures: TrustPolicy?, rateLimiter: ReadRateLimiter?) -> Result {
        let discovery = ModelFinder().discover(units)
        let found = Set(discovery.models.map(\.identity.path))
        var models = discovery.models
        if !forced, trigger == .watch || trigger == .manual {
            models = models.filter { model in
                guard let known = state.model(at: model.identity.path) else { return true }
                return known.signature != DaemonState.signature(of: model) || known.integrity == IntegrityStatus.incomplete.rawValue
            }
        }
        let flag = cancelledFlag
        var options = AuditOptions(jobs: jobs, host: host, trigger: trigger, forceRehash: forced, digestStore: state, rateLimiter: rateLimiter)
        options.picklePolicy = picklePolicy
        options.signaturePolicy = signatures
        let (records, summary) = Auditor(options: options).audit(models, isCancelled: { flag.current })
        let cancelled = summary.cancelled || flag.current
        return Result(audited: cancelled ? [] : Array(zip(models, records)).map { (model: $0.0, record: $0.1) },
                      found: found, problems: discovery.problems, summary: summary, cancelled: cancelled)
    }
}
