import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import ReproAudit
@testable import ReproAuditDaemon

/// The audit trail on the real binary: nothing lost across crashes and stops, nothing erased,
/// edited or reordered without `log --verify` naming the line. Part of the serialized `DaemonTests`.
extension DaemonTests {
    /// Every line of the log's files, oldest first (`audit.jsonl.N` … `.1`, then the current one).
    static func allLines(_ harness: DaemonHarness) -> [JSONValue] {
        let rotated = (1...60).map { harness.logPath + ".\($0)" }.filter { FileManager.default.fileExists(atPath: $0) }
        return (rotated.reversed() + [harness.logPath]).flatMap { DaemonHarness.lines(ofFile: $0) }
    }

    static func verify(_ logPath: String) throws -> (status: Int32, output: String, error: String) {
        try DaemonHarness.run(["log", "--verify", "--log", logPath])
    }

    /// Item 1: the log first, then the state. While the log cannot be written, state.json must not
    /// learn of an audit; after a crash the model is audited again and its record reaches the log.
    @Test func stateNeverGetsAheadOfTheLog() throws {
        let harness = try DaemonHarness(settle: 0.2)
        let logFolder = (harness.logPath as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: logFolder, withIntermediateDirectories: true)
        #expect(symlink("/dev/full", harness.logPath) == 0)
        try harness.makeModel("m")
        try harness.start()
        #expect(waitFor(20) { (try? harness.status())?["audits"]?.int64Value == 1 })
        usleep(500_000)
        let state = (try? String(contentsOfFile: harness.stateDirectory + "/state.json", encoding: .utf8)) ?? ""
        #expect(!state.contains("/models/m"), "state.json knows an audit the log never got: \(state.prefix(300))")
        #expect(harness.stop(signal: SIGKILL) != nil)

        // The disk is back: the record is written at the next start.
        #expect(unlink(harness.logPath) == 0)
        try harness.start()
        #expect(waitFor(20) { !harness.audits(of: harness.models + "/m").isEmpty })
        #expect(harness.stop() == 0)
        let state2 = (try? String(contentsOfFile: harness.stateDirectory + "/state.json", encoding: .utf8)) ?? ""
        #expect(state2.contains("/models/m"))
    }

    /// Item 2: a stop while the log cannot be written keeps every queued line (spilled to state_dir,
    /// written first at the next start); `accept` is refused meanwhile; a stop that cannot keep them exits 3.
    @Test func stopWithAnUnwritableLogKeepsEveryLine() throws {
        let harness = try DaemonHarness(settle: 0.2)
        let logFolder = (harness.logPath as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: logFolder, withIntermediateDirectories: true)
        #expect(symlink("/dev/full", harness.logPath) == 0)
        try harness.makeModel("m")
        try harness.start()
        #expect(waitFor(20) { (try? harness.status())?["audits"]?.int64Value == 1 })
        for index in 0..<3 { try Self.numberedLine(harness, index) }
        let accept = try harness.cli(["accept", harness.models + "/m", "--socket", harness.socketPath])
        #expect(accept.status == 3, "accept while lines wait: \(accept.output) \(accept.error)")
        #expect(accept.error.contains("cannot be written"))
        #expect(harness.stop() == 0)
        #expect(harness.standardError().contains("kept in"), "\(harness.standardError())")
        #expect(FileManager.default.fileExists(atPath: harness.stateDirectory + "/log-spill.jsonl"))

        #expect(unlink(harness.logPath) == 0)
        try harness.start()
        #expect(waitFor(20) { harness.events("daemon.start").count == 2 })
        #expect(harness.stop() == 0)
        let lines = harness.lines()
        let events = lines.compactMap { $0["event"]?.stringValue }
        #expect(events.first == "daemon.start")
        #expect(events.filter { $0 == "daemon.stop" }.count == 2)
        #expect(Self.sequence(lines) == [0, 1, 2], "the requests made while the log failed are all there, in order")
        #expect(harness.audits(of: harness.models + "/m").count >= 1)
        #expect(events.firstIndex(of: "daemon.stop")! < events.lastIndex(of: "daemon.start")!, "the first run's lines come before the second's")
        #expect(!events.contains("accepted"))
        #expect(!FileManager.default.fileExists(atPath: harness.stateDirectory + "/log-spill.jsonl"), "the spill file is removed once written")
        #expect(try Self.verify(harness.logPath).status == 0)

        // Lines that can be neither written nor kept: exit 3, and stderr says how many.
        #expect(unlink(harness.logPath) == 0)
        #expect(symlink("/dev/full", harness.logPath) == 0)
        try harness.start()
        try FileManager.default.createDirectory(atPath: harness.stateDirectory + "/log-spill.jsonl", withIntermediateDirectories: true)
        #expect(harness.stop() == 3)
        #expect(harness.standardError().contains("could not be kept"), "\(harness.standardError())")
    }

