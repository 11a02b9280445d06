import Foundation
import ReproAudit

/// The daemon's periodic re-verification capped by `reverify_rate_mb_s`: the rate it holds against the
/// cap (target within 10 %), next to the same audit uncapped in the same run.
enum ReverifyBenchmark {
    static func run(workDirectory: String) -> [String] {
        try? FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: workDirectory) }
        // One model of 4 × 64 MiB shards, audited the way a periodic cycle does (forced re-hash, all cores).
        let folder = workDirectory + "/store/model"
        for index in 0..<4 { HashingBenchmark.writeFile(folder + "/shard-\(index).bin", size: 64 << 20, seed: UInt64(index + 11)) }
        let models = ModelFinder().discover([RawPath(workDirectory + "/store")]).models
        let bytes = Double(4 * (64 << 20))

        func audit(rate: Double?) -> (seconds: Double, hashed: Int64) {
            let options = AuditOptions(jobs: 0, trigger: .periodic, forceRehash: true,
                                       rateLimiter: rate.map { ReadRateLimiter(bytesPerSecond: $0 * 1e6) })
            let start = MonotonicClock.now()
            let (_, summary) = Auditor(options: options).audit(models)
            return (Double(MonotonicClock.now() - start) / 1e9, summary.bytesHashed)
        }
        _ = audit(rate: nil)  // warm the page cache: the cap, not the disk, must be what limits
        let free = audit(rate: nil)
        var lines = ["uncapped: \(HashingBenchmark.rate(bytes / 1e6, free.seconds)) over \(Int(bytes / 1e6)) MB (\(ProcessorCount.online) cores, page cache warm)"]
        for cap in [25.0, 50.0, 100.0] {
            let capped = audit(rate: cap)
            let achieved = Double(capped.hashed) / 1e6 / capped.seconds
            let deviation = (achieved - cap) / cap * 100
            lines.append(String(format: "reverify_rate_mb_s %3.0f: held %6.1f MB/s over %.1f s, %+.1f %% off the cap (target within ±10 %%)",
                                cap, achieved, capped.seconds, deviation))
        }
        return lines
    }
}
