/// The integrity result of one file: its digests, the digest it should have and where that came from.
public struct WeightFileResult: Sendable, Equatable {
    /// Relative to the model's path.
    public var path: RawPath
    public var size: Int64?
    /// Lower-case hex SHA-256 of the content, when it was read.
    public var sha256: String?
    public var expectedSHA256: String?
    /// Lower-case hex git blob SHA-1 (`blob <len>\0` + content), computed when the expected digest is one.
    public var gitSHA1: String?
    public var expectedGitSHA1: String?
    public var expectedFrom: DigestSource?
    /// `safetensors`, `gguf`, `pytorch-zip`, `pickle`, `onnx`, `keras`, `hdf5`, `numpy`, `lfs-pointer`…, or nil.
    public var format: String?
    public var status: IntegrityStatus
    /// True when this is a weight file (it counts towards `checks.weights`), false for other files whose
    /// digest was checked (configs and tokenizers in a Hugging Face cache, files listed in SHA256SUMS).
    public var isWeight: Bool

    public init(
        path: RawPath, size: Int64? = nil, sha256: String? = nil, expectedSHA256: String? = nil,
        gitSHA1: String? = nil, expectedGitSHA1: String? = nil, expectedFrom: DigestSource? = nil,
        format: String? = nil, status: IntegrityStatus, isWeight: Bool = true
    ) {
        self.path = path
        self.size = size
        self.sha256 = sha256
        self.expectedSHA256 = expectedSHA256
        self.gitSHA1 = gitSHA1
        self.expectedGitSHA1 = expectedGitSHA1
        self.expectedFrom = expectedFrom
        self.format = format
        self.status = status
        self.isWeight = isWeight
    }
}
