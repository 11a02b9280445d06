import CommandLineParsing
import ReproAudit
import ReproAuditDaemon

/// `reproaudit rescan [PATH…] [--config FILE | --socket PATH] [--wait]`, `rescan --cancel ID | --all`.
struct RescanCommand: ParsableCommand {
    static let paths = Argument<RawPath>("PATH", help: "A store, a model folder or a file to audit again; without PATH, everything the daemon watches.",
                                         repeatable: true, completion: .file)
    static let wait = Flag("--wait", help: "Return when the audits are done and print one line per model, with the request id. Ctrl-C detaches: the rescan goes on.")
    static let cancel = Option<Int>("--cancel", value: "ID", help: "Cancel the waiting or running rescan request ID (printed by --wait, logged in rescan.requested).", range: 1...Int.max)
    static let all = Flag("--all", help: "Cancel every waiting or running rescan request.")
    static let json = Flag("--json", help: "With --wait, print the daemon's reply as JSON.")

    static let declaration = CommandDeclaration(
        name: "rescan",
        abstract: "Ask the daemon to re-audit everything or some paths, re-hashing every file.",
        discussion: """
            Asks the running daemon to audit again everything it watches, or only each PATH (a store, a \
            model folder, a file), reading every file even when it looks unchanged: a file whose bytes \
            changed while its size and modification time stayed the same is reported as `mismatch` \
            (`weights-changed-silently`). The request is logged as a `rescan.requested` line with its id             and the user the kernel names. A PATH must lie inside a watch root (no `..`, no symlink leading             out); a path inside a model means that model. Names that are not UTF-8 are sent as bytes.
            """,
        arguments: [paths, DaemonAddress.config, DaemonAddress.socket, wait, json, cancel, all],
        exclusive: [DaemonAddress.exclusive, .init(cancel, all, message: "give --cancel ID or --all, not both")],
        exitStatuses: [
            .init(0, "done (or queued), nothing critical"),
            .init(1, "a model audited has a critical finding"),
            .init(2, "usage error"),
            .init(3, "the daemon could not be reached, or refused the request (path outside the roots, rate limit, queue full)"),
        ],
        examples: [
            .init("reproaudit rescan --wait"),
            .init("reproaudit rescan /srv/models/llama-3-8b --wait --config config/dev.json"),
            .init("reproaudit rescan --cancel 12", "stop request 12 (a long forced re-hash)"),
            .init("systemctl reload reproaudit", "re-read the configuration, then rescan changed paths"),
        ]
    )

    var paths: [RawPath]
    var wait: Bool
    var json: Bool
    var daemon: DaemonAddress
    var cancel: Int?
    var cancelAll: Bool

    init(parsing arguments: ParsedArguments) throws(UsageError) {
        paths = try arguments.values(Self.paths)
        wait = arguments.flag(Self.wait)
        json = arguments.flag(Self.json)
        cancel = try arguments.value(Self.cancel)
        cancelAll = arguments.flag(Self.all)
        daemon = try DaemonAddress(arguments)
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
        // The exact bytes: a name that is not UTF-8 travels as `path_bytes` and reaches the right model.
        let request = ControlRequest.rescan(paths: paths.map { FileSystem.absolute($0).lexicallyNormalized }, wait: wait).json
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
            printOut("rescan queued (request \(reply["id"]?.intValue.map(String.init) ?? "?")): "
                     + (reply["queued"]?.arrayValue ?? []).map { $0.stringValue ?? $0["path"]?.stringValue ?? "?" }.joined(separator: ", "))
        }
        return reply["critical"]?.boolValue == true ? ExitStatus.critical : ExitStatus.success
    }
}
