import ReproAudit
import ReproAuditDaemon

/// `reproaudit accept MODEL [--config FILE | --socket PATH]`.
struct AcceptCommand: Command {
    static let name = "accept"
    static let abstract = "Accept a model's current digests as its new baseline after a deliberate change."
    static let help = """
        USAGE: reproaudit accept MODEL [--config FILE | --socket PATH] [--json]

        When a weight file changed on purpose while keeping its size and modification time (the
        daemon then reports `mismatch`, `weights-changed-silently`, on every audit), an operator accepts
        the digests found by the last audit as the model's new baseline. The daemon logs an `accepted`
        line, audits the model again and prints its new verdict. MODEL is the model's path (as in
        the audit log's model.path) or its name when that is unambiguous.

        OPTIONS:
          --json          Print the daemon's reply as JSON.
          --config FILE   Find the daemon's socket in this configuration (default /etc/reproaudit/config.json).
          --socket PATH   Talk to the control socket at PATH.

        EXIT STATUS:
          0  accepted   1  accepted, but the model still has a critical finding
          2  usage error   3  the daemon could not be reached, or no single model matches

        EXAMPLES:
          reproaudit accept /srv/models/llama-3-8b
          reproaudit accept org/name --config config/dev.json
        """

    var model: String
    var json: Bool
    var daemon: DaemonAddress

    init(arguments: inout ArgumentReader) throws(UsageError) {
        json = arguments.flag("--json")
        daemon = try DaemonAddress(arguments: &arguments)
        let words = try arguments.positionals()
        guard words.count == 1 else { throw UsageError(words.isEmpty ? "name the MODEL to accept" : "accept takes one MODEL") }
        model = words[0]
    }

    func run() -> Int32 {
        // A path that exists is sent absolute; anything else is a name.
        let query = FileSystem.exists(RawPath(model)) ? FileSystem.absolute(RawPath(model)).lexicallyNormalized : RawPath(model)
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
