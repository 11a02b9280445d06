import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import ReproAudit
@testable import ReproAuditDaemon

/// The real daemon binary on temporary folders. Serialized: each test starts its own daemon and
/// timing (settle) matters, so they do not compete for the two cores.
@Suite(.serialized) struct DaemonTests {
    @Test func startupAuditAndStatus() throws {
        let harness = try DaemonHarness()
        let digest = try harness.makeModel("m1")
        try harness.start()
        let model = harness.models + "/m1"
        #expect(waitFor(10) { !harness.audits(of: model, trigger: "startup").isEmpty })
        let record = try #require(harness.audits(of: model).first)
        #expect(record["verdict"]?["integrity"]?.stringValue == "unverified")
        #expect(record["checks"]?["weights"]?["files"]?[0]?["sha256"]?.stringValue == digest)
        #expect(harness.events("daemon.start").count == 1)

        let status = try harness.cli(["status", "--json", "--socket", harness.socketPath])
        #expect(status.status == 0)
        let reply = try JSONParser().parse(status.output.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(reply["models"]?.int64Value == 1)
        #expect(reply["roots"]?[0]?["mode"]?.stringValue == "watching")
        #expect(reply["verdicts"]?["integrity"]?["unverified"]?.int64Value == 1)
        #expect(reply["log"]?["error"]?.isNull == true)
        let people = try harness.cli(["status", "--config", harness.configPath])
        #expect(people.output.contains("models: 1"))
        #expect(harness.stop() == 0)
    }

    @Test func metricsFileIsWrittenAfterEachBatch() throws {
        let metrics = FileManager.default.temporaryDirectory.appendingPathComponent("reproaudit-metrics-\(UUID().uuidString.prefix(8)).prom").path
        defer { try? FileManager.default.removeItem(atPath: metrics) }
        let harness = try DaemonHarness(extra: ["metrics_file": "\"\(metrics)\""])
        _ = try harness.makeModel("m1")
        try harness.start()
        #expect(waitFor(10) { FileManager.default.fileExists(atPath: metrics) })
        let text = (try? String(contentsOfFile: metrics, encoding: .utf8)) ?? ""
        #expect(text.contains("# TYPE reproaudit_models gauge"))
        #expect(text.contains("reproaudit_models 1"))
        #expect(text.contains("reproaudit_models_by_integrity{integrity=\"unverified\"} 1"))
        #expect(text.contains("reproaudit_log_write_errors_total 0"))
        #expect(harness.stop() == 0)
    }

    @Test func slowDownloadIsAuditedOnceAfterItSettles() throws {
        let harness = try DaemonHarness(settle: 1.0)
        try harness.start()
        let folder = harness.models + "/slow"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "{}".write(toFile: folder + "/config.json", atomically: false, encoding: .utf8)
        let bytes = DaemonHarness.safetensorsBytes(count: 100_000, fill: 7)
        let handle = try #require(FileHandle(forWritingAtPath: { try! Data().write(to: URL(fileURLWithPath: folder + "/model.safetensors")); return folder + "/model.safetensors" }()))
        let chunks = 10
        let size = (bytes.count + chunks - 1) / chunks
        for index in 0..<chunks {
            handle.write(Data(bytes[(index * size)..<min(bytes.count, (index + 1) * size)]))
            usleep(300_000)   // 3 s of writing, never 1 s quiet
        }
        try handle.close()
        let finished = Date()
        #expect(harness.audits(of: folder).isEmpty, "audited while still being written")
        #expect(waitFor(6) { !harness.audits(of: folder).isEmpty })
        let landed = Date()
        #expect(landed.timeIntervalSince(finished) >= 0.9)
        usleep(2_000_000)
        let records = harness.audits(of: folder)
        #expect(records.count == 1)
        #expect(records.first?["trigger"]?.stringValue == "watch")
        #expect(records.first?["checks"]?["weights"]?["files"]?[0]?["sha256"]?.stringValue == MessageDigest.hex(.sha256, of: bytes))
        #expect(harness.stop() == 0)
    }

    @Test func silentTamperingIsCaughtByRescanAndAccepted() throws {
        // A long settle time: only the forced re-hash of `rescan` can find the change.
        let harness = try DaemonHarness(settle: 60)
        try harness.makeModel("m")
        try harness.start()
        let model = harness.models + "/m"
        let file = model + "/model.safetensors"
        #expect(waitFor(10) { !harness.audits(of: model).isEmpty })

        var before = stat()
        #expect(stat(file, &before) == 0)
        let fd = open(file, O_WRONLY)
        var byte: UInt8 = 0x55
        #expect(pwrite(fd, &byte, 1, off_t(before.st_size - 1)) == 1)
        close(fd)
        var times = [before.st_atim, before.st_mtim]
        #expect(utimensat(AT_FDCWD, file, &times, 0) == 0)

        let rescan = try harness.cli(["rescan", model, "--wait", "--socket", harness.socketPath])
        #expect(rescan.status == 1, "a mismatch is critical: \(rescan.output) \(rescan.error)")
        #expect(rescan.output.contains("integrity=mismatch"))
        let record = try #require(harness.audits(of: model, trigger: "manual").last)
        #expect(record["verdict"]?["integrity"]?.stringValue == "mismatch")
        #expect(record["checks"]?["weights"]?["files"]?[0]?["expected_from"]?.stringValue == "baseline")
        #expect(record["findings"]?.arrayValue?.contains { $0["code"]?.stringValue == "weights-changed-silently" } == true)

        // The baseline is not replaced: a second rescan still says mismatch.
        #expect(try harness.cli(["rescan", model, "--wait", "--socket", harness.socketPath]).status == 1)
        #expect(!harness.events("rescan.requested").isEmpty)

        let accept = try harness.cli(["accept", model, "--socket", harness.socketPath])
        #expect(accept.status == 0, "\(accept.output) \(accept.error)")
        #expect(accept.output.contains("integrity=unverified"))
        #expect(harness.events("accepted").count == 1)
        let again = try harness.cli(["rescan", model, "--wait", "--socket", harness.socketPath])
        #expect(again.status == 0)
        #expect(again.output.contains("integrity=unverified"))
        #expect(harness.stop() == 0)
    }

    @Test func removedModelGetsARemovedLine() throws {
        let harness = try DaemonHarness(settle: 0.3)
        try harness.makeModel("gone")
        try harness.makeModel("stays")
        try harness.start()
        let gone = harness.models + "/gone"
        #expect(waitFor(10) { harness.events("audit").count == 2 })
        try FileManager.default.removeItem(atPath: gone)
        #expect(waitFor(5) { harness.events("removed").contains { $0["model"]?["path"]?.stringValue == gone } })
        #expect(harness.events("removed").count == 1)
        let reply = try ControlClient(socket: RawPath(harness.socketPath)).send(.object([("op", "status")]), timeoutSeconds: 5)
        #expect(reply["models"]?.int64Value == 1)
        #expect(harness.stop() == 0)
    }

    @Test func notifySocketReloadAndStop() throws {
        let harness = try DaemonHarness(settle: 0.3)
        let listener = try NotifyListener(path: harness.directory + "/notify.sock")
        try harness.start(environment: ["NOTIFY_SOCKET": listener.path])
        let startup = listener.receive(until: "READY=1", seconds: 5)
        #expect(startup.contains { $0.contains("READY=1") })

        // SIGHUP: a second root appears in the configuration and is audited.
        let second = harness.directory + "/more"
        try FileManager.default.createDirectory(atPath: second, withIntermediateDirectories: true)
        try harness.makeModel("extra", root: second)
        try harness.writeConfig(settle: 0.3, watch: [harness.models, second])
        kill(harness.process!.processIdentifier, SIGHUP)
        let reload = listener.receive(until: "READY=1", seconds: 5)
        let reloading = try #require(reload.first { $0.contains("RELOADING=1") })
        #expect(reloading.contains("MONOTONIC_USEC="))
        #expect(reload.last?.contains("READY=1") == true)
        #expect(waitFor(5) { harness.events("daemon.reload").first?["changed"]?.arrayValue?.contains("watch") == true })
        #expect(waitFor(5) { !harness.audits(of: second + "/extra").isEmpty })
        func modelsKnown() -> Int64? {
            (try? ControlClient(socket: RawPath(harness.socketPath)).send(.object([("op", "status")]), timeoutSeconds: 5))?["models"]?.int64Value
        }
        #expect(waitFor(5) { modelsKnown() == 1 })

        // SIGHUP again without that root: its model leaves the daemon's view (it is not gone: no `removed` line).
        try harness.writeConfig(settle: 0.3, watch: [harness.models])
        kill(harness.process!.processIdentifier, SIGHUP)
        _ = listener.receive(until: "READY=1", seconds: 5)
        #expect(waitFor(5) { modelsKnown() == 0 })
        #expect(harness.events("removed").isEmpty)

        #expect(harness.stop(signal: SIGTERM, timeout: 5) == 0)
        let stopping = listener.receive(until: "STOPPING=1", seconds: 2)
        #expect(stopping.contains { $0.contains("STOPPING=1") })
        #expect(harness.lines().last?["event"]?.stringValue == "daemon.stop")
    }

    @Test func killDuringAuditThenRestartLeavesAParsableLog() throws {
        let harness = try DaemonHarness(settle: 0.3)
        let folder = harness.models + "/big"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "{}".write(toFile: folder + "/config.json", atomically: false, encoding: .utf8)
        // A sparse 1 GiB weight file behind a valid header: slow to hash, instant to create.
        let count = 256 << 20
        var header = Array("{\"w\":{\"dtype\":\"F32\",\"shape\":[\(count)],\"data_offsets\":[0,\(count * 4)]}}".utf8)
        while header.count % 8 != 0 { header.append(UInt8(ascii: " ")) }
        var length = UInt64(header.count).littleEndian
        var bytes: [UInt8] = withUnsafeBytes(of: &length) { Array($0) } + header
        let path = folder + "/model.safetensors"
        try! Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(truncate(path, off_t(bytes.count + count * 4)) == 0)
        bytes = []
        try harness.start()
        usleep(200_000)
        #expect(harness.audits(of: folder).isEmpty, "the audit should still be running")
        #expect(harness.stop(signal: SIGKILL) != nil)
        // A crash in the middle of a write leaves half a line: simulate it.
        let log = try #require(FileHandle(forWritingAtPath: harness.logPath))
        log.seekToEndOfFile()
        log.write(Data("{\"schema\":1,\"time\":\"2026-".utf8))
        try log.close()

        try harness.start()
        #expect(waitFor(30) { !harness.audits(of: folder).isEmpty })
        #expect(harness.stop() == 0)
        let lines = harness.lines()
        #expect(lines.allSatisfy { $0["schema"]?.int64Value == 1 }, "every line parses")
        #expect(harness.events("daemon.start").count == 2)
        #expect(harness.events("daemon.start").last?["log_repaired_bytes"]?.int64Value ?? 0 > 0)
    }

    @Test func inotifyOverflowIsRecoveredByARescan() throws {
        let harness = try DaemonHarness(settle: 0.5, extra: ["testing_inotify_queue_limit": "5"])
        try harness.start()
        let folder = harness.models + "/flood"
        try FileManager.default.createDirectory(atPath: folder + "/deep/er", withIntermediateDirectories: true)
        usleep(1_000_000)   // watched by now: the file events below fill the (emulated) queue
        try "{}".write(toFile: folder + "/config.json", atomically: false, encoding: .utf8)
        for index in 0..<20 {
            try DaemonHarness.writeSafetensors(folder + "/deep/er/shard-\(index).safetensors", count: 10)
        }
        try DaemonHarness.writeSafetensors(folder + "/model.safetensors", count: 10)
        #expect(waitFor(10) { harness.audits(of: folder).contains { ($0["checks"]?["weights"]?["files"]?.arrayValue?.count ?? 0) == 21 } })
        let reply = try ControlClient(socket: RawPath(harness.socketPath)).send(.object([("op", "status")]), timeoutSeconds: 5)
        #expect((reply["overflows"]?.int64Value ?? 0) >= 1)
        // Watches were re-established inside the folders created during the overflow.
        try DaemonHarness.writeSafetensors(folder + "/deep/er/shard-0.safetensors", count: 11)
        #expect(waitFor(5) { harness.audits(of: folder).count >= 2 })
        #expect(harness.stop() == 0)
    }

    @Test func watchLimitFallsBackToPolling() throws {
        let harness = try DaemonHarness(settle: 0.2, extra: ["testing_max_watches": "1", "poll_seconds": "0.5"])
        try FileManager.default.createDirectory(atPath: harness.models + "/sub/dir", withIntermediateDirectories: true)
        try harness.start()
        #expect(waitFor(5) { harness.events("error").contains { $0["message"]?.stringValue?.contains("max_user_watches") == true } })
        try harness.makeModel("polled")
        #expect(waitFor(5) { !harness.audits(of: harness.models + "/polled").isEmpty })
        let reply = try ControlClient(socket: RawPath(harness.socketPath)).send(.object([("op", "status")]), timeoutSeconds: 5)
        #expect(reply["roots"]?[0]?["mode"]?.stringValue == "polling")
        #expect(harness.stop() == 0)
    }

    @Test func badRequestsDoNotDisturbTheDaemon() throws {
        let harness = try DaemonHarness()
        try harness.start()
        // A client that connects and says nothing.
        let silent = try UnixSocket.connect(to: RawPath(harness.socketPath))
        defer { silent.closeIgnoringErrors() }
        func raw(_ bytes: [UInt8]) throws -> String {
            let fd = try UnixSocket.connect(to: RawPath(harness.socketPath))
            defer { fd.closeIgnoringErrors() }
            try? fd.writeAll(bytes)
            var buffer = [UInt8](repeating: 0, count: 4096)
            var tv = timeval(tv_sec: 5, tv_usec: 0)
            setsockopt(fd.rawValue, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            let count = buffer.withUnsafeMutableBytes { recv(fd.rawValue, $0.baseAddress, $0.count, 0) }
            return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : ""
        }
        #expect(try raw(Array("not json\n".utf8)).contains("malformed request"))
        #expect(try raw(Array("{\"op\":\"dance\"}\n".utf8)).contains("unknown op"))
        #expect(try raw([UInt8](repeating: UInt8(ascii: "a"), count: 70_000)).contains("longer than"))
        let reply = try ControlClient(socket: RawPath(harness.socketPath)).send(.object([("op", "status")]), timeoutSeconds: 5)
        #expect(reply["ok"]?.boolValue == true)
        #expect(try harness.cli(["accept", "nothing-like-this", "--socket", harness.socketPath]).status == 3)
        #expect(harness.stop() == 0)
    }

    @Test func silentClientsCannotLockOutStatus() throws {
        let harness = try DaemonHarness()
        try harness.start()
        // More silent clients than the daemon keeps connections for (slowloris).
        var silent: [FileDescriptor] = []
        defer { for fd in silent { fd.closeIgnoringErrors() } }
        for _ in 0..<(ControlServer.maximumConnections + 6) {
            let fd = try UnixSocket.connect(to: RawPath(harness.socketPath))
            _ = try? UnixSocket.sendSome(fd, Array("{\"op\":".utf8)[...])
            silent.append(fd)
        }
        usleep(200_000)
        let started = Date()
        let reply = try ControlClient(socket: RawPath(harness.socketPath)).send(.object([("op", "status")]), timeoutSeconds: 8)
        #expect(reply["ok"]?.boolValue == true)
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(harness.stop() == 0)
    }

    @Test func secondDaemonLeavesARunningOneAlone() throws {
        let harness = try DaemonHarness()
        try harness.start()
        let linesBefore = harness.lines().count
        // Same configuration: it must refuse (exit 3) instead of taking over the socket, log and state.
        let second = Process()
        second.executableURL = URL(fileURLWithPath: DaemonHarness.binary)
        second.arguments = ["daemon", "--config", harness.configPath]
        let errors = Pipe()
        second.standardError = errors
        second.standardOutput = FileHandle.nullDevice
        try second.run()
        let exited = waitFor(5) { !second.isRunning }
        if !exited { kill(second.processIdentifier, SIGTERM) }
        second.waitUntilExit()
        #expect(exited)
        #expect(second.terminationStatus == 3)
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(message.contains("already running"))
        // The first daemon still answers on its socket and its log got no line from the second.
        let reply = try harness.status()
        #expect(reply["pid"]?.int64Value == Int64(harness.process!.processIdentifier))
        #expect(harness.lines().count == linesBefore)
        #expect(harness.stop() == 0)
    }

    @Test func configurationErrorsNameFileAndLine() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("reproaudit-config-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/x.json"
        try "{\n  \"audit_log\": \"a.jsonl\",\n  \"wach\": [\"/srv\"]\n}\n".write(toFile: file, atomically: false, encoding: .utf8)
        let unknown = try DaemonHarness.run(["daemon", "--config", file])
        #expect(unknown.status == 2)
        #expect(unknown.error == "reproaudit: config \(file): line 3: unknown key \"wach\" (did you mean \"watch\"?)\n")
        try "{\n  \"watch\": [\"/srv\"],\n  \"settle_seconds\": \"5\"\n}\n".write(toFile: file, atomically: false, encoding: .utf8)
        let wrongType = try DaemonHarness.run(["daemon", "--config", file])
        #expect(wrongType.status == 2)
        #expect(wrongType.error.contains("line 3: \"settle_seconds\" must be a number, not string"))
        let missing = try DaemonHarness.run(["daemon", "--config", directory + "/none.json"])
        #expect(missing.status == 2)
        #expect(missing.error.contains("none.json: No such file or directory"))
        #expect(try DaemonHarness.run(["status", "--socket", directory + "/no.sock"]).status == 3)
        try "{\n  \"watch\": []\n}\n".write(toFile: file, atomically: false, encoding: .utf8)
        let empty = try DaemonHarness.run(["daemon", "--config", file])
        #expect(empty.status == 2)
        #expect(empty.error.contains("line 2: \"watch\" is empty"))
        try "{\n  \"watch\": [\"/srv\"],\n  \"audit_log\": \"\(directory)\"\n}\n".write(toFile: file, atomically: false, encoding: .utf8)
        let folderLog = try DaemonHarness.run(["daemon", "--config", file])
        #expect(folderLog.status == 2)
        #expect(folderLog.error.contains("line 3: \"audit_log\" \(directory) is a folder"))
        #expect(DownloadMarkers.isMarker(RawPath("sha256-\(String(repeating: "a", count: 64))-partial")))
        #expect(DownloadMarkers.isMarker(RawPath("sha256-\(String(repeating: "a", count: 64))-partial-3")))
        #expect(!DownloadMarkers.isMarker(RawPath("sha256-\(String(repeating: "a", count: 64))")))
        for shipped in ["config/reproaudit.json", "config/dev.json"] {
            #expect(throws: Never.self) { try Configuration.load(RawPath(DaemonHarness.packageRoot + "/" + shipped)) }
        }
    }
}
