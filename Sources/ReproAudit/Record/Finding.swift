/// One problem or notable fact about a model, with a stable kebab-case `code` machines can match on
/// and a `message` written for people.
public struct Finding: Sendable, Equatable {
    /// How much it matters: `critical` makes `scan` exit 1.
    public enum Severity: String, Sendable, Comparable, CaseIterable {
        case info, warning, critical

        private var rank: Int {
            switch self {
            case .info: 0
            case .warning: 1
            case .critical: 2
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// Stable identifier, e.g. `checksum-mismatch`, `unsafe-pickle`, `symlink-loop`.
    public var code: String
    public var severity: Severity
    /// What is wrong and, where possible, what to do about it.
    public var message: String
    /// The file it concerns, relative to the model's path, if it concerns one file.
    public var path: RawPath?
    /// Extra machine-readable facts (byte offset, archive member, import names…).
    public var details: [(String, JSONValue)]

    public init(code: String, severity: Severity, message: String, path: RawPath? = nil, details: [(String, JSONValue)] = []) {
        self.code = code
        self.severity = severity
        self.message = message
        self.path = path
        self.details = details
    }

    public static func == (lhs: Finding, rhs: Finding) -> Bool {
        lhs.code == rhs.code && lhs.severity == rhs.severity && lhs.message == rhs.message && lhs.path == rhs.path
            && JSONValue.object(lhs.details) == JSONValue.object(rhs.details)
    }
}