    /// Item 3: a request naming many paths is logged compactly (≤ 16 paths, ≤ 4 KiB), and one user
    /// cannot send more than the rate limit allows.
    @Test func rescanRequestsAreLoggedCompactlyAndRateLimited() throws {
        let harness = try DaemonHarness(settle: 30)
        var folders: [String] = []
        for index in 0..<100 {
            let folder = harness.models + "/" + String(repeating: "f", count: 200) + "-\(index)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            folders.append(folder)
        }
        try harness.start()
        let reply = try ControlClient(socket: RawPath(harness.socketPath)).send(
            .object([("op", "rescan"), ("paths", .array(folders.map(JSONValue.string)))]), timeoutSeconds: 10)
        #expect(reply["ok"]?.boolValue == true, "\(reply)")
        #expect(waitFor(10) { !harness.events("rescan.requested").isEmpty })
        let line = try #require(harness.events("rescan.requested").first)
        #expect((line["paths"]?.arrayValue?.count ?? 99) <= 16)
        #expect(line["paths_count"]?.int64Value == 100)
        #expect(JSONWriter.bytes(line).count <= 4096 + 512, "the line stays small")
        #expect(line["uid"]?.int64Value == Int64(getuid()), "the peer the kernel names is recorded")

        var limited = 0
        for _ in 0..<80 {
            let answer = try ControlClient(socket: RawPath(harness.socketPath)).send(
                .object([("op", "rescan"), ("paths", .array([.string(folders[0])]))]), timeoutSeconds: 10)
            if answer["code"]?.stringValue == "rate-limited" { limited += 1 }
        }
        #expect(limited > 0, "80 requests at once exceed a burst of 50")
        #expect(harness.events("rescan.requested").count <= 80 - limited + 1)
        #expect(try harness.status()["ok"]?.boolValue == true, "status is never rate-limited")
        #expect(harness.stop() == 0)
    }

    /// Items 4 and 24: `log_keep: 0` with rotation on is a configuration error naming its line;
    /// a number too large for its key says so.
    @Test func logKeepZeroAndHugeNumbersAreConfigurationErrors() throws {
        let harness = try DaemonHarness(extra: ["log_keep": "0", "log_rotate_bytes": "1000"])
        let run = try harness.runDaemonToExit()
        #expect(run.status == 2)
        #expect(run.error.contains("log_keep") && run.error.contains("line "), "\(run.error)")
        #expect(!FileManager.default.fileExists(atPath: harness.logPath))

        try harness.writeConfig(settle: 0.5, extra: ["log_rotate_bytes": "9223372036854775808"])
        let huge = try harness.runDaemonToExit()
        #expect(huge.status == 2)
        #expect(huge.error.contains("too large"), "\(huge.error)")
        #expect(!huge.error.contains("fraction"))

        // No rotation at all: log_keep 0 is fine, and nothing is ever deleted.
        try harness.writeConfig(settle: 0.2, extra: ["log_keep": "0", "log_rotate_bytes": "0"])
        try harness.start()
        for index in 0..<5 { try Self.numberedLine(harness, index) }
        #expect(waitFor(10) { Self.sequence(harness.lines()) == Array(0..<5) })
        #expect(harness.stop() == 0)
        #expect(!FileManager.default.fileExists(atPath: harness.logPath + ".1"))
    }

