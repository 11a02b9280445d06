import ReproAudit
import ReproAuditDaemon

/// `reproaudit rescan [PATH…] [--config FILE | --socket PATH] [--wait]`.
struct RescanCommand: Command {
    static let name = "rescan"
    static let abstract = "Ask the daemon to re-audit everything or some paths, re-hashing every file."
    static let help = """
        USAGE: reproaudit rescan [PATH…] [--config FILE | --socket PATH] [--wait] [--json]

        Asks the running daemon to audit again everything it watches, or only each PATH (a store, a
        model folder, a file), reading every file even when it looks unchanged: a file whose bytes
        changed while its size and modification time stayed the same is reported as `mismatch`
        (`weights-changed-silently`). The request is logged as a `rescan.requested` line.

        OPTIONS:
          --wait          Return when the audits are done and print one line per model.
          --json          With --wait, print the daemon's reply as JSON.
          --config FILE   Find the daemon's socket in this configuration (default /etc/reproaudit/config.json).
          --socket PATH   Talk to the control socket at PATH.

        EXIT STATUS:
          0  done (or queued), nothing critical   1  a model audited has a critical finding
          2  usage error   3  the daemon could not be reached

        EXAMPLES:
          reproaudit rescan --wait
          reproaudit rescan /srv/models/llama-3-8b --wait --config config/dev.json
          systemctl reload reproaudit     # re-read the configuration, then rescan changed paths
        """

    var paths: [String]
    var wait: Bool
    var json: Bool
    var daemon: DaemonAddress

    init(arguments: inout ArgumentReader) throws(UsageError) {
        wait = arguments.flag("--wait")
        json = arguments.flag("--json")
        daemon = try DaemonAddress(arguments: &arguments)
        paths = try arguments.positionals()
    }

    func run() -> Int32 {
        let absolute = paths.map { FileSystem.absolute(RawPath($0)).displayString }
        let request: JSONValue = .object([("op", "rescan"), ("paths", .array(absolute.map(JSONValue.string))), ("wait", .bool(wait))])
        let reply: JSONValue
        switch daemon.send(request, command: "rescan", timeoutSeconds: wait ? nil : 30) {
        case .success(let value): reply = value
        case .failure(let exit): return exit.status
        }
        if json {
            printOut(JSONWriter.string(reply))
        } else if wait {
            let models = reply["models"]?.arrayValue ?? []
            for model in models {
                let name = model["name"]?.stringValue ?? model["path"]?.stringValue ?? "?"
                let findings = (model["findings"]?.arrayValue ?? []).compactMap(\.stringValue)
                printOut("\(name)  integrity=\(model["integrity"]?.stringValue ?? "?") safety=\(model["safety"]?.stringValue ?? "?") openness=\(model["openness"]?.stringValue ?? "?")"
                         + (findings.isEmpty ? "" : "  [" + findings.joined(separator: ", ") + "]") + "  " + (model["path"]?.stringValue ?? ""))
            }
            printOut("\(models.count) model\(models.count == 1 ? "" : "s") audited")
        } else {
            printOut("rescan queued: " + ((reply["queued"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ", ")))
        }
        return reply["critical"]?.boolValue == true ? ExitStatus.critical : ExitStatus.success
    }
}
