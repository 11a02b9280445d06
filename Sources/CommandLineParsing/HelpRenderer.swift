/// The help people read in a terminal (`help`, `help COMMAND`, `COMMAND --help`), made from the
/// declarations: usage line, discussion, arguments and options, exit statuses, examples.
public struct HelpRenderer {
    public let program: CommandLineProgram
    /// The width text is filled to.
    public static let width = 100

    public init(program: CommandLineProgram) {
        self.program = program
    }

    /// The program's overview: what it is, its commands, examples.
    public func overview() -> String {
        var text = program.name + " — " + paragraphs(program.overview, indent: 0) + "\n\n"
        text += "USAGE: \(program.name) <command> [options]\n\n"
        text += "COMMANDS:\n"
        let declarations = program.declarations
        let width = declarations.map(\.name.count).max() ?? 0
        for declaration in declarations {
            text += "  " + pad(declaration.name, width) + "  " + declaration.abstract + "\n"
        }
        text += "\n" + examples(program.examples)
        text += "\nSee '\(program.name) help <command>' for a command's options and examples."
        return text
    }

    /// One command's help.
    public func help(for declaration: CommandDeclaration) -> String {
        var text = usage(for: declaration) + "\n\n"
        text += paragraphs(declaration.discussion, indent: 0) + "\n\n"
        let positionals = declaration.positionals
        if !positionals.isEmpty {
            text += "ARGUMENTS:\n" + list(positionals.map { ($0.label, $0.fullHelp) }) + "\n"
        }
        let options = declaration.options.map { ($0.label, $0.fullHelp) } + [("-h, --help", "Show this help.")]
        text += "OPTIONS:\n" + list(options) + "\n"
        text += "EXIT STATUS:\n" + list(declaration.exitStatuses.map { ("\($0.code)", $0.meaning) }) + "\n"
        text += examples(declaration.examples)
        return String(text.dropLast())
    }

    /// `USAGE: reproaudit log [--config FILE | --log FILE] [--model TEXT] …`, wrapped under itself.
    public func usage(for declaration: CommandDeclaration) -> String {
        let prefix = "USAGE: \(program.name) \(declaration.name)"
        var lines: [String] = []
        var line = prefix
        for element in Self.usageElements(declaration) {
            if line.count + 1 + element.count > Self.width, line.count > prefix.count {
                lines.append(line)
                line = String(repeating: " ", count: prefix.count)
            }
            line += " " + element
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }

    /// The usage line's parts in declaration order; exclusive arguments together (`[--config FILE | --socket PATH]`).
    public static func usageElements(_ declaration: CommandDeclaration) -> [String] {
        var elements: [String] = []
        var shown = Set<String>()
        for argument in declaration.arguments where !shown.contains(argument.id) {
            if let group = declaration.exclusive.first(where: { $0.ids.contains(argument.id) }) {
                let members = group.ids.compactMap { id in declaration.arguments.first { $0.id == id } }
                shown.formUnion(group.ids)
                elements.append("[" + members.map(\.synopsis).joined(separator: " | ") + "]")
            } else {
                shown.insert(argument.id)
                let synopsis = argument.synopsis + (argument.isRepeatable && argument.kind == .option ? " …" : "")
                elements.append(argument.isRequired ? synopsis : "[" + synopsis + "]")
            }
        }
        return elements
    }

    /// `  LABEL  help` rows, help filled beside the labels (or under a label too long for the column).
    func list(_ rows: [(String, String)]) -> String {
        let column = min(rows.map(\.0.count).max() ?? 0, 22)
        var text = ""
        for (label, help) in rows {
            let indent = 2 + column + 2
            if label.count > column {
                text += "  " + label + "\n" + String(repeating: " ", count: indent)
            } else {
                text += "  " + pad(label, column) + "  "
            }
            text += TextWrapping.fill(help, width: Self.width, indent: indent) + "\n"
        }
        return text
    }

    func examples(_ examples: [CommandDeclaration.Example]) -> String {
        guard !examples.isEmpty else { return "" }
        let width = examples.filter { $0.comment != nil }.map(\.command.count).max() ?? 0
        var text = "EXAMPLES:\n"
        for example in examples {
            if let comment = example.comment {
                text += "  " + pad(example.command, width) + "   # " + comment + "\n"
            } else {
                text += "  " + example.command + "\n"
            }
        }
        return text
    }

    func paragraphs(_ text: String, indent: Int) -> String {
        TextWrapping.paragraphs(text).map { paragraph in
            switch paragraph {
            case .text(let text): return TextWrapping.fill(text, width: Self.width, indent: indent)
            case .preformatted(let lines): return lines.joined(separator: "\n")
            }
        }.joined(separator: "\n\n")
    }

    func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
