/// What looking inside one file found: its format, whether its structure holds, and whether loading it
/// can run code. Produced by `FormatInspector` without executing or unpickling anything.
public struct FileInspection: Sendable, Equatable {
    /// `safetensors`, `gguf`, `pytorch-zip`, `pickle`, `onnx`, `keras`, `hdf5`, `numpy`, `numpy-zip`,
    /// `msgpack`, `lfs-pointer`, or nil when unknown.
    public var format: String?
    /// Set when the file's own structure is broken (integrity `corrupt`); the finding says what and where.
    public var corruption: Finding?
    /// `safe` when the format cannot run code or the inspection proved it does not; `unsafe` when it can;
    /// `unknown` when it could not be inspected.
    public var safety: SafetyStatus
    /// Safety and structure findings, with the file's relative path set.
    public var findings: [Finding]
    /// GGUF `general.*` (and `tokenizer.chat_template`) metadata, for the openness checks.
    public var metadata: [(String, JSONValue)]

    public init(format: String?, corruption: Finding? = nil, safety: SafetyStatus, findings: [Finding] = [], metadata: [(String, JSONValue)] = []) {
        self.format = format
        self.corruption = corruption
        self.safety = safety
        self.findings = findings
        self.metadata = metadata
    }

    public static func == (lhs: FileInspection, rhs: FileInspection) -> Bool {
        lhs.format == rhs.format && lhs.corruption == rhs.corruption && lhs.safety == rhs.safety
            && lhs.findings == rhs.findings && JSONValue.object(lhs.metadata) == JSONValue.object(rhs.metadata)
    }
}
