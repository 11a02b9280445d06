/// Shell completion scripts (bash, zsh, fish) made from the same declarations as `help`: command
/// names, each command's options with their help, the values options take, files where paths go.
public struct CompletionRenderer {
    /// The shells completions are made for.
    public enum Shell: String, CaseIterable, Sendable {
        case bash, zsh, fish
    }

    public let program: CommandLineProgram

    public init(program: CommandLineProgram) {
        self.program = program
    }

    public func render(for shell: Shell) -> String {
        switch shell {
        case .bash: return bash()
        case .zsh: return zsh()
        case .fish: return fish()
        }
    }

    /// The first sentence of a help text, for the one-line descriptions shells show.
    static func brief(_ help: String) -> String {
        var text = ""
        var previous: Character = " "
        for character in help {
            if previous == ".", character == " ", !text.hasSuffix("e.g."), !text.hasSuffix("i.e.") { break }
            text.append(character)
            previous = character
        }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    var commandNames: [String] { program.declarations.map(\.name) }

    // MARK: bash

    func bash() -> String {
        let function = "_" + identifier(program.name)
        var out = """
            # bash completion for \(program.name); made by `\(program.name) help --completions bash`.
            \(function)() {
                local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} i
                COMPREPLY=()
                if [[ $COMP_CWORD -eq 1 ]]; then
                    COMPREPLY=($(compgen -W '\(commandNames.joined(separator: " ")) --help --version' -- "$cur"))
                    return
                fi
                for ((i = 2; i < COMP_CWORD; i++)); do
                    if [[ ${COMP_WORDS[i]} == -- ]]; then
                        COMPREPLY=($(compgen -f -- "$cur"))
                        return
                    fi
                done
                case ${COMP_WORDS[1]} in

            """
        for declaration in program.declarations {
            out += "    \(declaration.name))\n"
            let valued = declaration.options.filter { $0.kind == .option }
            if !valued.isEmpty {
                out += "        case $prev in\n"
                for option in valued {
                    out += "        \(option.names.joined(separator: "|"))) \(bashValues(option)); return ;;\n"
                }
                out += "        esac\n"
            }
            let names = declaration.options.flatMap(\.names) + ["--help"]
            out += "        if [[ $cur == -* ]]; then\n"
            out += "            COMPREPLY=($(compgen -W '\(names.joined(separator: " "))' -- \"$cur\"))\n"
            if let positional = declaration.positionals.first {
                out += "        else\n            \(bashValues(positional))\n"
            }
            out += "        fi\n        ;;\n"
        }
        out += """
                esac
            }
            complete -o filenames -F \(function) \(program.name)

            """
        return out
    }

    func bashValues(_ argument: ArgumentDeclaration) -> String {
        if !argument.choices.isEmpty {
            return "COMPREPLY=($(compgen -W '\(argument.choices.joined(separator: " "))' -- \"$cur\"))"
        }
        switch argument.completion {
        case .none: return ":"
        case .file, .fileOrWord: return "COMPREPLY=($(compgen -f -- \"$cur\"))"
        case .directory: return "COMPREPLY=($(compgen -d -- \"$cur\"))"
        case .commandName: return "COMPREPLY=($(compgen -W '\(commandNames.joined(separator: " "))' -- \"$cur\"))"
        }
    }

    // MARK: zsh

    func zsh() -> String {
        let function = "_" + identifier(program.name)
        var out = """
            #compdef \(program.name)
            # zsh completion for \(program.name); made by `\(program.name) help --completions zsh`.
            \(function)() {
                local -a commands
                commands=(

            """
        for declaration in program.declarations {
            out += "        '\(zshQuoted(declaration.name + ":" + zshEscaped(Self.brief(declaration.abstract))))'\n"
        }
        out += """
                )
                if (( CURRENT == 2 )); then
                    _describe -t commands '\(program.name) command' commands
                    return
                fi
                local command=${words[2]}
                shift words
                (( CURRENT-- ))
                case $command in

            """
        for declaration in program.declarations {
            out += "    \(declaration.name))\n        _arguments -s -S \\\n"
            for option in declaration.options {
                let help = "[" + zshEscaped(Self.brief(option.help)) + "]"
                let repeating = option.isRepeatable ? "*" : ""
                for name in option.names {
                    var spec = repeating + name
                    if option.kind == .flag {
                        spec += help
                    } else {
                        spec += name.hasPrefix("--") ? "=" : "+"
                        spec += help + ":" + option.valueName + ":" + zshAction(option)
                    }
                    out += "            '" + zshQuoted(spec) + "' \\\n"
                }
            }
            out += "            '(- *)'{-h,--help}'[Show the command'\\''s help]' \\\n"
            for positional in declaration.positionals {
                let position = positional.isRepeatable ? "*" : (positional.isRequired ? "" : ":")
                out += "            '\(zshQuoted(position + ":" + positional.valueName + ":" + zshAction(positional)))' \\\n"
            }
            out = String(out.dropLast(3)) + "\n        ;;\n"
        }
        out += """
                esac
            }
            \(function) "$@"

            """
        return out
    }

    func zshAction(_ argument: ArgumentDeclaration) -> String {
        if !argument.choices.isEmpty { return "(" + argument.choices.joined(separator: " ") + ")" }
        switch argument.completion {
        case .none: return " "
        case .file, .fileOrWord: return "_files"
        case .directory: return "_files -/"
        case .commandName: return "(" + commandNames.joined(separator: " ") + ")"
        }
    }

    /// Escapes what `_arguments` and `_describe` treat specially inside a description.
    func zshEscaped(_ text: String) -> String {
        var out = ""
        for character in text {
            if "[]:\\".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    /// Text for inside single quotes.
    func zshQuoted(_ text: String) -> String {
        text.replacingQuotes()
    }

    // MARK: fish

    func fish() -> String {
        let name = program.name
        var out = "# fish completion for \(name); made by `\(name) help --completions fish`.\n"
        out += "complete -c \(name) -f\n"
        let names = commandNames.joined(separator: " ")
        for declaration in program.declarations {
            out += "complete -c \(name) -n 'not __fish_seen_subcommand_from \(names)' -a \(declaration.name) -d '\(Self.brief(declaration.abstract).replacingQuotes())'\n"
        }
        for declaration in program.declarations {
            let condition = "-n '__fish_seen_subcommand_from \(declaration.name)'"
            for option in declaration.options {
                var line = "complete -c \(name) \(condition)"
                for optionName in option.names {
                    let long = optionName.hasPrefix("--")
                    line += (long ? " -l " : " -s ") + String(optionName.dropFirst(long ? 2 : 1))
                }
                if option.kind == .option { line += " " + fishValues(option) }
                line += " -d '\(Self.brief(option.help).replacingQuotes())'"
                out += line + "\n"
            }
            out += "complete -c \(name) \(condition) -s h -l help -d 'Show the command'\\''s help'\n"
            if let positional = declaration.positionals.first {
                out += "complete -c \(name) \(condition) \(fishValues(positional))\n"
            }
        }
        return out
    }

    func fishValues(_ argument: ArgumentDeclaration) -> String {
        let required = argument.kind == .option ? "-r " : ""
        if !argument.choices.isEmpty { return "-x -a '\(argument.choices.joined(separator: " "))'" }
        switch argument.completion {
        case .none: return argument.kind == .option ? "-x" : ""
        case .file, .fileOrWord: return required + "-F"
        case .directory: return "-x -a '(__fish_complete_directories)'"
        case .commandName: return "-x -a '\(commandNames.joined(separator: " "))'"
        }
    }

    func identifier(_ text: String) -> String {
        String(text.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }
}

extension String {
    /// The text for inside a shell's single quotes: each `'` written as `'\''`.
    func replacingQuotes() -> String {
        var out = ""
        for character in self {
            if character == "'" { out += "'\\''" } else { out.append(character) }
        }
        return out
    }
}
