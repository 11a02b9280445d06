/// Where the fields that filters look at lie in one log line: byte ranges of string contents
/// (between the quotes, still JSON-escaped), found by `LogLineScanner`.
public struct LogLineFields: Sendable, Equatable {
    public var time: Range<Int>?
    public var event: Range<Int>?
    public var host: Range<Int>?
    public var modelPath: Range<Int>?
    public var modelPathBytes: Range<Int>?
    public var modelName: Range<Int>?
    public var integrity: Range<Int>?
    public var safety: Range<Int>?
    public var openness: Range<Int>?

    public init() {}
}
