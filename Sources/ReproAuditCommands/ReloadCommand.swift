import CommandLineParsing
import ReproAudit
import ReproAuditDaemon

/// `reproaudit reload [--config FILE | --socket PATH] [--json]`: the unit's `ExecReload=`.
struct ReloadCommand: ParsableCommand {
    static let json = Flag("--json", help: "Print the daemon's reply as one JSON object.")

    static let declaration = CommandDeclaration(
        name: "reload",
        abstract: "Make the daemon re-read its configuration; returns once it is in force.",
        discussion: """
            Asks the running daemon to re-read its configuration file, reopen the audit log and audit what \
            changed, and waits until it has: when the command returns 0 the new configuration is in force \
            (systemd has seen RELOADING=1 then READY=1). A configuration the daemon rejects (bad JSON, an \
            unknown key…) leaves the running one in place; the reason is printed. The unit's ExecReload= \
            runs this, so 'systemctl reload reproaudit' waits too. SIGHUP still works, without the wait. \
            Only root and the daemon's own user may reload.
            """,
        arguments: [DaemonAddress.config, DaemonAddress.socket, json],
        exclusive: [DaemonAddress.exclusive],
        exitStatuses: [
            .init(0, "reloaded: the new configuration is in force"),
            .init(2, "the new configuration was rejected (the old one is kept), or a usage error"),
            .init(3, "the daemon could not be reached, or refused"),
        ],
        examples: [
            .init("sudo systemctl reload reproaudit"),
            .init("sudo -u reproaudit reproaudit reload"),
        ]
    )

    var json: Bool
    var daemon: DaemonAddress

    init(parsing arguments: ParsedArguments) throws(UsageError) {
        json = arguments.flag(Self.json)
        daemon = try DaemonAddress(arguments)
    }

    func run() -> Int32 {
        let reply: JSONValue
        switch daemon.send(.object([("op", "reload")]), command: "reload", timeoutSeconds: 60, acceptRefusal: true) {
        case .success(let value): reply = value
        case .failure(let exit): return exit.status
        }
        if json { printOut(JSONWriter.string(reply)) }
        if reply["ok"]?.boolValue == false {
            printErr("reproaudit: reload: " + (reply["error"]?.stringValue ?? "the daemon refused the request"))
            return reply["rejected"]?.boolValue == true ? ExitStatus.usage : ExitStatus.failure
        }
        if !json {
            let changed = (reply["changed"]?.arrayValue ?? []).compactMap(\.stringValue)
            printOut("reloaded \(reply["config"]?.stringValue ?? "the configuration")" + (changed.isEmpty ? "" : "; changed: " + changed.joined(separator: ", ")))
        }
        return ExitStatus.success
    }
}
