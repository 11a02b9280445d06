import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import ReproAudit
@testable import ReproAuditDaemon

/// The daemon's audit log on the real binary: rotation, SIGHUP reopening (logrotate's `create`
/// mode) and a log that cannot be written for a while. Part of the serialized `DaemonTests` suite.
extension DaemonTests {
    /// Asks for a rescan of an empty folder `seq-N` in the watch root: one `rescan.requested` line
    /// naming it, a cheap way to make the daemon write numbered lines in a known order. Waits out
    /// the per-user rate limit when it applies.
    static func numberedLine(_ harness: DaemonHarness, _ index: Int) throws {
        let folder = harness.models + "/seq-\(index)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var reply: JSONValue = .null
        for _ in 0..<100 {
            reply = try ControlClient(socket: RawPath(harness.socketPath)).send(
                .object([("op", "rescan"), ("paths", .array([.string(folder)]))]), timeoutSeconds: 5)
            guard reply["code"]?.stringValue == "rate-limited" else { break }
            usleep(200_000)
        }
        #expect(reply["ok"]?.boolValue == true, "\(reply)")
    }

    /// The sequence numbers of the `rescan.requested` lines made by `numberedLine`, in file order.
    static func sequence(_ lines: [JSONValue]) -> [Int] {
        lines.compactMap { line -> Int? in
            guard line["event"]?.stringValue == "rescan.requested",
                  let path = line["paths"]?[0]?.stringValue, let range = path.range(of: "/seq-") else { return nil }
            return Int(path[range.upperBound...])
        }
    }

    @Test func logRotationKeepsEveryLineAcrossFiles() throws {
        let harness = try DaemonHarness(settle: 0.2, extra: ["log_rotate_bytes": "2000", "log_keep": "50"])
        try harness.makeModel("m")
        try harness.start()
        #expect(waitFor(10) { !harness.audits(of: harness.models + "/m").isEmpty })
        let count = 60
        for index in 0..<count { try Self.numberedLine(harness, index) }
        // Every request's line is written (the rescans of missing paths also log errors).
        func allFiles() -> [[JSONValue]] {
            // Oldest first: audit.jsonl.N … audit.jsonl.1, then audit.jsonl.
            let rotated = (1...60).map { harness.logPath + ".\($0)" }.filter { FileManager.default.fileExists(atPath: $0) }
            return (rotated.reversed() + [harness.logPath]).map { DaemonHarness.lines(ofFile: $0) }
        }
        #expect(waitFor(10) { Self.sequence(allFiles().flatMap { $0 }).count == count })
        #expect(harness.stop() == 0)

        let files = allFiles()
        #expect(files.count > 3, "2000-byte files: the lines must have been spread over several")
        let rotatedNames = (1..<files.count).map { harness.logPath + ".\($0)" }
        for name in rotatedNames {
            let size = (try? FileManager.default.attributesOfItem(atPath: name)[.size] as? Int) ?? -1
            let lines = DaemonHarness.lines(ofFile: name)
            #expect(size <= 2000 || lines.count == 1, "\(name) has \(size) bytes in \(lines.count) lines")
        }
        let all = files.flatMap { $0 }
        #expect(all.allSatisfy { $0["schema"]?.int64Value == 1 }, "every line of every file parses")
        #expect(Self.sequence(all) == Array(0..<count), "nothing lost or reordered across rotations")
        #expect(all.first?["event"]?.stringValue == "daemon.start")
        #expect(all.last?["event"]?.stringValue == "daemon.stop")
        let times = all.compactMap { $0["time"]?.stringValue }
        #expect(times == times.sorted(), "the oldest file holds the oldest lines")
    }

    @Test func logRotationKeepsOnlyLogKeepFiles() throws {
        let harness = try DaemonHarness(settle: 0.2, extra: ["log_rotate_bytes": "1500", "log_keep": "2"])
        try harness.start()
        let count = 40
        for index in 0..<count { try Self.numberedLine(harness, index) }
        #expect(waitFor(10) { Self.sequence(harness.lines()).last == count - 1 })
        #expect(harness.stop() == 0)
        let fm = FileManager.default
        #expect(fm.fileExists(atPath: harness.logPath + ".1"))
        #expect(fm.fileExists(atPath: harness.logPath + ".2"))
        #expect(!fm.fileExists(atPath: harness.logPath + ".3"), "log_keep 2: a third rotated file must not exist")
        let kept = [".2", ".1", ""].flatMap { DaemonHarness.lines(ofFile: harness.logPath + $0) }
        #expect(kept.allSatisfy { $0["schema"]?.int64Value == 1 })
        // What is kept is the newest part of the history, without gaps.
        let numbers = Self.sequence(kept)
        #expect(!numbers.isEmpty && numbers.last == count - 1)
        #expect(numbers == Array((numbers.first ?? 0)..<count))
        #expect((numbers.first ?? 0) > 0, "with 2 kept files of 1500 bytes the oldest lines must be gone")
    }

