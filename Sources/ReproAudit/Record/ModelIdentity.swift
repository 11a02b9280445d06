/// Which model a record is about: where it lives, how it is stored and what it calls itself.
public struct ModelIdentity: Sendable, Equatable, Hashable {
    /// Absolute path of the model's root (HF snapshot folder, plain folder, `.gguf` file, Ollama manifest).
    public var path: RawPath
    public var layout: ModelLayout
    /// Best-known name, e.g. `org/name` or `library/llama3:8b`.
    public var name: String?
    /// Commit hash or tag.
    public var revision: String?
    /// Hugging Face refs (branch or tag names) that point at `revision`.
    public var refs: [String]

    public init(path: RawPath, layout: ModelLayout, name: String?, revision: String?, refs: [String] = []) {
        self.path = path
        self.layout = layout
        self.name = name
        self.revision = revision
        self.refs = refs
    }

    /// A short label for tables: the name, or the path's last component.
    public var label: String {
        var base = name ?? path.name
        if layout == .hfCache || layout == .hfLocalDir, let revision, !revision.isEmpty {
            base += "@" + String(revision.prefix(8))
        }
        return base
    }
}
