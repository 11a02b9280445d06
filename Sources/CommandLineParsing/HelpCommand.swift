/// `help [COMMAND] [--man | --completions SHELL | --markdown]`: every program's built-in command
/// that prints what the declarations say, for people, for `man`, for shells and for docs/cli.md.
public enum HelpCommand {
    static let topic = Argument<String>("COMMAND", help: "The command to explain; without it, the list of commands.",
                                        completion: .commandName)
    static let man = Flag("--man", help: "Print the manual page in roff (read it with `man -l -`).")
    static let completions = Option<String>("--completions", value: "SHELL",
                                            help: "Print the completion script for SHELL.",
                                            choices: CompletionRenderer.Shell.allCases.map(\.rawValue))
    static let markdown = Flag("--markdown", help: "Print every command and option as Markdown (the project's docs/cli.md).")

    /// The declaration, its examples naming `program`.
    public static func declaration(program: String) -> CommandDeclaration {
        CommandDeclaration(
            name: "help",
            abstract: "Explain a command, or print the man page or shell completions.",
            discussion: """
                Prints the list of commands, or one command's usage, options, exit statuses and examples. \
                `COMMAND --help` does the same. The man page, the completion scripts and the Markdown \
                reference are made from the same declarations as this help, so they always agree.
                """,
            arguments: [topic, man, completions, markdown],
            exclusive: [.init(topic, man, completions, markdown)],
            exitStatuses: [.init(0, "printed"), .init(2, "unknown COMMAND or usage error")],
            examples: [
                .init("\(program) help scan"),
                .init("\(program) help --man | man -l -"),
                .init("\(program) help --completions bash > /etc/bash_completion.d/\(program)"),
                .init("\(program) help --completions zsh > \"${fpath[1]}/_\(program)\""),
                .init("\(program) help --completions fish > ~/.config/fish/completions/\(program).fish"),
            ]
        )
    }
}
