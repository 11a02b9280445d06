/// Decides, before anything is hashed, which files of a model to read and what digest each should
/// have: the layout's own (HF blob name, Ollama digest…), else a checksum list in the model
/// (`SHA256SUMS`, `*.sha256`); and which shards its indexes name that are absent.
struct ModelPlan: Sendable {
    struct PlannedFile: Sendable {
        var file: DiscoveredModel.File
        var expected: ExpectedDigest?
        var jobIndex: Int?
        /// BLAKE2b or shard digests a trusted signature needs, computed in the same pass.
        var signed: FileHasher.SignedDigestRequest?
    }

    var model: DiscoveredModel
    /// Files whose digest is computed: weights, and other files with an expected digest.
    var files: [PlannedFile]
    var absent: [DiscoveredModel.AbsentFile]
    var findings: [Finding]
    /// The model's `model.sig`, verified, and what it says about the files.
    var signature: SignaturePlan?
}

enum ModelPlanner {
    static func plan(_ model: DiscoveredModel, signatures: TrustPolicy? = nil, ignorePaths: [String] = []) -> ModelPlan {
        var findings = model.findings
        var absent = model.absent
        let (signature, signatureFindings) = SignaturePlan.plan(model, policy: signatures ?? .unconfigured, extraIgnores: ignorePaths)
        findings += signatureFindings
        absent += signature?.absent ?? []
        let byPath = Dictionary(model.files.map { ($0.relativePath, $0) }, uniquingKeysWith: { a, _ in a })

        // Checksum lists shipped with the model.
        var listed: [RawPath: ExpectedDigest] = [:]
        for file in model.files where file.problem == nil && ChecksumList.isChecksumListName(file.relativePath.name) {
            guard let bytes = try? FileSystem.readSmallFile(file.location, limit: 4 << 20) else {
                findings.append(Finding(code: "unreadable", severity: .warning,
                                        message: "checksum list \(file.relativePath) could not be read", path: file.relativePath))
                continue
            }
            let list = ChecksumList.parse(String(decoding: TextDecoding.droppingBOM(bytes), as: UTF8.self), fileName: file.relativePath.name)
            if !list.unreadableLines.isEmpty {
                findings.append(Finding(code: "malformed-checksum-list", severity: .warning,
                                        message: "\(file.relativePath): line(s) \(list.unreadableLines.prefix(5).map(String.init).joined(separator: ", ")) are not checksum lines",
                                        path: file.relativePath))
            }
            for entry in list.entries {
                let path = file.relativePath.sibling(entry.name)
                listed[path] = ExpectedDigest(sha256: entry.sha256, source: .sha256sums)
                if byPath[path] == nil, !absent.contains(where: { $0.relativePath == path }) {
                    absent.append(DiscoveredModel.AbsentFile(
                        relativePath: path, isWeight: WeightFileKind.isWeight(path), expected: listed[path],
                        code: "missing-file", message: "\(path) is listed in \(file.relativePath) but absent"))
                }
            }
        }

        // Shard indexes: every shard they name must be present.
        for file in model.files where file.problem == nil && ShardIndex.isIndexName(file.relativePath.name) {
            guard let bytes = try? FileSystem.readSmallFile(file.location, limit: 64 << 20) else { continue }
            let index: ShardIndex
            do {
                index = try ShardIndex.parse(bytes)
            } catch {
                findings.append(Finding(code: "corrupt-index", severity: .warning,
                                        message: "\(file.relativePath): \(error)", path: file.relativePath))
                continue
            }
            for shard in index.shards {
                let path = file.relativePath.sibling(shard)
                if byPath[path] == nil, !absent.contains(where: { $0.relativePath == path }) {
                    absent.append(DiscoveredModel.AbsentFile(
                        relativePath: path, isWeight: true, expected: nil, code: "missing-shard",
                        message: "\(file.relativePath) names shard \(shard), which is absent"))
                }
            }
        }

        var planned: [ModelPlan.PlannedFile] = []
        for file in model.files {
            let signed = signature?.requests[file.relativePath]
            let expected = signature?.expected[file.relativePath] ?? file.expected ?? listed[file.relativePath]
            guard file.isWeight || expected != nil || signed != nil else {
                // A FIFO or loop among the other files is still reported.
                if let problem = file.problem { findings.append(problem) }
                continue
            }
            planned.append(ModelPlan.PlannedFile(file: file, expected: expected, signed: signed))
        }
        return ModelPlan(model: model, files: planned, absent: absent, findings: findings, signature: signature)
    }
}
