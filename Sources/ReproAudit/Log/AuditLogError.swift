/// A failure to read the audit log, as one line a person can act on
/// (`log /var/log/reproaudit/audit.jsonl: No such file or directory`).
public struct AuditLogError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// The underlying `errno`, when a system call failed.
    public var errno: Int32?
    /// True for a problem with the configuration or the command line (exit 2) rather than with reading (exit 3).
    public var isConfigurationProblem: Bool

    public init(_ message: String, errno: Int32? = nil, isConfigurationProblem: Bool = false) {
        self.message = message
        self.errno = errno
        self.isConfigurationProblem = isConfigurationProblem
    }

    /// `log PATH: reason` from a failed system call.
    public init(path: RawPath, _ error: SystemError) {
        self.init("log \(path.displayString): \(error.reason)", errno: error.errno)
    }

    public var description: String { message }
}
