/// Why a JSON text could not be read, and where (byte offset and line).
public struct JSONError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// Byte offset of the problem in the input.
    public var offset: Int
    /// 1-based line of the problem.
    public var line: Int

    public init(message: String, offset: Int, line: Int) {
        self.message = message
        self.offset = offset
        self.line = line
    }

    public var description: String { "line \(line): \(message)" }
}