    /// The hash chain across rotation, deletion of old files, gzip, restarts and `scan --log`; any
    /// edit, removal or reordering is named by `log --verify`.
    @Test func logChainVerifiesAndNamesTheBrokenLine() throws {
        let harness = try DaemonHarness(settle: 0.2, extra: ["log_rotate_bytes": "4000", "log_keep": "3"])
        try harness.makeModel("m")
        try harness.start()
        #expect(waitFor(10) { !harness.audits(of: harness.models + "/m").isEmpty })
        for index in 0..<60 { try Self.numberedLine(harness, index) }
        #expect(waitFor(10) { Self.sequence(Self.allLines(harness)).last == 59 })
        #expect(harness.stop() == 0)
        // A restart continues the chain, and says where it resumed.
        try harness.start()
        for index in 60..<65 { try Self.numberedLine(harness, index) }
        #expect(waitFor(10) { Self.sequence(Self.allLines(harness)).last == 64 })
        #expect(harness.stop() == 0)
        // `scan --log` appends to the same log, chained.
        let scan = try harness.cli(["scan", harness.models, "--log", harness.logPath])
        #expect(scan.status == 0, "\(scan.error)")

        let all = Self.allLines(harness)
        #expect(all.allSatisfy { $0["prev"] != nil }, "every line carries prev")
        #expect(all.contains { $0["event"]?.stringValue == "log.rotated" }, "old files were deleted, and said so")
        let starts = all.filter { $0["event"]?.stringValue == "daemon.start" }
        #expect(starts.last?["log_resumed_from"]?.stringValue != nil)
        let head = try String(contentsOfFile: harness.stateDirectory + "/log-head", encoding: .utf8)
        #expect(head.count >= 64)
        var result = try Self.verify(harness.logPath)
        #expect(result.status == 0, "\(result.output) \(result.error)")
        #expect(result.output.contains("chain intact"))

        // gzip of a rotated file (logrotate's compress) still verifies.
        if FileManager.default.fileExists(atPath: "/bin/gzip") || FileManager.default.fileExists(atPath: "/usr/bin/gzip") {
            #expect(try ChildProcess.run("/bin/sh", ["-c", "gzip '\(harness.logPath).2'"]).status == 0)
            result = try Self.verify(harness.logPath)
            #expect(result.status == 0, "\(result.output) \(result.error)")
        }

        // The last line edited: only the head kept in state_dir can tell (with --config).
        let current = try Data(contentsOf: URL(fileURLWithPath: harness.logPath))
        var tail = current.split(separator: UInt8(ascii: "\n")).map { Data($0) }
        let headLine = try #require(tail.firstIndex { LogChain.hash(Array($0)) == head.trimmingCharacters(in: .whitespacesAndNewlines) })
        tail.removeSubrange((headLine + 1)...)
        tail[headLine] = Data(String(decoding: tail[headLine], as: UTF8.self).replacingOccurrences(of: "\"daemon.stop\"", with: "\"daemon.stap\"").utf8)
        try Data(tail.joined(separator: Data([0x0A])) + Data([0x0A])).write(to: URL(fileURLWithPath: harness.logPath))
        result = try DaemonHarness.run(["log", "--verify", "--config", harness.configPath])
        #expect(result.status == 1, "\(result.output)")
        #expect(result.output.contains("head"), "\(result.output)")
        try current.write(to: URL(fileURLWithPath: harness.logPath))
        #expect(try DaemonHarness.run(["log", "--verify", "--config", harness.configPath]).status == 0)

        // Edit one line of a rotated file: the line after it is named.
        let rotated = harness.logPath + ".1"
        let original = try Data(contentsOf: URL(fileURLWithPath: rotated))
        var lines = original.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Data($0) }
        #expect(lines.count > 4)
        let target = 2
        var edited = lines
        edited[target] = Data(String(decoding: lines[target], as: UTF8.self).replacingOccurrences(of: "\"schema\":1", with: "\"schema\":2").utf8)
        try Data(edited.joined(separator: Data([0x0A]))).write(to: URL(fileURLWithPath: rotated))
        result = try Self.verify(harness.logPath)
        #expect(result.status == 1)
        #expect(result.output.contains("audit.jsonl.1 line \(target + 2)"), "\(result.output)")

        // Remove one line: the line after the gap is named.
        lines.remove(at: target)
        try Data(lines.joined(separator: Data([0x0A]))).write(to: URL(fileURLWithPath: rotated))
        result = try Self.verify(harness.logPath)
        #expect(result.status == 1)
        #expect(result.output.contains("audit.jsonl.1 line \(target + 1)"), "\(result.output)")

