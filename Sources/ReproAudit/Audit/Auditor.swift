#if canImport(Glibc)
import Glibc
#endif

/// Audits discovered models: hashes their files in parallel (each distinct file once), inspects
/// weight files, compares digests with what came with the model, judges openness, and builds one
/// `AuditRecord` per model.
public struct Auditor: Sendable {
    public var options: AuditOptions

    public init(options: AuditOptions = AuditOptions()) {
        self.options = options
    }

    /// Totals of one audit run.
    public struct Summary: Sendable, Equatable {
        public var models = 0
        public var bytesHashed: Int64 = 0
        public var filesHashed = 0
        public var cancelled = false
    }

    /// Audits `models` and returns their records in the order given. `isCancelled` is polled between
    /// reads: when it turns true, in-flight hashes are abandoned and no records are returned.
    public func audit(_ models: [DiscoveredModel], isCancelled: @escaping @Sendable () -> Bool = { false }) -> (records: [AuditRecord], summary: Summary) {
        var plans: [ModelPlan] = []
        for model in models {
            plans.append(ModelPlanner.plan(model, signatures: options.signaturePolicy, ignorePaths: options.signatureIgnorePaths))
        }

        // One job per distinct file (by device, inode, size and mtime): shared blobs are read once.
        var jobs: [FileJob] = []
        var jobByKey: [FileFingerprint: Int] = [:]
        for planIndex in plans.indices {
            for fileIndex in plans[planIndex].files.indices {
                let planned = plans[planIndex].files[fileIndex]
                guard planned.file.problem == nil, let status = planned.file.status else { continue }
                let key = FileFingerprint(status)
                if let existing = jobByKey[key] {
                    plans[planIndex].files[fileIndex].jobIndex = existing
                    if planned.expected?.gitSHA1 != nil { jobs[existing].computeGitSHA1 = true }
                    if planned.file.isWeight { jobs[existing].inspect = true }
                    if let signed = planned.signed { jobs[existing].signed = signed }
                    continue
                }
                jobByKey[key] = jobs.count
                plans[planIndex].files[fileIndex].jobIndex = jobs.count
                jobs.append(FileJob(location: planned.file.location, relativePath: planned.file.relativePath,
                                    computeGitSHA1: planned.expected?.gitSHA1 != nil, inspect: planned.file.isWeight,
                                    size: status.size, signed: planned.signed))
            }
        }
        // Largest first, so the last job to finish is a small one.
        let order = jobs.indices.sorted { jobs[$0].size > jobs[$1].size }
        let modelsDone = ModelCompletion(plans: plans, jobCount: jobs.count)
        options.progress?.begin(models: plans.count, bytes: jobs.reduce(0) { $0 + $1.size })
        options.progress?.add(modelsDone: modelsDone.withoutJobs)
        let results = Locked([FileAudit?](repeating: nil, count: jobs.count))
        let timings = Locked([(start: Int64, end: Int64)](repeating: (0, 0), count: jobs.count))
        let frozenJobs = jobs
        let options = self.options
        WorkerPool.run(count: order.count, threads: options.effectiveJobs, bufferSize: options.chunkSize) { position, buffer in
            let index = order[position]
            if isCancelled() { return }
            let start = MonotonicClock.now()
            let audit = frozenJobs[index].run(options: options, buffer: buffer, isCancelled: isCancelled)
            let end = MonotonicClock.now()
            results.withLock { $0[index] = audit }
            timings.withLock { $0[index] = (start, end) }
            if let progress = options.progress { progress.add(modelsDone: modelsDone.finish(job: index)) }
        }
        var summary = Summary()
        if isCancelled() {
            summary.cancelled = true
            return ([], summary)
        }
        let fileResults = results.current
        let jobTimings = timings.current
        for result in fileResults {
            summary.bytesHashed += result?.bytesRead ?? 0
            if (result?.bytesRead ?? 0) > 0 { summary.filesHashed += 1 }
        }
        var records: [AuditRecord] = []
        for plan in plans {
            let assemblyStart = MonotonicClock.now()
            var record = RecordAssembler(options: options).assemble(plan, results: fileResults)
            let used = plan.files.compactMap(\.jobIndex).map { jobTimings[$0] }.filter { $0.end > 0 }
            let hashing = used.isEmpty ? 0 : (used.map(\.end).max()! - used.map(\.start).min()!)
            record.durationMilliseconds = (hashing + MonotonicClock.now() - assemblyStart) / 1_000_000
            records.append(record)
        }
        summary.models = records.count
        return (records, summary)
    }
}

/// Which models have every file read, as jobs finish (for `AuditProgress`): a model is done when its
/// last job is.
final class ModelCompletion: Sendable {
    /// For each job, the plans (models) that use it.
    private let plansOfJob: [[Int]]
    /// For each plan, how many of its distinct jobs are not finished.
    private let remaining: Locked<[Int]>
    /// Plans with no file to read: done from the start.
    let withoutJobs: Int

    init(plans: [ModelPlan], jobCount: Int) {
        var plansOfJob = [[Int]](repeating: [], count: jobCount)
        var remaining: [Int] = []
        for (planIndex, plan) in plans.enumerated() {
            let jobs = Set(plan.files.compactMap(\.jobIndex))
            for job in jobs { plansOfJob[job].append(planIndex) }
            remaining.append(jobs.count)
        }
        self.plansOfJob = plansOfJob
        self.remaining = Locked(remaining)
        withoutJobs = remaining.filter { $0 == 0 }.count
    }

    /// Marks `job` finished; returns how many models that completed.
    func finish(job: Int) -> Int {
        remaining.withLock { remaining in
            var done = 0
            for plan in plansOfJob[job] {
                remaining[plan] -= 1
                if remaining[plan] == 0 { done += 1 }
            }
            return done
        }
    }
}

/// Nanoseconds from `CLOCK_MONOTONIC`, for durations.
public enum MonotonicClock {
    public static func now() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }
}
