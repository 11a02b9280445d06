#if canImport(Glibc)
import Glibc
#endif
import CommandLineParsing
import ReproAudit

/// `--color WHEN`: whether tables are coloured. `auto` colours only when stdout is a terminal and
/// `NO_COLOR` (https://no-color.org) is unset or empty; `always` and `never` say so explicitly
/// (`always` wins over `NO_COLOR`: the person asked).
enum ColorChoice: String {
    case auto, always, never

    static let option = Option<String>("--color", value: "WHEN",
                                       help: "Colour the verdicts: auto (when stdout is a terminal and NO_COLOR is unset or empty), always or never.",
                                       default: "auto", choices: ["auto", "always", "never"])

    init(_ arguments: ParsedArguments) throws(UsageError) {
        self = (try arguments.value(Self.option)).flatMap { ColorChoice(rawValue: $0.lowercased()) } ?? .auto
    }

    /// True when the table should be coloured.
    var isEnabled: Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto: return OutputStream.standardOutput.isTerminal && !Self.noColorRequested
        }
    }

    /// `NO_COLOR` set to something not empty.
    static var noColorRequested: Bool {
        guard let value = getenv("NO_COLOR") else { return false }
        return value.pointee != 0
    }
}
