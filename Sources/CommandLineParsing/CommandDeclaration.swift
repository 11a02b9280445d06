/// A subcommand as it is declared: its name, what it is for, its arguments, what its exit statuses
/// mean and examples. The parser, `help`, the man page, the completions and docs/cli.md all read it.
public struct CommandDeclaration: Sendable {
    /// Arguments of which at most one may be given (`--log FILE | --config FILE`).
    public struct Exclusive: Sendable, Hashable {
        /// The members' ids (`ArgumentDeclaration.id`).
        public var ids: [String]
        /// The error when more than one is given; a generic one when nil.
        public var message: String?

        public init(_ keys: any ArgumentKey..., message: String? = nil) {
            ids = keys.map(\.declaration.id)
            self.message = message
        }
    }

    /// One exit status and when it happens.
    public struct ExitStatus: Sendable, Hashable {
        public var code: Int32
        public var meaning: String

        public init(_ code: Int32, _ meaning: String) {
            self.code = code
            self.meaning = meaning
        }
    }

    /// An example command line, with an optional comment saying what it does.
    public struct Example: Sendable, Hashable {
        public var command: String
        public var comment: String?

        public init(_ command: String, _ comment: String? = nil) {
            self.command = command
            self.comment = comment
        }
    }

    public var name: String
    /// One line for the command list.
    public var abstract: String
    /// Paragraphs for people, separated by blank lines; wrapped by the renderers.
    public var discussion: String
    public var arguments: [ArgumentDeclaration]
    public var exclusive: [Exclusive]
    public var exitStatuses: [ExitStatus]
    public var examples: [Example]

    public init(name: String, abstract: String, discussion: String, arguments: [any ArgumentKey],
                exclusive: [Exclusive] = [], exitStatuses: [ExitStatus], examples: [Example]) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.arguments = arguments.map(\.declaration)
        self.exclusive = exclusive
        self.exitStatuses = exitStatuses
        self.examples = examples
        let ids = self.arguments.map(\.id)
        precondition(Set(ids).count == ids.count, "\(name): an argument is declared twice")
        let names = self.arguments.flatMap(\.names)
        precondition(Set(names).count == names.count, "\(name): an option name is declared twice")
        precondition(!names.contains("--help") && !names.contains("-h"), "\(name): --help is every command's")
        precondition(exclusive.allSatisfy { $0.ids.allSatisfy(ids.contains) }, "\(name): exclusive names an undeclared argument")
        precondition(self.arguments.filter { $0.kind == .positional }.dropLast().allSatisfy { !$0.isRepeatable },
                     "\(name): only the last positional may be repeatable")
    }

    /// The options (flags and options), in declaration order.
    public var options: [ArgumentDeclaration] { arguments.filter { $0.kind != .positional } }
    /// The positional arguments, in order.
    public var positionals: [ArgumentDeclaration] { arguments.filter { $0.kind == .positional } }

    /// The declaration whose names include `name`.
    func option(named name: String) -> ArgumentDeclaration? {
        options.first { $0.names.contains(name) }
    }
}
