#if canImport(Glibc)
import Glibc
#endif
import Foundation
import ReproAudit

/// Measures `reproaudit log` on a ~1 GB audit log: `--latest --json` throughput, and how much of the
/// file `--since 1h` reads.
enum LogBenchmark {
    /// Writes `audit.jsonl` (~1 GB, times spread over 30 days up to now) in `workDirectory`, runs the
    /// binary and the reader, and returns lines to print.
    static func run(workDirectory: String, reproauditBinary: String, targetBytes: Int64 = 1 << 30) -> [String] {
        var report: [String] = []
        let logPath = RawPath(workDirectory).appending("audit.jsonl")
        let started = monotonicSeconds()
        let written: Int64
        do {
            written = try writeLog(to: logPath, targetBytes: targetBytes)
        } catch {
            return ["log benchmark: cannot write \(logPath): \(error)"]
        }
        report.append("log benchmark: wrote \(written / 1_000_000) MB to \(logPath) in \(format(monotonicSeconds() - started)) s")

        // Warm the page cache so the measurement is of reproaudit, not of the disk.
        _ = try? AuditLogReader(path: logPath).read { _ in }

        var best = Double.infinity
        for _ in 0..<3 {
            let start = monotonicSeconds()
            let status = runBinary(reproauditBinary, ["log", "--latest", "--json", "--log", logPath.displayString])
            let elapsed = monotonicSeconds() - start
            guard status == 0 || status == 1 else {
                report.append("log benchmark: reproaudit log --latest --json exited \(status)")
                return report
            }
            best = min(best, elapsed)
        }
        report.append("log --latest --json: \(format(Double(written) / 1e6 / best)) MB/s (\(format(best)) s for \(written / 1_000_000) MB, best of 3, one process)")

        let sinceStart = monotonicSeconds()
        let status = runBinary(reproauditBinary, ["log", "--since", "1h", "--json", "--log", logPath.displayString])
        report.append("log --since 1h --json: \(format(monotonicSeconds() - sinceStart)) s, exit \(status)")
        do {
            var delivered = 0
            let statistics = try AuditLogReader(path: logPath).read(since: Timestamp(millisecondsSinceEpoch: Timestamp.now().millisecondsSinceEpoch - 3_600_000)) { _ in
                delivered += 1
            }
            let fraction = Double(statistics.bytesRead) / Double(max(statistics.bytesTotal, 1)) * 100
            report.append("--since 1h reads \(statistics.bytesRead) of \(statistics.bytesTotal) bytes (\(format(fraction)) %), \(delivered) lines in the last hour")
        } catch {
            report.append("--since 1h: \(error)")
        }
        return report
    }

    /// Writes realistic records: a few hundred models, re-audited in turn, times increasing to now.
    static func writeLog(to path: RawPath, targetBytes: Int64) throws(SystemError) -> Int64 {
        let templates = (0..<400).map(record).map(\.line)
        let averageLength = templates.map(\.count).reduce(0, +) / templates.count
        let lineCount = Int(targetBytes) / averageLength
        let now = Timestamp.now().millisecondsSinceEpoch
        let span: Int64 = 30 * 86_400_000
        let fd = try FileDescriptor.open(path, [.writeOnly, .create, .truncate])
        defer { fd.closeIgnoringErrors() }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(8 << 20)
        var written: Int64 = 0
        let timeOffset = Array(#"{"schema":1,"time":""#.utf8).count
        for index in 0..<lineCount {
            var line = templates[index % templates.count]
            let time = Timestamp(millisecondsSinceEpoch: now - span + span * Int64(index) / Int64(lineCount)).rfc3339
            line.replaceSubrange(timeOffset..<(timeOffset + 24), with: Array(time.utf8))
            buffer.append(contentsOf: line)
            if buffer.count >= 8 << 20 {
                try fd.writeAll(buffer)
                written += Int64(buffer.count)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try fd.writeAll(buffer)
        written += Int64(buffer.count)
        return written
    }

    /// A plausible record for model number `index`.
    static func record(_ index: Int) -> AuditRecord {
        let revision = String(repeating: String(index % 16, radix: 16), count: 8) + "0123456789abcdef0123456789abcdef"
        let model = ModelIdentity(
            path: RawPath("/srv/hf/hub/models--org\(index % 37)--model-\(index)/snapshots/\(revision)"),
            layout: .hfCache, name: "org\(index % 37)/model-\(index)", revision: revision, refs: ["main"])
        let shards = 1 + index % 4
        let files = (0..<shards).map { shard in
            let digest = String(repeating: String((index + shard) % 16, radix: 16), count: 64)
            return WeightFileResult(
                path: RawPath("model-0000\(shard + 1)-of-0000\(shards).safetensors"), size: 4_900_000_000 + Int64(shard),
                sha256: digest, expectedSHA256: digest, expectedFrom: .hfBlob, format: "safetensors", status: .verified)
        }
        let openness = OpennessReport(
            dataCard: .init(status: .present, evidence: [Evidence(path: "README.md", detail: "front matter lists 3 datasets; section 'Training data'")]),
            trainingCode: .init(status: index % 3 == 0 ? .missing : .referenced, evidence: [Evidence(path: "README.md", detail: "links github.com/org/train")]),
            license: .init(licenseClass: index % 5 == 0 ? .restricted : .open, id: index % 5 == 0 ? "llama3" : "apache-2.0",
                           evidence: [Evidence(path: "README.md", detail: "front matter license")]),
            components: [("model-parameters", .present), ("data-card", .present), ("training-code", .referenced), ("model-card", .present)],
            openness: index % 5 == 0 ? .restricted : .openWeights, mofClass: nil, findings: [])
        let findings = index % 7 == 0
            ? [Finding(code: "unsafe-pickle", severity: .critical, message: "training_args.bin imports os.system", path: "training_args.bin")]
            : [Finding(code: "training-code-not-local", severity: .info, message: "The card names training code that is not in the local copy.")]
        return AuditRecord(
            time: Timestamp(millisecondsSinceEpoch: 0), host: "gpu-\(index % 8)", trigger: .periodic, model: model,
            integrity: .verified, safety: index % 7 == 0 ? .unsafe : .safe, files: files, serializationFindings: [],
            openness: openness, findings: findings, durationMilliseconds: 400, bytesHashed: 0)
    }

    static func runBinary(_ binary: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        do {
            try process.run()
        } catch {
            return -1
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    static func monotonicSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    static func format(_ value: Double) -> String {
        String(format: "%.2f", value)
    }
}
