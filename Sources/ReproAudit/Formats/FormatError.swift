/// Why a file's structure could not be accepted, and where: the typed error every format parser throws.
///
/// `code` is the finding code the problem becomes (`corrupt-safetensors`, `corrupt-gguf`, `corrupt-zip`,
/// `corrupt-pickle`, `corrupt-numpy`, …); `offset` is the absolute byte offset in the file (or in the
/// archive member named by `member`) where the problem was seen.
public struct FormatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem it is, which decides how the auditor reports it.
    public enum Kind: String, Sendable, Equatable {
        /// The bytes break the format (truncated, bad header, inconsistent sizes): integrity `corrupt`.
        case malformed
        /// The file may be valid but exceeds a limit reproaudit sets to stay bounded (safety `unknown`).
        case limitExceeded
        /// A valid variant reproaudit does not read (encryption, an unknown compression, GGUF v1).
        case unsupported
        /// The bytes could not be read from the file.
        case unreadable
    }

    public var kind: Kind
    /// The finding code for a malformed file, e.g. `corrupt-gguf`.
    public var code: String
    public var message: String
    /// Byte offset of the problem, when known.
    public var offset: Int64?
    /// The archive member the offset refers to, when the problem is inside one.
    public var member: String?

    public init(_ kind: Kind = .malformed, code: String, _ message: String, offset: Int64? = nil, member: String? = nil) {
        self.kind = kind
        self.code = code
        self.message = message
        self.offset = offset
        self.member = member
    }

    public var description: String {
        var text = message
        if let offset { text += " (at byte \(offset)" + (member.map { " of member \($0)" } ?? "") + ")" }
        else if let member { text += " (in member \(member))" }
        return text
    }

    /// The error as a finding about the file at `path`: critical for a malformed file, warning otherwise.
    public func finding(path: RawPath?) -> Finding {
        var details: [(String, JSONValue)] = []
        if let offset { details.append(("offset", .integer(offset))) }
        if let member { details.append(("member", .string(member))) }
        switch kind {
        case .malformed:
            return Finding(code: code, severity: .critical, message: description, path: path, details: details)
        case .limitExceeded:
            return Finding(code: "inspection-limit", severity: .warning, message: "not fully inspected: \(description)", path: path, details: details)
        case .unsupported:
            return Finding(code: "not-inspected", severity: .warning, message: "not inspected: \(description)", path: path, details: details)
        case .unreadable:
            return Finding(code: "unreadable", severity: .warning, message: "could not read the file to inspect it: \(description)", path: path, details: details)
        }
    }

    /// Wraps a read failure.
    static func io(_ error: SystemError, code: String, offset: Int64) -> FormatError {
        FormatError(.unreadable, code: code, "\(error)", offset: offset)
    }
}
