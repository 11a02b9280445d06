/// docs/cli.md: every command and option as Markdown, made from the same declarations as `help`
/// (a test compares the committed file with this output).
public struct MarkdownRenderer {
    public let program: CommandLineProgram

    public init(program: CommandLineProgram) {
        self.program = program
    }

    public func render() -> String {
        let name = program.name
        var out = "# The `\(name)` command line\n\n"
        out += "<!-- Made by `\(name) help --markdown` from the command declarations (a test compares them); edit the declarations, not this file. -->\n\n"
        out += "`\(name)` " + paragraphs(program.overview) + "\n\n"
        out += "The same text is in `\(name) help`, `\(name) help COMMAND` (or `COMMAND --help`), the man page "
        out += "`\(name)(1)` (`\(name) help --man`) and the shell completions (`\(name) help --completions bash|zsh|fish`); "
        out += "all are made from the same declarations.\n\n"
        out += "| command | what it does |\n|---|---|\n"
        for declaration in program.declarations {
            out += "| [`\(declaration.name)`](#\(anchor(declaration))) | \(cell(declaration.abstract)) |\n"
        }
        out += "\nExit status:\n\n" + statuses(program.exitStatuses)
        for declaration in program.declarations {
            out += "\n## `\(name) \(declaration.name)`\n\n"
            out += "```\n" + ([name, declaration.name] + HelpRenderer.usageElements(declaration)).joined(separator: " ") + "\n```\n\n"
            out += paragraphs(declaration.discussion) + "\n\n"
            out += "| argument or option | meaning |\n|---|---|\n"
            for argument in declaration.positionals + declaration.options {
                out += "| `\(argument.label)` | \(cell(argument.fullHelp)) |\n"
            }
            out += "| `-h, --help` | Show the command's help. |\n"
            out += "\nExit status:\n\n" + statuses(declaration.exitStatuses)
            out += "\nExamples:\n\n" + examples(declaration.examples)
        }
        if !program.environment.isEmpty {
            out += "\n## Environment\n\n| variable | meaning |\n|---|---|\n"
            for entry in program.environment { out += "| `\(entry.name)` | \(cell(entry.meaning)) |\n" }
        }
        if !program.files.isEmpty {
            out += "\n## Files\n\n| file | meaning |\n|---|---|\n"
            for entry in program.files { out += "| `\(entry.name)` | \(cell(entry.meaning)) |\n" }
        }
        out += "\n## Examples\n\n" + examples(program.examples)
        return String(out.dropLast())
    }

    /// GitHub's heading anchor for `## \`reproaudit scan\``.
    func anchor(_ declaration: CommandDeclaration) -> String {
        "\(program.name)-\(declaration.name)".lowercased()
    }

    func statuses(_ statuses: [CommandDeclaration.ExitStatus]) -> String {
        var out = "| status | meaning |\n|---|---|\n"
        for status in statuses { out += "| \(status.code) | \(cell(status.meaning)) |\n" }
        return out
    }

    func examples(_ examples: [CommandDeclaration.Example]) -> String {
        guard !examples.isEmpty else { return "" }
        var out = "```sh\n"
        for example in examples { out += example.command + (example.comment.map { "   # " + $0 } ?? "") + "\n" }
        return out + "```\n"
    }

    func paragraphs(_ text: String) -> String {
        TextWrapping.paragraphs(text).map { paragraph in
            switch paragraph {
            case .text(let text): return text
            case .preformatted(let lines): return "```\n" + lines.joined(separator: "\n") + "\n```"
            }
        }.joined(separator: "\n\n")
    }

    /// Text for a table cell: `|` escaped, one line.
    func cell(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "|": out += "\\|"
            case "\n": out += " "
            default: out.append(character)
            }
        }
        return out
    }
}
