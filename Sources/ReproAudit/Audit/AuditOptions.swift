/// How an audit runs: parallelism, what caused it, and where known digests and baselines live.
public struct AuditOptions: Sendable {
    /// Files hashed at once; 0 means one per core.
    public var jobs: Int
    /// Written into each record's `host`.
    public var host: String
    public var trigger: AuditTrigger
    /// Re-hash even files whose fingerprint matches a known digest (`rescan`, periodic re-verification).
    public var forceRehash: Bool
    /// Known digests and baselines (the daemon's state); nil for a one-shot scan.
    public var digestStore: (any DigestStore)?
    /// Bytes per read while hashing.
    public var chunkSize: Int
    /// Judges pickled imports (the configuration's `pickle_allow` names are added to its allow-list).
    public var picklePolicy: PickleImportPolicy = .standard
    /// Caps the hashing read rate of the whole audit (the daemon's periodic re-verification), or nil.
    public var rateLimiter: ReadRateLimiter?
    /// Whom to trust for `model.sig` bundles (the `signatures` config key, `scan --signers`); nil
    /// trusts no one (bundles are still verified, and are at best `untrusted`).
    public var signaturePolicy: TrustPolicy?
    /// Paths ignored when comparing files with a signature (`scan --ignore-paths`).
    public var signatureIgnorePaths: [String] = []
    /// Counts models and bytes as they are done, for a progress line; nil when nobody watches.
    public var progress: AuditProgress?

    public init(jobs: Int = 0, host: String = HostName.current, trigger: AuditTrigger = .scan, forceRehash: Bool = true,
                digestStore: (any DigestStore)? = nil, chunkSize: Int = 1 << 20, rateLimiter: ReadRateLimiter? = nil,
                progress: AuditProgress? = nil) {
        self.rateLimiter = rateLimiter
        self.jobs = jobs
        self.host = host
        self.trigger = trigger
        self.forceRehash = forceRehash
        self.digestStore = digestStore
        self.chunkSize = chunkSize
        self.progress = progress
    }

    /// `jobs`, with 0 resolved to the number of online cores.
    public var effectiveJobs: Int {
        jobs > 0 ? jobs : max(1, ProcessorCount.online)
    }
}
