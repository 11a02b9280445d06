/// What a model's `model.sig` means for its audit, decided before anything is hashed: the verified
/// signature, the digest each signed file must have (only when the signer is trusted), the extra
/// digests (BLAKE2b, shards) to compute in the same pass, the signed files that are gone, and the
/// files the signature neither covers nor ignores.
struct SignaturePlan: Sendable {
    /// The bundle's file name, relative to the model.
    static let bundleName = "model.sig"
    /// Download markers that are never part of a signature.
    static let markerSuffixes = [".incomplete", ".part", ".tmp", ".lock"]

    var bundlePath: RawPath
    var verification: SignatureVerification
    /// Paths the predicate, the policy and `--ignore-paths` ignore (as written).
    var ignored: [String]
    /// Expected SHA-256 of signed files (trusted signers only).
    var expected: [RawPath: ExpectedDigest] = [:]
    /// Extra digests to compute per signed file (trusted, non-SHA-256 or shards).
    var requests: [RawPath: FileHasher.SignedDigestRequest] = [:]
    /// Signed resources per file, in manifest order (for shards: one per range).
    var resources: [RawPath: [SignedManifest.Resource]] = [:]
    var absent: [DiscoveredModel.AbsentFile] = []
    var findings: [Finding] = []

    /// The plan for `model`, or nil when it has no bundle (and no policy requires one).
    static func plan(_ model: DiscoveredModel, policy: TrustPolicy, extraIgnores: [String]) -> (SignaturePlan?, [Finding]) {
        let required = policy.requiresSignature(model.identity.path)
        guard let bundleFile = model.files.first(where: { $0.relativePath == RawPath(bundleName) }) else {
            let finding = Finding(code: "signature-required", severity: .critical,
                                  message: "the trust policy requires a trusted signature of \(model.identity.path) and it has no \(bundleName)")
            return (nil, required ? [finding] : [])
        }
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.readSmallFile(bundleFile.location, limit: SigstoreBundle.maximumSize)
        } catch {
            var verification = SignatureVerification(status: .invalid)
            verification.findings = [Finding(code: "signature-invalid", severity: .critical,
                                             message: "\(bundleName) could not be read: \(error.reason)", path: bundleFile.relativePath)]
            let plan = SignaturePlan(bundlePath: bundleFile.relativePath, verification: verification, ignored: [])
            return (plan, plan.verification.findings + (required ? [requiredFinding(model, status: .invalid)] : []))
        }
        let verification = SignatureVerifier(policy: policy).verify(bundle: bytes, bundlePath: bundleFile.relativePath)
        var plan = SignaturePlan(bundlePath: bundleFile.relativePath, verification: verification, ignored: [])
        var findings = verification.findings
        if required, verification.status != .verified { findings.append(requiredFinding(model, status: verification.status)) }
        guard verification.isTrusted, let manifest = verification.manifest else { return (plan, findings) }

        plan.ignored = (manifest.ignorePaths ?? []) + policy.ignorePaths(for: model.identity.path)
            + extraIgnores.map { ignore in
                // `--ignore-paths` takes paths as the reference does: inside the model, or relative to it.
                FileSystem.absolute(RawPath(ignore)).relative(to: model.identity.path)?.displayString ?? ignore
            }
        let algorithm = manifest.digestAlgorithm ?? .sha256
        for resource in manifest.resources {
            let path = manifest.isSingleFile ? RawPath(manifest.modelName.isEmpty ? "." : manifest.modelName) : RawPath(resource.path)
            plan.resources[path, default: []].append(resource)
        }
        let present = Set(model.files.map(\.relativePath))
        for (path, resources) in plan.resources.sorted(by: { $0.key < $1.key }) {
            guard present.contains(path) else {
                plan.absent.append(DiscoveredModel.AbsentFile(
                    relativePath: path, isWeight: WeightFileKind.isWeight(path),
                    expected: algorithm == .sha256 && manifest.method == .files ? ExpectedDigest(sha256: resources[0].digest, source: .omsSignature) : nil,
                    code: "signature-missing-file", message: "\(path) is signed in \(bundleName) but absent"))
                continue
            }
            if manifest.method == .files && algorithm == .sha256 {
                plan.expected[path] = ExpectedDigest(sha256: resources[0].digest, source: .omsSignature)
            } else {
                plan.requests[path] = FileHasher.SignedDigestRequest(algorithm: algorithm, shardSize: manifest.shardSize)
            }
        }
        for file in model.files where plan.resources[file.relativePath] == nil && !plan.isIgnored(file.relativePath) {
            findings.append(Finding(code: "signature-unsigned-file", severity: .critical,
                                    message: "\(file.relativePath) is not covered by \(bundleName) (added after signing?); ignore it with the trust policy's ignore_paths if it should not be signed",
                                    path: file.relativePath))
        }
        return (plan, findings)
    }

    static func requiredFinding(_ model: DiscoveredModel, status: SignatureVerification.Status) -> Finding {
        Finding(code: "signature-required", severity: .critical,
                message: "the trust policy requires a trusted signature of \(model.identity.path); its \(bundleName) is \(status.rawValue)")
    }

    /// The bundle itself, `.git*`, `.cache/huggingface/`, download markers and ignored paths.
    func isIgnored(_ path: RawPath) -> Bool {
        if path == bundlePath { return true }
        let components = path.components.map(\.displayString)
        if components.first?.hasPrefix(".git") == true { return true }
        if components.count >= 2, components[0] == ".cache", components[1] == "huggingface" { return true }
        if Self.markerSuffixes.contains(where: { path.name.hasSuffix($0) }) { return true }
        let text = path.displayString
        return ignored.contains { ignore in
            let trimmed = ignore.hasSuffix("/") ? String(ignore.dropLast()) : ignore
            return text == trimmed || text.hasPrefix(trimmed + "/")
        }
    }
}
