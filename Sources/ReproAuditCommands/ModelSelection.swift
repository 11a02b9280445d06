import CommandLineParsing

/// `MODEL…` / `--all`, shared by the commands that write a document about models of the log
/// (`export`, `report`), with the exit statuses such a command has.
struct ModelSelection {
    static let models = Argument<String>("MODEL", help: "A name or path, or part of one (case-insensitive).",
                                         repeatable: true, completion: .fileOrWord)
    static let all = Flag("--all", help: "Every model still present in the log (the default when no MODEL is given).")
    static let exclusive = CommandDeclaration.Exclusive(models, all, message: "give MODEL names or --all, not both")
    static let exitStatuses: [CommandDeclaration.ExitStatus] = [
        .init(0, "written"),
        .init(2, "usage error or a MODEL that matches nothing"),
        .init(3, "the log could not be read"),
    ]

    /// The MODEL queries; empty means every model still present.
    var queries: [String]

    init(_ arguments: ParsedArguments) throws(UsageError) {
        queries = try arguments.values(Self.models)
    }
}
