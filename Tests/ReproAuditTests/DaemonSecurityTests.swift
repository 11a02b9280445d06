import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import ReproAudit
@testable import ReproAuditDaemon

/// Attacks on the real daemon by its own clients and by other users of the machine: paths leading
/// out of the roots, NUL bytes, subfolders, accept by anyone, planted symlinks, a second daemon.
/// Part of the serialized `DaemonTests`.
extension DaemonTests {
    func send(_ harness: DaemonHarness, _ request: JSONValue) throws -> JSONValue {
        try ControlClient(socket: RawPath(harness.socketPath)).send(request, timeoutSeconds: 10)
    }

    /// Items 5, 11 and 20: only paths inside the roots; a path inside a model means that model.
    @Test func requestPathsAreConfinedToTheRoots() throws {
        let harness = try DaemonHarness(settle: 0.3)
        try harness.makeModel("m")
        try FileManager.default.createDirectory(atPath: harness.models + "/m/onnx", withIntermediateDirectories: true)
        // Outside the root: a model the daemon must never read.
        let outside = harness.directory + "/outside"
        try harness.makeModel("secret", root: outside)
        // A link inside the root to a folder outside it that holds no model: not a known model, so
        // naming it (or anything through it) leads out of the roots. (Models reached through such
        // links at start are known models, and may be named: that is the documented exception.)
        try FileManager.default.createDirectory(atPath: outside + "/plain", withIntermediateDirectories: true)
        try "notes".write(toFile: outside + "/plain/notes.txt", atomically: false, encoding: .utf8)
        #expect(symlink(outside + "/plain", harness.models + "/escape") == 0)
        try harness.start()
        let model = harness.models + "/m"
        #expect(waitFor(10) { !harness.audits(of: model).isEmpty })

        for path in ["/etc", outside + "/secret", harness.models + "/../outside/secret", harness.models + "/escape", "/"] {
            let result = try harness.cli(["rescan", path, "--wait", "--socket", harness.socketPath])
            #expect(result.status == 3, "\(path) must be refused: \(result.output) \(result.error)")
        }
        // The same through the raw protocol, where the CLI does not normalise `..`.
        let dotted = try send(harness, .object([("op", "rescan"), ("paths", .array([.string(harness.models + "/../outside/secret")]))]))
        #expect(dotted["ok"]?.boolValue == false && dotted["code"]?.stringValue == "path-refused")
        // A NUL byte would cut the name short: refused, no phantom model.
        let nul = try send(harness, .object([("op", "rescan"), ("paths", .array([.string(model + "\u{0}/../x")])), ("wait", true)]))
        #expect(nul["ok"]?.boolValue == false, "\(nul)")
        let acceptNUL = try send(harness, .object([("op", "accept"), ("model", .string(model + "\u{0}x"))]))
        #expect(acceptNUL["ok"]?.boolValue == false)

        // A subfolder of a model means the model.
        let sub = try harness.cli(["rescan", model + "/onnx", "--wait", "--socket", harness.socketPath])
        #expect(sub.status == 0, "\(sub.output) \(sub.error)")
        #expect(harness.audits(of: model, trigger: "manual").count == 1)
        #expect(harness.audits(of: model + "/onnx").isEmpty)

        let status = try harness.status()
        #expect(status["models"]?.int64Value == 1, "no foreign or phantom model in state: \(status)")
        #expect(!harness.lines().contains { JSONWriter.string($0).contains("secret") && $0["event"]?.stringValue == "audit" })
        #expect(harness.stop() == 0)
    }

    /// Item 8: the kernel names the peer; only root, the daemon's user and `accept_group` may accept.
    @Test func acceptIsForTheAcceptGroupAndRecordsTheRealPeer() throws {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
            print("skipped: needs root and setpriv to act as a second user")
            return
        }
        guard let users = PeerCredentials.groupID("users"), let nobody = getpwnam("nobody") else {
            print("skipped: needs the group \"users\" and the user \"nobody\"")
            return
        }
        let harness = try DaemonHarness(settle: 0.3, extra: ["accept_group": "\"users\""])
        try harness.makeModel("m")
        try harness.start()
        let model = harness.models + "/m"
        #expect(waitFor(10) { !harness.audits(of: model).isEmpty })
        // Let other users reach the socket (a socket-group member in production).
        #expect(chmod(harness.directory + "/run", 0o755) == 0)
        #expect(chmod(harness.socketPath, 0o666) == 0)
        #expect(chmod(harness.directory, 0o755) == 0)

