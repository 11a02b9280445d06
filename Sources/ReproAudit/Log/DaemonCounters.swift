/// Running totals the daemon keeps since it started, exported by `PrometheusMetrics`.
public struct DaemonCounters: Sendable, Equatable {
    /// Bytes read to compute digests (sum of `bytes_hashed` of the records written).
    public var bytesHashed: Int64
    /// Audits completed.
    public var audits: Int64
    /// Sum of the audits' durations, in seconds.
    public var auditSeconds: Double
    /// When the last audit finished, or nil before the first.
    public var lastAudit: Timestamp?
    /// Failed writes of the audit log.
    public var logWriteErrors: Int64

    public init(bytesHashed: Int64 = 0, audits: Int64 = 0, auditSeconds: Double = 0, lastAudit: Timestamp? = nil, logWriteErrors: Int64 = 0) {
        self.bytesHashed = bytesHashed
        self.audits = audits
        self.auditSeconds = auditSeconds
        self.lastAudit = lastAudit
        self.logWriteErrors = logWriteErrors
    }

    /// Adds one audit's record (its `duration_ms`, `bytes_hashed` and `time`).
    public mutating func count(_ record: AuditRecord) {
        audits += 1
        bytesHashed += record.bytesHashed
        auditSeconds += Double(record.durationMilliseconds) / 1000
        if lastAudit.map({ $0 < record.time }) ?? true { lastAudit = record.time }
    }
}
