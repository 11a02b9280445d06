import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import ReproAudit
@testable import ReproAuditDaemon

/// What the daemon remembers across restarts (`state.json`) and the periodic re-verification that
/// does not trust it. Part of the serialized `DaemonTests` suite.
extension DaemonTests {
    /// Flips the last byte of `file` and puts its access and modification times back.
    static func flipLastByteKeepingTimes(_ file: String) {
        var before = stat()
        #expect(stat(file, &before) == 0)
        let fd = open(file, O_RDWR)
        var byte: UInt8 = 0
        #expect(pread(fd, &byte, 1, off_t(before.st_size - 1)) == 1)
        byte ^= 0xff
        #expect(pwrite(fd, &byte, 1, off_t(before.st_size - 1)) == 1)
        close(fd)
        var times = [before.st_atim, before.st_mtim]
        #expect(utimensat(AT_FDCWD, file, &times, 0) == 0)
    }

    @Test func restartOverIntactStateHashesNothing() throws {
        let harness = try DaemonHarness(settle: 0.2)
        try harness.makeModel("a", count: 50_000)
        try harness.makeModel("b", count: 50_000)
        try harness.start()
        #expect(waitFor(10) { harness.events("audit").count == 2 })
        let first = harness.events("audit")
        #expect(first.allSatisfy { ($0["bytes_hashed"]?.int64Value ?? 0) > 200_000 }, "the first audit reads every weight file")
        #expect(harness.stop() == 0)
        let stateFile = harness.directory + "/state/state.json"
        var saved = stat()
        #expect(stat(stateFile, &saved) == 0)

        try harness.start()
        #expect(waitFor(10) { harness.events("audit").count == 4 })
        var after = stat()
        #expect(stat(stateFile, &after) == 0)
        #expect(after.st_ino == saved.st_ino && after.st_mtim.tv_nsec == saved.st_mtim.tv_nsec,
                "nothing changed, so state.json is not rewritten (it is replaced by rename when it is)")
        let restart = Array(harness.events("audit").dropFirst(2))
        #expect(restart.allSatisfy { $0["trigger"]?.stringValue == "startup" })
        #expect(restart.allSatisfy { $0["bytes_hashed"]?.int64Value == 0 }, "unchanged files are not read again")
        #expect(restart.map { $0["checks"]?["weights"]?["files"]?[0]?["sha256"] } == first.map { $0["checks"]?["weights"]?["files"]?[0]?["sha256"] })
        #expect(harness.events("error").isEmpty)
        #expect(harness.stop() == 0)
    }

    @Test func restartOverCorruptStateHashesAgainWithoutCrashing() throws {
        let harness = try DaemonHarness(settle: 0.2)
        let digest = try harness.makeModel("a", count: 50_000)
        try harness.start()
        #expect(waitFor(10) { harness.events("audit").count == 1 })
        #expect(harness.stop() == 0)

        let stateFile = harness.directory + "/state/state.json"
        var garbage = [UInt8](repeating: 0, count: 4096)
        for index in garbage.indices { garbage[index] = UInt8(truncatingIfNeeded: index &* 7919 &+ 13) }
        try Data(garbage).write(to: URL(fileURLWithPath: stateFile))

        try harness.start()
        #expect(waitFor(10) { harness.events("audit").count == 2 })
        let record = try #require(harness.events("audit").last)
        #expect((record["bytes_hashed"]?.int64Value ?? 0) > 200_000, "nothing is trusted: the file is hashed again")
        #expect(record["checks"]?["weights"]?["files"]?[0]?["sha256"]?.stringValue == digest)
        #expect(record["verdict"]?["integrity"]?.stringValue == "unverified")
        let error = try #require(harness.events("error").first)
        #expect(error["message"]?.stringValue?.contains("corrupt") == true)
        #expect(error["path"]?.stringValue == stateFile)
        #expect(harness.process?.isRunning == true)
        // The state is rewritten whole: a third start trusts it again.
        #expect(harness.stop() == 0)
        try harness.start()
        #expect(waitFor(10) { harness.events("audit").count == 3 })
        #expect(harness.events("audit").last?["bytes_hashed"]?.int64Value == 0)
        #expect(harness.stop() == 0)
    }

    @Test func periodicReverificationCatchesSilentTampering() throws {
        // 0.0005 h = 1.8 s; a long settle so no watch event can explain the audit.
        let harness = try DaemonHarness(settle: 60, extra: ["reverify_hours": "0.0005"])
        try harness.makeModel("m")
        try harness.start()
        let model = harness.models + "/m"
        #expect(waitFor(10) { !harness.audits(of: model).isEmpty })
        Self.flipLastByteKeepingTimes(model + "/model.safetensors")
        #expect(waitFor(8) { !harness.audits(of: model, trigger: "periodic").isEmpty }, "a periodic re-hash within seconds")
        let record = try #require(harness.audits(of: model, trigger: "periodic").first)
        #expect(record["verdict"]?["integrity"]?.stringValue == "mismatch")
        #expect(record["checks"]?["weights"]?["files"]?[0]?["expected_from"]?.stringValue == "baseline")
        #expect(record["findings"]?.arrayValue?.contains { $0["code"]?.stringValue == "weights-changed-silently" } == true)
        // The cycle repeats, and the baseline stays: still a mismatch next time.
        #expect(waitFor(8) { harness.audits(of: model, trigger: "periodic").count >= 2 })
        #expect(harness.audits(of: model, trigger: "periodic").last?["verdict"]?["integrity"]?.stringValue == "mismatch")
        #expect(harness.stop() == 0)
    }

    @Test func watchdogPingsKeepComingWhileHashing() throws {
        let harness = try DaemonHarness(settle: 0.2)
        let listener = try NotifyListener(path: harness.directory + "/notify.sock")
        // A sparse 4 GiB weight file: seconds of hashing on the audit threads.
        let folder = harness.models + "/big"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let count = 1024 << 20
        var header = Array("{\"w\":{\"dtype\":\"F32\",\"shape\":[\(count)],\"data_offsets\":[0,\(count * 4)]}}".utf8)
        while header.count % 8 != 0 { header.append(UInt8(ascii: " ")) }
        var length = UInt64(header.count).littleEndian
        let bytes: [UInt8] = withUnsafeBytes(of: &length) { Array($0) } + header
        let path = folder + "/model.safetensors"
        try! Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(truncate(path, off_t(bytes.count + count * 4)) == 0)

        try harness.start(environment: ["NOTIFY_SOCKET": listener.path, "WATCHDOG_USEC": "1000000"])
        // Pings between the "auditing" status line and the status line sent when the batch is done.
        var pings: [Date] = []
        var auditing = false, done = false
        let deadline = Date().addingTimeInterval(90)
        while !done && Date() < deadline {
            for message in listener.receive(until: "", seconds: 0.05) {
                if message.contains("STATUS=auditing") { auditing = true }
                if auditing, message.contains("WATCHDOG=1") { pings.append(Date()) }
                if auditing, message.contains("STATUS=watching") { done = true }
            }
        }
        #expect(done, "the audit of the big file finished")
        #expect(harness.audits(of: folder).count == 1)
        #expect(pings.count >= 3, "a ping every 500 ms during seconds of hashing, got \(pings.count)")
        // WATCHDOG_USEC of 1 s (pings every 0.5 s): a 0.4 s period was too tight for a loaded 2-core box,
        // where the listener itself is sometimes late by 0.1–0.2 s.
        let gaps = zip(pings.dropFirst(), pings).map { $0.timeIntervalSince($1) }
        #expect(gaps.allSatisfy { $0 < 1.0 }, "never a gap of WATCHDOG_USEC: \(gaps)")
        #expect(harness.stop() == 0)
    }

    @Test func changeThatLeavesAModelAsItWasIsNotAuditedAgain() throws {
        let harness = try DaemonHarness(settle: 0.3)
        try harness.makeModel("m")
        try harness.start()
        let model = harness.models + "/m"
        #expect(waitFor(10) { harness.audits(of: model).count == 1 })
        // inotify sees a change inside the model; after it settles the files are exactly as before.
        try "x".write(toFile: model + "/notes.txt", atomically: false, encoding: .utf8)
        try FileManager.default.removeItem(atPath: model + "/notes.txt")
        usleep(1_500_000)
        #expect(harness.audits(of: model).count == 1, "same files, same fingerprints: the signature matches, no new record")
        // A real change is still audited.
        try DaemonHarness.writeSafetensors(model + "/model.safetensors", count: 1001)
        #expect(waitFor(5) { harness.audits(of: model).count == 2 })
        #expect(harness.stop() == 0)
    }
}
