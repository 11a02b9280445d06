/// A subcommand: its declaration, how it takes its parsed arguments, and what it does.
///
/// ```swift
/// struct ScanCommand: ParsableCommand {
///     static let json = Flag("--json", help: "Print audit records instead of the table.")
///     static let declaration = CommandDeclaration(name: "scan", …, arguments: [json], …)
///     var json: Bool
///     init(parsing arguments: ParsedArguments) throws(UsageError) { json = arguments.flag(Self.json) }
///     func run() -> Int32 { … }
/// }
/// ```
public protocol ParsableCommand: Sendable {
    static var declaration: CommandDeclaration { get }
    /// Takes the values (already checked against the declaration); checks what only the command knows.
    init(parsing arguments: ParsedArguments) throws(UsageError)
    /// Runs the command and returns its exit status.
    func run() -> Int32
}
