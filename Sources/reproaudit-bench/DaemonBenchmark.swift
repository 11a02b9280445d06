import Foundation
#if canImport(Glibc)
import Glibc
#endif
import ReproAudit

/// Measurements of the daemon binary: restart cost over an unchanged 2 GiB store against the first
/// full audit, latency from settle time to a small model's record, idle CPU, and RSS with 10,000
/// files watched. Returns printable lines.
enum DaemonBenchmark {
    static func run(workDirectory: String, reproauditBinary: String) -> [String] {
        var lines: [String] = ["daemon benchmark (\(reproauditBinary))"]
        let root = workDirectory + "/daemon-bench-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: root) }
        do {
            lines += try restartAndLatency(root: root + "/a", binary: reproauditBinary)
            lines += try memory(root: root + "/b", binary: reproauditBinary)
        } catch {
            lines.append("daemon benchmark failed: \(error)")
        }
        return lines
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    final class Daemon {
        let process = Process()
        let log: String
        init(binary: String, config: String, log: String) throws {
            self.log = log
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["daemon", "--config", config]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
        }
        func stop() {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
        func lines() -> [JSONValue] {
            guard let data = FileManager.default.contents(atPath: log) else { return [] }
            return data.split(separator: 10).compactMap { try? JSONParser().parse(Array($0)) }
        }
        /// Audit lines after the first `start` lines of the log. The log is read incrementally (only
        /// the bytes appended since the last call are parsed), so polling it every 2 ms costs the
        /// measured daemon next to nothing on a machine with two cores.
        func countAudits(since start: Int) -> Int {
            if start != countedFrom { countedFrom = start; offset = 0; seenLines = 0; audits = 0 }
            guard let fd = try? FileDescriptor.open(RawPath(log), [.readOnly]) else { return audits }
            defer { fd.closeIgnoringErrors() }
            guard let size = try? fd.status().size, size > offset,
                  let bytes = try? fd.readBytes(at: offset, count: Int(size - offset)),
                  let end = bytes.lastIndex(of: 10) else { return audits }
            for line in bytes[...end].split(separator: 10) {
                seenLines += 1
                if seenLines > start, (try? JSONParser().parse(Array(line)))?["event"]?.stringValue == "audit" { audits += 1 }
            }
            offset += Int64(end + 1)
            return audits
        }
        private var countedFrom = -1
        private var offset: Int64 = 0
        private var seenLines = 0
        private var audits = 0
        /// utime + stime in clock ticks.
        func cpuTicks() -> Int {
            guard let text = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8),
                  let close = text.lastIndex(of: ")") else { return 0 }
            let fields = text[text.index(after: close)...].split(separator: " ")
            return (Int(fields[11]) ?? 0) + (Int(fields[12]) ?? 0)
        }
        func memory(_ key: String) -> String {
            let text = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
            return text.split(separator: "\n").first { $0.hasPrefix(key) }.map { $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().joined(separator: " ") } ?? "?"
        }
    }

    static func writeConfig(_ root: String, settle: Double) throws -> (config: String, log: String) {
        let config = root + "/config.json"
        let log = root + "/log/audit.jsonl"
        try """
        {"watch": ["\(root)/models"], "audit_log": "\(log)", "state_dir": "\(root)/state",
         "control_socket": "\(root)/run/control.sock", "settle_seconds": \(settle)}
        """.write(toFile: config, atomically: false, encoding: .utf8)
        return (config, log)
    }

    static func safetensors(count: Int, seed: UInt8) -> [UInt8] {
        var header = Array("{\"w\":{\"dtype\":\"U8\",\"shape\":[\(count)],\"data_offsets\":[0,\(count)]}}".utf8)
        while header.count % 8 != 0 { header.append(32) }
        var length = UInt64(header.count).littleEndian
        var bytes = withUnsafeBytes(of: &length) { Array($0) } + header
        bytes.reserveCapacity(bytes.count + count)
        var state = UInt32(seed) &+ 12345
        for _ in 0..<count {
            state = state &* 1_103_515_245 &+ 12345
            bytes.append(UInt8(truncatingIfNeeded: state >> 16))
        }
        return bytes
    }

    static func waitFor(_ seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(2_000)
        }
        return false
    }

