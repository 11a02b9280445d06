/// One flag, option or positional argument of a command as it is declared: everything the parser
/// accepts and everything help, the man page, the completions and docs/cli.md say about it.
///
/// Commands declare these once (through the typed `Flag`, `Option` and `Argument` keys); nothing
/// else in the program spells an option's name, value name or help.
public struct ArgumentDeclaration: Sendable, Hashable {
    /// What kind of word it is on the command line.
    public enum Kind: Sendable, Hashable {
        /// `--json`: present or not.
        case flag
        /// `--log FILE` or `--log=FILE`.
        case option
        /// A word that is not an option, in order (`PATH…`, `MODEL`).
        case positional
    }

    /// How the values of an option with `choices` are written.
    public enum ChoiceStyle: Sendable, Hashable {
        /// One of the choices (ASCII case-insensitive).
        case one
        /// One or more of the choices, comma-separated (`--integrity mismatch,corrupt`).
        case commaSeparated
    }

    /// What a shell should offer when completing the value.
    public enum Completion: Sendable, Hashable {
        case none
        case file
        case directory
        /// Files, directories, or words: a path or a name (`MODEL`).
        case fileOrWord
        /// The program's command names (`help COMMAND`).
        case commandName
    }

    public var kind: Kind
    /// The option's names, the preferred (long) one first: `["--follow", "-f"]`. Empty for a positional.
    public var names: [String]
    /// `FILE`, `N`, `PATH`; the positional's name. Empty for a flag.
    public var valueName: String
    /// One or a few sentences for people; wrapped by the renderers.
    public var help: String
    /// A value may be given more than once (an option), or several values (a positional: `PATH…`).
    public var isRepeatable: Bool
    /// The command cannot run without it.
    public var isRequired: Bool
    /// What happens when it is not given, for help (`one per core`).
    public var defaultDescription: String?
    /// The values it takes, when it takes a fixed set.
    public var choices: [String]
    public var choiceStyle: ChoiceStyle
    /// The whole numbers it takes, when it takes a whole number.
    public var range: ClosedRange<Int>?
    public var completion: Completion

    public init(kind: Kind, names: [String], valueName: String, help: String, isRepeatable: Bool = false,
                isRequired: Bool = false, defaultDescription: String? = nil, choices: [String] = [],
                choiceStyle: ChoiceStyle = .one, range: ClosedRange<Int>? = nil, completion: Completion = .none) {
        precondition(kind == .positional ? names.isEmpty : !names.isEmpty, "options have names, positionals do not")
        precondition(names.allSatisfy { $0.hasPrefix("--") ? $0.count > 2 : ($0.count == 2 && $0.hasPrefix("-")) },
                     "option names are --long or -x")
        self.kind = kind
        self.names = names
        self.valueName = valueName
        self.help = help
        self.isRepeatable = isRepeatable
        self.isRequired = isRequired
        self.defaultDescription = defaultDescription
        self.choices = choices
        self.choiceStyle = choiceStyle
        self.range = range
        self.completion = completion
    }

    /// How the parser finds its values: the first name, or the positional's name.
    public var id: String { names.first ?? valueName }

    /// `--log FILE`, `--json`, `PATH…`: how usage lines and errors show it.
    public var synopsis: String {
        switch kind {
        case .flag: return id
        case .option: return id + " " + (isRequired && choices.count == 1 ? choices[0] : valueName)
        case .positional: return valueName + (isRepeatable ? "…" : "")
        }
    }

    /// `-f, --follow FILE` for the options list.
    public var label: String {
        guard kind != .positional else { return synopsis }
        let short = names.filter { !$0.hasPrefix("--") }
        let long = names.filter { $0.hasPrefix("--") }
        let value = kind == .option ? " " + valueName : ""
        return (short + long).joined(separator: ", ") + value
    }

    /// The help text with what help adds from the declaration: the choices and the default.
    public var fullHelp: String {
        var text = help
        if let defaultDescription {
            let period = text.hasSuffix(".")
            if period { text.removeLast() }
            text += " (default: \(defaultDescription))" + (period ? "." : "")
        }
        if !choices.isEmpty {
            let list = choices.joined(separator: ", ")
            text += choiceStyle == .one ? " One of: \(list)." : " One or more of, comma-separated: \(list)."
        }
        return text
    }
}
