/// A digest a file should have, and where that expectation came from.
public struct ExpectedDigest: Sendable, Equatable {
    /// Lower-case hex SHA-256 of the content.
    public var sha256: String?
    /// Lower-case hex git blob SHA-1 (`blob <len>\0` + content).
    public var gitSHA1: String?
    /// The size the source says the file has, when it says.
    public var size: Int64?
    public var source: DigestSource

    public init(sha256: String? = nil, gitSHA1: String? = nil, size: Int64? = nil, source: DigestSource) {
        self.sha256 = sha256?.lowercased()
        self.gitSHA1 = gitSHA1?.lowercased()
        self.size = size
        self.source = source
    }

    /// Reads a content address as Hugging Face names blobs and etags: 64 hex digits are a SHA-256,
    /// 40 are a git blob SHA-1. Anything else (a Xet hash, a quoted etag) gives nil.
    public static func fromContentAddress(_ name: String, source: DigestSource) -> ExpectedDigest? {
        let trimmed = name.trimmingCharacters(in: CharacterSetLite.quotes)
        if Hex.isHex(trimmed, length: 64) { return ExpectedDigest(sha256: trimmed, source: source) }
        if Hex.isHex(trimmed, length: 40) { return ExpectedDigest(gitSHA1: trimmed, source: source) }
        return nil
    }
}

/// A few character sets without Foundation.
enum CharacterSetLite {
    static let quotes: Set<Character> = ["\"", "'", " ", "\t", "\r", "\n"]
    static let whitespace: Set<Character> = [" ", "\t", "\r", "\n"]
}

extension StringProtocol {
    func trimmingCharacters(in set: Set<Character>) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }

    /// Trimmed of spaces, tabs and line ends.
    var trimmed: String { trimmingCharacters(in: CharacterSetLite.whitespace) }
}