    static func restartAndLatency(root: String, binary: String) throws -> [String] {
        var lines: [String] = []
        let models = root + "/models"
        // 8 models × 256 MiB = 2 GiB, written with real (non-sparse) bytes.
        let modelCount = 8
        let chunk = safetensors(count: 32 << 20, seed: 1)   // 32 MiB
        for index in 0..<modelCount {
            let folder = models + "/m\(index)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try "{}".write(toFile: folder + "/config.json", atomically: false, encoding: .utf8)
            var header = Array("{\"w\":{\"dtype\":\"U8\",\"shape\":[\(256 << 20)],\"data_offsets\":[0,\(256 << 20)]}}".utf8)
            while header.count % 8 != 0 { header.append(32) }
            var length = UInt64(header.count).littleEndian
            let handle = try FileDescriptor.open(RawPath(folder + "/model.safetensors"), [.writeOnly, .create, .truncate])
            try handle.writeAll(withUnsafeBytes(of: &length) { Array($0) } + header)
            var body = Array(chunk.dropFirst(chunk.count - (32 << 20)))
            body[0] = UInt8(index)
            for _ in 0..<8 { try handle.writeAll(body) }
            try handle.close()
        }
        let (config, log) = try writeConfig(root, settle: 0.5)

        var start = Date()
        var daemon = try Daemon(binary: binary, config: config, log: log)
        guard waitFor(600, { daemon.countAudits(since: 0) >= modelCount }) else { throw Failure(description: "first audit did not finish") }
        let first = Date().timeIntervalSince(start)
        daemon.stop()

        let before = daemon.lines().count
        start = Date()
        daemon = try Daemon(binary: binary, config: config, log: log)
        guard waitFor(120, { daemon.countAudits(since: before) >= modelCount }) else { throw Failure(description: "restart audit did not finish") }
        let restart = Date().timeIntervalSince(start)
        lines.append(String(format: "restart over unchanged 2 GiB store: %.3f s vs first full audit %.3f s = %.2f %% (target < 2 %%)", restart, first, restart / first * 100))

        // Latency: a small model's record after its settle time.
        var latencies: [Double] = []
        for trial in 0..<5 {
            let count = daemon.lines().count
            let folder = models + "/small\(trial)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try "{}".write(toFile: folder + "/config.json", atomically: false, encoding: .utf8)
            try Data(safetensors(count: 4096, seed: UInt8(trial))).write(to: URL(fileURLWithPath: folder + "/model.safetensors"))
            let settledAt = Date().addingTimeInterval(0.5)
            guard waitFor(10, { daemon.countAudits(since: count) >= 1 }) else { throw Failure(description: "small model not audited") }
            latencies.append(Date().timeIntervalSince(settledAt) * 1000)
        }
        latencies.sort()
        lines.append(String(format: "record after settle time (5 small models): median %.1f ms, max %.1f ms (target < 100 ms)", latencies[2], latencies[4]))

        // Idle CPU over 10 s.
        usleep(1_000_000)
        let ticks0 = daemon.cpuTicks()
        usleep(10_000_000)
        let ticks = daemon.cpuTicks() - ticks0
        let hz = Double(sysconf(Int32(_SC_CLK_TCK)))
        lines.append(String(format: "idle CPU over 10 s: %d ticks = %.3f %% of one core (target ≈ 0)", ticks, Double(ticks) / hz / 10 * 100))
        daemon.stop()
        return lines
    }

    static func memory(root: String, binary: String) throws -> [String] {
        let models = root + "/models"
        let file = safetensors(count: 64, seed: 3)
        for folder in 0..<100 {
            let path = models + "/m\(folder)"
            try FileManager.default.createDirectory(atPath: path + "/shards", withIntermediateDirectories: true)
            try "{}".write(toFile: path + "/config.json", atomically: false, encoding: .utf8)
            for index in 0..<99 {
                try Data(file).write(to: URL(fileURLWithPath: path + "/shards/s\(index).safetensors"))
            }
        }
        let (config, log) = try writeConfig(root, settle: 0.5)
        let daemon = try Daemon(binary: binary, config: config, log: log)
        defer { daemon.stop() }
        guard waitFor(300, { daemon.countAudits(since: 0) >= 100 }) else { throw Failure(description: "10,000-file audit did not finish") }
        usleep(1_000_000)
        return ["RSS with 10,000 files in 100 models watched (200 directories): VmHWM \(daemon.memory("VmHWM:")), VmRSS \(daemon.memory("VmRSS:")) (target ≤ 64 MiB)"]
    }
}
