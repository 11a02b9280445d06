import CommandLineParsing
import ReproAudit
import ReproAuditDaemon

/// `reproaudit accept MODEL [--config FILE | --socket PATH]`.
struct AcceptCommand: ParsableCommand {
    static let model = Argument<RawPath>("MODEL", help: "The model's path (as in the audit log's model.path), or its name when that is unambiguous.",
                                         required: true, completion: .fileOrWord)
    static let json = Flag("--json", help: "Print the daemon's reply as JSON.")

    static let declaration = CommandDeclaration(
        name: "accept",
        abstract: "Accept a model's current digests as its new baseline after a deliberate change.",
        discussion: """
            When a weight file changed on purpose while keeping its size and modification time (the \
            daemon then reports `mismatch`, `weights-changed-silently`, on every audit), an operator accepts \
            the digests found by the last audit as the model's new baseline. The daemon logs an `accepted` \
            line, audits the model again and prints its new verdict. MODEL is the model's path (as in \
            the audit log's model.path) or its name when that is unambiguous. Only root, the daemon's             user and members of `accept_group` may accept; the log records the user the kernel names             (`user`, `uid`) and the one the client claims (`claimed_user`, from SUDO_USER). While the             audit log cannot be written nothing is accepted (exit 3).
            """,
        arguments: [model, DaemonAddress.config, DaemonAddress.socket, json],
        exclusive: [DaemonAddress.exclusive],
        exitStatuses: [
            .init(0, "accepted"),
            .init(1, "accepted, but the model still has a critical finding"),
            .init(2, "usage error"),
            .init(3, "the daemon could not be reached, no single model matches, the user may not accept, or the log cannot be written"),
        ],
        examples: [
            .init("reproaudit accept /srv/models/llama-3-8b"),
            .init("reproaudit accept org/name --config config/dev.json"),
        ]
    )

    var model: RawPath
    var json: Bool
    var daemon: DaemonAddress

    init(parsing arguments: ParsedArguments) throws(UsageError) {
        guard let model = try arguments.value(Self.model) else { throw UsageError("name the MODEL to accept") }
        self.model = model
        json = arguments.flag(Self.json)
        daemon = try DaemonAddress(arguments)
    }

    func run() -> Int32 {
        // A path that exists is sent absolute; anything else is a name.
        let query = FileSystem.exists(model) ? FileSystem.absolute(model).lexicallyNormalized : model
        // Only a claim: the daemon records the user the kernel names, and this as `claimed_user`.
        let user = EnvironmentVariables.current["SUDO_USER"] ?? EnvironmentVariables.current["USER"]
        let reply: JSONValue
        switch daemon.send(ControlRequest.accept(model: query, claimedUser: user).json, command: "accept", timeoutSeconds: nil) {
        case .success(let value): reply = value
        case .failure(let exit): return exit.status
        }
        if json {
            printOut(JSONWriter.string(reply))
        } else {
            for model in reply["models"]?.arrayValue ?? [] {
                printOut("accepted \(model["path"]?.stringValue ?? query.displayString): integrity=\(model["integrity"]?.stringValue ?? "?") safety=\(model["safety"]?.stringValue ?? "?")")
            }
        }
        return reply["critical"]?.boolValue == true ? ExitStatus.critical : ExitStatus.success
    }
}