        func asNobody(groups gid: gid_t, _ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
            let result = try ChildProcess.run("/usr/bin/setpriv", ["--reuid", String(nobody.pointee.pw_uid), "--regid", String(gid), "--clear-groups",
                                                                   DaemonHarness.binary] + arguments, environment: ["SUDO_USER": "alice", "PATH": "/usr/bin:/bin"])
            return (result.status, String(decoding: result.stdout, as: UTF8.self), String(decoding: result.stderr, as: UTF8.self))
        }
        // Not in the group: status and rescan yes, accept no.
        let outsider = try asNobody(groups: nobody.pointee.pw_gid, ["accept", model, "--socket", harness.socketPath])
        #expect(outsider.status == 3, "\(outsider.output) \(outsider.error)")
        #expect(outsider.error.contains("may not accept"), "\(outsider.error)")
        #expect(try asNobody(groups: nobody.pointee.pw_gid, ["status", "--socket", harness.socketPath]).status == 0)
        #expect(harness.events("accepted").isEmpty)

        // In the group: accepted, and the log names nobody (the kernel's word), alice only as a claim.
        let member = try asNobody(groups: users, ["accept", model, "--socket", harness.socketPath])
        #expect(member.status == 0, "\(member.output) \(member.error)")
        let accepted = try #require(harness.events("accepted").first)
        #expect(accepted["uid"]?.int64Value == Int64(nobody.pointee.pw_uid))
        #expect(accepted["user"]?.stringValue == "nobody")
        #expect(accepted["claimed_user"]?.stringValue == "alice")
        #expect(harness.stop() == 0)
    }

    /// Items 9 and 23: temporary files are never followed through a planted symlink, and a crash's
    /// leftovers are removed at start.
    @Test func atomicWritesIgnorePlantedSymlinksAndLeftoversAreCleaned() throws {
        let harness = try DaemonHarness(settle: 0.3)
        try FileManager.default.createDirectory(atPath: harness.stateDirectory, withIntermediateDirectories: true)
        let leftover = harness.stateDirectory + "/.state.json.tmp.12345"
        try "torn".write(toFile: leftover, atomically: false, encoding: .utf8)
        let victim = harness.directory + "/victim"
        try "precious".write(toFile: victim, atomically: false, encoding: .utf8)
        try harness.start()
        #expect(!FileManager.default.fileExists(atPath: leftover), "a crash leftover is removed at start")
        // Plant symlinks at every name the old scheme would use (`.state.json.tmp.PID`).
        let pid = try #require(harness.status()["pid"]?.int64Value)
        #expect(symlink(victim, harness.stateDirectory + "/.state.json.tmp.\(pid)") == 0)
        try harness.makeModel("m")
        #expect(waitFor(10) { !harness.audits(of: harness.models + "/m").isEmpty })
        #expect(harness.stop() == 0)
        #expect((try? String(contentsOfFile: victim, encoding: .utf8)) == "precious", "the planted link was followed")
        #expect((try? String(contentsOfFile: harness.stateDirectory + "/state.json", encoding: .utf8))?.contains("/models/m") == true)
        let names = try FileManager.default.contentsOfDirectory(atPath: harness.stateDirectory)
        #expect(!names.contains { $0.hasPrefix(".state.json.tmp.") && !$0.hasSuffix(".tmp.\(pid)") }, "no leftovers: \(names)")
    }

    /// Item 21: one daemon per state_dir, even with another socket.
    @Test func secondDaemonOnTheSameStateIsRefusedByTheLock() throws {
        let harness = try DaemonHarness()
        try harness.start()
        let linesBefore = harness.lines().count
        let other = harness.directory + "/other.json"
        let config = try String(contentsOfFile: harness.configPath, encoding: .utf8)
            .replacingOccurrences(of: harness.socketPath, with: harness.directory + "/run/other.sock")
        try config.write(toFile: other, atomically: false, encoding: .utf8)
        let second = try harness.runDaemonToExit(config: other)
        #expect(second.status == 3)
        #expect(second.error.contains("already running"), "\(second.error)")
        #expect(harness.lines().count == linesBefore)
        #expect(try harness.status()["pid"]?.int64Value == Int64(harness.process!.processIdentifier))
        #expect(harness.stop() == 0)
    }

    /// Item 17: the daemon's own files inside a watch root are refused (they would be audited forever).
    @Test func ownFilesInsideAWatchRootAreRefused() throws {
        let harness = try DaemonHarness(extra: ["metrics_file": "\"MODELS/m/metrics.prom\""])
        try harness.writeConfig(settle: 0.5, extra: ["metrics_file": "\"\(harness.models)/m/metrics.prom\""])
        let run = try harness.runDaemonToExit()
        #expect(run.status == 2)
        #expect(run.error.contains("metrics_file") && run.error.contains("inside the watch root"), "\(run.error)")
    }
}
