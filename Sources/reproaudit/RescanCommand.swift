import ReproAudit
import ReproAuditDaemon

/// `reproaudit rescan [PATH…] [--config FILE | --socket PATH] [--wait]`.
struct RescanCommand: Command {
    static let name = "rescan"
    static let abstract = "Ask the daemon to re-audit everything or some paths, re-hashing every file."
    static let help = """
        USAGE: reproaudit rescan [PATH…] [--config FILE | --socket PATH] [--wait] [--json]
               reproaudit rescan --cancel ID | --all [--config FILE | --socket PATH]

        Asks the running daemon to audit again everything it watches, or only each PATH (a store, a
        model folder, a file), reading every file even when it looks unchanged: a file whose bytes
        changed while its size and modification time stayed the same is reported as `mismatch`
        (`weights-changed-silently`). The request is logged as a `rescan.requested` line with its id.
        A PATH must lie inside a watch root: a path inside a model means that model.

        OPTIONS:
          --wait          Print the request id, return when the audits are done and print one line
                          per model. Ctrl-C detaches (the rescan goes on); `--cancel ID` cancels it.
          --cancel ID     Cancel the waiting or running rescan request ID.
          --all           With --cancel (no ID): cancel every waiting rescan request.
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
    var cancel: Int?
    var cancelAll: Bool

    init(arguments: inout ArgumentReader) throws(UsageError) {
        wait = arguments.flag("--wait")
        cancelAll = arguments.flag("--all")
        cancel = try arguments.integerOption("--cancel", range: 1...Int.max)
        json = arguments.flag("--json")
        daemon = try DaemonAddress(arguments: &arguments)
        paths = try arguments.positionals()
        if cancelAll && cancel != nil { throw UsageError("give --cancel ID or --all, not both") }
        if (cancelAll || cancel != nil) && (wait || !paths.isEmpty) { throw UsageError("--cancel and --all take no PATH and no --wait") }
    }

    func run() -> Int32 {
        if cancelAll || cancel != nil {
            switch daemon.send(ControlRequest.cancel(id: cancel).json, command: "rescan", timeoutSeconds: 30) {
            case .success(let reply):
                let ids = (reply["cancelled"]?.arrayValue ?? []).compactMap(\.intValue)
                printOut(ids.isEmpty ? "no rescan request was waiting" : "cancelled: " + ids.map(String.init).joined(separator: ", "))
                return ExitStatus.success
            case .failure(let exit): return exit.status
            }
        }
        // Sent as bytes: a name that is not UTF-8 travels as `path_bytes` and reaches the right model.
        let request = ControlRequest.rescan(paths: paths.map { FileSystem.absolute(RawPath($0)).lexicallyNormalized }, wait: wait).json
        if wait {
            // The id comes with the reply; a waiting client is told how to cancel on stderr first.
            printErr("reproaudit: rescan: waiting (Ctrl-C detaches; the rescan goes on)")
        }
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
            printOut("\(models.count) model\(models.count == 1 ? "" : "s") audited (request \(reply["id"]?.intValue.map(String.init) ?? "?"))")
        } else {
            printOut("rescan queued (request \(reply["id"]?.intValue.map(String.init) ?? "?")): " + ((reply["queued"]?.arrayValue ?? []).map { $0.stringValue ?? $0["path"]?.stringValue ?? "?" }.joined(separator: ", ")))
        }
        return reply["critical"]?.boolValue == true ? ExitStatus.critical : ExitStatus.success
    }
}