        // Swap two lines: broken too.
        lines = original.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Data($0) }
        lines.swapAt(1, 2)
        try Data(lines.joined(separator: Data([0x0A]))).write(to: URL(fileURLWithPath: rotated))
        #expect(try Self.verify(harness.logPath).status == 1)

        // Erase the whole history: the next start chains to log-head, and the new log alone does not verify.
        for name in try FileManager.default.contentsOfDirectory(atPath: (harness.logPath as NSString).deletingLastPathComponent) {
            try FileManager.default.removeItem(atPath: (harness.logPath as NSString).deletingLastPathComponent + "/" + name)
        }
        try harness.start()
        #expect(harness.stop() == 0)
        #expect(harness.lines().first?["prev"]?.stringValue == head.trimmingCharacters(in: .whitespacesAndNewlines))
        result = try Self.verify(harness.logPath)
        #expect(result.status == 1, "\(result.output)")
        #expect(result.output.contains("removed"), "\(result.output)")

        // An unreadable log: exit 3.
        #expect(try Self.verify(harness.directory + "/nothing-here.jsonl").status == 3)
    }
}

extension DaemonTests {
    /// Item 10: state.json deleted while running is written again; deleted while stopped, the next
    /// start says `state-lost` (critical) and rebuilds the baselines from the log, so a standing
    /// `mismatch` stays a mismatch.
    @Test func lostStateIsNoticedAndRebuiltFromTheLog() throws {
        let harness = try DaemonHarness(settle: 60)
        try harness.makeModel("m")
        let model = harness.models + "/m"
        let file = model + "/model.safetensors"
        try harness.start()
        #expect(waitFor(10) { !harness.audits(of: model).isEmpty })
        let stateFile = harness.stateDirectory + "/state.json"
        #expect(waitFor(10) { FileManager.default.fileExists(atPath: stateFile) })
        #expect(unlink(stateFile) == 0)
        #expect(waitFor(15) { FileManager.default.fileExists(atPath: stateFile) }, "written again")
        #expect(waitFor(5) { harness.events("error").contains { $0["code"]?.stringValue == "state-deleted" } })

        // Silent tampering (mtime put back), caught by a forced rescan: a standing mismatch.
        var before = stat()
        #expect(stat(file, &before) == 0)
        let fd = open(file, O_WRONLY)
        var byte: UInt8 = 0x55
        #expect(pwrite(fd, &byte, 1, off_t(before.st_size - 1)) == 1)
        close(fd)
        var times = [before.st_atim, before.st_mtim]
        #expect(utimensat(AT_FDCWD, file, &times, 0) == 0)
        #expect(try harness.cli(["rescan", model, "--wait", "--socket", harness.socketPath]).status == 1)
        #expect(harness.stop() == 0)

        // The state is lost while stopped: the alarm must survive the restart.
        #expect(unlink(stateFile) == 0)
        try harness.start()
        #expect(waitFor(15) { harness.audits(of: model, trigger: "startup").count >= 2 })
        #expect(harness.stop() == 0)
        let lost = try #require(harness.events("error").first { $0["code"]?.stringValue == "state-lost" })
        #expect(lost["severity"]?.stringValue == "critical")
        #expect(lost["rebuilt"]?.int64Value == 1)
        #expect(lost["lost"]?.int64Value == 0)
        let startup = try #require(harness.audits(of: model, trigger: "startup").last)
        #expect(startup["verdict"]?["integrity"]?.stringValue == "mismatch", "the alarm stands: \(startup["verdict"] ?? .null)")
    }
}

extension DaemonTests {
    /// Item 22: a log that keeps failing is said once on stderr, not at every retry.
    @Test func failingLogIsSaidOnceNotAtEveryRetry() throws {
        let harness = try DaemonHarness(settle: 0.2)
        let logFolder = (harness.logPath as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: logFolder, withIntermediateDirectories: true)
        #expect(symlink("/dev/full", harness.logPath) == 0)
        try harness.start()
        // Retries back off from 100 ms: several happen in four seconds.
        #expect(waitFor(10) { ((try? harness.status())?["log"]?["error"]?.stringValue) != nil })
        usleep(4_000_000)
        let text = harness.standardError()
        #expect(text.components(separatedBy: "No space left on device").count - 1 == 1, "\(text)")
        #expect(!text.contains("writable again"), "\(text)")
        #expect(harness.stop() != nil)
    }
}
