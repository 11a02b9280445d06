/// Exit statuses, as docs/cli.md fixes them.
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
