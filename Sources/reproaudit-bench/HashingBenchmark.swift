import Foundation
import ReproAudit

/// Hashing throughput against `openssl dgst -sha256` measured in the same run, and peak memory.
enum HashingBenchmark {
    static func run(workDirectory: String, reproauditBinary: String, gibibytes: Int) -> [String] {
        try? FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: workDirectory) }
        var lines: [String] = []
        let big = workDirectory + "/one/big.bin"
        let bigSize = Int64(gibibytes) << 30
        writeFile(big, size: bigSize)
        let shardFolder = workDirectory + "/eight"
        let shards = (0..<8).map { shardFolder + "/shard-\($0).bin" }
        for (index, shard) in shards.enumerated() { writeFile(shard, size: 128 << 20, seed: UInt64(index + 2)) }

        // Warm the page cache the same way for everyone: each measurement reads once before timing.
        _ = BenchProcess.run("/bin/cat", [big], discardOutput: true)
        let opensslOne = best(of: 3) { BenchProcess.run("/usr/bin/env", ["openssl", "dgst", "-sha256", big]).seconds }
        let oursOne = best(of: 3) { () -> Double in
            let start = MonotonicClock.now()
            _ = FileHasher().hash(path: RawPath(big))
            return Double(MonotonicClock.now() - start) / 1e9
        }
        let sha256sum = best(of: 1) { BenchProcess.run("/usr/bin/env", ["sha256sum", big]).seconds }
        let mb = Double(bigSize) / 1e6
        lines.append("one \(gibibytes) GiB file:     openssl \(rate(mb, opensslOne))   reproaudit \(rate(mb, oursOne))   ratio \(ratio(opensslOne / oursOne)) (target ≥ 0.90)")
        lines.append("                     sha256sum \(rate(mb, sha256sum)) (coreutils, no SHA-NI: reference only)")

        _ = BenchProcess.run("/bin/cat", shards, discardOutput: true)
        let opensslEight = best(of: 3) { BenchProcess.run("/usr/bin/env", ["openssl", "dgst", "-sha256"] + shards).seconds }
        let oursEight = best(of: 3) { () -> Double in
            let result = BenchProcess.run(reproauditBinary, ["scan", shardFolder, "--json"], discardOutput: true)
            return result.seconds
        }
        let mbEight = 8 * 128 * 1048576 / 1e6
        lines.append("8 × 128 MiB files:    openssl (1 core) \(rate(mbEight, opensslEight))   reproaudit scan (\(ProcessorCount.online) cores) \(rate(mbEight, oursEight))   ratio \(ratio(opensslEight / oursEight)) (target ≥ 1.7 on 2 cores)")

        let scanBig = BenchProcess.run(reproauditBinary, ["scan", big, "--json"], discardOutput: true)
        let scanEight = BenchProcess.run(reproauditBinary, ["scan", shardFolder, "--json"], discardOutput: true)
        lines.append("peak RSS of reproaudit scan: \(scanBig.maxRSSKiB / 1024) MiB on the \(gibibytes) GiB file, \(scanEight.maxRSSKiB / 1024) MiB on 8 files (target ≤ 64 MiB)")
        return lines
    }

    static func best(of count: Int, _ body: () -> Double) -> Double {
        (0..<count).map { _ in body() }.min() ?? 0
    }

    static func rate(_ megabytes: Double, _ seconds: Double) -> String {
        String(format: "%7.0f MB/s", megabytes / max(seconds, 1e-9))
    }

    static func ratio(_ value: Double) -> String {
        String(format: "%.2f×", value)
    }

    /// Writes `size` bytes of cheap pseudo-random data (not compressible, not zero pages).
    static func writeFile(_ path: String, size: Int64, seed: UInt64 = 1) {
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        guard let handle = FileHandle(forWritingAtPath: path) ?? {
            try? Data().write(to: URL(fileURLWithPath: path))
            return FileHandle(forWritingAtPath: path)
        }() else { return }
        defer { try? handle.close() }
        var state = seed | 1
        var block = [UInt64](repeating: 0, count: 1 << 17)  // 1 MiB
        var written: Int64 = 0
        while written < size {
            for index in block.indices {
                state ^= state << 13
                state ^= state >> 7
                state ^= state << 17
                block[index] = state
            }
            let count = Int(min(Int64(1 << 20), size - written))
            block.withUnsafeBytes { handle.write(Data($0.prefix(count))) }
            written += Int64(count)
        }
    }
}

/// A child process timed from spawn to exit, with its peak RSS from `wait4`'s rusage.
enum BenchProcess {
    struct Result {
        var seconds: Double
        var status: Int32
        var maxRSSKiB: Int
        var output: String
    }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String], discardOutput: Bool = false, environment: [String: String]? = nil) -> Result {
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let outputPath = NSTemporaryDirectory() + "bench-out-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        posix_spawn_file_actions_addopen(&actions, 1, discardOutput ? "/dev/null" : outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let env = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { env.forEach { free($0) } }
        let start = MonotonicClock.now()
        guard posix_spawn(&pid, executable, &actions, nil, argv, env) == 0 else {
            return Result(seconds: .nan, status: -1, maxRSSKiB: 0, output: "")
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let seconds = Double(MonotonicClock.now() - start) / 1e9
        var output = ""
        if !discardOutput {
            output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(atPath: outputPath)
        }
        return Result(seconds: seconds, status: (status >> 8) & 0xFF, maxRSSKiB: Int(usage.ru_maxrss), output: output)
    }
}
