/// The whole program as declared: its name, what it is for, its commands, and what the man page
/// says beyond them (environment, files). Resolves a command line (bytes) into what to do.
public struct CommandLineProgram: Sendable {
    /// A name and what it means, for the ENVIRONMENT and FILES sections.
    public struct Entry: Sendable, Hashable {
        public var name: String
        public var meaning: String

        public init(_ name: String, _ meaning: String) {
            self.name = name
            self.meaning = meaning
        }
    }

    /// What a command line asks the program to do.
    public enum Invocation {
        /// Run this command.
        case run(any ParsableCommand)
        /// Print this on stdout and exit with this status (help, version, man page…).
        case output(String, status: Int32)
        /// Print this on stderr and exit with this status (a usage error, one line).
        case error(String, status: Int32)
    }

    public var name: String
    public var version: String
    /// One line for the man page's NAME section ("audit the AI models on this machine").
    public var summary: String
    /// The paragraphs `help` prints above the command list.
    public var overview: String
    public var commands: [any ParsableCommand.Type]
    public var examples: [CommandDeclaration.Example]
    public var exitStatuses: [CommandDeclaration.ExitStatus]
    public var environment: [Entry]
    public var files: [Entry]
    /// The exit status of a usage error.
    public var usageStatus: Int32

    public init(name: String, version: String, summary: String, overview: String, commands: [any ParsableCommand.Type],
                examples: [CommandDeclaration.Example], exitStatuses: [CommandDeclaration.ExitStatus],
                environment: [Entry] = [], files: [Entry] = [], usageStatus: Int32 = 2) {
        self.name = name
        self.version = version
        self.summary = summary
        self.overview = overview
        self.commands = commands
        self.examples = examples
        self.exitStatuses = exitStatuses
        self.environment = environment
        self.files = files
        self.usageStatus = usageStatus
        let names = declarations.map(\.name)
        precondition(Set(names).count == names.count, "a command name is declared twice")
    }

    /// Every command's declaration, `help` last.
    public var declarations: [CommandDeclaration] {
        commands.map { $0.declaration } + [HelpCommand.declaration(program: name)]
    }

    /// What `words` (argv after the program name, as bytes) ask for. Pure: prints nothing.
    public func resolve(_ words: [[UInt8]]) -> Invocation {
        let help = HelpRenderer(program: self)
        guard let first = words.first else { return .error(help.overview(), status: usageStatus) }
        let word = String(decoding: first, as: UTF8.self)
        let rest = Array(words.dropFirst())
        switch word {
        case "--help", "-h":
            return .output(help.overview(), status: 0)
        case "--version":
            return .output("\(name) \(version)", status: 0)
        case "help":
            return resolveHelp(rest)
        default:
            break
        }
        guard let command = commands.first(where: { $0.declaration.name == word }) else {
            return usageError("unknown command \"\(word)\"" + Suggestion.didYouMean(word, among: declarations.map(\.name)),
                              see: "'\(name) --help'")
        }
        let declaration = command.declaration
        do {
            switch try CommandLineParser.parse(rest, for: declaration) {
            case .help:
                return .output(help.help(for: declaration), status: 0)
            case .arguments(let parsed):
                return .run(try command.init(parsing: parsed))
            }
        } catch {
            return usageError("\(declaration.name): \(error.message)", see: "'\(name) help \(declaration.name)'")
        }
    }

    private func resolveHelp(_ words: [[UInt8]]) -> Invocation {
        let declaration = HelpCommand.declaration(program: name)
        let parsed: ParsedArguments
        do {
            switch try CommandLineParser.parse(words, for: declaration) {
            case .help: return .output(HelpRenderer(program: self).help(for: declaration), status: 0)
            case .arguments(let arguments): parsed = arguments
            }
            if parsed.flag(HelpCommand.man) { return .output(ManPageRenderer(program: self).render(), status: 0) }
            if parsed.flag(HelpCommand.markdown) { return .output(MarkdownRenderer(program: self).render(), status: 0) }
            if let shell = try parsed.value(HelpCommand.completions) {
                return .output(CompletionRenderer(program: self).render(for: CompletionRenderer.Shell(rawValue: shell.lowercased())!), status: 0)
            }
        } catch {
            return usageError("help: \(error.message)", see: "'\(name) help help'")
        }
        guard let topic = try? parsed.value(HelpCommand.topic) else {
            return .output(HelpRenderer(program: self).overview(), status: 0)
        }
        guard let declaration = declarations.first(where: { $0.name == topic }) else {
            return usageError("unknown command \"\(topic)\"" + Suggestion.didYouMean(topic, among: declarations.map(\.name)),
                              see: "'\(name) --help'")
        }
        return .output(HelpRenderer(program: self).help(for: declaration), status: 0)
    }

    private func usageError(_ message: String, see: String) -> Invocation {
        .error("\(name): \(message); see \(see)", status: usageStatus)
    }
}
