/// One `reproaudit` subcommand: its name, help for people, how it reads its arguments and what it does.
protocol Command {
    /// The word after `reproaudit`.
    static var name: String { get }
    /// One line for the command list.
    static var abstract: String { get }
    /// The full help text: usage, options, examples.
    static var help: String { get }
    /// Reads the command's arguments; a bad one is a `UsageError`.
    init(arguments: inout ArgumentReader) throws(UsageError)
    /// Runs the command and returns the exit status (see `ExitStatus`).
    func run() -> Int32
}

/// Exit statuses, as `../shared/spec/cli.md` fixes them.
enum ExitStatus {
    /// Done and nothing critical.
    static let success: Int32 = 0
    /// Done, and at least one model has a critical finding.
    static let critical: Int32 = 1
    /// Usage or configuration error.
    static let usage: Int32 = 2
    /// The daemon could not be reached, or another runtime failure.
    static let failure: Int32 = 3
}
