/// A finding code reproaudit writes, with its family, default severity and meaning.
///
/// `FindingCode.catalogue` is the one list of them: the findings table of `docs/audit-record.md` is
/// generated from it, and a test holds every code written in the sources to it, so a new code cannot
/// ship undocumented and a documented code cannot silently disappear.
public struct FindingCode: Sendable, Hashable {
    /// Where a code belongs, in the order the documentation lists the families.
    public enum Family: String, Sendable, CaseIterable {
        case integrity = "integrity"
        case structureAndSafety = "structure and safety"
        case openness = "openness"
        case filesAndFolders = "files and folders"
        case signatures = "signatures ([signatures.md](signatures.md))"
        case daemonErrors = "daemon (`error` lines)"
        case daemonWarnings = "daemon (`warning` lines)"
    }

    /// The kebab-case code; `<component>-not-local` stands for one code per openness component.
    public let code: String
    public let family: Family
    /// The severity it is written with (nil on daemon lines, which carry none but `state-lost`'s);
    /// `alternative` names the other one where the context changes it.
    public let severity: Finding.Severity?
    public let alternative: Finding.Severity?
    /// What it means, for the documentation.
    public let meaning: String

    init(_ code: String, _ family: Family, _ severity: Finding.Severity?, or alternative: Finding.Severity? = nil, _ meaning: String) {
        self.code = code
        self.family = family
        self.severity = severity
        self.alternative = alternative
        self.meaning = meaning
    }

    /// The catalogue entry for `code`, or nil for a code reproaudit does not write.
    public static func named(_ code: String) -> FindingCode? {
        if let entry = byCode[code] { return entry }
        if code.hasSuffix("-not-local") { return byCode["<component>-not-local"] }
        return nil
    }

    private static let byCode: [String: FindingCode] = Dictionary(uniqueKeysWithValues: catalogue.map { ($0.code, $0) })
}

