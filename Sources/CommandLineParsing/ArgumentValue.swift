/// A type a command-line word converts to. Words are bytes (`argv` as the kernel gave it), so a
/// path that is not UTF-8 reaches the command exactly.
public protocol ArgumentValue: Sendable {
    /// Converts one word; a word it cannot take is a `UsageError` naming the option and the word.
    init(argument bytes: [UInt8], of declaration: ArgumentDeclaration) throws(UsageError)
}

extension String: ArgumentValue {
    /// Text; bytes that are not UTF-8 become U+FFFD (use a byte-keeping type for paths).
    public init(argument bytes: [UInt8], of declaration: ArgumentDeclaration) throws(UsageError) {
        self = String(decoding: bytes, as: UTF8.self)
    }
}

extension Int: ArgumentValue {
    /// A whole number in the declaration's `range` (any `Int` without one).
    public init(argument bytes: [UInt8], of declaration: ArgumentDeclaration) throws(UsageError) {
        let text = String(decoding: bytes, as: UTF8.self)
        let range = declaration.range ?? Int.min...Int.max
        guard let value = Int(text), range.contains(value) else {
            throw UsageError("\(declaration.id) takes a whole number from \(range.lowerBound) to \(range.upperBound), not \"\(text)\"")
        }
        self = value
    }
}

extension Array: ArgumentValue where Element == UInt8 {
    /// The word's bytes, exactly.
    public init(argument bytes: [UInt8], of declaration: ArgumentDeclaration) throws(UsageError) {
        self = bytes
    }
}
