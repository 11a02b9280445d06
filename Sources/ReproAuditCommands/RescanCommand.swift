import CommandLineParsing
import ReproAudit
import ReproAuditDaemon

/// `reproaudit rescan [PATH…] [--config FILE | --socket PATH] [--wait]`.
struct RescanCommand: ParsableCommand {
    static let paths = Argument<RawPath>("PATH", help: "A store, a model folder or a file to audit again; without PATH, everything the daemon watches.",
                                         repeatable: true, completion: .file)
    static let wait = Flag("--wait", help: "Return when the audits are done and print one line per model.")
    static let json = Flag("--json", help: "With --wait, print the daemon's reply as JSON.")

    static let declaration = CommandDeclaration(
        name: "rescan",
        abstract: "Ask the daemon to re-audit everything or some paths, re-hashing every file.",
        discussion: """
            Asks the running daemon to audit again everything it watches, or only each PATH (a store, a \
            model folder, a file), reading every file even when it looks unchanged: a file whose bytes \
            changed while its size and modification time stayed the same is reported as `mismatch` \
            (`weights-changed-silently`). The request is logged as a `rescan.requested` line.
            """,
        arguments: [paths, DaemonAddress.config, DaemonAddress.socket, wait, json],
        exclusive: [DaemonAddress.exclusive],
        exitStatuses: [
            .init(0, "done (or queued), nothing critical"),
            .init(1, "a model audited has a critical finding"),
            .init(2, "usage error"),
            .init(3, "the daemon could not be reached"),
        ],
        examples: [
            .init("reproaudit rescan --wait"),
            .init("reproaudit rescan /srv/models/llama-3-8b --wait --config config/dev.json"),
            .init("systemctl reload reproaudit", "re-read the configuration, then rescan changed paths"),
        ]
    )

    var paths: [RawPath]
    var wait: Bool
    var json: Bool
    var daemon: DaemonAddress

    init(parsing arguments: ParsedArguments) throws(UsageError) {
        paths = try arguments.values(Self.paths)
        wait = arguments.flag(Self.wait)
        json = arguments.flag(Self.json)
        daemon = try DaemonAddress(arguments)
    }

    func run() -> Int32 {
        let absolute = paths.map { FileSystem.absolute($0).displayString }
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
