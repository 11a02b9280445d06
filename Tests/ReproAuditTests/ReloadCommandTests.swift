import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import ReproAudit
@testable import ReproAuditDaemon

/// `reproaudit reload` (the unit's ExecReload=): returns once the new configuration is in force,
/// 2 when the daemon rejects the file (keeping the old one), 3 when it cannot be reached.
@Suite struct ReloadCommandTests {
    @Test func reloadReturnsWithTheNewConfigurationInForce() throws {
        let harness = try DaemonHarness()
        let listener = try NotifyListener(path: harness.directory + "/notify.sock")
        try harness.start(environment: ["NOTIFY_SOCKET": listener.path])
        _ = listener.receive(until: "READY=1", seconds: 10)
        let second = harness.directory + "/more"
        try FileManager.default.createDirectory(atPath: second, withIntermediateDirectories: true)
        try harness.writeConfig(settle: 0.5, watch: [harness.models, second])

        let reload = try harness.cli(["reload", "--socket", harness.socketPath])
        #expect(reload.status == 0, "\(reload.error)")
        #expect(reload.output.contains("changed: watch"))
        // No waiting: the reply came after RELOADING=1 … READY=1, and the new root is already in force.
        let messages = listener.receive(until: "READY=1", seconds: 1)
        #expect(messages.first { $0.contains("RELOADING=1") } != nil)
        let roots = try harness.status()["roots"]?.arrayValue?.compactMap { $0["path"]?.stringValue } ?? []
        #expect(roots.contains(second))
        #expect(harness.events("daemon.reload").count == 1)

        // A broken file: exit 2, the reason printed, the running configuration kept.
        try "{ \"watch\": [".write(toFile: harness.configPath, atomically: false, encoding: .utf8)
        let rejected = try harness.cli(["reload", "--socket", harness.socketPath])
        #expect(rejected.status == 2)
        #expect(rejected.error.contains("reproaudit: reload: config \(harness.configPath)"), "\(rejected.error)")
        let kept = try harness.status()["roots"]?.arrayValue?.compactMap { $0["path"]?.stringValue } ?? []
        #expect(kept.contains(second))
        #expect(harness.events("error").contains { $0["message"]?.stringValue?.contains("reload failed") == true })

        // SIGHUP keeps working.
        try harness.writeConfig(settle: 0.5)
        kill(harness.process!.processIdentifier, SIGHUP)
        #expect(waitFor(10) { harness.events("daemon.reload").count == 2 })
        #expect(harness.stop() == 0)

        // Nobody listening: exit 3.
        let unreachable = try harness.cli(["reload", "--socket", harness.socketPath])
        #expect(unreachable.status == 3)
    }

    @Test(.enabled(if: getuid() == 0)) func reloadIsForRootAndTheDaemonsUserOnly() throws {
        let harness = try DaemonHarness()
        try harness.start()
        // Let another user reach the socket (as a group member would), then ask as that user.
        _ = chmod(harness.directory, 0o755)
        _ = chmod(harness.directory + "/run", 0o755)
        _ = chmod(harness.socketPath, 0o777)
        let asNobody = try ChildProcess.run("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups",
                                                                 DaemonHarness.binary, "reload", "--socket", harness.socketPath])
        #expect(asNobody.status == 3)
        #expect(String(decoding: asNobody.stderr, as: UTF8.self).contains("reload is for root and the daemon's user"))
        let status = try ChildProcess.run("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups",
                                                              DaemonHarness.binary, "status", "--socket", harness.socketPath])
        #expect(status.status == 0)
        #expect(harness.events("daemon.reload").isEmpty)
        #expect(harness.stop() == 0)
    }
}
