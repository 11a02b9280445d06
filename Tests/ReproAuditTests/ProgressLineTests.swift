import Foundation
import Testing
@testable import ReproAudit
@testable import ReproAuditCommands

/// The progress line of long work, on a real pseudo-terminal: shown on stderr only when it is a
/// terminal, never with --json or --no-progress, at most ten frames a second, erased at the end.
@Suite struct ProgressLineTests {
    /// A folder with one sparse 256 MiB safetensors file: long enough to hash for several frames.
    static func bigModel() throws -> TemporaryDirectory {
        let dir = TemporaryDirectory("progress")
        let folder = dir.url("big")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let count = 64 << 20
        var header = Array("{\"w\":{\"dtype\":\"F32\",\"shape\":[\(count)],\"data_offsets\":[0,\(count * 4)]}}".utf8)
        while header.count % 8 != 0 { header.append(UInt8(ascii: " ")) }
        var length = UInt64(header.count).littleEndian
        let bytes: [UInt8] = withUnsafeBytes(of: &length) { Array($0) } + header
        let path = folder + "/model.safetensors"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(truncate(path, off_t(bytes.count + count * 4)) == 0)
        return dir
    }

    @Test func scanShowsOneErasedLineOnATerminalStderr() throws {
        let dir = try Self.bigModel()
        let started = Date()
        guard let result = try PseudoTerminal.run(["scan", dir.path], terminal: ["stderr"]) else { return }
        let elapsed = Date().timeIntervalSince(started)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("1 model: 1 unverified"), "the table goes to stdout as ever")
        let frames = result.stderr.components(separatedBy: "\r").filter { $0.hasPrefix("reproaudit: ") }
        #expect(!frames.isEmpty, "a progress line while hashing: \(result.stderr.debugDescription)")
        #expect(frames.contains { $0.contains("models") && $0.contains("/1 models") })
        #expect(Double(frames.count) <= elapsed * 10 + 1, "at most ten frames a second: \(frames.count) in \(elapsed) s")
        #expect(result.stderr.hasSuffix("\r\u{1B}[K"), "erased at the end")
        #expect(!result.stderr.contains("\n"), "one line, redrawn in place")
        for frame in frames { #expect(DisplayWidth.of(frame.replacingOccurrences(of: "\u{1B}[K", with: "")) < 80) }
    }

    @Test func nothingWithoutATerminalWithJSONOrNoProgress() throws {
        let dir = try Self.bigModel()
        let piped = try BinaryRunner.run(["scan", dir.path])
        #expect(piped.status == 0)
        #expect(piped.stderr.isEmpty, "stderr is a pipe: \(piped.stderr.debugDescription)")
        guard let json = try PseudoTerminal.run(["scan", dir.path, "--json"], terminal: ["stdout", "stderr"]) else { return }
        #expect(json.stderr.isEmpty, "--json: \(json.stderr.debugDescription)")
        #expect(json.stdout.hasPrefix("{"), "only records on stdout")
        let off = try #require(try PseudoTerminal.run(["scan", dir.path, "--no-progress"], terminal: ["stderr"]))
        #expect(off.stderr.isEmpty, "--no-progress: \(off.stderr.debugDescription)")
    }

    @Test func describesCountsRateAndTimeLeft() {
        var snapshot = AuditProgress.Snapshot()
        #expect(ProgressLine.describe(snapshot, now: 0) == "reproaudit: finding models…")
        snapshot.started = true
        snapshot.modelsDone = 3
        snapshot.modelsTotal = 12
        snapshot.bytesHashed = 1 << 30
        snapshot.bytesTotal = 3 << 30
        snapshot.startedAt = 0
        #expect(ProgressLine.describe(snapshot, now: 100_000_000) == "reproaudit: 3/12 models  1.0 GiB/3.0 GiB")
        #expect(ProgressLine.describe(snapshot, now: 2_000_000_000) == "reproaudit: 3/12 models  1.0 GiB/3.0 GiB  512.0 MiB/s  ETA 0:04")
        #expect(ProgressLine.duration(3725) == "1:02:05")
        #expect(ProgressLine.fit("日本語", width: 6) == "日本")
    }

    @Test func auditorCountsEveryModelAndByte() throws {
        let dir = TemporaryDirectory("progress-count")
        dir.write("a/model.safetensors", safetensorsBytes())
        dir.write("b/model.safetensors", safetensorsBytes(seed: 3))
        let progress = AuditProgress()
        let outcome = ScanRunner(options: AuditOptions(jobs: 2, progress: progress)).run(paths: [RawPath(dir.path)])
        let snapshot = progress.snapshot
        #expect(snapshot.modelsTotal == 2 && snapshot.modelsDone == 2)
        #expect(snapshot.bytesTotal == snapshot.bytesHashed)
        #expect(snapshot.bytesHashed == outcome.summary.bytesHashed)
    }
}
