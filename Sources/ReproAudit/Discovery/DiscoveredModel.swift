/// A model found on disk, before any file is read: its identity, its files (with the digests the
/// layout itself promises), the files it names that are absent, and problems met while walking it.
public struct DiscoveredModel: Sendable {
    /// One file of the model.
    public struct File: Sendable, Equatable {
        /// Relative to the model's path (for a model that is one file, relative to its folder).
        public var relativePath: RawPath
        /// Absolute path to open (a snapshot symlink, an Ollama blob…).
        public var location: RawPath
        /// Counts towards `checks.weights`, is inspected for unsafe content.
        public var isWeight: Bool
        /// The digest the layout promises (HF blob name, local-dir metadata, Ollama digest), if any.
        public var expected: ExpectedDigest?
        /// `stat` of the file behind any symlinks, when that worked.
        public var status: FileStatus?
        /// Set when the file must not be read: not a regular file, a symlink loop, dangling, unreadable.
        public var problem: Finding?

        public init(relativePath: RawPath, location: RawPath, isWeight: Bool, expected: ExpectedDigest? = nil, status: FileStatus? = nil, problem: Finding? = nil) {
            self.relativePath = relativePath
            self.location = location
            self.isWeight = isWeight
            self.expected = expected
            self.status = status
            self.problem = problem
        }
    }

    /// A file the model names (index, manifest, tree listing) that is not on disk.
    public struct AbsentFile: Sendable, Equatable {
        public var relativePath: RawPath
        public var isWeight: Bool
        public var expected: ExpectedDigest?
        /// Why it is absent: `missing-shard`, `missing-blob`, `missing-file`, `download-in-progress`.
        public var code: String
        public var message: String
    }

    public var identity: ModelIdentity
    public var files: [File]
    public var absent: [AbsentFile]
    /// Problems of the model as a whole (a download in progress, an unreadable folder…).
    public var findings: [Finding]
    /// Ollama layers other than weights, with their media types (for licence and template checks).
    public var ollamaLayerTypes: [RawPath: String]

    public init(identity: ModelIdentity, files: [File] = [], absent: [AbsentFile] = [], findings: [Finding] = [], ollamaLayerTypes: [RawPath: String] = [:]) {
        self.identity = identity
        self.files = files
        self.absent = absent
        self.findings = findings
        self.ollamaLayerTypes = ollamaLayerTypes
    }
}

/// What a discovery pass found under some paths.
public struct DiscoveryResult: Sendable {
    public var models: [DiscoveredModel]
    /// Problems not tied to one model (an unreadable store folder, a symlink loop between stores,
    /// a download in progress with no manifest yet, a PATH that does not exist).
    public var problems: [Finding]

    public init(models: [DiscoveredModel] = [], problems: [Finding] = []) {
        self.models = models
        self.problems = problems
    }
}
