import ReproAudit
import ReproAuditDaemon

/// `reproaudit reload [--config FILE | --socket PATH] [--json]`: the unit's `ExecReload=`.
struct ReloadCommand: Command {
    static let name = "reload"
    static let abstract = "Make the daemon re-read its configuration; returns once it is in force."
    static let help = """
        USAGE: reproaudit reload [--config FILE | --socket PATH] [--json]

        Asks the running daemon to re-read its configuration file, reopen the audit log and audit what
        changed, and waits until it has: when the command returns 0 the new configuration is in force
        (systemd has seen RELOADING=1 then READY=1). A configuration the daemon rejects (bad JSON, an
        unknown key…) leaves the running one in place; the reason is printed. The unit's ExecReload=
        runs this, so 'systemctl reload reproaudit' waits too. SIGHUP still works, without the wait.
        Only root and the daemon's own user may reload.

        OPTIONS:
          --json          Print the daemon's reply as one JSON object.
          --config FILE   Find the daemon's socket in this configuration (default /etc/reproaudit/config.json).
          --socket PATH   Talk to the control socket at PATH.

        EXIT STATUS:
          0  reloaded, the new configuration is in force
          2  the new configuration was rejected (the old one is kept), or a usage error
          3  the daemon could not be reached or refused

        EXAMPLES:
          sudo systemctl reload reproaudit
          sudo -u reproaudit reproaudit reload
        """

    var json: Bool
    var daemon: DaemonAddress

    init(arguments: inout ArgumentReader) throws(UsageError) {
        json = arguments.flag("--json")
        daemon = try DaemonAddress(arguments: &arguments)
        try arguments.finish()
    }

    func run() -> Int32 {
        let reply: JSONValue
        switch daemon.send(.object([("op", "reload")]), command: "reload", timeoutSeconds: 60, acceptRefusal: true) {
        case .success(let value): reply = value
        case .failure(let exit): return exit.status
        }
        if json { printOut(JSONWriter.string(reply)) }
        if reply["ok"]?.boolValue == false {
            let message = reply["error"]?.stringValue ?? "the daemon refused the request"
            printErr("reproaudit: reload: " + message)
            return reply["rejected"]?.boolValue == true ? ExitStatus.usage : ExitStatus.failure
        }
        if !json {
            let changed = (reply["changed"]?.arrayValue ?? []).compactMap(\.stringValue)
            printOut("reloaded \(reply["config"]?.stringValue ?? "the configuration")" + (changed.isEmpty ? "" : "; changed: " + changed.joined(separator: ", ")))
        }
        return ExitStatus.success
    }
}
