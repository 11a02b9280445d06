/// Turns a model's plan and the results of reading its files into its `AuditRecord`: per-file status
/// against the expected digest or the baseline, findings, the integrity and safety verdicts, and the
/// openness report.
struct RecordAssembler {
    let options: AuditOptions

    func assemble(_ plan: ModelPlan, results: [FileAudit?]) -> AuditRecord {
        var findings = plan.findings
        var serialization: [Finding] = []
        var files: [WeightFileResult] = []
        var integrity: IntegrityStatus = .verified
        var safety: SafetyStatus = .safe
        var inspectedWeights = 0
        var ggufMetadata: [(String, JSONValue)] = []
        var bytesHashed: Int64 = 0
        var signatureShards: [SignatureReport.Shard] = []
        let model = plan.model

        for planned in plan.files {
            let file = planned.file
            var expected = planned.expected
            var entry = WeightFileResult(path: file.relativePath, size: file.status?.size, expectedSHA256: expected?.sha256,
                                         expectedGitSHA1: expected?.gitSHA1, expectedFrom: expected?.source,
                                         status: .unverified, isWeight: file.isWeight)
            if let problem = file.problem {
                entry.status = .unreadable
                findings.append(problem)
                if file.isWeight { safety = max(safety, .unknown) }
                files.append(entry)
                continue
            }
            guard let jobIndex = planned.jobIndex, let audit = results[jobIndex] else {
                entry.status = .error
                files.append(entry)
                continue
            }
            bytesHashed += audit.bytesRead
            entry.size = audit.size ?? entry.size
            entry.sha256 = audit.sha256
            entry.gitSHA1 = expected?.gitSHA1 != nil ? audit.gitSHA1 : nil
            entry.format = audit.inspection?.format

            if let failure = audit.failure {
                switch failure {
                case .changedDuringRead:
                    entry.status = .incomplete
                    findings.append(Finding(code: "file-changing", severity: .info,
                                            message: "\(file.relativePath) changed while it was read (still being written?); it will be hashed again later",
                                            path: file.relativePath))
                case .notRegularFile(let kind):
                    entry.status = .unreadable
                    findings.append(PathProblem.notRegular(kind, at: file.location, reportAs: file.relativePath))
                case .system(let error):
                    entry.status = .unreadable
                    findings.append(PathProblem.finding(for: error, at: file.location, reportAs: file.relativePath, what: "file"))
                case .cancelled:
                    entry.status = .error
                }
                if file.isWeight { safety = max(safety, .unknown) }
                files.append(entry)
                continue
            }

            if let pointer = audit.lfsPointer {
                expected = expected ?? ExpectedDigest(sha256: pointer.sha256, size: pointer.size, source: .lfsPointer)
                entry.expectedSHA256 = expected?.sha256 ?? pointer.sha256
                entry.expectedFrom = expected?.source ?? .lfsPointer
                entry.status = .incomplete
                findings.append(Finding(code: "lfs-pointer-not-fetched", severity: .warning,
                                        message: "\(file.relativePath) is a git-LFS pointer (\(pointer.size) bytes not fetched): run `git lfs pull`",
                                        path: file.relativePath))
                files.append(entry)
                continue
            }

            entry.status = compare(audit: audit, expected: expected, entry: &entry, findings: &findings, path: file.relativePath, location: file.location)
            if planned.signed != nil, let resources = plan.signature?.resources[file.relativePath] {
                entry.status = SignedDigestComparison.compare(audit: audit, resources: resources, entry: &entry, findings: &findings,
                                                              shards: &signatureShards, path: file.relativePath)
            }

            if let inspection = audit.inspection, file.isWeight {
                inspectedWeights += 1
                safety = max(safety, inspection.safety)
                serialization += inspection.findings
                if let corruption = inspection.corruption {
                    if entry.status != .mismatch { entry.status = .corrupt }
                    findings.append(corruption)
                }
                if inspection.format == "gguf", ggufMetadata.isEmpty { ggufMetadata = inspection.metadata }
            }
            files.append(entry)
        }

        for item in plan.absent {
            integrity = max(integrity, .incomplete)
            let severity: Finding.Severity = item.code == "download-in-progress" ? .info : item.code == "signature-missing-file" ? .critical : .warning
            findings.append(Finding(code: item.code, severity: severity,
                                    message: item.message, path: item.relativePath))
            files.append(WeightFileResult(path: item.relativePath, size: item.expected?.size, expectedSHA256: item.expected?.sha256,
                                          expectedGitSHA1: item.expected?.gitSHA1, expectedFrom: item.expected?.source,
                                          status: .incomplete, isWeight: item.isWeight))
        }
        for finding in plan.findings {
            switch finding.code {
            case "download-in-progress", "missing-file", "missing-blob", "missing-shard": integrity = max(integrity, .incomplete)
            case "corrupt-manifest" where finding.severity == .critical: integrity = max(integrity, .corrupt)
            case "unreadable": integrity = max(integrity, .error)
            default: break
            }
        }
        for file in files { integrity = max(integrity, file.status.asModelStatus) }
        let shardFindings = ShardSetCheck.findings(for: model)
        if shardFindings.contains(where: { $0.severity == .critical }) { integrity = max(integrity, .corrupt) }
        findings += shardFindings
        let weightCount = files.filter(\.isWeight).count
        if weightCount == 0 {
            safety = .unknown
        } else if inspectedWeights < files.filter({ $0.isWeight && $0.status != .incomplete }).count {
            safety = max(safety, .unknown)
        }

        // Chat templates outside GGUF (tokenizer_config.json, chat_template.jinja/.json).
        let templateFindings = Self.chatTemplateFindings(model)
        if !templateFindings.isEmpty { safety = .unsafe }
        serialization += templateFindings

        let content = ContentGatherer.gather(model, ggufMetadata: ggufMetadata)
        let openness = OpennessAssessor.assess(content)
        findings += serialization.filter { finding in !findings.contains(finding) }
        findings += openness.findings
        findings = Self.sorted(findings)

        var record = AuditRecord(
            time: .now(), host: options.host, trigger: options.trigger, model: model.identity, integrity: integrity,
            safety: safety, files: files, serializationFindings: serialization, openness: openness, findings: findings,
            durationMilliseconds: 0, bytesHashed: bytesHashed)
        if let signature = plan.signature {
            let verification = signature.verification
            let manifest = verification.manifest
            record.signature = SignatureReport(
                status: verification.status, bundle: signature.bundlePath, method: verification.method, signer: verification.signer,
                issuer: verification.issuer, signedAt: verification.signedAt,
                serialization: manifest.map { "\($0.method.rawValue)/\($0.hashType)" },
                filesSigned: signature.resources.count, ignored: signature.ignored, evidence: verification.evidence,
                shards: signatureShards, bundleSHA256: verification.bundleSHA256)
        }
        return record
    }

