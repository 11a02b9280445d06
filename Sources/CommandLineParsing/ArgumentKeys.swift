/// A declared flag, option or argument: its declaration, and (through `ParsedArguments`) its typed value.
public protocol ArgumentKey: Sendable {
    var declaration: ArgumentDeclaration { get }
}

/// A boolean flag: `--json`. Declared once as a static property of its command.
public struct Flag: ArgumentKey {
    public let declaration: ArgumentDeclaration

    /// - Parameter names: the long name first, then short ones (`"--follow", "-f"`).
    public init(_ names: String..., help: String) {
        declaration = ArgumentDeclaration(kind: .flag, names: names, valueName: "", help: help)
    }
}

/// An option taking a value: `--log FILE`, `--log=FILE`. The last one wins unless it is repeatable.
public struct Option<Value: ArgumentValue>: ArgumentKey {
    public let declaration: ArgumentDeclaration

    public init(_ names: String..., value valueName: String, help: String, default defaultDescription: String? = nil,
                repeatable: Bool = false, required: Bool = false, choices: [String] = [],
                choiceStyle: ArgumentDeclaration.ChoiceStyle = .one, range: ClosedRange<Int>? = nil,
                completion: ArgumentDeclaration.Completion = .none) {
        declaration = ArgumentDeclaration(kind: .option, names: names, valueName: valueName, help: help,
                                          isRepeatable: repeatable, isRequired: required,
                                          defaultDescription: defaultDescription, choices: choices,
                                          choiceStyle: choiceStyle, range: range ?? (Value.self == Int.self ? Int.min...Int.max : nil),
                                          completion: completion)
    }
}

/// A positional argument: `MODEL`, or `PATH…` when repeatable (it then takes every word left).
public struct Argument<Value: ArgumentValue>: ArgumentKey {
    public let declaration: ArgumentDeclaration

    public init(_ name: String, help: String, repeatable: Bool = false, required: Bool = false,
                completion: ArgumentDeclaration.Completion = .none) {
        declaration = ArgumentDeclaration(kind: .positional, names: [], valueName: name, help: help,
                                          isRepeatable: repeatable, isRequired: required, completion: completion)
    }
}
