/// Sorts a subcommand's words (bytes, as in `argv`) by its declaration: a pure function from words
/// to `ParsedArguments` or a `UsageError`.
///
/// Accepts `--name value`, `--name=value`, `-x value`, flags, positionals in any order among the
/// options, and `--` after which every word is positional (a file named `--json` is `-- --json`).
/// `--help` or `-h` before `--` asks for the command's help.
public enum CommandLineParser {
    /// What a command line asks for.
    public enum Outcome: Sendable {
        case arguments(ParsedArguments)
        case help
    }

    public static func parse(_ words: [[UInt8]], for declaration: CommandDeclaration) throws(UsageError) -> Outcome {
        let dashDash = words.firstIndex(of: Array("--".utf8)) ?? words.endIndex
        if words[..<dashDash].contains(where: { $0 == Array("--help".utf8) || $0 == Array("-h".utf8) }) { return .help }
        var parsed = ParsedArguments(declaration: declaration)
        var positionals: [[UInt8]] = []
        var index = 0
        var optionsEnded = false
        while index < words.count {
            let word = words[index]
            index += 1
            if optionsEnded || word.first != UInt8(ascii: "-") || word.count == 1 {
                positionals.append(word)
                continue
            }
            if word == Array("--".utf8) {
                optionsEnded = true
                continue
            }
            let equals = word.starts(with: Array("--".utf8)) ? word.firstIndex(of: UInt8(ascii: "=")) : nil
            let name = String(decoding: equals.map { word[..<$0] } ?? word[...], as: UTF8.self)
            let inline = equals.map { Array(word[($0 + 1)...]) }
            guard let option = declaration.option(named: name) else {
                throw UsageError("unknown option \"\(String(decoding: word, as: UTF8.self))\""
                                 + Suggestion.didYouMean(name, among: declaration.options.flatMap(\.names) + ["--help"]))
            }
            switch option.kind {
            case .flag:
                if inline != nil { throw UsageError("\(name) takes no value") }
                parsed.values[option.id, default: []].append([])
            case .option:
                let value: [UInt8]
                if let inline {
                    value = inline
                } else {
                    guard index < words.count else { throw UsageError("\(name) needs a value") }
                    value = words[index]
                    index += 1
                }
                try check(value, against: option)
                parsed.values[option.id, default: []].append(value)
            case .positional:
                preconditionFailure("options are flags or options")
            }
        }
        try assign(positionals, to: &parsed)
        try checkRequiredAndExclusive(parsed)
        return .arguments(parsed)
    }

    /// Splits `a,b , c` into `["a", "b", "c"]`.
    public static func commaSeparated(_ text: String) -> [String] {
        text.split(separator: ",").map { String($0.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }
            .filter { !$0.isEmpty }
    }

    /// A value outside the declared choices or range is a usage error naming them.
    static func check(_ value: [UInt8], against option: ArgumentDeclaration) throws(UsageError) {
        if option.range != nil { _ = try Int(argument: value, of: option) }
        guard !option.choices.isEmpty else { return }
        let text = String(decoding: value, as: UTF8.self)
        let allowed = option.choices.joined(separator: ", ")
        switch option.choiceStyle {
        case .one:
            guard option.choices.contains(where: { $0.lowercased() == text.lowercased() }) else {
                throw UsageError("\(option.id) takes \(allowed), not \"\(text)\"" + Suggestion.didYouMean(text, among: option.choices))
            }
        case .commaSeparated:
            let values = commaSeparated(text)
            for value in values where !option.choices.contains(value) {
                throw UsageError("\(option.id) takes \(allowed), not \"\(value)\"" + Suggestion.didYouMean(value, among: option.choices))
            }
            guard !values.isEmpty else { throw UsageError("\(option.id) needs a value") }
        }
    }

    /// Hands the positional words to the declared positionals in order; the repeatable last one takes the rest.
    static func assign(_ words: [[UInt8]], to parsed: inout ParsedArguments) throws(UsageError) {
        let declared = parsed.declaration.positionals
        var remaining = words[...]
        for positional in declared {
            guard let first = remaining.first else { break }
            if positional.isRepeatable {
                parsed.values[positional.id] = Array(remaining)
                remaining = []
            } else {
                parsed.values[positional.id] = [first]
                remaining = remaining.dropFirst()
            }
        }
        guard let extra = remaining.first else { return }
        if declared.count == 1, let only = declared.first {
            throw UsageError("\(parsed.declaration.name) takes one \(only.valueName), not \(words.count)")
        }
        throw UsageError("unexpected argument \"\(String(decoding: extra, as: UTF8.self))\"")
    }

    static func checkRequiredAndExclusive(_ parsed: ParsedArguments) throws(UsageError) {
        let declaration = parsed.declaration
        for argument in declaration.arguments where argument.isRequired && parsed.values[argument.id] == nil {
            switch argument.kind {
            case .positional: throw UsageError("name the \(argument.valueName) to \(declaration.name)")
            default: throw UsageError("\(argument.synopsis) is required")
            }
        }
        for group in declaration.exclusive {
            let given = group.ids.filter { parsed.values[$0] != nil }
            guard given.count > 1 else { continue }
            let shown = given.compactMap { id in declaration.arguments.first { $0.id == id }?.synopsis }
            throw UsageError(group.message ?? "give \(shown.joined(separator: " or ")), not both")
        }
    }
}