    /// `chat-template-injection` findings of the model's chat template files.
    static func chatTemplateFindings(_ model: DiscoveredModel) -> [Finding] {
        var findings: [Finding] = []
        for file in model.files where file.problem == nil && file.status?.isRegular == true && model.identity.layout != .ollama
            && ChatTemplateFileCheck.isTemplateFile(file.relativePath) {
            guard let bytes = try? FileSystem.readSmallFile(file.location, limit: ChatTemplateFileCheck.maximumSize) else { continue }
            findings += ChatTemplateFileCheck.findings(bytes: bytes, path: file.relativePath)
        }
        return findings
    }

    /// Status of a hashed file against its expected digest, else its baseline.
    private func compare(audit: FileAudit, expected: ExpectedDigest?, entry: inout WeightFileResult, findings: inout [Finding], path: RawPath, location: RawPath) -> IntegrityStatus {
        if let expected {
            if let wanted = expected.sha256 {
                if audit.sha256 == wanted { return .verified }
                findings.append(Finding(code: "checksum-mismatch", severity: .critical,
                                        message: "\(path): SHA-256 \(audit.sha256 ?? "?") differs from \(wanted) (\(expected.source.rawValue))"
                                            + (expected.size.map { $0 != audit.size ? "; size \(audit.size ?? -1) instead of \($0)" : "" } ?? ""),
                                        path: path))
                return .mismatch
            }
            if let wanted = expected.gitSHA1 {
                if audit.gitSHA1 == wanted { return .verified }
                findings.append(Finding(code: "checksum-mismatch", severity: .critical,
                                        message: "\(path): git blob SHA-1 \(audit.gitSHA1 ?? "?") differs from \(wanted) (\(expected.source.rawValue))",
                                        path: path))
                return .mismatch
            }
        }
        if let store = options.digestStore, let baseline = store.baseline(path: location), let sha = audit.sha256,
           let fingerprint = audit.fingerprint, baseline.sha256 != sha,
           baseline.size == fingerprint.size, baseline.modificationTimeNanoseconds == fingerprint.modificationTimeNanoseconds {
            entry.expectedSHA256 = baseline.sha256
            entry.expectedFrom = .baseline
            findings.append(Finding(code: "weights-changed-silently", severity: .critical,
                                    message: "\(path): content changed while size and modification time stayed the same (SHA-256 \(sha), baseline \(baseline.sha256)); accept it with `reproaudit accept` if deliberate",
                                    path: path))
            return .mismatch
        }
        if let store = options.digestStore, store.alarmsOnChange(path: location), let baseline = store.baseline(path: location),
           let sha = audit.sha256, baseline.sha256 != sha {
            entry.expectedSHA256 = baseline.sha256
            entry.expectedFrom = .baseline
            findings.append(Finding(code: "baseline-changed", severity: .critical,
                                    message: "\(path): content differs from its accepted baseline (SHA-256 \(sha), baseline \(baseline.sha256)) under on_change: alarm; accept it with `reproaudit accept` if deliberate",
                                    path: path))
            return .mismatch
        }
        if let store = options.digestStore, let baseline = store.baseline(path: location), baseline.sha256 == audit.sha256 {
            entry.expectedSHA256 = baseline.sha256
            entry.expectedFrom = .baseline
        }
        return .unverified
    }

    static func sorted(_ findings: [Finding]) -> [Finding] {
        findings.enumerated().sorted { a, b in
            if a.element.severity != b.element.severity { return a.element.severity > b.element.severity }
            return a.offset < b.offset
        }.map(\.element)
    }
}
