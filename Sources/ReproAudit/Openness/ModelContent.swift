/// What the openness checks may look at for one model: its file list, the small text files that
/// carry cards and licences, GGUF metadata and Ollama layers. Gathered by the auditor, so the checks
/// themselves are pure functions of this value and easy to test.
public struct ModelContent: Sendable {
    /// One file of the model, relative to the model's path.
    public struct File: Sendable, Equatable {
        public var path: RawPath
        public var size: Int64
        /// True for weight files (`*.safetensors`, `*.gguf`, `*.bin`…, an Ollama model layer).
        public var isWeight: Bool

        public init(path: RawPath, size: Int64, isWeight: Bool) {
            self.path = path
            self.size = size
            self.isWeight = isWeight
        }
    }

    /// A layer of an Ollama manifest other than the weights (`application/vnd.ollama.image.license`,
    /// `.template`, `.system`, `.params`), with its text when it is small enough to read.
    public struct OllamaLayer: Sendable, Equatable {
        public var mediaType: String
        /// The blob's file name relative to the model path, e.g. `../../../../blobs/sha256-…`.
        public var path: RawPath
        public var text: String?

        public init(mediaType: String, path: RawPath, text: String?) {
            self.mediaType = mediaType
            self.path = path
            self.text = text
        }
    }

    public var identity: ModelIdentity
    public var files: [File]
    /// Contents of small text files (≤ `OpennessAssessor.maximumTextSize`) the assessor asked for
    /// through `OpennessAssessor.wantsText(_:)`, keyed by relative path, decoded by `TextDecoding`
    /// (a UTF-8 byte order mark removed, invalid UTF-8 repaired).
    public var texts: [RawPath: String]
    /// Files the assessor asked for that are in an encoding it does not read (UTF-16, UTF-32): relative
    /// path → encoding name. Reported, never decoded into garbage.
    public var unsupportedTexts: [RawPath: String]
    /// GGUF `general.*` and `tokenizer.chat_template` keys of the model's GGUF file(s).
    public var ggufMetadata: [(String, JSONValue)]
    public var ollamaLayers: [OllamaLayer]

    /// The file `ggufMetadata` came from, for evidence: the first `.gguf` file, or in an Ollama model
    /// (whose blobs have no extension) the first weight layer, the model layer. Nil without metadata.
    public var ggufMetadataPath: RawPath? {
        guard !ggufMetadata.isEmpty else { return nil }
        if let file = files.first(where: { $0.path.lowercasedExtension == "gguf" }) { return file.path }
        if identity.layout == .ollama { return files.first(where: \.isWeight)?.path }
        return nil
    }

    public init(identity: ModelIdentity, files: [File], texts: [RawPath: String], unsupportedTexts: [RawPath: String] = [:],
                ggufMetadata: [(String, JSONValue)] = [], ollamaLayers: [OllamaLayer] = []) {
        self.identity = identity
        self.files = files
        self.texts = texts
        self.unsupportedTexts = unsupportedTexts
        self.ggufMetadata = ggufMetadata
        self.ollamaLayers = ollamaLayers
    }
}
