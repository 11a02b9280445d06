/// The manual page `reproaudit(1)` in roff (man(7) macros), made from the same declarations as `help`.
public struct ManPageRenderer {
    public let program: CommandLineProgram

    public init(program: CommandLineProgram) {
        self.program = program
    }

    public func render() -> String {
        var out: [String] = []
        let title = program.name.uppercased()
        out.append(".TH \(escape(title)) 1 \"\" \"\(escape(program.name)) \(escape(program.version))\" \"User Commands\"")
        out.append(".SH NAME")
        out.append("\(escape(program.name)) \\- \(escape(program.summary))")
        out.append(".SH SYNOPSIS")
        for declaration in program.declarations {
            out.append(".SY \(escape(program.name))")
            out.append(".B \(escape(declaration.name))")
            // Unbreakable spaces inside an element: `[--log FILE]` is never split across lines.
            for element in HelpRenderer.usageElements(declaration) { out.append(escape(element).split(separator: " ").joined(separator: "\\ ")) }
            out.append(".YS")
        }
        out.append(".SH DESCRIPTION")
        var description = paragraphs(program.overview)
        if description.count > 1 { description[1] = "\\fB\(escape(program.name))\\fR " + description[1] }
        out += description
        out.append(".SH COMMANDS")
        for declaration in program.declarations {
            out.append(".SS \"\(escape(program.name)) \(escape(declaration.name))\"")
            out += paragraphs(declaration.discussion)
            for argument in declaration.positionals + declaration.options {
                out.append(".TP")
                out.append(labelLine(argument))
                out.append(escape(argument.fullHelp))
            }
            out.append(".TP")
            out.append(".BR \\-h \", \" \\-\\-help")
            out.append("Show the command's help.")
            out.append(".PP")
            out.append("Exit status:")
            for status in declaration.exitStatuses {
                out.append(".IP \(status.code) 4")
                out.append(escape(status.meaning))
            }
            out += examples(declaration.examples)
        }
        out.append(".SH EXIT STATUS")
        for status in program.exitStatuses {
            out.append(".TP")
            out.append(".B \(status.code)")
            out.append(escape(status.meaning))
        }
        if !program.environment.isEmpty {
            out.append(".SH ENVIRONMENT")
            for entry in program.environment {
                out.append(".TP")
                out.append(".B \(escape(entry.name))")
                out.append(escape(entry.meaning))
            }
        }
        if !program.files.isEmpty {
            out.append(".SH FILES")
            for entry in program.files {
                out.append(".TP")
                out.append(".I \(escape(entry.name))")
                out.append(escape(entry.meaning))
            }
        }
        out.append(".SH EXAMPLES")
        out += examples(program.examples, heading: false)
        return out.joined(separator: "\n")
    }

    /// `.B \-\-log " " FILE`-style line for an option or argument label.
    func labelLine(_ argument: ArgumentDeclaration) -> String {
        switch argument.kind {
        case .positional:
            return ".I \(escape(argument.synopsis))"
        case .flag:
            return ".B \"" + argument.names.map(escape).joined(separator: ", ") + "\""
        case .option:
            return ".BI \"" + argument.names.map(escape).joined(separator: ", ") + " \" \(escape(argument.valueName))"
        }
    }

    func paragraphs(_ text: String) -> [String] {
        var out: [String] = []
        for paragraph in TextWrapping.paragraphs(text) {
            switch paragraph {
            case .text(let text):
                out.append(".PP")
                out.append(escape(text))
            case .preformatted(let lines):
                out.append(".PP")
                out.append(".nf")
                out += lines.map(escape)
                out.append(".fi")
            }
        }
        return out
    }

    func examples(_ examples: [CommandDeclaration.Example], heading: Bool = true) -> [String] {
        guard !examples.isEmpty else { return [] }
        var out = heading ? [".PP", "Examples:"] : []
        out.append(".PP")
        out.append(".RS 4")
        out.append(".nf")
        for example in examples {
            out.append(escape(example.command) + (example.comment.map { "   # " + escape($0) } ?? ""))
        }
        out.append(".fi")
        out.append(".RE")
        return out
    }

    /// Text safe in roff: backslashes and hyphens escaped, a line never starting with a control
    /// character, non-ASCII characters as `\[uXXXX]` so the page reads the same in any locale.
    public func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\e"
            case "-": out += "\\-"
            case "\"": out += "\\(dq"
            case "\n": out += " "
            default:
                if scalar.isASCII {
                    out.unicodeScalars.append(scalar)
                } else {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\[u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "]"
                }
            }
        }
        if out.first == "." || out.first == "'" { out = "\\&" + out }
        return out
    }
}
