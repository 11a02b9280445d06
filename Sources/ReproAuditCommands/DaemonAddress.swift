import CommandLineParsing
import ReproAudit
import ReproAuditDaemon

/// `--config FILE | --socket PATH`: how `rescan`, `accept` and `status` reach the running daemon.
struct DaemonAddress {
    static let config = Option<RawPath>("--config", value: "FILE", help: "Find the daemon's socket in this configuration.",
                                        default: Configuration.defaultPath.displayString, completion: .file)
    static let socket = Option<RawPath>("--socket", value: "PATH", help: "Talk to the control socket at PATH.", completion: .file)
    static let exclusive = CommandDeclaration.Exclusive(config, socket, message: "give --config or --socket, not both")

    var config: RawPath?
    var socket: RawPath?

    init(_ arguments: ParsedArguments) throws(UsageError) {
        config = try arguments.value(Self.config)
        socket = try arguments.value(Self.socket)
    }

    /// Sends one request and returns the daemon's reply. Prints one line and returns an exit status
    /// instead when the configuration is unusable (2), the daemon cannot be reached (3) or refuses (3,
    /// unless `acceptRefusal`: the caller then reads the refusal itself).
    func send(_ request: JSONValue, command: String, timeoutSeconds: Double?, acceptRefusal: Bool = false) -> Result<JSONValue, ExitCode> {
        let client: ControlClient
        if let socket {
            client = ControlClient(socket: socket)
        } else {
            do {
                client = ControlClient(socket: try ControlClient.socket(configuration: config))
            } catch {
                printErr("reproaudit: \(error)")
                return .failure(ExitCode(ExitStatus.usage))
            }
        }
        let reply: JSONValue
        do {
            reply = try client.send(request, timeoutSeconds: timeoutSeconds)
        } catch {
            printErr("reproaudit: \(command): \(error)")
            return .failure(ExitCode(ExitStatus.failure))
        }
        if reply["ok"]?.boolValue == false, !acceptRefusal {
            printErr("reproaudit: \(command): \(reply["error"]?.stringValue ?? "the daemon refused the request")")
            return .failure(ExitCode(ExitStatus.failure))
        }
        return .success(reply)
    }
}

/// An exit status carried as an error.
struct ExitCode: Error {
    var status: Int32
    init(_ status: Int32) { self.status = status }
}