    @Test func sighupReopensALogMovedAway() throws {
        let harness = try DaemonHarness(settle: 0.2)
        try harness.makeModel("m")
        try harness.start()
        #expect(waitFor(10) { !harness.audits(of: harness.models + "/m").isEmpty })
        // logrotate's `create` mode: rename, then SIGHUP so the daemon opens a new file by name.
        let moved = harness.logPath + ".rotated"
        #expect(rename(harness.logPath, moved) == 0)
        try Self.numberedLine(harness, 0)   // still goes to the open (renamed) file
        #expect(waitFor(5) { Self.sequence(DaemonHarness.lines(ofFile: moved)) == [0] })
        kill(harness.process!.processIdentifier, SIGHUP)
        #expect(waitFor(5) { !harness.events("daemon.reload").isEmpty }, "the reload line lands in a new audit.jsonl")
        try Self.numberedLine(harness, 1)
        try harness.makeModel("n")
        #expect(waitFor(10) { !harness.audits(of: harness.models + "/n").isEmpty })
        #expect(Self.sequence(harness.lines()) == [1])
        #expect(harness.stop() == 0)

        let old = DaemonHarness.lines(ofFile: moved)
        #expect(Self.sequence(old) == [0])
        #expect(old.allSatisfy { $0["event"]?.stringValue != "daemon.reload" && $0["event"]?.stringValue != "daemon.stop" })
        #expect(harness.lines().last?["event"]?.stringValue == "daemon.stop")
        #expect((old + harness.lines()).allSatisfy { $0["schema"]?.int64Value == 1 })
        var status = stat()
        #expect(stat(harness.logPath, &status) == 0)
        #expect(status.st_mode & 0o777 == 0o640, "the new log is group-readable like the first")
    }

    @Test func failingLogKeepsLinesQueuedAndWritesThemAllLater() throws {
        // The log path is a symlink: first to /dev/full (every write is ENOSPC), then to a real file.
        let harness = try DaemonHarness(settle: 0.2)
        let logFolder = (harness.logPath as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: logFolder, withIntermediateDirectories: true)
        #expect(symlink("/dev/full", harness.logPath) == 0)
        try harness.makeModel("m")
        try harness.start()

        var status = try harness.status()
        #expect(waitFor(10) {
            status = (try? harness.status()) ?? status
            return status["log"]?["error"]?.stringValue?.contains("No space left on device") == true
                && status["audits"]?.int64Value == 1
        }, "status shows the failure: \(status)")
        #expect(waitFor(5) { harness.standardError().contains("No space left on device") }, "stderr: \(harness.standardError())")
        for index in 0..<5 { try Self.numberedLine(harness, index) }
        #expect(waitFor(5) {
            status = (try? harness.status()) ?? status
            return (status["log"]?["lines_waiting"]?.int64Value ?? 0) >= 7
        }, "daemon.start, the audit and 5 requests wait: \(status)")

        // The disk has room again: repoint the symlink atomically (a new link renamed over the old).
        let real = logFolder + "/real.jsonl"
        #expect(symlink(real, harness.logPath + ".new") == 0)
        #expect(rename(harness.logPath + ".new", harness.logPath) == 0)
        #expect(waitFor(40) { (try? harness.status())?["log"]?["lines_waiting"]?.int64Value == 0 }, "the queue drains after the backoff")
        status = try harness.status()
        #expect(status["log"]?["error"]?.isNull == true)
        #expect(waitFor(5) { harness.standardError().contains("writable again") })

        let lines = DaemonHarness.lines(ofFile: real)
        #expect(lines.allSatisfy { $0["schema"]?.int64Value == 1 })
        #expect(lines.first?["event"]?.stringValue == "daemon.start")
        #expect(lines.filter { $0["event"]?.stringValue == "audit" }.count == 1)
        #expect(Self.sequence(lines) == Array(0..<5), "every queued line was written once, in order")
        #expect(harness.stop() == 0)
        #expect(DaemonHarness.lines(ofFile: real).last?["event"]?.stringValue == "daemon.stop")
    }

    @Test func reloadToANewLogPathCarriesQueuedLines() throws {
        // The log fails (ENOSPC); the operator points `audit_log` elsewhere and reloads.
        let harness = try DaemonHarness(settle: 0.2)
        let logFolder = (harness.logPath as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: logFolder, withIntermediateDirectories: true)
        #expect(symlink("/dev/full", harness.logPath) == 0)
        try harness.start()
        for index in 0..<3 { try Self.numberedLine(harness, index) }
        #expect(waitFor(5) { ((try? harness.status())?["log"]?["lines_waiting"]?.int64Value ?? 0) >= 4 })
        let elsewhere = logFolder + "/elsewhere.jsonl"
        try harness.writeConfig(settle: 0.2, extra: ["audit_log": "\"\(elsewhere)\""])
        kill(harness.process!.processIdentifier, SIGHUP)
        #expect(waitFor(10) { DaemonHarness.lines(ofFile: elsewhere).contains { $0["event"]?.stringValue == "daemon.reload" } })
        let lines = DaemonHarness.lines(ofFile: elsewhere)
        #expect(lines.first?["event"]?.stringValue == "daemon.start", "the lines queued for the old path come first")
        #expect(Self.sequence(lines) == [0, 1, 2])
        #expect(harness.stop() == 0)
    }
}
