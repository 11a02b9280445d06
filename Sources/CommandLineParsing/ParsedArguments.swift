/// The words of one command line sorted by declaration: what the parser found, read by typed key.
public struct ParsedArguments: Sendable {
    /// Values by declaration id, in command-line order (flags have one empty value per occurrence).
    var values: [String: [[UInt8]]] = [:]
    let declaration: CommandDeclaration

    init(declaration: CommandDeclaration) {
        self.declaration = declaration
    }

    /// True when the flag was given.
    public func flag(_ key: Flag) -> Bool {
        values[key.declaration.id] != nil
    }

    /// True when the flag, option or argument was given at all.
    public func isPresent(_ key: any ArgumentKey) -> Bool {
        values[key.declaration.id] != nil
    }

    /// The option's value: the last one given, or nil.
    public func value<Value>(_ key: Option<Value>) throws(UsageError) -> Value? {
        guard let bytes = values[key.declaration.id]?.last else { return nil }
        return try Value(argument: bytes, of: key.declaration)
    }

    /// Every value of a repeatable option, in order.
    public func values<Value>(_ key: Option<Value>) throws(UsageError) -> [Value] {
        var result: [Value] = []
        for bytes in values[key.declaration.id] ?? [] { result.append(try Value(argument: bytes, of: key.declaration)) }
        return result
    }

    /// A comma-separated option's values (`--integrity mismatch,corrupt`), or nil when not given.
    public func list(_ key: Option<String>) -> [String]? {
        guard let bytes = values[key.declaration.id]?.last else { return nil }
        return CommandLineParser.commaSeparated(String(decoding: bytes, as: UTF8.self))
    }

    /// The positional's value (the first when it is repeatable), or nil.
    public func value<Value>(_ key: Argument<Value>) throws(UsageError) -> Value? {
        guard let bytes = values[key.declaration.id]?.first else { return nil }
        return try Value(argument: bytes, of: key.declaration)
    }

    /// Every value of a positional.
    public func values<Value>(_ key: Argument<Value>) throws(UsageError) -> [Value] {
        var result: [Value] = []
        for bytes in values[key.declaration.id] ?? [] { result.append(try Value(argument: bytes, of: key.declaration)) }
        return result
    }
}