extension FindingCode {
    /// Every code, by family.
    public static let catalogue: [FindingCode] = [
        // Integrity
        .init("checksum-mismatch", .integrity, .critical, "a file's SHA-256 (or git blob id) differs from the digest that came with the model or from its signature"),
        .init("weights-changed-silently", .integrity, .critical, "a weight file's content changed while its size and modification time stayed (daemon baseline)"),
        .init("baseline-changed", .integrity, .critical, "content differs from the accepted baseline under `on_change: alarm`, until `reproaudit accept`"),
        .init("file-changing", .integrity, .info, "a file changed while it was being read, even after retries; it is left unverified, never called a mismatch"),
        .init("missing-shard", .integrity, .warning, "a shard the shard index names is absent (integrity `incomplete`)"),
        .init("missing-blob", .integrity, .warning, "a Hugging Face snapshot link or Ollama layer points at a blob that is not there"),
        .init("missing-file", .integrity, .warning, "a file the model's manifest lists is absent"),
        .init("download-in-progress", .integrity, .info, "a `.incomplete`/`-partial` download sits beside the model (integrity `incomplete`)"),
        .init("lfs-pointer-not-fetched", .integrity, .warning, "the file is a Git LFS pointer, not the weights (integrity `incomplete`)"),
        .init("shard-index-mismatch", .integrity, .critical, "the shard index and the shards' own headers disagree (model `corrupt`)"),
        .init("invalid-shard-index", .integrity, .warning, "the shard index is not the JSON it should be"),
        .init("corrupt-index", .integrity, .warning, "an index file could not be read as what it claims to be"),
        .init("malformed-checksum-list", .integrity, .warning, "a SHA256SUMS or `*.sha256` line is in none of the GNU or BSD forms"),
        .init("corrupt-manifest", .integrity, .critical, or: .warning, "an Ollama manifest or `trees/<commit>.json` is unreadable (critical when it is the model's only manifest)"),
        .init("corrupt-metadata", .integrity, .warning, "Hugging Face local-dir download metadata is unreadable"),
        // Structure and safety
        .init("corrupt-safetensors", .structureAndSafety, .critical, "the safetensors header or data layout is broken (integrity `corrupt`)"),
        .init("corrupt-gguf", .structureAndSafety, .critical, "the GGUF header, metadata or tensor table is broken"),
        .init("corrupt-pickle", .structureAndSafety, .critical, "the pickle stream is broken"),
        .init("corrupt-zip", .structureAndSafety, .critical, "the zip archive (PyTorch, NumPy `.npz`, Keras) is broken"),
        .init("corrupt-tar", .structureAndSafety, .critical, "a legacy tar `torch.save` file is broken"),
        .init("corrupt-numpy", .structureAndSafety, .critical, "the `.npy` header is broken or the data is truncated"),
        .init("corrupt-keras", .structureAndSafety, .critical, "the Keras archive or its configuration is broken"),
        .init("corrupt-hdf5", .structureAndSafety, .critical, "the HDF5 file could not be read"),
        .init("corrupt-onnx", .structureAndSafety, .critical, "the ONNX protobuf is broken"),
        .init("unsafe-pickle", .structureAndSafety, .critical, "a pickle imports or calls something that runs code when loaded (`imports` lists what)"),
        .init("unknown-pickle-import", .structureAndSafety, .warning, "a pickle imports something outside the allow-list: safety `unknown`; says what `weights_only=True` would do"),
        .init("parser-differential", .structureAndSafety, .warning, "readers would disagree about the file (frames, PROTO, zip names or flags); `offset` names where"),
        .init("pickle-expansion", .structureAndSafety, .warning, "memo/DUP structures that expand enormously when loaded"),
        .init("torchscript-code", .structureAndSafety, .warning, "TorchScript code was not proven harmless: safety `unknown`"),
        .init("torchscript-dangerous-call", .structureAndSafety, .critical, "TorchScript code calls something that reads, writes or runs"),
        .init("gguf-template-injection", .structureAndSafety, .critical, "a GGUF chat template reaches Python internals (template injection)"),
        .init("chat-template-injection", .structureAndSafety, .critical, "a Hugging Face chat template (`tokenizer_config.json`, `chat_template.*`) reaches Python internals"),
        .init("keras-unsafe-object", .structureAndSafety, .critical, "a Keras config names an object from a module that runs code"),
        .init("keras-custom-object", .structureAndSafety, .warning, "a Keras config names an object outside Keras: loading imports its module"),
        .init("keras-lambda-layer", .structureAndSafety, .critical, "a Keras `Lambda` layer carries code that runs when loaded"),
        .init("gguf-unknown-tensor-type", .structureAndSafety, .info, "a GGUF tensor type this version does not know"),
        .init("numpy-object-dtype", .structureAndSafety, .info, "a NumPy object array: loading needs `allow_pickle=True` (its pickle is scanned)"),
        .init("onnx-external-data-escape", .structureAndSafety, .critical, "an ONNX external-data path leaves the model's folder"),
        .init("hdf5-config-unreadable", .structureAndSafety, .warning, "the HDF5 `model_config` could not be found or read"),
        .init("not-inspected", .structureAndSafety, .info, or: .warning, "a format reproaudit cannot inspect (TFLite, SavedModel, Core ML…): safety `unknown`"),
        .init("inspection-limit", .structureAndSafety, .warning, "inspection stopped at a bound (size, members, depth): safety `unknown`"),
        // Openness
        .init("open-washing", .openness, .warning, "the card calls this model open source but its evidence or licence says otherwise (the sentence is quoted)"),
        .init("restricted-license", .openness, .warning, "the licence limits use: user caps, fields of use, gated terms"),
        .init("non-commercial-license", .openness, .warning, "the licence forbids commercial use"),
        .init("license-mismatch", .openness, .warning, "the card's licence tag and the licence text disagree; the stricter wins"),
        .init("license-modified", .openness, .warning, "a recognised open licence text with extra sentences that do not restrict use"),
        .init("license-unrecognised", .openness, .warning, or: .info, "the licence text is not one reproaudit knows; its first distinctive line is quoted"),
        .init("no-license", .openness, .warning, "no licence tag, file or section was found"),
        .init("gated-model", .openness, .info, "the card says access is gated behind terms"),
        .init("malformed-card", .openness, .warning, "the card's front matter is not valid YAML (the line is named)"),
        .init("card-encoding-unsupported", .openness, .warning, "the card is UTF-16/UTF-32 or not text"),
        .init("text-encoding-unsupported", .openness, .info, "a licence or other text file is not UTF-8 text"),
        .init("training-recipe-not-linked", .openness, .info, "the card names a fine-tuning library but links no config or recipe"),
        .init("<component>-not-local", .openness, .info, "a component only referenced, not shipped (e.g. `training-code-not-local`, `data-not-local`)"),
        // Files and folders
        .init("not-regular-file", .filesAndFolders, .warning, "a FIFO, socket or device where a file should be; never opened for reading"),
        .init("symlink-loop", .filesAndFolders, .warning, "a symbolic link loop (self, ancestor or `/`)"),
        .init("dangling-symlink", .filesAndFolders, .warning, "a symbolic link to nothing"),
        .init("pseudo-file-system", .filesAndFolders, .warning, "/proc, /sys and other pseudo file systems are not searched"),
        .init("unreadable", .filesAndFolders, .warning, "a file or folder could not be read (`errno` kept)"),
        .init("vanished", .filesAndFolders, .warning, "a file disappeared between discovery and reading"),
        .init("too-deep", .filesAndFolders, .warning, "folders nest deeper than reproaudit searches"),
        .init("too-many-files", .filesAndFolders, .warning, "a model holds more files than reproaudit reads"),
        // Signatures
        .init("signature-invalid", .signatures, .critical, "the bundle is malformed, its signature, chain, log entry, SCT or time does not verify, or a digest type is unknown"),
        .init("signature-untrusted", .signatures, .warning, "valid, but by a key, CA or identity the trust policy does not name"),
        .init("signature-unknown-log", .signatures, .warning, "the bundle's log or CA key is not in the trusted root"),
        .init("signature-unsigned-file", .signatures, .critical, "a file of the model is not covered by the signature"),
        .init("signature-missing-file", .signatures, .critical, "a file the signature covers is absent"),
        .init("signature-required", .signatures, .critical, "the trust policy requires a signature and the model has none"),
        .init("signature-expiring", .signatures, .warning, "the signing certificate expires within 30 days"),
        // Daemon error lines
        .init("metrics-unwritable", .daemonErrors, nil, "the Prometheus metrics file could not be written"),
        .init("state-lost", .daemonErrors, .critical, "`state.json` missing or empty at start while the log shows models; members `severity`, `rebuilt`, `lost`"),
        .init("state-deleted", .daemonErrors, nil, "`state.json` was deleted while running; it is written again"),
        // Daemon warning lines
        .init("watch-root-missing", .daemonWarnings, nil, "a watch root that does not exist yet, said once"),
        .init("network-file-system", .daemonWarnings, nil, "a root on NFS, CIFS, Lustre, FUSE… is polled (`poll_seconds`)"),
        .init("reverify-period-not-met", .daemonWarnings, nil, "re-verifying everything at `reverify_rate_mb_s` takes longer than `reverify_hours`"),
    ]

    /// The findings table of `docs/audit-record.md`, as Markdown.
    public static func markdownTable() -> String {
        var lines = ["| family | code | severity | meaning |", "|---|---|---|---|"]
        for family in Family.allCases {
            for entry in catalogue where entry.family == family {
                let severity = (entry.severity?.rawValue ?? "-") + (entry.alternative.map { " or \($0.rawValue)" } ?? "")
                lines.append("| \(family.rawValue) | `\(entry.code)` | \(severity) | \(entry.meaning) |")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
