/// Where a conclusion came from: a file (relative to the model) and what in it says so.
public struct Evidence: Sendable, Equatable {
    public var path: RawPath?
    /// The line, key or sentence that supports the conclusion, e.g. "front matter license: apache-2.0".
    public var detail: String

    public init(path: RawPath?, detail: String) {
        self.path = path
        self.detail = detail
    }
}
